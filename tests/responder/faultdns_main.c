/*
 * faultdns: command line, listen address parsing and the exit statistics
 *
 * Copyright 2026 The ws2getdns authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "faultdns.h"

#define MAX_LISTEN 64

static void usage(void)
{
    fprintf(stderr,
            "usage: faultdns [--listen ADDR:PORT]... [--udp-only ADDR:PORT]...\n"
            "                [--serial ADDR:PORT]... [--tcp-close ADDR:PORT]...\n"
            "                [--answer-all ADDR:PORT=servfail|refused|notimp|formerr]...\n"
            "                [--intake ADDR:PORT=COUNT/MS]...\n"
            "                [--zone fault.test] [--pidfile FILE] [--quiet] [--stats]\n"
            "  ADDR is an IPv4 literal or [IPv6 literal]; default --listen 127.0.0.2:53\n"
            "  --serial: UDP+TCP, each TCP connection's queries answered one at a time\n"
            "  --tcp-close: UDP answered; TCP connections accepted and closed at once\n"
            "  --intake: UDP+TCP; at most COUNT UDP queries taken per MS ms, in bursts of\n"
            "            up to COUNT; the others dropped, as by a full receive buffer\n");
}

/* "127.0.0.2:53", "[::1]:53", "[fe80::53%veth0]:53"; the port defaults to 53. */
static int parse_listen(const char *text, int with_tcp, struct listen_spec *spec)
{
    char host[64];
    const char *port_text = NULL;
    unsigned long port = 53;
    char *end;

    memset(spec, 0, sizeof(*spec));
    spec->forced_rcode = -1;
    if (text[0] == '[')
    {
        const char *close = strchr(text, ']');

        if (!close || (size_t)(close - text - 1) >= sizeof(host)) return -1;
        memcpy(host, text + 1, close - text - 1);
        host[close - text - 1] = 0;
        if (close[1] == ':') port_text = close + 2;
        else if (close[1]) return -1;
    }
    else
    {
        const char *colon = strrchr(text, ':');
        size_t n = colon ? (size_t)(colon - text) : strlen(text);

        if (n >= sizeof(host)) return -1;
        memcpy(host, text, n);
        host[n] = 0;
        if (colon) port_text = colon + 1;
    }
    if (port_text)
    {
        port = strtoul(port_text, &end, 10);
        if (!*port_text || *end || port == 0 || port > 65535) return -1;
    }

    if (text[0] == '[')
    {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&spec->addr;

        char *percent = strchr(host, '%');

        /* a link-local address names its interface: "[fe80::53%eth0]" or "%2" */
        if (percent)
        {
            unsigned long index;

            *percent++ = 0;
            index = strtoul(percent, &end, 10);
            if (!*percent || *end) index = if_nametoindex(percent);
            if (!index) return -1;
            sin6->sin6_scope_id = (uint32_t)index;
        }
        if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1) return -1;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t)port);
        spec->addr_len = sizeof(*sin6);
    }
    else
    {
        struct sockaddr_in *sin = (struct sockaddr_in *)&spec->addr;

        if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) return -1;
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t)port);
        spec->addr_len = sizeof(*sin);
    }
    spec->with_tcp = with_tcp;
    snprintf(spec->text, sizeof(spec->text), "%s", text);
    return 0;
}

static void print_stats(const struct server_stats *s)
{
    int b;

    fprintf(stderr, "faultdns stats: queries=%llu (udp %llu, tcp %llu) answers=%llu drops=%llu "
            "send_errors=%llu delayed=%llu delayed_sent=%llu delayed_discarded=%llu "
            "delayed_pending_peak=%llu aborted=%llu tcp_accepted=%llu tcp_closed=%llu tcp_serialised=%llu "
            "tcp_closed_at_accept=%llu intake_drops=%llu\n",
            (unsigned long long)(s->queries_udp + s->queries_tcp),
            (unsigned long long)s->queries_udp, (unsigned long long)s->queries_tcp,
            (unsigned long long)s->messages_sent, (unsigned long long)s->silent,
            (unsigned long long)s->send_errors, (unsigned long long)s->delayed_scheduled,
            (unsigned long long)s->delayed_sent, (unsigned long long)s->delayed_discarded,
            (unsigned long long)s->delayed_pending_peak, (unsigned long long)s->aborted,
            (unsigned long long)s->tcp_accepted,
            (unsigned long long)s->tcp_closed_by_behaviour, (unsigned long long)s->tcp_serialised,
            (unsigned long long)s->tcp_closed_at_accept, (unsigned long long)s->intake_drops);
    fprintf(stderr, "faultdns by behaviour:");
    for (b = 0; b < BEH_COUNT; b++)
        if (s->by_behaviour[b])
            fprintf(stderr, " %s=%llu", behaviour_name(b), (unsigned long long)s->by_behaviour[b]);
    fprintf(stderr, "\n");
}

/* Many concurrent TCP clients need many descriptors. */
static void raise_fd_limit(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max)
    {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

int main(int argc, char **argv)
{
    static struct listen_spec specs[MAX_LISTEN];
    static struct server_stats stats;
    const char *zone = "fault.test", *pidfile = NULL;
    int count = 0, quiet = 0, want_stats = 0, i, ret;

    for (i = 1; i < argc; i++)
    {
        const char *arg = argv[i];
        int needs_value = !strcmp(arg, "--listen") || !strcmp(arg, "--udp-only") || !strcmp(arg, "--answer-all")
                          || !strcmp(arg, "--intake")
                          || !strcmp(arg, "--serial") || !strcmp(arg, "--tcp-close")
                          || !strcmp(arg, "--zone") || !strcmp(arg, "--pidfile");

        if (needs_value && i + 1 >= argc)
        {
            fprintf(stderr, "faultdns: %s needs a value\n", arg);
            return 2;
        }
        if (!strcmp(arg, "--listen") || !strcmp(arg, "--udp-only") || !strcmp(arg, "--serial")
            || !strcmp(arg, "--tcp-close"))
        {
            if (count == MAX_LISTEN || parse_listen(argv[i + 1], strcmp(arg, "--udp-only") != 0,
                                                    &specs[count]) < 0)
            {
                fprintf(stderr, "faultdns: bad address '%s'\n", argv[i + 1]);
                return 2;
            }
            if (!strcmp(arg, "--serial")) specs[count].tcp_mode = TCPMODE_SERIAL;
            else if (!strcmp(arg, "--tcp-close")) specs[count].tcp_mode = TCPMODE_CLOSE;
            count++;
            i++;
        }
        else if (!strcmp(arg, "--answer-all"))
        {
            static const struct { const char *name; int rcode; } rcodes[] =
            {
                { "servfail", DNS_RCODE_SERVFAIL }, { "refused", DNS_RCODE_REFUSED },
                { "notimp", DNS_RCODE_NOTIMP }, { "formerr", DNS_RCODE_FORMERR },
            };
            char address[96];
            const char *eq = strchr(argv[i + 1], '=');
            size_t n, k;

            if (!eq || (n = eq - argv[i + 1]) >= sizeof(address) || count == MAX_LISTEN)
            {
                fprintf(stderr, "faultdns: --answer-all wants ADDR:PORT=RCODE, not '%s'\n", argv[i + 1]);
                return 2;
            }
            memcpy(address, argv[i + 1], n);
            address[n] = 0;
            for (k = 0; k < sizeof(rcodes) / sizeof(rcodes[0]); k++)
                if (!strcmp(eq + 1, rcodes[k].name)) break;
            if (k == sizeof(rcodes) / sizeof(rcodes[0]) || parse_listen(address, 1, &specs[count]) < 0)
            {
                fprintf(stderr, "faultdns: bad --answer-all '%s'\n", argv[i + 1]);
                return 2;
            }
            specs[count++].forced_rcode = rcodes[k].rcode;
            i++;
        }
        else if (!strcmp(arg, "--intake"))
        {
            char address[96];
            const char *eq = strchr(argv[i + 1], '=');
            unsigned int n_count, n_ms;
            char extra;
            size_t n;

            if (!eq || (n = eq - argv[i + 1]) >= sizeof(address) || count == MAX_LISTEN
                || sscanf(eq + 1, "%u/%u%c", &n_count, &n_ms, &extra) != 2 || !n_count || !n_ms
                || n_count > 1000000 || n_ms > 60000)
            {
                fprintf(stderr, "faultdns: --intake wants ADDR:PORT=COUNT/MS, not '%s'\n", argv[i + 1]);
                return 2;
            }
            memcpy(address, argv[i + 1], n);
            address[n] = 0;
            if (parse_listen(address, 1, &specs[count]) < 0)
            {
                fprintf(stderr, "faultdns: bad address '%s'\n", address);
                return 2;
            }
            specs[count].intake_count = n_count;
            specs[count++].intake_ms = n_ms;
            i++;
        }
        else if (!strcmp(arg, "--zone")) zone = argv[++i];
        else if (!strcmp(arg, "--pidfile")) pidfile = argv[++i];
        else if (!strcmp(arg, "--quiet")) quiet = 1;
        else if (!strcmp(arg, "--stats")) want_stats = 1;
        else if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
        {
            usage();
            return 0;
        }
        else
        {
            fprintf(stderr, "faultdns: unknown option '%s'\n", arg);
            usage();
            return 2;
        }
    }
    if (!count) parse_listen("127.0.0.2:53", 1, &specs[count++]);
    if (behaviour_set_zone(zone) < 0)
    {
        fprintf(stderr, "faultdns: bad zone '%s'\n", zone);
        return 2;
    }

    raise_fd_limit();
    ret = server_run(specs, count, pidfile, quiet, &stats);
    behaviour_cleanup();
    if (want_stats) print_stats(&stats);
    return ret;
}
