/*
 * dnsload: UDP load generator and one-shot query client for the faultdns responder
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

/*
 * Two modes:
 *   dnsload --one NAME TYPE [--tcp] [--pipeline K] ...   one query, one result line
 *   dnsload [--name PATTERN] [--duration S] [--inflight N] [--pending N] ...
 *           closed-loop UDP load: N queries always in flight, answers/s and latency
 *   dnsload --junk N                                     N malformed datagrams
 * Every mode is bounded in count and time and stops by itself.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_MESSAGE      65535
#define MAX_NAME         255
#define BATCH            64
#define MAX_INFLIGHT     60000
#define MAX_DURATION_S   600
#define HIST_BUCKETS     1000000   /* 1 us buckets up to 1 s */

struct options
{
    struct sockaddr_storage server;
    socklen_t server_len;
    const char *one_name;
    uint16_t one_type;
    int tcp;
    int half_close;
    int pipeline;
    int timeout_ms;
    int edns_size;               /* 0: no EDNS */
    const char *name_pattern;
    const char *pending_pattern;
    uint16_t load_type;
    double duration_s;
    int inflight;
    int pending;
    long long max_count;
    int junk;
};

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static int parse_server(const char *text, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[64];
    const char *port_text = NULL;
    unsigned long port = 53;
    int v6 = text[0] == '[';

    memset(ss, 0, sizeof(*ss));
    if (v6)
    {
        const char *close = strchr(text, ']');

        if (!close || (size_t)(close - text - 1) >= sizeof(host)) return -1;
        memcpy(host, text + 1, close - text - 1);
        host[close - text - 1] = 0;
        if (close[1] == ':') port_text = close + 2;
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
    if (port_text) port = strtoul(port_text, NULL, 10);
    if (port == 0 || port > 65535) return -1;
    if (v6)
    {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

        if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1) return -1;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t)port);
        *len = sizeof(*sin6);
    }
    else
    {
        struct sockaddr_in *sin = (struct sockaddr_in *)ss;

        if (inet_pton(AF_INET, host, &sin->sin_addr) != 1) return -1;
        /* the house rule: loopback only, so a typo cannot load a real server */
        if ((ntohl(sin->sin_addr.s_addr) >> 24) != 127) return -1;
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t)port);
        *len = sizeof(*sin);
    }
    if (v6 && !IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)ss)->sin6_addr)) return -1;
    return 0;
}

static int parse_type(const char *text, uint16_t *type)
{
    static const struct { const char *name; uint16_t type; } types[] =
    {
        { "A", 1 }, { "NS", 2 }, { "CNAME", 5 }, { "SOA", 6 }, { "PTR", 12 }, { "MX", 15 },
        { "TXT", 16 }, { "AAAA", 28 }, { "SRV", 33 }, { "ANY", 255 },
    };
    unsigned long v;
    char *end;
    size_t i;

    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (!strcasecmp(text, types[i].name))
        {
            *type = types[i].type;
            return 0;
        }
    v = strtoul(text, &end, 10);
    if (!*text || *end || v > 65535) return -1;
    *type = (uint16_t)v;
    return 0;
}

/* Presentation name to wire form; the case is kept as given (0x20 tests). */
static int encode_name(const char *text, uint8_t *out)
{
    size_t len = 0;

    while (*text)
    {
        const char *dot = strchr(text, '.');
        size_t n = dot ? (size_t)(dot - text) : strlen(text);

        if (n == 0 || n > 63 || len + n + 2 > MAX_NAME) return -1;
        out[len++] = (uint8_t)n;
        memcpy(out + len, text, n);
        len += n;
        text += n;
        if (*text == '.') text++;
    }
    out[len++] = 0;
    return (int)len;
}

/* Expands the first "%d" of a pattern; a pattern without one is used as is. */
static int expand_pattern(const char *pattern, long long number, char *out, size_t size)
{
    const char *mark = strstr(pattern, "%d");
    int n;

    if (!mark) n = snprintf(out, size, "%s", pattern);
    else n = snprintf(out, size, "%.*s%lld%s", (int)(mark - pattern), pattern, number, mark + 2);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Builds a query; returns its length or -1. */
static int build_query(uint8_t *buf, uint16_t id, const char *name, uint16_t type, int edns_size)
{
    int n, len = 12;

    memset(buf, 0, 12);
    put_u16(buf, id);
    put_u16(buf + 2, 0x0100);   /* RD */
    put_u16(buf + 4, 1);
    if ((n = encode_name(name, buf + len)) < 0) return -1;
    len += n;
    put_u16(buf + len, type);
    put_u16(buf + len + 2, 1);
    len += 4;
    if (edns_size)
    {
        put_u16(buf + 10, 1);
        buf[len] = 0;
        put_u16(buf + len + 1, 41);
        put_u16(buf + len + 3, (uint16_t)edns_size);
        memset(buf + len + 5, 0, 6);
        len += 11;
    }
    return len;
}

/* ---- reply inspection ---- */

struct reply_info
{
    int rcode, tc, aa;
    unsigned int qd, an, ns, ar;
    unsigned int parsed;      /* answer records that parsed cleanly */
    unsigned int addresses;
    char first_address[64];
    int parse_error;
    int odd_name;             /* a label with control characters, NUL or a dot */
};

/* Reads a name, following only backward pointers so a loop cannot hang us.
 * Returns the offset after the name in the record, or 0 on error. */
static size_t read_name(const uint8_t *msg, size_t len, size_t pos, int *odd)
{
    size_t after = 0, total = 0, i;
    int jumped = 0;

    for (;;)
    {
        uint8_t l;

        if (pos >= len) return 0;
        l = msg[pos];
        if ((l & 0xc0) == 0xc0)
        {
            size_t target;

            if (pos + 2 > len) return 0;
            target = ((l & 0x3f) << 8) | msg[pos + 1];
            if (target >= pos) return 0;
            if (!jumped) after = pos + 2;
            jumped = 1;
            pos = target;
            continue;
        }
        if (l & 0xc0) return 0;
        if (l == 0) return jumped ? after : pos + 1;
        if (pos + 1 + l > len || (total += l + 1) > MAX_NAME) return 0;
        for (i = 0; i < l; i++)
        {
            uint8_t c = msg[pos + 1 + i];
            if (c <= 0x20 || c >= 0x7f || c == '.') *odd = 1;
        }
        pos += 1 + l;
    }
}

static void inspect_reply(const uint8_t *msg, size_t len, struct reply_info *info)
{
    size_t pos = 12;
    unsigned int i;

    memset(info, 0, sizeof(*info));
    info->rcode = msg[3] & 0xf;
    info->tc = (msg[2] & 0x02) != 0;
    info->aa = (msg[2] & 0x04) != 0;
    info->qd = get_u16(msg + 4);
    info->an = get_u16(msg + 6);
    info->ns = get_u16(msg + 8);
    info->ar = get_u16(msg + 10);
    for (i = 0; i < info->qd; i++)
    {
        if (!(pos = read_name(msg, len, pos, &info->odd_name)) || pos + 4 > len)
        {
            info->parse_error = 1;
            return;
        }
        pos += 4;
    }
    for (i = 0; i < info->an; i++)
    {
        uint16_t type, rdlength;

        if (!(pos = read_name(msg, len, pos, &info->odd_name)) || pos + 10 > len)
        {
            info->parse_error = 1;
            return;
        }
        type = get_u16(msg + pos);
        rdlength = get_u16(msg + pos + 8);
        pos += 10;
        if (pos + rdlength > len)
        {
            info->parse_error = 1;
            return;
        }
        if (type == 5 && !read_name(msg, len, pos, &info->odd_name))
        {
            info->parse_error = 1;
            return;
        }
        if ((type == 1 && rdlength == 4) || (type == 28 && rdlength == 16))
        {
            if (!info->addresses)
                inet_ntop(type == 1 ? AF_INET : AF_INET6, msg + pos, info->first_address,
                          sizeof(info->first_address));
            info->addresses++;
        }
        pos += rdlength;
        info->parsed++;
    }
}

/* NULL if the message answers our query; else why it does not. */
static const char *reply_mismatch(const uint8_t *msg, size_t len, const uint8_t *query,
                                  size_t question_len)
{
    if (len < 12) return "short";
    if (get_u16(msg) != get_u16(query)) return "id";
    if (!(msg[2] & 0x80)) return "not-a-response";
    if (get_u16(msg + 4) != 1 || len < 12 + question_len
        || memcmp(msg + 12, query + 12, question_len))
        return "question";
    return NULL;
}

static const char *rcode_name(int rcode)
{
    static const char * const names[] =
    {
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
    };
    return rcode < 6 ? names[rcode] : "OTHER";
}

static void print_result(const uint8_t *msg, size_t len, int ignored, double ms)
{
    struct reply_info info;

    inspect_reply(msg, len, &info);
    printf("rcode=%s tc=%d aa=%d qd=%u an=%u ns=%u ar=%u parsed=%u addrs=%u first=%s "
           "parse=%s oddname=%d len=%zu ignored=%d time_ms=%.1f\n",
           rcode_name(info.rcode), info.tc, info.aa, info.qd, info.an, info.ns, info.ar,
           info.parsed, info.addresses, info.addresses ? info.first_address : "-",
           info.parse_error ? "error" : "ok", info.odd_name, len, ignored, ms);
}

/* ---- --one over UDP ---- */

static int one_udp(const struct options *opt, const uint8_t *query, int query_len,
                   size_t question_len)
{
    static uint8_t msg[MAX_MESSAGE];
    uint64_t start = now_ns(), deadline = start + (uint64_t)opt->timeout_ms * 1000000u;
    int fd, ignored = 0;

    fd = socket(opt->server.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (const struct sockaddr *)&opt->server, opt->server_len) < 0
        || send(fd, query, query_len, 0) != query_len)
    {
        perror("dnsload: udp");
        return 1;
    }
    for (;;)
    {
        uint64_t now = now_ns();
        struct pollfd p = { fd, POLLIN, 0 };
        const char *why;
        ssize_t n;

        if (now >= deadline || poll(&p, 1, (int)((deadline - now) / 1000000 + 1)) <= 0)
        {
            if (now_ns() < deadline) continue;
            printf("timeout ignored=%d time_ms=%.1f\n", ignored, (now_ns() - start) / 1e6);
            close(fd);
            return 2;
        }
        n = recv(fd, msg, sizeof(msg), 0);
        if (n < 0)
        {
            /* e.g. ICMP port unreachable: nothing listens */
            printf("error %s time_ms=%.1f\n", strerror(errno), (now_ns() - start) / 1e6);
            close(fd);
            return 4;
        }
        if ((why = reply_mismatch(msg, n, query, question_len)))
        {
            printf("ignored len=%zd reason=%s\n", n, why);
            ignored++;
            continue;
        }
        print_result(msg, n, ignored, (now_ns() - start) / 1e6);
        close(fd);
        return 0;
    }
}

/* ---- --one over TCP (optionally K pipelined queries, trickled in small
 * writes so the server must cope with partial frames; their answers may
 * come in any order, as RFC 7766 allows) ---- */

static int one_tcp(const struct options *opt, uint8_t *query, int query_len, size_t question_len)
{
    static uint8_t stream[MAX_MESSAGE * 2 + 2];
    static uint8_t out[64 * 1024];
    static uint8_t seen[1000];
    uint64_t start = now_ns(), deadline = start + (uint64_t)opt->timeout_ms * 1000000u;
    int fd, k, one = 1, answered = 0, ignored = 0, reordered = 0, flags = 0;
    size_t out_len = 0, have = 0, i;
    uint16_t first_id = get_u16(query);

    fd = socket(opt->server.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 1;
    if (connect(fd, (const struct sockaddr *)&opt->server, opt->server_len) < 0)
    {
        printf("connect-failed %s time_ms=%.1f\n", strerror(errno), (now_ns() - start) / 1e6);
        close(fd);
        return 4;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));

    for (k = 0; k < opt->pipeline && out_len + query_len + 2 <= sizeof(out); k++)
    {
        put_u16(query, (uint16_t)(first_id + k));
        put_u16(out + out_len, (uint16_t)query_len);
        memcpy(out + out_len + 2, query, query_len);
        out_len += query_len + 2;
    }
    put_u16(query, first_id);
    if (opt->pipeline > 1)
    {
        for (i = 0; i < out_len; i += 5)
        {
            size_t n = out_len - i < 5 ? out_len - i : 5;
            if (send(fd, out + i, n, MSG_NOSIGNAL) != (ssize_t)n) break;
            usleep(200);
        }
    }
    else if (send(fd, out, out_len, MSG_NOSIGNAL) != (ssize_t)out_len)
    {
        perror("dnsload: tcp send");
        close(fd);
        return 1;
    }
    /* a client may say "no more queries" and still wait for the answers */
    if (opt->half_close) shutdown(fd, SHUT_WR);

    while (answered < opt->pipeline)
    {
        uint64_t now = now_ns();
        struct pollfd p = { fd, POLLIN, 0 };
        ssize_t n;

        if (now >= deadline || poll(&p, 1, (int)((deadline - now) / 1000000 + 1)) <= 0)
        {
            if (now_ns() < deadline) continue;
            struct linger abort_close = { 1, 0 };

            printf("timeout answered=%d ignored=%d time_ms=%.1f\n", answered, ignored,
                   (now_ns() - start) / 1e6);
            /* give up the way an impatient client does: reset the connection,
             * so the server sees it gone while its reply is still pending */
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_close, sizeof(abort_close));
            close(fd);
            return 2;
        }
        n = recv(fd, stream + have, sizeof(stream) - have, 0);
        if (n <= 0)
        {
            printf("closed answered=%d ignored=%d time_ms=%.1f\n", answered, ignored,
                   (now_ns() - start) / 1e6);
            close(fd);
            return 3;
        }
        have += n;
        while (have >= 2 && have >= 2 + (size_t)get_u16(stream))
        {
            size_t frame = get_u16(stream);
            const char *why = "id";

            /* which of our queries it answers, by ID; each only once */
            k = frame >= 2 ? (uint16_t)(get_u16(stream + 2) - first_id) : -1;
            if (k >= 0 && k < opt->pipeline && !seen[k])
            {
                put_u16(query, (uint16_t)(first_id + k));
                why = reply_mismatch(stream + 2, frame, query, question_len);
                put_u16(query, first_id);
            }
            else if (frame < 12) why = "short";
            if (why)
            {
                printf("ignored len=%zu reason=%s\n", frame, why);
                ignored++;
            }
            else
            {
                seen[k] = 1;
                if (k != answered) reordered++;
                answered++;
                if (answered == opt->pipeline)
                {
                    if (opt->pipeline > 1) printf("pipelined=%d reordered=%d ", answered, reordered);
                    print_result(stream + 2, frame, ignored, (now_ns() - start) / 1e6);
                    flags = 1;
                }
            }
            memmove(stream, stream + 2 + frame, have - 2 - frame);
            have -= 2 + frame;
            if (flags) break;
        }
    }
    close(fd);
    return 0;
}

static int run_one(const struct options *opt)
{
    static uint8_t query[MAX_MESSAGE];
    int len;
    size_t question_len;
    uint16_t id;

    srand((unsigned int)(now_ns() ^ getpid()));
    id = (uint16_t)rand();
    if ((len = build_query(query, id, opt->one_name, opt->one_type, opt->edns_size)) < 0)
    {
        fprintf(stderr, "dnsload: bad name '%s'\n", opt->one_name);
        return 1;
    }
    question_len = encode_name(opt->one_name, query + 12) + 4;
    /* encode_name rewrote the same bytes; the query is unchanged */
    return opt->tcp ? one_tcp(opt, query, len, question_len) : one_udp(opt, query, len, question_len);
}

/* ---- --junk: malformed datagrams, deterministic ---- */

static int run_junk(const struct options *opt)
{
    static uint8_t buf[1024 + 2];
    unsigned int seed = 12345;
    int fd, i, sent = 0;

    fd = socket(opt->server.ss_family, (opt->tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (const struct sockaddr *)&opt->server, opt->server_len) < 0)
    {
        perror("dnsload: junk");
        if (fd >= 0) close(fd);
        return 1;
    }
    for (i = 0; i < opt->junk; i++)
    {
        size_t len = rand_r(&seed) % (sizeof(buf) - 2), j;

        for (j = 0; j < len; j++) buf[j] = (uint8_t)rand_r(&seed);
        if (len >= 12)
        {
            /* make most of them look like queries so parsing goes deep */
            switch (i % 4)
            {
            case 0: buf[2] &= 0x7f; put_u16(buf + 4, 1); break;                 /* random name */
            case 1: buf[2] = 0x01; put_u16(buf + 4, 1); buf[12] = 0xc0; break;  /* pointer */
            case 2: buf[2] = 0x01; put_u16(buf + 4, 1); buf[12] = 63; break;    /* long label */
            default: break;
            }
        }
        if (opt->tcp)
        {
            /* frame it so the server parses each one as a message */
            uint8_t prefix[2] = { (uint8_t)(len >> 8), (uint8_t)len };
            if (send(fd, prefix, 2, MSG_NOSIGNAL) != 2
                || send(fd, buf, len, MSG_NOSIGNAL) != (ssize_t)len)
                break;
            sent++;
        }
        else if (send(fd, buf, len, 0) == (ssize_t)len) sent++;
        if (i % 64 == 63) usleep(1000);
    }
    close(fd);
    printf("junk sent=%d\n", sent);
    return 0;
}

/* ---- load mode ---- */

struct slot
{
    uint64_t sent_ns;
    int outstanding;
    int len;
    uint8_t query[MAX_NAME + 32];
};

struct load
{
    const struct options *opt;
    int fd;
    struct slot *slots;
    long long next_number;
    long long sent, answered, lost, bad_rcode, stray, send_fail;
    uint32_t *hist;
    uint64_t overflow_count;
    /* slots waiting to be sent */
    int *ready;
    int ready_count;
};

static int fill_slot(struct load *ld, int i)
{
    char name[300];

    if (expand_pattern(ld->opt->name_pattern, ld->next_number++, name, sizeof(name)) < 0)
        return -1;
    ld->slots[i].len = build_query(ld->slots[i].query, (uint16_t)i, name, ld->opt->load_type,
                                   ld->opt->edns_size);
    return ld->slots[i].len < 0 ? -1 : 0;
}

static void send_ready(struct load *ld)
{
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    int done = 0;

    while (done < ld->ready_count)
    {
        int n = ld->ready_count - done < BATCH ? ld->ready_count - done : BATCH, i, r;
        uint64_t now = now_ns();

        for (i = 0; i < n; i++)
        {
            struct slot *s = &ld->slots[ld->ready[done + i]];

            iov[i].iov_base = s->query;
            iov[i].iov_len = s->len;
            memset(&msgs[i], 0, sizeof(msgs[i]));
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            s->sent_ns = now;
            s->outstanding = 1;
        }
        r = sendmmsg(ld->fd, msgs, n, 0);
        if (r <= 0)
        {
            /* counted as sent and left to the loss timer */
            ld->send_fail += n;
            r = n;
        }
        ld->sent += r;
        done += r;
    }
    ld->ready_count = 0;
}

static void record_latency(struct load *ld, uint64_t ns)
{
    uint64_t us = ns / 1000;

    if (us >= HIST_BUCKETS) ld->overflow_count++;
    else ld->hist[us]++;
}

static long long percentile_us(const struct load *ld, double p)
{
    uint64_t total = ld->overflow_count, target, seen = 0;
    size_t i;

    for (i = 0; i < HIST_BUCKETS; i++) total += ld->hist[i];
    if (!total) return -1;
    target = (uint64_t)(p * (double)total);
    if (target >= total) target = total - 1;
    for (i = 0; i < HIST_BUCKETS; i++)
        if ((seen += ld->hist[i]) > target) return (long long)i;
    return HIST_BUCKETS;
}

static int open_udp(const struct options *opt)
{
    int fd = socket(opt->server.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int size = 8 << 20;

    if (fd < 0) return -1;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)) < 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
    if (connect(fd, (const struct sockaddr *)&opt->server, opt->server_len) < 0)
    {
        close(fd);
        return -1;
    }
    return fd;
}

/* Parks N slow queries on the server; their socket is kept open (and
 * never read) so the replies have somewhere to go if they come. */
static int send_pending(const struct options *opt, int *pending_fd)
{
    uint8_t buf[MAX_NAME + 32];
    char name[300];
    int fd, i, sent = 0;

    if (!opt->pending) return 0;
    if ((fd = open_udp(opt)) < 0) return -1;
    for (i = 0; i < opt->pending; i++)
    {
        int len;

        if (expand_pattern(opt->pending_pattern, i, name, sizeof(name)) < 0
            || (len = build_query(buf, (uint16_t)i, name, opt->load_type, opt->edns_size)) < 0)
        {
            close(fd);
            return -1;
        }
        if (send(fd, buf, len, 0) == len) sent++;
        /* pace the burst so the server's socket buffer never overflows */
        if (i % 256 == 255) usleep(2000);
    }
    *pending_fd = fd;
    return sent;
}

static int run_load(const struct options *opt)
{
    struct load ld;
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    static uint8_t bufs[BATCH][2048];
    uint64_t start, end, last_scan, timeout_ns = (uint64_t)opt->timeout_ms * 1000000u;
    int pending_fd = -1, pending_sent, i, ret = 1;
    struct rusage ru0, ru1;
    double elapsed, cpu_us;

    memset(&ld, 0, sizeof(ld));
    ld.opt = opt;
    ld.slots = calloc(opt->inflight, sizeof(*ld.slots));
    ld.ready = calloc(opt->inflight, sizeof(*ld.ready));
    ld.hist = calloc(HIST_BUCKETS, sizeof(*ld.hist));
    if (!ld.slots || !ld.ready || !ld.hist || (ld.fd = open_udp(opt)) < 0)
    {
        fprintf(stderr, "dnsload: setup failed\n");
        goto done;
    }
    if ((pending_sent = send_pending(opt, &pending_fd)) < 0)
    {
        fprintf(stderr, "dnsload: bad --pending-name\n");
        goto done;
    }
    if (pending_sent) usleep(200000);

    for (i = 0; i < opt->inflight; i++)
    {
        if (fill_slot(&ld, i) < 0)
        {
            fprintf(stderr, "dnsload: bad --name pattern\n");
            goto done;
        }
        ld.ready[ld.ready_count++] = i;
    }
    getrusage(RUSAGE_SELF, &ru0);
    start = last_scan = now_ns();
    end = start + (uint64_t)(opt->duration_s * 1e9);
    send_ready(&ld);

    for (;;)
    {
        uint64_t now = now_ns();
        int n, stop_sending;

        if (now >= end) break;
        stop_sending = opt->max_count && ld.sent >= opt->max_count;
        if (stop_sending && ld.answered + ld.lost >= ld.sent) break;

        for (i = 0; i < BATCH; i++)
        {
            iov[i].iov_base = bufs[i];
            iov[i].iov_len = sizeof(bufs[i]);
            memset(&msgs[i], 0, sizeof(msgs[i]));
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        n = recvmmsg(ld.fd, msgs, BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0)
        {
            struct pollfd p = { ld.fd, POLLIN, 0 };
            poll(&p, 1, 1);
        }
        now = now_ns();
        for (i = 0; i < n; i++)
        {
            const uint8_t *msg = bufs[i];
            size_t len = msgs[i].msg_len;
            struct slot *s;
            uint16_t id;

            if (len < 12)
            {
                ld.stray++;
                continue;
            }
            id = get_u16(msg);
            s = id < opt->inflight ? &ld.slots[id] : NULL;
            if (!s || !s->outstanding
                || reply_mismatch(msg, len, s->query, s->len - 12 - (opt->edns_size ? 11 : 0)))
            {
                ld.stray++;
                continue;
            }
            s->outstanding = 0;
            ld.answered++;
            if (msg[3] & 0xf) ld.bad_rcode++;
            record_latency(&ld, now - s->sent_ns);
            if (!stop_sending && fill_slot(&ld, id) == 0) ld.ready[ld.ready_count++] = id;
        }
        /* lost queries are replaced so the in-flight count stays constant */
        if (now - last_scan > 50000000u)
        {
            last_scan = now;
            for (i = 0; i < opt->inflight; i++)
            {
                struct slot *s = &ld.slots[i];

                if (!s->outstanding || now - s->sent_ns < timeout_ns) continue;
                s->outstanding = 0;
                ld.lost++;
                if (!stop_sending && fill_slot(&ld, i) == 0) ld.ready[ld.ready_count++] = i;
            }
        }
        if (ld.ready_count) send_ready(&ld);
    }
    elapsed = (now_ns() - start) / 1e9;
    getrusage(RUSAGE_SELF, &ru1);
    /* the floor a client can reach: user and system time per answer */
    cpu_us = (ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) * 1e6
             + (ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec);
    printf("dnsload: duration=%.2fs inflight=%d pending_sent=%d sent=%lld answered=%lld "
           "lost=%lld stray=%lld rcode_not_noerror=%lld send_fail=%lld\n",
           elapsed, opt->inflight, pending_sent, ld.sent, ld.answered, ld.lost, ld.stray,
           ld.bad_rcode, ld.send_fail);
    printf("dnsload: qps=%.0f p50_us=%lld p99_us=%lld cpu_us_per_query=%.2f\n", ld.answered / elapsed,
           percentile_us(&ld, 0.50), percentile_us(&ld, 0.99), ld.answered ? cpu_us / ld.answered : 0.0);
    ret = ld.answered > 0 ? 0 : 1;

done:
    if (pending_fd >= 0) close(pending_fd);
    if (ld.fd > 0) close(ld.fd);
    free(ld.slots);
    free(ld.ready);
    free(ld.hist);
    return ret;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: dnsload [--server ADDR:PORT] --one NAME TYPE [--tcp] [--pipeline K]\n"
            "       dnsload [--server ADDR:PORT] [--name PATTERN] [--type T] [--duration S]\n"
            "               [--inflight N] [--count N] [--pending N] [--pending-name PATTERN]\n"
            "       dnsload [--server ADDR:PORT] --junk N [--tcp]\n"
            "       --half-close (with --one --tcp): shutdown(SHUT_WR) after sending\n"
            "common: [--timeout MS] [--edns SIZE | --no-edns]; servers must be loopback\n"
            "patterns expand the first %%d: default q%%d.bench.fault.test and\n"
            "p%%d.delay-60000.fault.test\n");
}

int main(int argc, char **argv)
{
    struct options opt;
    int i;

    memset(&opt, 0, sizeof(opt));
    parse_server("127.0.0.2:53", &opt.server, &opt.server_len);
    opt.pipeline = 1;
    opt.timeout_ms = -1;
    opt.edns_size = 1232;
    opt.name_pattern = "q%d.bench.fault.test";
    opt.pending_pattern = "p%d.delay-60000.fault.test";
    opt.load_type = 1;
    opt.duration_s = 5;
    opt.inflight = 200;

    for (i = 1; i < argc; i++)
    {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (!strcmp(a, "--tcp"))
        {
            opt.tcp = 1;
            continue;
        }
        if (!strcmp(a, "--half-close"))
        {
            opt.half_close = 1;
            continue;
        }
        if (!strcmp(a, "--no-edns"))
        {
            opt.edns_size = 0;
            continue;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h"))
        {
            usage();
            return 0;
        }
        if (!v)
        {
            fprintf(stderr, "dnsload: %s needs a value\n", a);
            return 1;
        }
        else if (!strcmp(a, "--one"))
        {
            if (i + 2 >= argc || parse_type(argv[i + 2], &opt.one_type) < 0)
            {
                fprintf(stderr, "dnsload: --one NAME TYPE\n");
                return 1;
            }
            opt.one_name = v;
            i += 2;
            continue;
        }
        else if (!strcmp(a, "--server"))
        {
            if (parse_server(v, &opt.server, &opt.server_len) < 0)
            {
                fprintf(stderr, "dnsload: bad or non-loopback server '%s'\n", v);
                return 1;
            }
        }
        else if (!strcmp(a, "--pipeline")) opt.pipeline = atoi(v);
        else if (!strcmp(a, "--timeout")) opt.timeout_ms = atoi(v);
        else if (!strcmp(a, "--edns")) opt.edns_size = atoi(v);
        else if (!strcmp(a, "--name")) opt.name_pattern = v;
        else if (!strcmp(a, "--pending-name")) opt.pending_pattern = v;
        else if (!strcmp(a, "--type"))
        {
            if (parse_type(v, &opt.load_type) < 0) return 1;
        }
        else if (!strcmp(a, "--duration")) opt.duration_s = atof(v);
        else if (!strcmp(a, "--inflight")) opt.inflight = atoi(v);
        else if (!strcmp(a, "--pending")) opt.pending = atoi(v);
        else if (!strcmp(a, "--count")) opt.max_count = atoll(v);
        else if (!strcmp(a, "--junk")) opt.junk = atoi(v);
        else
        {
            fprintf(stderr, "dnsload: unknown option '%s'\n", a);
            usage();
            return 1;
        }
        i++;
    }
    if (opt.pipeline < 1 || opt.pipeline > 1000 || opt.inflight < 1 || opt.inflight > MAX_INFLIGHT
        || opt.pending < 0 || opt.pending > 1000000 || opt.duration_s <= 0
        || opt.duration_s > MAX_DURATION_S || opt.edns_size < 0 || opt.edns_size > 65535
        || opt.junk < 0 || opt.junk > 1000000)
    {
        fprintf(stderr, "dnsload: option out of range\n");
        return 1;
    }
    if (opt.timeout_ms < 0) opt.timeout_ms = opt.one_name ? 2000 : 1000;
    if (opt.timeout_ms < 1 || opt.timeout_ms > 600000) return 1;

    if (opt.junk) return run_junk(&opt);
    if (opt.one_name) return run_one(&opt);
    return run_load(&opt);
}
