/*
 * ws2getdns Unix-side tests: DNS over TLS (unix_tls.c) against unbound over TLS
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

/* Run only inside the sandbox with its DNS-over-TLS server:
 *     tests/sandbox/run --dot -- tests/unit/build/tls_test
 * unbound serves TLS on 127.0.0.20:853 with a certificate made for this run
 * (WS2GETDNS_DOT_*).  Every resolver here has resolv.conf pointing at a
 * fault responder of the test's own, and another one listens on
 * 127.0.0.20:53: they count the queries that went out in plaintext. */

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "unit_check.h"
#include "unix_resolver.h"
#include "unix_eventloop.h"
#include "unix_tls.h"
#include "unix_names.h"
#include "unix_reverse.h"

#include "resolver_driver.h"

#define WSAHOST_NOT_FOUND 11001
#define WSATRY_AGAIN 11002
#define WSANO_RECOVERY 11003

static const char *dot_addr, *dot_name, *dot_ca, *dot_pin;

/* ------------------------------------------------------------ the parser */

static struct tls_config parsed;

static const struct tls_config *parse(const char *text)
{
    tls_config_parse(&parsed, text, strlen(text));
    return &parsed;
}

static void test_parse(void)
{
    static const char pin[] = "JtCBIy/RFxotfQnsYlKxqgAn2HagfC8oDo0TkznEuqM=";
    char text[512];
    const struct tls_config *conf;

    conf = parse("");
    check(conf->mode == TLS_OFF && !conf->broken, "empty: off");
    conf = parse("# a comment\n\n  mode off\nserver nonsense\n");
    check(conf->mode == TLS_OFF && !conf->broken, "off, whatever else: off");

    conf = parse("mode strict\nserver 192.0.2.1#dns.example\n");
    check(conf->mode == TLS_STRICT && !conf->broken && conf->server_count == 1
          && conf->servers[0].port == 853 && !strcmp(conf->servers[0].auth_name, "dns.example")
          && conf->servers[0].addr.family == AF_INET && conf->servers[0].addr.addr[0] == 192,
          "strict, one server: mode %u broken %u count %u", conf->mode, conf->broken, conf->server_count);

    snprintf(text, sizeof(text), "mode strict\nserver 2001:db8::1@8853 pin-sha256=\"%s\" pin-sha256=%s\n"
             "server 192.0.2.2#b.example\nca-file /etc/ssl/x.pem\nca-path /etc/ssl/certs\n", pin, pin);
    conf = parse(text);
    check(!conf->broken && conf->server_count == 2 && conf->servers[0].port == 8853
          && conf->servers[0].addr.family == AF_INET6 && conf->servers[0].pin_count == 2
          && !strcmp(conf->servers[0].pins[1], pin) && !strcmp(conf->ca_file, "/etc/ssl/x.pem")
          && !strcmp(conf->ca_path, "/etc/ssl/certs"), "pins, port, IPv6, CA: broken %u line %u",
          conf->broken, conf->line);

    conf = parse("mode opportunistic\nserver 192.0.2.1\n");
    check(conf->mode == TLS_OPPORTUNISTIC && !conf->broken, "opportunistic needs no authentication");

    /* what we cannot honour fails closed */
    conf = parse("mode strict\nserver 192.0.2.1\n");
    check(conf->broken, "strict without a name or a pin: broken");
    conf = parse("mode strict\n");
    check(conf->broken, "strict without a server: broken");
    conf = parse("mode stirct\nserver 192.0.2.1#a.example\n");
    check(conf->broken && conf->line == 1, "misspelt mode: broken at line 1 (%u)", conf->line);
    conf = parse("mode\n");
    check(conf->broken, "mode without a value: broken");
    conf = parse("mode strict\nserver 192.0.2.1#a.example\nfrobnicate\n");
    check(conf->broken && conf->line == 3, "unknown keyword: broken at line 3 (%u)", conf->line);
    conf = parse("mode strict\nserver 192.0.2.1#a.example pin-sha256=AAAA\n");
    check(conf->broken, "short pin: broken");
    conf = parse("mode strict\nserver 192.0.2.1#a.example pin-sha256=JtCBIy/RFxotfQnsYlKxqgAn2HagfC8oDo0TkznEuqN=\n");
    check(conf->broken, "pin with stray bits: broken");
    conf = parse("mode strict\nserver 192.0.2.1@0#a.example\n");
    check(conf->broken, "port 0: broken");
    conf = parse("mode strict\nserver 192.0.2.1@65536#a.example\n");
    check(conf->broken, "port 65536: broken");
    conf = parse("mode strict\nserver 192.0.2.1#bad..name\n");
    check(conf->broken, "bad name: broken");
    conf = parse("mode strict\nserver example.com#a.example\n");
    check(conf->broken, "a name as the address: broken");
    conf = parse("mode strict\nserver 192.0.2.1#a.example\nserver 192.0.2.2#a.example\n"
                 "server 192.0.2.3#a.example\nserver 192.0.2.4#a.example\n");
    check(conf->broken, "four servers: broken");
    conf = parse("mode strict\nserver 192.0.2.1#a.example\nca-file relative.pem\n");
    check(conf->broken, "relative CA file: broken");
    conf = parse("mode strict\nserver 192.0.2.1#a.example extra\n");
    check(conf->broken, "trailing garbage: broken");
    conf = parse("mode strict\nserver 192.0.2.1#a.example\0\n");
    check(!conf->broken, "text ends at the length given");
    tls_config_parse(&parsed, "mode strict\nserver 192.0.2.1#a.example\n\0x\n", 43);
    check(parsed.broken, "a line holding a NUL: broken");
}

/* ------------------------------------------------- counting responders */

struct responder
{
    pid_t pid;
    char log[256];
};

/* a fault responder on addr:53, counting what it is asked */
static int start_counter(struct responder *r, const char *addr)
{
    const char *dir = getenv("WS2GETDNS_SANDBOX_DIR");
    const char *faultdns = getenv("FAULTDNS");
    char path[512], pidfile[256], listen_arg[64];
    struct stat st;
    int i;

    if (!faultdns)
    {
        const char *slash = strrchr(__FILE__, '/');

        snprintf(path, sizeof(path), "%.*s/../responder/faultdns", slash ? (int)(slash - __FILE__) : 1,
                 slash ? __FILE__ : ".");
        faultdns = path;
    }
    snprintf(r->log, sizeof(r->log), "%s/tls-test-%s.log", dir, addr);
    snprintf(pidfile, sizeof(pidfile), "%s/tls-test-%s.pid", dir, addr);
    snprintf(listen_arg, sizeof(listen_arg), "%s:53", addr);
    unlink(pidfile);
    if (!(r->pid = fork()))
    {
        freopen(r->log, "w", stderr);
        execl(faultdns, faultdns, "--listen", listen_arg, "--pidfile", pidfile, "--quiet", "--stats",
              (char *)NULL);
        _exit(127);
    }
    for (i = 0; r->pid > 0 && i < 500; i++)
    {
        if (!stat(pidfile, &st) && st.st_size) return 1;
        usleep(10000);
    }
    check(0, "cannot start %s on %s", faultdns, listen_arg);
    return 0;
}

/* stops it; the queries it saw, or -1 when unknown */
static long long stop_counter(struct responder *r)
{
    char line[1024];
    const char *p;
    long long queries = -1;
    FILE *f;

    kill(r->pid, SIGTERM);
    waitpid(r->pid, NULL, 0);
    if (!(f = fopen(r->log, "r"))) return -1;
    while (fgets(line, sizeof(line), f))
        if ((p = strstr(line, "queries="))) queries = strtoll(p + 8, NULL, 10);
    fclose(f);
    return queries;
}

/* ------------------------------------------------------------ lookups */

static int start_tls(const char *setting)
{
    return write_config("WS2GETDNS_RESOLV_CONF", "tls-test-resolv.conf",
                        "nameserver 127.0.0.30\noptions timeout:1 attempts:2\n")
        && write_config("WS2GETDNS_DOT_CONF", "tls-test-dot.conf", setting)
        && start_driver();
}

/* one setting: what a lookup gives, whether its addresses carry the
 * secure flag, and how many plaintext queries went out */
static void run_case(const char *label, const char *setting, const char *name, UINT32 family,
                     const char *want, int want_secure, int want_plain)
{
    struct responder resolv_server, same_address;
    long long plain_resolv, plain_same;
    struct result *res;

    if (!start_counter(&resolv_server, "127.0.0.30")) return;
    if (!start_counter(&same_address, dot_addr))
    {
        stop_counter(&resolv_server);
        return;
    }
    if (start_tls(setting))
    {
        res = wait_for(submit(name, family, 0, 0), 15000);
        check(res && !strcmp(summary(res), want), "%s: %s: got \"%s\" want \"%s\"", label, name,
              summary(res), want);
        if (want_secure >= 0)
            check(all_flagged(res, WS2GETDNS_ADDR_SECURE) == want_secure, "%s: secure flag %s", label,
                  want_secure ? "on every address" : "on none");
        stop_resolver();
    }
    plain_resolv = stop_counter(&resolv_server);
    plain_same = stop_counter(&same_address);
    if (!want_plain)
        check(plain_resolv == 0 && plain_same == 0, "%s: plaintext queries: %lld to resolv.conf's server, "
              "%lld to the TLS server's port 53 (want 0)", label, plain_resolv, plain_same);
    else
        check(plain_resolv == 0 && plain_same > 0, "%s: plaintext queries: %lld to resolv.conf's server, "
              "%lld to the TLS server's port 53 (want some there)", label, plain_resolv, plain_same);
}

static void test_strict(void)
{
    char setting[1024];

    snprintf(setting, sizeof(setting), "mode strict\nserver %s#%s\nca-file %s\n", dot_addr, dot_name, dot_ca);
    run_case("strict, name + CA file", setting, "only.dot.test", WS2GETDNS_AF_INET, "0 1 192.0.2.85", 1, 0);
    run_case("strict, name + CA file, contract zone", setting, "dual.ws2getdns.test", WS2GETDNS_AF_UNSPEC,
             "0 2 2001:db8::2 192.0.2.2", 1, 0);

    snprintf(setting, sizeof(setting), "mode strict\nserver %s pin-sha256=\"%s\"\n", dot_addr, dot_pin);
    run_case("strict, pin only", setting, "only.dot.test", WS2GETDNS_AF_INET6, "0 1 2001:db8::85", 1, 0);

    /* what must fail, and send nothing in plaintext */
    snprintf(setting, sizeof(setting), "mode strict\nserver %s#wrong.ws2getdns.test\nca-file %s\n", dot_addr, dot_ca);
    run_case("strict, wrong name", setting, "only.dot.test", WS2GETDNS_AF_INET, "11002 0", -1, 0);
    snprintf(setting, sizeof(setting), "mode strict\nserver %s pin-sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
             dot_addr);
    run_case("strict, wrong pin", setting, "only.dot.test", WS2GETDNS_AF_INET, "11002 0", -1, 0);
    /* the system's CA store does not know the certificate made for this run */
    snprintf(setting, sizeof(setting), "mode strict\nserver %s#%s\n", dot_addr, dot_name);
    run_case("strict, system CA store", setting, "only.dot.test", WS2GETDNS_AF_INET, "11002 0", -1, 0);
    /* a setting we cannot honour (strict, nothing to authenticate by) */
    run_case("strict, broken setting", "mode strict\nserver 127.0.0.20\n", "only.dot.test", WS2GETDNS_AF_INET,
             "11003 0", -1, 0);
}

/* A program's own servers (ADDRINFOEX6 ai_servers) are plain DNS: in strict
 * mode such a lookup fails with WSAEOPNOTSUPP and sends nothing, with or
 * without AI_EXCLUSIVE_CUSTOM_SERVERS. */
static void test_strict_custom(void)
{
    static const char *const custom[] = { "127.0.0.30" };
    struct responder custom_server;
    long long plain;
    char setting[512];
    unsigned int i;

    snprintf(setting, sizeof(setting), "mode strict\nserver %s#%s\nca-file %s\n", dot_addr, dot_name, dot_ca);
    for (i = 0; i < 2; i++)
    {
        struct result *res = NULL;

        if (!start_counter(&custom_server, "127.0.0.30")) return;
        if (start_tls(setting))
        {
            res = wait_for(submit_servers("only.dot.test", WS2GETDNS_AF_INET, 0, 0, custom, 1,
                                          i ? WS2GETDNS_SERVERS_EXCLUSIVE : 0), 15000);
            check(res && !strcmp(summary(res), "10045 0"), "strict, custom server%s: got \"%s\" want \"10045 0\"",
                  i ? " (exclusive)" : "", summary(res));
            stop_resolver();
        }
        plain = stop_counter(&custom_server);
        check(plain == 0, "strict, custom server%s: %lld plaintext queries to it (want 0)", i ? " (exclusive)" : "",
              plain);
    }
}

static void test_opportunistic(void)
{
    char setting[1024];

    /* TLS without authentication is still TLS: the name only the TLS
     * server knows resolves, without the secure flag */
    snprintf(setting, sizeof(setting), "mode opportunistic\nserver %s#wrong.ws2getdns.test\n", dot_addr);
    run_case("opportunistic, unauthenticated TLS", setting, "only.dot.test", WS2GETDNS_AF_INET,
             "0 1 192.0.2.85", 0, 0);
    /* no TLS on port 854: plain DNS to the same address's port 53 (the
     * counter there answers fault.test names) */
    run_case("opportunistic, no TLS: plain DNS", "mode opportunistic\nserver 127.0.0.20@854\n",
             "x.ok.fault.test", WS2GETDNS_AF_INET, "0 1 198.51.100.1", 0, 1);
}

static void test_failover(void)
{
    char setting[1024];
    struct result *res;

    /* the first server refuses TLS connections (nothing on port 854) */
    snprintf(setting, sizeof(setting), "mode strict\nserver %s@854#%s\nserver %s#%s\nca-file %s\n",
             dot_addr, dot_name, dot_addr, dot_name, dot_ca);
    if (!start_tls(setting)) return;
    res = wait_for(submit("only.dot.test", WS2GETDNS_AF_INET, 0, 0), 15000);
    check(res && !strcmp(summary(res), "0 1 192.0.2.85") && took(res) < 1000,
          "failover to the second TLS server: \"%s\" in %llu ms", summary(res), (unsigned long long)took(res));
    res = wait_for(submit("a.ws2getdns.test", WS2GETDNS_AF_INET, 0, 0), 15000);
    check(res && !strcmp(summary(res), "0 1 192.0.2.1") && took(res) < 1000,
          "the next lookup too: \"%s\" in %llu ms", summary(res), (unsigned long long)took(res));
    stop_resolver();
}

/* a server that accepts connections and never says a word: the TLS
 * handshake hangs */
static int silent_server(const char *addr, unsigned int port)
{
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

    inet_pton(AF_INET, addr, &sin.sin_addr);
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) || listen(fd, 64))
    {
        check(0, "silent server on %s:%u: %s", addr, port, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    return fd;
}

static void test_hanging_handshake(void)
{
    struct responder resolv_server;
    char setting[1024];
    struct result *res;
    UINT64 h, sentinel;
    int fd;

    if ((fd = silent_server("127.0.0.22", 853)) < 0) return;
    if (!start_counter(&resolv_server, "127.0.0.30"))
    {
        close(fd);
        return;
    }
    snprintf(setting, sizeof(setting), "mode strict\nserver 127.0.0.22#%s\nca-file %s\n", dot_name, dot_ca);
    if (start_tls(setting))
    {
        /* cancelled while the handshake hangs: no record, ever */
        h = submit("c1.dot.test", WS2GETDNS_AF_INET, 0, 0);
        usleep(200000);
        resolver_cancel(resolver, h);
        /* the caller's timeval ends a lookup on time */
        sentinel = submit("c2.dot.test", WS2GETDNS_AF_INET, 0, 700);
        res = wait_for(sentinel, 5000);
        check(res && res->rec.status == 10060 && took(res) >= 650 && took(res) < 1200,
              "timeval 700 ms during a hanging handshake: status %u after %llu ms",
              res ? res->rec.status : 0, (unsigned long long)took(res));
        check(!results[h].seen, "cancelled during the handshake: no record");
        /* without one, the resolver's budget (timeout:1 attempts:2, one server) */
        res = wait_for(submit("c3.dot.test", WS2GETDNS_AF_INET, 0, 0), 5000);
        check(res && res->rec.status == WSATRY_AGAIN && took(res) >= 1900 && took(res) < 2600,
              "no timeval: WSATRY_AGAIN after the 2 s budget: status %u after %llu ms",
              res ? res->rec.status : 0, (unsigned long long)took(res));
        stop_resolver();
    }
    close(fd);
    check(stop_counter(&resolv_server) == 0, "hanging handshake: no plaintext query");
}

/* ------------------------------------------------- reverse lookups */

/* unix_reverse.c, as getnameinfo and gethostbyaddr of a private prefix use
 * it: the name of an address, with the same settings and the same rule
 * (nothing in plaintext); want_plain as run_case's */
#define ANY_STATUS (~0u)

static void reverse_case(const char *label, const char *setting, const char *address, UINT32 want_status,
                         const char *want_name, UINT32 want_flags, int want_plain)
{
    struct responder resolv_server, same_address;
    struct reverse_params params;
    struct result_addr addr;
    long long plain_resolv, plain_same;

    if (!start_counter(&resolv_server, "127.0.0.30")) return;
    if (!start_counter(&same_address, dot_addr))
    {
        stop_counter(&resolv_server);
        return;
    }
    if (write_config("WS2GETDNS_RESOLV_CONF", "tls-test-resolv.conf", "nameserver 127.0.0.30\noptions timeout:1 attempts:2\n")
        && write_config("WS2GETDNS_DOT_CONF", "tls-test-dot.conf", setting))
    {
        memset(&params, 0, sizeof(params));
        name_parse_literal(address, &addr);
        params.family = addr.family;
        memcpy(params.addr, addr.addr, sizeof(params.addr));
        reverse_lookup(&params);
        if (want_status != ANY_STATUS)
            check(params.status == want_status && !strcmp(params.name, want_name) && params.flags == want_flags,
                  "%s: reverse %s: status %u name \"%s\" flags %#x, want %u \"%s\" %#x", label, address,
                  params.status, params.name, params.flags, want_status, want_name, want_flags);
    }
    plain_resolv = stop_counter(&resolv_server);
    plain_same = stop_counter(&same_address);
    if (!want_plain)
        check(plain_resolv == 0 && plain_same == 0, "%s: reverse: plaintext queries: %lld to resolv.conf's server, "
              "%lld to the TLS server's port 53 (want 0)", label, plain_resolv, plain_same);
    else
        check(plain_resolv == 0 && plain_same > 0, "%s: reverse: plaintext queries: %lld to resolv.conf's server, "
              "%lld to the TLS server's port 53 (want some there)", label, plain_resolv, plain_same);
}

static void test_reverse(void)
{
    char setting[1024];

    snprintf(setting, sizeof(setting), "mode strict\nserver %s#%s\nca-file %s\n", dot_addr, dot_name, dot_ca);
    reverse_case("strict", setting, "192.0.2.85", 0, "only.dot.test", WS2GETDNS_ADDR_SECURE, 0);
    reverse_case("strict", setting, "2001:db8::85", 0, "only.dot.test", WS2GETDNS_ADDR_SECURE, 0);
    reverse_case("strict, mapped", setting, "::ffff:192.0.2.85", 0, "only.dot.test", WS2GETDNS_ADDR_SECURE, 0);
    /* a PTR through a CNAME (RFC 2317's classless delegation) */
    reverse_case("strict, CNAME'd PTR", setting, "192.0.2.90", 0, "classless.dot.test", WS2GETDNS_ADDR_SECURE, 0);
    /* the TLS server's zone: no such name */
    reverse_case("strict, no name", setting, "192.0.2.86", WSAHOST_NOT_FOUND, "", 0, 0);
    /* the hosts file first, as glibc's "files dns" */
    reverse_case("strict, hosts file", setting, "127.0.0.1", 0, "localhost", WS2GETDNS_ADDR_HOSTS_FILE, 0);

    snprintf(setting, sizeof(setting), "mode strict\nserver %s pin-sha256=\"%s\"\n", dot_addr, dot_pin);
    reverse_case("strict, pin only", setting, "192.0.2.85", 0, "only.dot.test", WS2GETDNS_ADDR_SECURE, 0);

    /* what must fail, and send nothing in plaintext */
    snprintf(setting, sizeof(setting), "mode strict\nserver %s#wrong.ws2getdns.test\nca-file %s\n", dot_addr, dot_ca);
    reverse_case("strict, wrong name", setting, "192.0.2.85", WSATRY_AGAIN, "", 0, 0);
    reverse_case("strict, broken setting", "mode strict\nserver 127.0.0.20\n", "192.0.2.85", WSANO_RECOVERY, "", 0, 0);

    /* opportunistic: TLS without authentication, no secure flag; without
     * TLS, plain DNS to the same address */
    snprintf(setting, sizeof(setting), "mode opportunistic\nserver %s#wrong.ws2getdns.test\n", dot_addr);
    reverse_case("opportunistic", setting, "192.0.2.85", 0, "only.dot.test", 0, 0);
    /* the counter there knows no such name: whatever it says, it was asked */
    reverse_case("opportunistic, no TLS: plain DNS", "mode opportunistic\nserver 127.0.0.20@854\n", "192.0.2.85",
                 ANY_STATUS, "", 0, 1);
}

/* the setting is read again when it changes, as resolv.conf is */
/* TCP sockets of this namespace, in any state (TIME_WAIT included: a
 * connection closed during the test still counts), to 127.0.0.20:853 */
static int connections_to_dot(void)
{
    char line[256];
    int count = 0;
    FILE *f;

    if (!(f = fopen("/proc/net/tcp", "r"))) return -1;
    while (fgets(line, sizeof(line), f))
        if (strstr(line, " 1400007F:0355 ")) count++;
    fclose(f);
    return count;
}

/* use-vc asks for TCP instead of UDP; DNS over TLS is already a stream,
 * and one TLS connection carries many queries at once.  A connection per
 * query in flight would cost a handshake each (and unbound's connection
 * limit) for nothing. */
#define LOOKUPS 20

static void test_use_vc(void)
{
    char setting[1024];
    UINT64 handles[LOOKUPS];
    struct result *res;
    int before, after, ok_count = 0;
    unsigned int i;

    snprintf(setting, sizeof(setting), "mode strict\nserver %s#%s\nca-file %s\n", dot_addr, dot_name, dot_ca);
    if (!write_config("WS2GETDNS_RESOLV_CONF", "tls-test-resolv.conf",
                      "nameserver 127.0.0.30\noptions timeout:2 attempts:2 use-vc\n")
        || !write_config("WS2GETDNS_DOT_CONF", "tls-test-dot.conf", setting) || !start_driver())
        return;
    before = connections_to_dot();
    for (i = 0; i < LOOKUPS; i++)
        handles[i] = submit(i % 2 ? "only.dot.test" : "dual.ws2getdns.test", WS2GETDNS_AF_UNSPEC, 0, 0);
    for (i = 0; i < LOOKUPS; i++)
    {
        res = wait_for(handles[i], 15000);
        if (res && !res->rec.status && all_flagged(res, WS2GETDNS_ADDR_SECURE)) ok_count++;
    }
    after = connections_to_dot();
    stop_resolver();
    check(ok_count == LOOKUPS, "use-vc over TLS: %d of %d lookups at once resolved and flagged secure",
          ok_count, LOOKUPS);
    check(before >= 0 && after - before <= 4, "use-vc over TLS: 40 queries at once took %d new connections "
          "(want at most 4)", after - before);
}

static void test_reload(void)
{
    char setting[1024];
    struct result *res;

    if (!start_tls("mode off\n")) return;
    expect("localhost", WS2GETDNS_AF_INET, 0, "0 1 127.0.0.1");
    res = wait_for(submit("only.dot.test", WS2GETDNS_AF_INET, 0, 0), 15000);
    check(res && res->rec.status, "off: only.dot.test is unknown to resolv.conf's server: %s", summary(res));
    sleep(1);
    snprintf(setting, sizeof(setting), "mode strict\nserver %s#%s\nca-file %s\n", dot_addr, dot_name, dot_ca);
    write_config("WS2GETDNS_DOT_CONF", "tls-test-dot.conf", setting);
    usleep(1100000);
    res = wait_for(submit("only.dot.test", WS2GETDNS_AF_INET, 0, 0), 15000);
    check(res && !strcmp(summary(res), "0 1 192.0.2.85") && all_flagged(res, WS2GETDNS_ADDR_SECURE),
          "strict once the file says so: %s", summary(res));
    stop_resolver();
}

int main(void)
{
    test_parse();
    if (!getenv("WS2GETDNS_SANDBOX") || !(dot_addr = getenv("WS2GETDNS_DOT_ADDR")))
    {
        /* never let this query the machine's own resolver */
        check(0, "tls_test must run inside tests/sandbox/run --dot");
        return check_summary();
    }
    dot_name = getenv("WS2GETDNS_DOT_NAME");
    dot_ca = getenv("WS2GETDNS_DOT_CA");
    dot_pin = getenv("WS2GETDNS_DOT_PIN");
    unsetenv("WS2GETDNS_HOSTS");
    test_strict();
    test_strict_custom();
    test_opportunistic();
    test_failover();
    test_hanging_handshake();
    test_use_vc();
    test_reload();
    test_reverse();
    check(!bad_records, "all records well-formed (%u bad)", bad_records);
    return check_summary();
}
