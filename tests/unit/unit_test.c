/*
 * ws2getdns Unix-side unit tests: parsers, names, answers, packing, event loop
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

/* No network: everything here works on strings, dicts and pipes. */

#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <arpa/inet.h>
#include <sys/eventfd.h>
#include <net/if.h>
#include <getdns/getdns_extra.h>

#include "unit_check.h"
#include "unix_port.h"
#include "unix_eventloop.h"
#include "unix_file.h"
#include "unix_hosts.h"
#include "unix_names.h"
#include "unix_pack.h"
#include "unix_pagepool.h"
#include "unix_wire.h"
#include "unix_resolvconf.h"
#include "unix_reverse.h"
#include "unix_upstream.h"

static const char *addr_text(const struct result_addr *addr)
{
    static char buf[4][64];
    static int n;
    char *out = buf[n++ % 4];

    if (addr->family == WS2GETDNS_AF_INET) inet_ntop(AF_INET, addr->addr, out, 64);
    else if (addr->family == WS2GETDNS_AF_INET6) inet_ntop(AF_INET6, addr->addr, out, 64);
    else snprintf(out, 64, "<family %u>", addr->family);
    return out;
}

static const char *server_text(const struct resolv_server *server)
{
    static char buf[64];

    inet_ntop(server->family, server->addr, buf, sizeof(buf));
    return buf;
}

static void parse_conf(struct resolv_config *conf, const char *text, size_t len)
{
    resolv_config_parse(conf, text, len);
}

static void parse_str(struct resolv_config *conf, const char *text)
{
    resolv_config_parse(conf, text, strlen(text));
}

static void test_resolvconf(void)
{
    static const char basic[] =
        "# comment\n"
        "; other comment\n"
        "nameserver 127.0.0.1\n"
        "  nameserver\t::1  \n"
        "search a.test b.test.\n"
        "options ndots:2 timeout:1 attempts:3 rotate edns0\n";
    static const char nul_line[] = "nameserver 10.9.9.9\0garbage\nsearch ok.test\n";
    static const char nul_first[] = "\0nameserver 10.9.9.8\nnameserver 10.0.0.7";
    static const char crlf[] = "nameserver 10.0.0.1\r\nsearch crlf.test\r\noptions ndots:3\r\n";
    struct resolv_config conf;
    char *longline;
    size_t i;

    parse_conf(&conf, basic, sizeof(basic) - 1);
    check(conf.server_count == 2, "resolv basic: %u servers", conf.server_count);
    check(conf.servers[0].family == AF_INET && !strcmp(server_text(&conf.servers[0]), "127.0.0.1"),
          "resolv basic: server 0 %s", server_text(&conf.servers[0]));
    check(conf.servers[1].family == AF_INET6 && !strcmp(server_text(&conf.servers[1]), "::1"),
          "resolv basic: server 1 %s (leading blanks allowed)", server_text(&conf.servers[1]));
    check(conf.search_count == 2 && !strcmp(conf.search[0], "a.test") && !strcmp(conf.search[1], "b.test"),
          "resolv basic: search %u '%s' '%s'", conf.search_count, conf.search[0], conf.search[1]);
    check(conf.ndots == 2 && conf.timeout_s == 1 && conf.attempts == 3,
          "resolv basic: ndots %u timeout %u attempts %u", conf.ndots, conf.timeout_s, conf.attempts);

    parse_str(&conf, "");
    check(conf.server_count == 1 && !strcmp(server_text(&conf.servers[0]), "127.0.0.1"),
          "resolv empty: default server %s", server_text(&conf.servers[0]));
    check(conf.ndots == 1 && conf.timeout_s == 5 && conf.attempts == 2 && !conf.search_count,
          "resolv empty: defaults ndots %u timeout %u attempts %u search %u",
          conf.ndots, conf.timeout_s, conf.attempts, conf.search_count);

    parse_str(&conf, "search x.test y.test\ndomain d.test\n");
    check(conf.search_count == 1 && !strcmp(conf.search[0], "d.test"), "resolv domain after search wins: %u %s",
          conf.search_count, conf.search[0]);
    parse_str(&conf, "domain d.test\nsearch x.test y.test\n");
    check(conf.search_count == 2 && !strcmp(conf.search[0], "x.test"), "resolv search after domain wins: %u %s",
          conf.search_count, conf.search[0]);
    parse_str(&conf, "search s1.t s2.t s3.t s4.t s5.t s6.t s7.t\n");
    check(conf.search_count == 6, "resolv search capped at 6: %u", conf.search_count);
    parse_str(&conf, "search bad\\.one ok.test b..c x y z\n");
    check(conf.search_count == 4 && !strcmp(conf.search[0], "ok.test"),
          "resolv search skips invalid domains: %u first %s", conf.search_count, conf.search[0]);

    parse_str(&conf, "nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\nnameserver 10.0.0.4\n");
    check(conf.server_count == 3 && !strcmp(server_text(&conf.servers[2]), "10.0.0.3"),
          "resolv nameservers capped at 3: %u", conf.server_count);
    parse_str(&conf, "nameserver 1.2.3\nnameserver foo\nnameserver\nnameserver 10.1.1.1 extra\n");
    check(conf.server_count == 1 && !strcmp(server_text(&conf.servers[0]), "10.1.1.1"),
          "resolv bad nameserver lines skipped: %u %s", conf.server_count, server_text(&conf.servers[0]));
    parse_str(&conf, "nameserver fe80::1%1\n");
    check(conf.server_count == 1 && conf.servers[0].scope_id == 1, "resolv v6 scope: %u", conf.servers[0].scope_id);

    parse_str(&conf, "options ndots:99 timeout:0 attempts:100\n");
    check(conf.ndots == 15 && conf.timeout_s == 1 && conf.attempts == 5,
          "resolv clamps: ndots %u timeout %u attempts %u", conf.ndots, conf.timeout_s, conf.attempts);
    parse_str(&conf, "options ndots: timeout:x attempts:-1 ndots:4x\n");
    check(conf.ndots == 1 && conf.timeout_s == 5 && conf.attempts == 2,
          "resolv malformed options ignored: ndots %u timeout %u attempts %u", conf.ndots, conf.timeout_s, conf.attempts);

    parse_conf(&conf, nul_line, sizeof(nul_line) - 1);
    check(conf.server_count == 1 && !strcmp(server_text(&conf.servers[0]), "127.0.0.1")
          && conf.search_count == 1 && !strcmp(conf.search[0], "ok.test"),
          "resolv line with NUL ignored whole: %s, search %u", server_text(&conf.servers[0]), conf.search_count);
    parse_conf(&conf, nul_first, sizeof(nul_first) - 1);
    check(conf.server_count == 1 && !strcmp(server_text(&conf.servers[0]), "10.0.0.7"),
          "resolv leading NUL, last line without newline: %u %s", conf.server_count, server_text(&conf.servers[0]));
    parse_conf(&conf, crlf, sizeof(crlf) - 1);
    check(conf.server_count == 1 && conf.search_count == 1 && !strcmp(conf.search[0], "crlf.test") && conf.ndots == 3,
          "resolv CRLF: %u servers search '%s' ndots %u", conf.server_count, conf.search[0], conf.ndots);

    longline = malloc(200001);
    memcpy(longline, "search ", 7);
    for (i = 7; i < 200000; i++) longline[i] = (i % 7) ? 'a' : '.';
    longline[200000] = 0;
    parse_conf(&conf, longline, 200000);
    check(conf.search_count == 0, "resolv 200k search line: %u domains", conf.search_count);
    for (i = 0; i < 200000; i++) longline[i] = (char)(i * 131 + 7);
    parse_conf(&conf, longline, 200000);
    check(conf.server_count >= 1 && conf.server_count <= 3, "resolv binary garbage survives: %u servers",
          conf.server_count);
    free(longline);

    resolv_config_load(&conf, "/nonexistent/resolv.conf");
    check(conf.server_count == 1 && conf.attempts == 2, "resolv missing file gives defaults");

    parse_str(&conf, "nameserver 127.0.0.1\n");
    check(!conf.rotate && !conf.use_vc && !conf.single_request && !conf.no_aaaa,
          "resolv options off by default: rotate %u use-vc %u single-request %u no-aaaa %u",
          conf.rotate, conf.use_vc, conf.single_request, conf.no_aaaa);
    parse_str(&conf, "options rotate\noptions use-vc edns0 trust-ad single-request no-aaaa ndots:3\n");
    check(conf.rotate && conf.use_vc && conf.single_request && conf.no_aaaa && conf.ndots == 3,
          "resolv options: rotate %u use-vc %u single-request %u no-aaaa %u ndots %u",
          conf.rotate, conf.use_vc, conf.single_request, conf.no_aaaa, conf.ndots);
    parse_str(&conf, "options single-request-reopen\n");
    check(conf.single_request && !conf.rotate, "resolv single-request-reopen is single-request: %u", conf.single_request);
    parse_str(&conf, "options rotatex use-vcs no-aaaaa single-requests\nrotate\nuse-vc\n");
    check(!conf.rotate && !conf.use_vc && !conf.single_request && !conf.no_aaaa,
          "resolv options: only whole words, only on an options line: %u %u %u %u",
          conf.rotate, conf.use_vc, conf.single_request, conf.no_aaaa);

    /* systemd-resolved's stub: "search ." is the root, kept as an empty suffix */
    parse_str(&conf, "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n");
    check(conf.server_count == 1 && !strcmp(server_text(&conf.servers[0]), "127.0.0.53") && conf.search_count == 1
          && !conf.search[0][0] && conf.ndots == 1 && conf.timeout_s == 5 && conf.attempts == 2,
          "resolv systemd-resolved stub: %u servers %s, %u search '%s'", conf.server_count,
          server_text(&conf.servers[0]), conf.search_count, conf.search[0]);
}

/* LOCALDOMAIN and RES_OPTIONS override the file, as in glibc */
static void test_resolvconf_env(void)
{
    char path[] = "/tmp/ws2getdns-unit-resolv.XXXXXX";
    static const char text[] = "nameserver 10.0.0.1\nsearch file.test\noptions ndots:2\n";
    struct resolv_config conf;
    int fd = mkstemp(path);

    if (fd < 0 || write(fd, text, sizeof(text) - 1) != sizeof(text) - 1)
    {
        check(0, "cannot write %s", path);
        if (fd >= 0) close(fd);
        return;
    }
    close(fd);
    unsetenv("LOCALDOMAIN");
    unsetenv("RES_OPTIONS");
    resolv_config_load(&conf, path);
    check(conf.search_count == 1 && !strcmp(conf.search[0], "file.test") && conf.ndots == 2 && !conf.rotate,
          "resolv file alone: %u '%s' ndots %u", conf.search_count, conf.search[0], conf.ndots);
    setenv("LOCALDOMAIN", "env1.test env2.test", 1);
    setenv("RES_OPTIONS", "ndots:4 rotate attempts:1", 1);
    resolv_config_load(&conf, path);
    check(conf.search_count == 2 && !strcmp(conf.search[0], "env1.test") && !strcmp(conf.search[1], "env2.test")
          && conf.ndots == 4 && conf.rotate && conf.attempts == 1 && conf.server_count == 1,
          "resolv LOCALDOMAIN and RES_OPTIONS: %u '%s' ndots %u rotate %u attempts %u",
          conf.search_count, conf.search[0], conf.ndots, conf.rotate, conf.attempts);
    unsetenv("LOCALDOMAIN");
    unsetenv("RES_OPTIONS");
    unlink(path);
}

/* the scope of a link-local nameserver reaches getdns, which turns the
 * index back into the interface's name (lo is always index 1) */
static void test_upstream_scope(void)
{
    struct resolv_config conf;
    getdns_bindata *scope = NULL;
    getdns_context *context = NULL;
    getdns_list *list = getdns_list_create(), *back = NULL;
    getdns_dict *d, *got = NULL;
    getdns_return_t ret = GETDNS_RETURN_GENERIC_ERROR;
    char lo[IF_NAMESIZE] = "";

    if_indextoname(1, lo);
    parse_str(&conf, "nameserver fe80::53%1\nnameserver 192.0.2.53\nnameserver fe80::54\n");
    d = upstream_server_dict(&conf.servers[0]);
    check(d && !getdns_dict_get_bindata(d, "scope_id", &scope) && scope->size == 1 && scope->data[0] == '1',
          "upstream dict carries the scope id as decimal text");
    if (d && list && !getdns_list_set_dict(list, 0, d) && !getdns_context_create(&context, 0))
        ret = getdns_context_set_upstream_recursive_servers(context, list);
    check(ret == GETDNS_RETURN_GOOD, "getdns takes the scoped upstream: %d", ret);
    scope = NULL;
    if (context && !getdns_context_get_upstream_recursive_servers(context, &back))
        getdns_list_get_dict(back, 0, &got);
    check(got && !getdns_dict_get_bindata(got, "scope_id", &scope) && scope->size == strlen(lo)
          && !memcmp(scope->data, lo, scope->size), "getdns keeps the scope: '%.*s' (want '%s')",
          scope ? (int)scope->size : 6, scope ? (const char *)scope->data : "(none)", lo);
    getdns_list_destroy(back);
    if (context) getdns_context_destroy(context);
    getdns_list_destroy(list);
    getdns_dict_destroy(d);

    scope = NULL;
    d = upstream_server_dict(&conf.servers[1]);
    check(d && getdns_dict_get_bindata(d, "scope_id", &scope), "no scope id for an IPv4 server");
    getdns_dict_destroy(d);
    d = upstream_server_dict(&conf.servers[2]);
    check(d && getdns_dict_get_bindata(d, "scope_id", &scope), "no scope id for an IPv6 server without one");
    getdns_dict_destroy(d);
}

static unsigned int lookup(const struct hosts_table *table, const char *name, struct result_addr *addrs,
                           const char **canon)
{
    return hosts_lookup(table, name, addrs, 16, canon);
}

static const char *reverse(const struct hosts_table *table, const char *text)
{
    struct result_addr addr;

    if (!name_parse_literal(text, &addr)) return "(bad address)";
    return hosts_lookup_addr(table, &addr);
}

/* gethostbyaddr's view: the first name of the first line with the address */
static void test_hosts_reverse(const struct hosts_table *table)
{
    const char *name;

    name = reverse(table, "192.0.2.200");
    check(name && !strcmp(name, "HostsOnly.ws2getdns.test"), "hosts reverse: the line's first name: %s",
          name ? name : "(null)");
    name = reverse(table, "192.0.2.202");
    check(name && !strcmp(name, "dup"), "hosts reverse: the first line in file order: %s", name ? name : "(null)");
    name = reverse(table, "::1");
    check(name && !strcmp(name, "localhost"), "hosts reverse IPv6: %s", name ? name : "(null)");
    name = reverse(table, "fe80::5");
    check(name && !strcmp(name, "scoped"), "hosts reverse: the scope is not compared: %s", name ? name : "(null)");
    check(!reverse(table, "192.0.2.204"), "hosts reverse: no line, no name");
    check(!reverse(table, "::ffff:127.0.0.1"), "hosts reverse: the families are not mixed");
    check(!reverse(table, "192.0.2.10"), "hosts reverse: a skipped line has no name");
    check(!reverse(NULL, "127.0.0.1"), "hosts reverse without a table");
}

static void test_reverse_name(void)
{
    static const struct
    {
        const char *addr, *name;
    }
    tests[] =
    {
        { "192.0.2.85", "85.2.0.192.in-addr.arpa" },
        { "0.0.0.0", "0.0.0.0.in-addr.arpa" },
        { "2001:db8::85", "5.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa" },
        /* glibc's dns source asks for these under in-addr.arpa */
        { "::ffff:192.0.2.85", "85.2.0.192.in-addr.arpa" },
        { "::192.0.2.85", "85.2.0.192.in-addr.arpa" },
        { "::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa" },
        { "fe80::abcd", "d.c.b.a.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f.ip6.arpa" },
    };
    struct result_addr addr;
    char name[WS2GETDNS_MAX_NAME];
    unsigned int i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        name_parse_literal(tests[i].addr, &addr);
        reverse_query_name(addr.family, addr.addr, name, sizeof(name));
        check(!strcmp(name, tests[i].name), "reverse name of %s: %s", tests[i].addr, name);
    }
    name_parse_literal("2001:db8::85", &addr);
    reverse_query_name(addr.family, addr.addr, name, 72);
    check(!name[0], "reverse name: a buffer too small gets nothing: %s", name);
}

static void test_hosts(void)
{
    static const char text[] =
        "# hosts\n"
        "127.0.0.1 localhost\n"
        "::1 localhost ip6-localhost\n"
        "192.0.2.200 HostsOnly.ws2getdns.test hostsonly   # trailing comment\n"
        "192.0.2.201 single-label-host\n"
        "192.0.2.202\tdup dup.test\n"
        "192.0.2.202 dup\n"
        "192.0.2.203 dup\n"
        "192.0.2.9 bad\\.name good-after-bad ba\x01d\n"
        "999.1.1.1 badaddr\n"
        "nonsense line here\n"
        "192.0.2.10 nul\0line\n"
        "   \n"
        "#192.0.2.11 commented\n"
        "fe80::5%1 scoped\n"
        "192.0.2.12 last-no-newline";
    struct hosts_table *table = hosts_parse(text, sizeof(text) - 1);
    struct result_addr addrs[16];
    const char *canon;
    unsigned int count;
    char *big;
    size_t i;

    check(table != NULL, "hosts parsed");
    if (!table) return;

    count = lookup(table, "localhost", addrs, &canon);
    check(count == 2 && addrs[0].family == WS2GETDNS_AF_INET && addrs[1].family == WS2GETDNS_AF_INET6,
          "hosts localhost: %u addrs %s %s", count, addr_text(&addrs[0]), addr_text(&addrs[1]));
    count = lookup(table, "HOSTSONLY.WS2GETDNS.TEST.", addrs, &canon);
    check(count == 1 && !strcmp(addr_text(&addrs[0]), "192.0.2.200") && canon && !strcmp(canon, "HostsOnly.ws2getdns.test"),
          "hosts case-insensitive, trailing dot: %u %s canon %s", count, count ? addr_text(&addrs[0]) : "-",
          canon ? canon : "(null)");
    count = lookup(table, "hostsonly", addrs, &canon);
    check(count == 1 && !strcmp(canon, "HostsOnly.ws2getdns.test"), "hosts alias: %u canon %s", count, canon);
    count = lookup(table, "single-label-host", addrs, &canon);
    check(count == 1 && !strcmp(addr_text(&addrs[0]), "192.0.2.201"), "hosts single label: %u", count);
    check(count == 1 && addrs[0].flags == WS2GETDNS_ADDR_HOSTS_FILE && !addrs[0].ttl,
          "hosts addresses are marked as such, TTL 0: flags %#x ttl %u", addrs[0].flags, addrs[0].ttl);
    count = lookup(table, "dup", addrs, &canon);
    check(count == 2 && !strcmp(addr_text(&addrs[0]), "192.0.2.202") && !strcmp(addr_text(&addrs[1]), "192.0.2.203"),
          "hosts several lines, file order, no duplicates: %u", count);
    count = lookup(table, "good-after-bad", addrs, &canon);
    check(count == 1 && !strcmp(canon, "good-after-bad"), "hosts bad names skipped, good kept: %u canon %s",
          count, canon ? canon : "(null)");
    check(!lookup(table, "bad\\.name", addrs, &canon) && !lookup(table, "bad.name", addrs, &canon),
          "hosts escaped name never matches");
    check(!lookup(table, "badaddr", addrs, &canon), "hosts bad address line skipped");
    check(!lookup(table, "nul", addrs, &canon) && !lookup(table, "line", addrs, &canon), "hosts NUL line skipped");
    check(!lookup(table, "commented", addrs, &canon) && !lookup(table, "comment", addrs, &canon),
          "hosts comments ignored");
    count = lookup(table, "scoped", addrs, &canon);
    check(count == 1 && addrs[0].scope_id == 1, "hosts v6 scope id: %u", count ? addrs[0].scope_id : 0);
    count = lookup(table, "last-no-newline", addrs, &canon);
    check(count == 1, "hosts last line without newline: %u", count);
    check(!lookup(table, "localhos", addrs, &canon) && !lookup(table, "localhostx", addrs, &canon),
          "hosts exact match only");
    check(hosts_lookup(table, "dup", addrs, 1, &canon) == 1, "hosts lookup respects max");
    test_hosts_reverse(table);
    hosts_free(table);

    table = hosts_parse("", 0);
    check(table && !hosts_entry_count(table) && !lookup(table, "x", addrs, &canon), "hosts empty");
    hosts_free(table);

    big = malloc(300000);
    for (i = 0; i < 300000; i++) big[i] = (char)(i * 37 + 11);
    table = hosts_parse(big, 300000);
    check(table != NULL, "hosts binary garbage survives (%zu entries)", hosts_entry_count(table));
    hosts_free(table);
    /* one huge line with one address and thousands of names */
    strcpy(big, "192.0.2.1");
    for (i = 9; i + 8 < 299000; i += 8) memcpy(big + i, " n00000", 7), sprintf(big + i + 2, "%05zu", i / 8), big[i + 7] = ' ';
    big[i] = 0;
    table = hosts_parse(big, strlen(big));
    count = table ? lookup(table, "n01000", addrs, &canon) : 0;
    check(count == 1, "hosts long line with many aliases: %zu entries, lookup %u", hosts_entry_count(table), count);
    hosts_free(table);
    free(big);

    table = hosts_load("/nonexistent/hosts");
    check(table && !hosts_entry_count(table), "hosts missing file is empty");
    hosts_free(table);
}

static void test_names(void)
{
    static const struct { const char *name; int valid; } names[] =
    {
        { "a", 1 }, { "a.b", 1 }, { "a-b_c.test", 1 }, { "a.b.", 1 }, { "A9.Example", 1 },
        { "", 0 }, { ".", 0 }, { "..", 0 }, { "a..b", 0 }, { ".a", 0 }, { "a.b..", 0 },
        { "hello\\.world", 0 }, { "hello\\046world", 0 }, { "a b", 0 }, { "a\tb", 0 }, { "a\x01", 0 },
        { "caf\xc3\xa9.test", 0 }, { "a/b", 0 }, { "a@b", 0 }, { "a*", 0 },
    };
    struct resolv_config conf;
    struct result_addr addr;
    char label63[80], label64[80], long253[300], long254[300], buf[MAX_CANDIDATES * 257];
    const char *p;
    unsigned int i, count;
    static const BYTE wire_ok[] = "\x01" "a" "\x07" "example" "\x00";
    static const BYTE wire_ctrl[] = "\x02" "a\x01" "\x07" "example" "\x00";
    static const BYTE wire_dot[] = "\x03" "a.b" "\x07" "example" "\x00";
    static const BYTE wire_nul[] = "\x02" "a\x00" "\x07" "example" "\x00";
    static const BYTE wire_short[] = "\x05" "ab";
    static const BYTE wire_upper[] = "\x01" "A" "\x07" "EXAMPLE" "\x00";
    char text[256];

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        check(name_is_valid(names[i].name) == names[i].valid, "name_is_valid(\"%s\") == %d", names[i].name,
              names[i].valid);
    memset(label63, 'x', 63);
    strcpy(label63 + 63, ".test");
    memset(label64, 'x', 64);
    strcpy(label64 + 64, ".test");
    check(name_is_valid(label63) && !name_is_valid(label64), "63-byte label valid, 64 invalid");
    for (i = 0; i < 253; i++) long253[i] = (i % 10 == 9) ? '.' : 'a';
    long253[253] = 0;
    strcpy(long254, long253);
    strcat(long254, "a");
    check(name_is_valid(long253), "253-character name valid");
    check(!name_is_valid(long254), "254-character name invalid");
    strcat(long253, ".");
    check(name_is_valid(long253), "253 characters plus trailing dot valid");

    check(name_is_localhost("localhost") && name_is_localhost("LOCALHOST.") && name_is_localhost("a.b.localhost"),
          "localhost names");
    check(!name_is_localhost("localhostx") && !name_is_localhost("xlocalhost") && !name_is_localhost("localhost.x")
          && !name_is_localhost(".localhost"), "not localhost names");

    check(name_parse_numeric("192.0.2.1", &addr) && addr.family == WS2GETDNS_AF_INET
          && !strcmp(addr_text(&addr), "192.0.2.1"), "numeric v4");
    check(name_parse_numeric("2001:db8::1", &addr) && addr.family == WS2GETDNS_AF_INET6 && !addr.scope_id,
          "numeric v6 %s", addr_text(&addr));
    check(name_parse_numeric("fe80::1%7", &addr) && addr.scope_id == 7, "numeric v6 %%7 scope %u", addr.scope_id);
    check(name_parse_numeric("fe80::1%lo", &addr) && addr.scope_id == if_nametoindex("lo"),
          "numeric v6 %%lo scope %u", addr.scope_id);
    check(!name_parse_numeric("1.2.3.4.5", &addr) && !name_parse_numeric("256.1.1.1", &addr)
          && !name_parse_numeric("1.2.3.256", &addr) && !name_parse_numeric("1.2.65536", &addr)
          && !name_parse_numeric("08.1.2.3", &addr) && !name_parse_numeric("0x", &addr)
          && !name_parse_numeric("0x100000000", &addr) && !name_parse_numeric(" 1.2.3.4", &addr)
          && !name_parse_numeric("1.2.3.4 ", &addr) && !name_parse_numeric("1.2.3.4.", &addr)
          && !name_parse_numeric("1..2", &addr) && !name_parse_numeric("1e100", &addr)
          && !name_parse_numeric("::1%", &addr) && !name_parse_numeric("::1%nosuchif0", &addr)
          && !name_parse_numeric("::1%99999999999", &addr) && !name_parse_numeric("a.b", &addr)
          && !name_parse_numeric("", &addr), "not numeric: long, overflow, bad digit, blanks, bad scope");
    /* the inet_addr forms, as stock Wine's glibc and Windows' inet_addr read them */
    check(name_parse_numeric("127.1", &addr) && addr.family == WS2GETDNS_AF_INET
          && !memcmp(addr.addr, "\x7f\0\0\x01", 4), "numeric 127.1");
    check(name_parse_numeric("0x7f.1", &addr) && !memcmp(addr.addr, "\x7f\0\0\x01", 4), "numeric 0x7f.1");
    check(name_parse_numeric("2130706433", &addr) && !memcmp(addr.addr, "\x7f\0\0\x01", 4), "numeric 2130706433");
    check(name_parse_numeric("0177.0.0.01", &addr) && !memcmp(addr.addr, "\x7f\0\0\x01", 4), "numeric octal");
    check(name_parse_numeric("1.2.772", &addr) && !memcmp(addr.addr, "\x01\x02\x03\x04", 4), "numeric a.b.c");
    /* brackets: "[v6]" and "[v6]:port", the port not used */
    check(name_parse_numeric("[beef::cafe]", &addr) && addr.family == WS2GETDNS_AF_INET6
          && addr.addr[0] == 0xbe && addr.addr[15] == 0xfe, "numeric [beef::cafe]");
    check(name_parse_numeric("[beef::cafe]:10239", &addr) && addr.family == WS2GETDNS_AF_INET6,
          "numeric [beef::cafe]:10239");
    check(name_parse_numeric("[fe80::1%7]:80", &addr) && addr.scope_id == 7, "numeric [fe80::1%%7]:80");
    check(!name_parse_numeric("[beef::cafe", &addr) && !name_parse_numeric("beef::cafe]", &addr)
          && !name_parse_numeric("[beef::cafe]:", &addr) && !name_parse_numeric("[beef::cafe]x", &addr)
          && !name_parse_numeric("[beef::cafe]:http", &addr) && !name_parse_numeric("[127.0.0.1]", &addr)
          && !name_parse_numeric("[]", &addr), "not numeric: unmatched or trailing bracket forms");
    /* configuration files stay strict, as glibc reads them */
    check(name_parse_literal("192.0.2.1", &addr) && name_parse_literal("fe80::1%7", &addr)
          && !name_parse_literal("127.1", &addr) && !name_parse_literal("[::1]", &addr)
          && !name_parse_literal("01.2.3.4", &addr), "literal: strict forms only");

    parse_str(&conf, "search s1.test s2.test\n");
    count = name_search_candidates("host", &conf, buf, sizeof(buf));
    p = buf;
    check(count == 3 && !strcmp(p, "host.s1.test") && !strcmp(p + 13, "host.s2.test") && !strcmp(p + 26, "host"),
          "candidates single label: %u '%s'", count, p);
    count = name_search_candidates("a.b", &conf, buf, sizeof(buf));
    check(count == 3 && !strcmp(buf, "a.b") && !strcmp(buf + 4, "a.b.s1.test"),
          "candidates with ndots reached: as-is first: %u '%s' '%s'", count, buf, buf + 4);
    count = name_search_candidates("a.b.", &conf, buf, sizeof(buf));
    check(count == 1 && !strcmp(buf, "a.b"), "candidates absolute name: %u '%s'", count, buf);
    parse_str(&conf, "search s1.test\noptions ndots:2\n");
    count = name_search_candidates("a.b", &conf, buf, sizeof(buf));
    check(count == 2 && !strcmp(buf, "a.b.s1.test") && !strcmp(buf + 12, "a.b"),
          "candidates ndots:2 suffix first: %u '%s'", count, buf);
    parse_str(&conf, "nameserver 127.0.0.1\n");
    count = name_search_candidates("host", &conf, buf, sizeof(buf));
    check(count == 1 && !strcmp(buf, "host"), "candidates without search list: %u '%s'", count, buf);
    /* "search ." (systemd-resolved's stub): the root is the name itself,
     * asked once, never "name." beside "name" */
    parse_str(&conf, "search .\n");
    count = name_search_candidates("host", &conf, buf, sizeof(buf));
    check(count == 1 && !strcmp(buf, "host"), "candidates search . single label: %u '%s' '%s'", count, buf,
          count > 1 ? buf + strlen(buf) + 1 : "");
    count = name_search_candidates("a.b", &conf, buf, sizeof(buf));
    check(count == 1 && !strcmp(buf, "a.b"), "candidates search . ndots reached: %u '%s' '%s'", count, buf,
          count > 1 ? buf + strlen(buf) + 1 : "");
    parse_str(&conf, "search s1.test . s2.test\n");
    count = name_search_candidates("host", &conf, buf, sizeof(buf));
    check(count == 3 && !strcmp(buf, "host.s1.test") && !strcmp(buf + 13, "host") && !strcmp(buf + 18, "host.s2.test"),
          "candidates root in the middle of the list, in its place: %u '%s' '%s'", count, buf, buf + 13);
    parse_str(&conf, "search s1.test\n");
    long253[253] = 0;
    count = name_search_candidates(long253, &conf, buf, sizeof(buf));
    check(count == 1 && strlen(buf) == 253, "candidates too long with suffix are dropped: %u", count);

    check(name_wire_to_text(wire_ok, sizeof(wire_ok) - 1, text, sizeof(text)) && !strcmp(text, "a.example"),
          "wire to text: '%s'", text);
    check(!name_wire_to_text(wire_ctrl, sizeof(wire_ctrl) - 1, text, sizeof(text)) && !text[0],
          "wire to text refuses control characters");
    check(!name_wire_to_text(wire_dot, sizeof(wire_dot) - 1, text, sizeof(text)), "wire to text refuses a dot in a label");
    check(!name_wire_to_text(wire_nul, sizeof(wire_nul) - 1, text, sizeof(text)), "wire to text refuses NUL");
    check(!name_wire_to_text(wire_short, sizeof(wire_short) - 1, text, sizeof(text)), "wire to text refuses truncation");
    check(!name_wire_to_text((const BYTE *)"", 1, text, sizeof(text)), "wire to text refuses the root");
    check(name_wire_equal(wire_ok, sizeof(wire_ok) - 1, wire_upper, sizeof(wire_upper) - 1)
          && !name_wire_equal(wire_ok, sizeof(wire_ok) - 1, wire_dot, sizeof(wire_dot) - 1),
          "wire names compare case-insensitively");
}

static getdns_dict *dict(const char *text)
{
    getdns_dict *d = NULL;

    if (getdns_str2dict(text, &d)) printf("(getdns_str2dict failed on %s)\n", text);
    return d;
}

static void test_reply_extract(void)
{
    int ret;
    struct reply_info info;
    struct addr_list list;
    getdns_dict *d;

    addr_list_init(&list);
    memset(&info, 0, sizeof(info)); /* check() may read info before reply_extract runs */
    d = dict("{ replies_tree: [ { header: { rcode: 0 }, question: { qname: a.ws2getdns.test., qtype: 1 },"
             " answer: [ { name: a.ws2getdns.test., type: 1, ttl: 300, rdata: { ipv4_address: 192.0.2.1 } } ] } ] }");
    check(reply_extract(d, 1, NULL, &info, &list) && list.count == 1 && !strcmp(addr_text(&list.addrs[0]), "192.0.2.1")
          && info.ttl == 300 && info.noerror && !info.nxdomain && !info.canon[0],
          "extract A: %u addrs ttl %u", list.count, info.ttl);
    getdns_dict_destroy(d);
    addr_list_free(&list);

    /* CNAME chain in reverse order, a stray A for another owner, two TTLs */
    d = dict("{ replies_tree: [ { header: { rcode: 0 }, question: { qname: cname.t., qtype: 28 }, answer: ["
             " { name: dual.t., type: 28, ttl: 300, rdata: { ipv6_address: 2001:db8::2 } },"
             " { name: other.t., type: 28, ttl: 5, rdata: { ipv6_address: 2001:db8::666 } },"
             " { name: CNAME2.t., type: 5, ttl: 100, rdata: { cname: dual.t. } },"
             " { name: dual.t., type: 28, ttl: 40, rdata: { ipv6_address: 2001:db8::3 } },"
             " { name: cname.t., type: 5, ttl: 100, rdata: { cname: cname2.t. } } ] } ] }");
    check(reply_extract(d, 28, "CNAME.t", &info, &list) && list.count == 2 && !strcmp(addr_text(&list.addrs[0]), "2001:db8::2")
          && !strcmp(addr_text(&list.addrs[1]), "2001:db8::3"),
          "extract follows CNAME chain, ignores other owners: %u addrs", list.count);
    check(!strcmp(info.canon, "dual.t") && !info.canon_bad && info.ttl == 40, "extract canon '%s' ttl %u", info.canon, info.ttl);
    /* each address: the smallest TTL along the chain to its record */
    check(list.count == 2 && list.addrs[0].ttl == 100 && list.addrs[1].ttl == 40,
          "extract per-address TTLs %u %u", list.addrs[0].ttl, list.count > 1 ? list.addrs[1].ttl : 0);
    getdns_dict_destroy(d);
    addr_list_free(&list);

    d = dict("{ replies_tree: [ { header: { rcode: 0 }, question: { qname: other.t., qtype: 1 }, answer: ["
             " { name: other.t., type: 1, ttl: 300, rdata: { ipv4_address: 192.0.2.66 } } ] } ] }");
    ret = reply_extract(d, 1, "asked.t", &info, &list);
    check(ret && !list.count && !info.replies && !info.noerror,
          "extract ignores a reply for another question: %u addrs, %d replies", list.count, info.replies);
    getdns_dict_destroy(d);
    d = dict("{ replies_tree: [ { header: { rcode: 3 }, question: { qname: nx.t., qtype: 1 }, answer: [] } ] }");
    check(reply_extract(d, 1, NULL, &info, &list) && !list.count && info.nxdomain && info.replies == 1, "extract NXDOMAIN");
    getdns_dict_destroy(d);
    d = dict("{ replies_tree: [ { header: { rcode: 0 }, question: { qname: nodata.t., qtype: 1 }, answer: ["
             " { name: nodata.t., type: 16, ttl: 1, rdata: { txt_strings: [ \"x\" ] } } ] } ] }");
    check(reply_extract(d, 1, NULL, &info, &list) && !list.count && info.noerror && !info.nxdomain, "extract NODATA");
    getdns_dict_destroy(d);
    d = dict("{ replies_tree: [ { header: { rcode: 2 }, question: { qname: sf.t., qtype: 1 } } ] }");
    check(reply_extract(d, 1, NULL, &info, &list) && !list.count && !info.noerror && !info.nxdomain && info.replies == 1,
          "extract SERVFAIL");
    getdns_dict_destroy(d);
    check(reply_extract(NULL, 1, NULL, &info, &list) && !info.replies, "extract NULL response: no reply");
    d = dict("{ status: 902 }");
    check(reply_extract(d, 1, NULL, &info, &list) && !info.replies, "extract no replies_tree: no reply");
    getdns_dict_destroy(d);

    /* wrong type for the query and duplicates */
    d = dict("{ replies_tree: [ { header: { rcode: 0 }, question: { qname: a.t., qtype: 1 }, answer: ["
             " { name: a.t., type: 1, ttl: 10, rdata: { ipv4_address: 192.0.2.7 } },"
             " { name: a.t., type: 1, ttl: 5, rdata: { ipv4_address: 192.0.2.7 } },"
             " { name: a.t., type: 28, ttl: 10, rdata: { ipv6_address: 2001:db8::7 } } ] } ] }");
    check(reply_extract(d, 1, NULL, &info, &list) && list.count == 1, "extract dedupes, keeps the asked type: %u", list.count);
    check(list.count == 1 && list.addrs[0].ttl == 5 && info.ttl == 5, "a duplicate keeps the smaller TTL: %u",
          list.count ? list.addrs[0].ttl : 0);
    getdns_dict_destroy(d);
    addr_list_free(&list);

    /* a CNAME target with a control character: addresses yes, canon no */
    d = getdns_dict_create();
    {
        getdns_dict *reply = dict("{ header: { rcode: 0 }, question: { qname: c.t., qtype: 1 }, answer: ["
                                  " { name: c.t., type: 5, ttl: 10, rdata: { cname: x.t. } } ] }");
        getdns_dict *rr = dict("{ type: 1, ttl: 10, rdata: { ipv4_address: 192.0.2.8 } }");
        static BYTE bad[] = "\x02" "b\x07" "\x01" "t" "\x00";
        getdns_bindata bad_name = { sizeof(bad) - 1, bad };
        getdns_list *replies = getdns_list_create(), *answer;

        getdns_dict_set_bindata(reply, "/answer/0/rdata/cname", &bad_name);
        getdns_dict_set_bindata(rr, "name", &bad_name);
        getdns_dict_get_list(reply, "answer", &answer);
        getdns_list_set_dict(answer, 1, rr);
        getdns_list_set_dict(replies, 0, reply);
        getdns_dict_set_list(d, "replies_tree", replies);
        getdns_list_destroy(replies);
        getdns_dict_destroy(reply);
        getdns_dict_destroy(rr);
    }
    check(reply_extract(d, 1, NULL, &info, &list) && list.count == 1 && !info.canon[0] && info.canon_bad,
          "extract control-character CNAME: %u addrs, canon '%s' refused", list.count, info.canon);
    getdns_dict_destroy(d);
    addr_list_free(&list);
}

static void test_pack(void)
{
    struct result_addr addrs[3], mapped, *out;
    struct addr_list list;
    struct result_record *rec;
    char *buf, canon[256], fqdn[256];
    unsigned int i;
    size_t size;

    check(sizeof(struct result_record) == 32 && sizeof(struct result_addr) == 28,
          "record %zu bytes, addr %zu bytes", sizeof(struct result_record), sizeof(struct result_addr));
    /* the same as mingw's (engine.c's C_ASSERTs), on i386 too */
    check(sizeof(struct submit_params) == 480 && offsetof(struct submit_params, server_count) == 280
          && offsetof(struct submit_params, servers) == 288 && sizeof(struct server_addr) == 24,
          "submit_params %zu bytes, servers at %zu", sizeof(struct submit_params),
          offsetof(struct submit_params, servers));
    name_parse_numeric("2001:db8::1", &addrs[0]);
    name_parse_numeric("192.0.2.1", &addrs[1]);
    name_parse_numeric("fe80::1%3", &addrs[2]);
    size = record_size(3, "canon.test", "fqdn.test");
    check(size == ((32 + 84 + 11 + 10 + 7) & ~7u), "record size %zu", size);
    buf = malloc(size);
    memset(buf, 0xcc, size);
    record_write(buf, 0x1122334455667788ULL, 0, 77, addrs, 3, "canon.test", "fqdn.test");
    rec = (struct result_record *)buf;
    out = (struct result_addr *)(rec + 1);
    check(rec->handle == 0x1122334455667788ULL && rec->status == 0 && rec->size == size && rec->ttl == 77
          && rec->addr_count == 3 && rec->canon_len == 11 && rec->fqdn_len == 10,
          "record header: size %u count %u canon %u fqdn %u", rec->size, rec->addr_count, rec->canon_len, rec->fqdn_len);
    check(!memcmp(out, addrs, sizeof(addrs)) && out[2].scope_id == 3, "record addresses");
    check(!strcmp((char *)(out + 3), "canon.test") && !strcmp((char *)(out + 3) + 11, "fqdn.test"), "record names");
    check(!rec->reserved[0] && !rec->reserved[1] && !rec->reserved[2] && !(unsigned char)buf[size - 1],
          "record reserved and padding zeroed");
    free(buf);

    size = record_size(0, NULL, "");
    check(size == 32, "empty record is 32 bytes: %zu", size);

    addr_list_init(&list);
    for (i = 0; i < 2500; i++)
    {
        struct result_addr a = { WS2GETDNS_AF_INET, 0, 0, { 10, (BYTE)(i >> 16), (BYTE)(i >> 8), (BYTE)i }, 0 };
        addr_list_add(&list, &a);
    }
    addr_list_add(&list, &list.addrs[5]);
    check(list.count == MAX_RESULT_ADDRS, "address list capped at %u: %u", MAX_RESULT_ADDRS, list.count);
    memset(canon, 'c', 255);
    canon[255] = 0;
    memset(fqdn, 'f', 255);
    fqdn[255] = 0;
    size = record_size(list.count, canon, fqdn);
    check(size <= WS2GETDNS_MIN_RUN_BUFFER, "largest record %zu fits the minimum run buffer", size);
    addr_list_free(&list);

    addrs[1].ttl = 42;
    addrs[1].flags = WS2GETDNS_ADDR_HOSTS_FILE;
    addr_map_v4(&addrs[1], &mapped);
    check(mapped.family == WS2GETDNS_AF_INET6 && !strcmp(addr_text(&mapped), "::ffff:192.0.2.1")
          && mapped.ttl == 42 && mapped.flags == WS2GETDNS_ADDR_HOSTS_FILE,
          "v4-mapped %s keeps TTL and flags: %u %#x", addr_text(&mapped), mapped.ttl, mapped.flags);
}

struct loop_test
{
    char order[16];
    int count;
    getdns_eventloop *base;
    getdns_eventloop_event *victim;
    int fd;
};

static void timer_a(void *arg) { struct loop_test *t = arg; t->order[t->count++] = 'a'; }
static void timer_b(void *arg) { struct loop_test *t = arg; t->order[t->count++] = 'b'; }
static void timer_c(void *arg) { struct loop_test *t = arg; t->order[t->count++] = 'c'; }

static void read_clears_other(void *arg)
{
    struct loop_test *t = arg;
    char c;

    /* the loop calls again while a callback makes progress: the call
     * that finds nothing (EAGAIN) ends that */
    if (read(t->fd, &c, 1) != 1)
    {
        if (errno != EAGAIN) t->order[t->count++] = '!';
        return;
    }
    t->order[t->count++] = 'r';
    if (t->victim) t->base->vmt->clear(t->base, t->victim);
}

static void test_eventloop(void)
{
    struct epoll_loop *loop = epoll_loop_create();
    getdns_eventloop *base = epoll_loop_base(loop);
    getdns_eventloop_event ev_a = { 0 }, ev_b = { 0 }, ev_c = { 0 }, ev_r1 = { 0 }, ev_r2 = { 0 };
    struct loop_test t;
    uint64_t start;
    int p1[2], p2[2];

    memset(&t, 0, sizeof(t));
    t.base = base;
    ev_a.userarg = ev_b.userarg = ev_c.userarg = &t;
    ev_a.timeout_cb = timer_a;
    ev_b.timeout_cb = timer_b;
    ev_c.timeout_cb = timer_c;
    start = loop_now_ms();
    base->vmt->schedule(base, -1, 60, &ev_c);
    base->vmt->schedule(base, -1, 20, &ev_a);
    base->vmt->schedule(base, -1, 40, &ev_b);
    check(epoll_loop_timer_count(loop) == 3, "loop 3 timers scheduled");
    base->vmt->clear(base, &ev_b);
    check(!ev_b.ev && epoll_loop_timer_count(loop) == 2, "loop clear removes a timer");
    base->vmt->run(base);
    check(t.count == 2 && !memcmp(t.order, "ac", 2), "loop timers fire in order: %.*s", t.count, t.order);
    check(loop_now_ms() - start >= 60 && loop_now_ms() - start < 500, "loop run took %llu ms",
          (unsigned long long)(loop_now_ms() - start));
    base->vmt->clear(base, &ev_a);
    base->vmt->clear(base, &ev_c);

    /* two readable pipes in one batch; the first callback clears the
     * second event, which must then not fire */
    if (pipe(p1) || pipe(p2)) return;
    fcntl(p1[0], F_SETFL, O_NONBLOCK);
    fcntl(p2[0], F_SETFL, O_NONBLOCK);
    t.count = 0;
    ev_r1.userarg = ev_r2.userarg = &t;
    ev_r1.read_cb = ev_r2.read_cb = read_clears_other;
    base->vmt->schedule(base, p1[0], LOOP_TIMEOUT_FOREVER, &ev_r1);
    base->vmt->schedule(base, p2[0], LOOP_TIMEOUT_FOREVER, &ev_r2);
    check(epoll_loop_fd_count(loop) == 2, "loop 2 fds scheduled");
    if (write(p1[1], "x", 1) != 1 || write(p2[1], "y", 1) != 1) return;
    t.fd = p1[0];
    t.victim = &ev_r2;
    /* whichever fires first clears the other one */
    ev_r2.userarg = &t;
    epoll_loop_run_once_timeout(loop, 100);
    check(t.count == 1 && t.order[0] == 'r', "loop cleared event in the same batch did not fire: %.*s",
          t.count, t.order);
    check(epoll_loop_fd_count(loop) == 1, "loop one fd left: %u", epoll_loop_fd_count(loop));
    base->vmt->clear(base, &ev_r1);
    base->vmt->clear(base, &ev_r2);
    check(epoll_loop_fd_count(loop) == 0 && !epoll_loop_timer_count(loop), "loop empty at the end");
    close(p1[0]); close(p1[1]); close(p2[0]); close(p2[1]);
    epoll_loop_destroy(loop);
}

/* a TCP-like socket as getdns drives it: one byte moved per call */
struct drain_test
{
    getdns_eventloop *base;
    getdns_eventloop_event ev;
    int fd;
    int calls;
    int to_write;           /* writes still queued; the last one clears write_cb */
};

static void read_one_byte(void *arg)
{
    struct drain_test *t = arg;
    char c;

    t->calls++;
    if (read(t->fd, &c, 1) != 1) return;     /* EAGAIN: nothing more now */
}

static void write_one_item(void *arg)
{
    struct drain_test *t = arg;

    t->calls++;
    if (--t->to_write) return;
    /* queue empty: as getdns, reschedule for reading only */
    t->base->vmt->clear(t->base, &t->ev);
    t->ev.write_cb = NULL;
    t->ev.read_cb = read_one_byte;
    t->base->vmt->schedule(t->base, t->fd, LOOP_TIMEOUT_FOREVER, &t->ev);
}

static void test_eventloop_drain(void)
{
    struct epoll_loop *loop = epoll_loop_create();
    struct drain_test t;
    int p[2];

    memset(&t, 0, sizeof(t));
    t.base = epoll_loop_base(loop);
    t.ev.userarg = &t;
    if (pipe(p)) return;
    fcntl(p[0], F_SETFL, O_NONBLOCK);

    /* five bytes waiting: one wake-up reads them all, and the sixth call
     * (EAGAIN) ends the round */
    t.fd = p[0];
    t.ev.read_cb = read_one_byte;
    t.base->vmt->schedule(t.base, p[0], LOOP_TIMEOUT_FOREVER, &t.ev);
    if (write(p[1], "abcde", 5) != 5) return;
    epoll_loop_run_once_timeout(loop, 100);
    check(t.calls == 6, "loop drain: 5 bytes read in one wake-up with 6 calls (got %d)", t.calls);
    t.calls = 0;
    epoll_loop_run_once_timeout(loop, 0);
    check(t.calls == 0, "loop drain: nothing left to read, no call (got %d)", t.calls);
    t.base->vmt->clear(t.base, &t.ev);

    /* 3 queued writes on a writable socket: all go out in one wake-up, then
     * the callback switches to reading and is not called again */
    t.fd = p[1];
    t.calls = 0;
    t.to_write = 3;
    t.ev.read_cb = NULL;
    t.ev.write_cb = write_one_item;
    t.base->vmt->schedule(t.base, p[1], LOOP_TIMEOUT_FOREVER, &t.ev);
    epoll_loop_run_once_timeout(loop, 100);
    check(t.calls == 3 && !t.to_write, "loop drain: 3 writes in one wake-up (calls %d, left %d)",
          t.calls, t.to_write);
    t.base->vmt->clear(t.base, &t.ev);

    /* an event that never clears and never hits EAGAIN is still bounded */
    t.fd = p[1];
    t.calls = 0;
    t.to_write = 1000000;
    t.ev.write_cb = write_one_item;
    t.base->vmt->schedule(t.base, p[1], LOOP_TIMEOUT_FOREVER, &t.ev);
    epoll_loop_run_once_timeout(loop, 100);
    check(t.calls > 1 && t.calls <= 256, "loop drain: bounded per wake-up (%d calls)", t.calls);
    t.base->vmt->clear(t.base, &t.ev);
    check(epoll_loop_fd_count(loop) == 0, "loop drain: empty at the end");
    close(p[0]);
    close(p[1]);
    epoll_loop_destroy(loop);
}

/* a UDP query as getdns sends it: a new socket scheduled for writing, the
 * write callback sends and reschedules for reading, the read ends it */
struct udp_test
{
    getdns_eventloop *base;
    getdns_eventloop_event ev;
    int fd;
    struct sockaddr_in server;
    int writes, reads;
};

static void udp_test_read(void *arg)
{
    struct udp_test *t = arg;
    char c;

    if (recv(t->fd, &c, 1, 0) != 1) return;
    t->reads++;
    t->base->vmt->clear(t->base, &t->ev);
}

static void udp_test_write(void *arg)
{
    struct udp_test *t = arg;

    t->writes++;
    t->base->vmt->clear(t->base, &t->ev);
    if (sendto(t->fd, "q", 1, 0, (struct sockaddr *)&t->server, sizeof(t->server)) != 1) return;
    t->ev.write_cb = NULL;
    t->ev.read_cb = udp_test_read;
    t->base->vmt->schedule(t->base, t->fd, LOOP_TIMEOUT_FOREVER, &t->ev);
}

/* the server's side: answer the one query waiting */
static int udp_test_answer(int server)
{
    struct sockaddr_in from;
    socklen_t len = sizeof(from);
    char c;

    if (recvfrom(server, &c, 1, 0, (struct sockaddr *)&from, &len) != 1) return 0;
    return sendto(server, "a", 1, 0, (struct sockaddr *)&from, len) == 1;
}

static int udp_test_start(struct udp_test *t)
{
    t->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    t->writes = t->reads = 0;
    t->ev.userarg = t;
    t->ev.read_cb = NULL;
    t->ev.write_cb = udp_test_write;
    return t->fd >= 0 && !t->base->vmt->schedule(t->base, t->fd, LOOP_TIMEOUT_FOREVER, &t->ev);
}

/* epoll_loop_udp_base: the write of a new UDP socket is made at the next
 * round without waiting for epoll, its read is watched from the start */
static void test_eventloop_udp(void)
{
    struct epoll_loop *loop = epoll_loop_create();
    struct udp_test t, other;
    socklen_t len = sizeof(t.server);
    int server, old_fd, i;

    memset(&t, 0, sizeof(t));
    t.base = epoll_loop_udp_base(loop);
    server = socket(AF_INET, SOCK_DGRAM, 0);
    t.server.sin_family = AF_INET;
    t.server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (server < 0 || bind(server, (struct sockaddr *)&t.server, sizeof(t.server))
        || getsockname(server, (struct sockaddr *)&t.server, &len))
    {
        check(0, "loop udp: no loopback socket");
        return;
    }
    other = t;

    check(udp_test_start(&t) && !t.writes, "loop udp: the write is not made inside schedule");
    epoll_loop_run_once_timeout(loop, 0);
    check(t.writes == 1 && t.ev.read_cb, "loop udp: written in the next round (%d writes)", t.writes);
    check(udp_test_answer(server), "loop udp: the server got the query");
    for (i = 0; i < 10 && !t.reads; i++) epoll_loop_run_once_timeout(loop, 1000);
    check(t.reads == 1 && !t.ev.ev, "loop udp: the reply read (%d reads)", t.reads);

    /* the same event on a new socket of the same number (getdns reuses a
     * freed request's memory): added again, not taken for the old one */
    old_fd = t.fd;
    close(t.fd);
    check(udp_test_start(&t) && t.fd == old_fd, "loop udp: new socket %d (was %d)", t.fd, old_fd);
    epoll_loop_run_once_timeout(loop, 0);
    check(udp_test_answer(server), "loop udp: the server got the second query");
    for (i = 0; i < 10 && !t.reads; i++) epoll_loop_run_once_timeout(loop, 1000);
    check(t.writes == 1 && t.reads == 1, "loop udp: the reply on the new socket read (%d writes, %d reads)",
          t.writes, t.reads);

    /* cleared before its round (a cancel): the write is never made */
    check(udp_test_start(&other), "loop udp: a third query");
    other.base->vmt->clear(other.base, &other.ev);
    epoll_loop_run_once_timeout(loop, 0);
    check(!other.writes, "loop udp: a cleared write is not made (%d)", other.writes);
    check(epoll_loop_fd_count(loop) == 0, "loop udp: empty at the end");
    close(other.fd);
    close(t.fd);
    close(server);
    epoll_loop_destroy(loop);
}

/* Whether fd is in the set of an epoll descriptor of this process: the
 * kernel lists every watched descriptor as "tfd:" in the epoll
 * descriptor's fdinfo. */
static int epoll_watches(int fd)
{
    char path[64], link[64], line[256];
    int found = 0, n;

    for (n = 0; n < 1024 && !found; n++)
    {
        ssize_t len;
        FILE *f;

        snprintf(path, sizeof(path), "/proc/self/fd/%d", n);
        if ((len = readlink(path, link, sizeof(link) - 1)) <= 0) continue;
        link[len] = 0;
        if (strcmp(link, "anon_inode:[eventpoll]")) continue;
        snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", n);
        if (!(f = fopen(path, "r"))) continue;
        while (fgets(line, sizeof(line), f))
        {
            int tfd;

            if (sscanf(line, "tfd: %d", &tfd) == 1 && tfd == fd) found = 1;
        }
        fclose(f);
    }
    return found;
}

/* the loop calls a read callback again until it finds nothing (EAGAIN) */
static void direct_test_wake(void *arg)
{
    int *wake = arg;
    uint64_t value;

    if (read(wake[1], &value, sizeof(value)) == sizeof(value)) wake[0]++;
}

/* epoll_loop_direct: a synchronous caller's UDP sockets are polled
 * directly, never put in epoll, while what is in epoll still wakes the
 * round; once the loop goes back, the sockets still waiting are in epoll. */
static void test_eventloop_direct(void)
{
    struct epoll_loop *loop = epoll_loop_create();
    getdns_eventloop *base = epoll_loop_base(loop);
    getdns_eventloop_event wake_ev;
    struct udp_test t, other;
    socklen_t len = sizeof(t.server);
    int server, old_fd, i, in_epoll, wake[2] = { 0, -1 };
    uint64_t one = 1;

    memset(&t, 0, sizeof(t));
    memset(&wake_ev, 0, sizeof(wake_ev));
    t.base = epoll_loop_udp_base(loop);
    server = socket(AF_INET, SOCK_DGRAM, 0);
    t.server.sin_family = AF_INET;
    t.server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    wake[1] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (!loop || server < 0 || wake[1] < 0 || bind(server, (struct sockaddr *)&t.server, sizeof(t.server))
        || getsockname(server, (struct sockaddr *)&t.server, &len))
    {
        check(0, "loop direct: no loopback socket");
        return;
    }
    other = t;
    /* something in epoll, as the resolver's eventfd is */
    wake_ev.userarg = wake;
    wake_ev.read_cb = direct_test_wake;
    check(!base->vmt->schedule(base, wake[1], LOOP_TIMEOUT_FOREVER, &wake_ev) && epoll_watches(wake[1]),
          "loop direct: an eventfd in epoll");

    epoll_loop_direct(loop, 1);
    check(udp_test_start(&t) && !t.writes, "loop direct: the write is not made inside schedule");
    check(!epoll_watches(t.fd), "loop direct: the socket is not in epoll");
    epoll_loop_run_once_timeout(loop, 0);
    check(t.writes == 1 && t.ev.read_cb && !epoll_watches(t.fd),
          "loop direct: written in the next round (%d writes), the read not in epoll", t.writes);
    check(udp_test_answer(server), "loop direct: the server got the query");
    for (i = 0; i < 10 && !t.reads; i++) epoll_loop_run_once_timeout(loop, 1000);
    check(t.reads == 1 && !t.ev.ev, "loop direct: the reply read (%d reads)", t.reads);

    /* a new socket of the same number, and the eventfd written while the
     * round waits for it: the round returns for the eventfd */
    old_fd = t.fd;
    close(t.fd);
    check(udp_test_start(&t) && t.fd == old_fd, "loop direct: new socket %d (was %d)", t.fd, old_fd);
    epoll_loop_run_once_timeout(loop, 0);
    check(write(wake[1], &one, sizeof(one)) == sizeof(one), "loop direct: eventfd written");
    for (i = 0; i < 10 && !wake[0]; i++) epoll_loop_run_once_timeout(loop, 1000);
    check(wake[0] == 1 && !t.reads, "loop direct: the eventfd woke the round (%d), no read yet (%d)", wake[0],
          t.reads);
    check(udp_test_answer(server), "loop direct: the server got the second query");
    for (i = 0; i < 10 && !t.reads; i++) epoll_loop_run_once_timeout(loop, 1000);
    check(t.writes == 1 && t.reads == 1, "loop direct: the reply on the new socket read (%d writes, %d reads)",
          t.writes, t.reads);

    /* the loop goes back while a reply is awaited: its socket goes to epoll */
    close(t.fd);
    check(udp_test_start(&t), "loop direct: a third query");
    epoll_loop_run_once_timeout(loop, 0);
    in_epoll = epoll_watches(t.fd);
    epoll_loop_direct(loop, 0);
    check(!in_epoll && epoll_watches(t.fd), "loop direct: in epoll once the loop went back (before %d)", in_epoll);
    check(udp_test_answer(server), "loop direct: the server got the third query");
    for (i = 0; i < 10 && !t.reads; i++) epoll_loop_run_once_timeout(loop, 1000);
    check(t.writes == 1 && t.reads == 1, "loop direct: the third reply read through epoll (%d writes, %d reads)",
          t.writes, t.reads);

    /* ... and while its write is still queued */
    epoll_loop_direct(loop, 1);
    close(t.fd);
    check(udp_test_start(&t) && !t.writes, "loop direct: a fourth query");
    epoll_loop_direct(loop, 0);
    check(epoll_watches(t.fd), "loop direct: in epoll before its write");
    epoll_loop_run_once_timeout(loop, 0);
    check(t.writes == 1 && udp_test_answer(server), "loop direct: the fourth query written (%d)", t.writes);
    for (i = 0; i < 10 && !t.reads; i++) epoll_loop_run_once_timeout(loop, 1000);
    check(t.reads == 1, "loop direct: the fourth reply read through epoll (%d)", t.reads);

    /* cleared before its round (a cancel): never written */
    epoll_loop_direct(loop, 1);
    check(udp_test_start(&other), "loop direct: a fifth query");
    other.base->vmt->clear(other.base, &other.ev);
    epoll_loop_run_once_timeout(loop, 0);
    check(!other.writes, "loop direct: a cleared write is not made (%d)", other.writes);
    epoll_loop_direct(loop, 0);
    check(!epoll_watches(other.fd), "loop direct: a cleared socket does not go to epoll");
    base->vmt->clear(base, &wake_ev);
    check(epoll_loop_fd_count(loop) == 0, "loop direct: empty at the end");
    close(other.fd);
    close(t.fd);
    close(wake[1]);
    close(server);
    epoll_loop_destroy(loop);
}

static void test_page_pool(void)
{
    struct page_pool *pool = page_pool_create();
    size_t page = sysconf(_SC_PAGESIZE);
    char *small, *one_page, *region, *region2, *again, *big, *moved;
    unsigned int i;
    int ok;

    check(pool != NULL, "pool created");
    if (!pool) return;
    small = page_pool_malloc(pool, 100);
    check(small && page_pool_slots_in_use(pool) == 0, "pool: small blocks come from malloc");
    one_page = page_pool_malloc(pool, page);
    check(one_page && !((uintptr_t)one_page % page) && page_pool_slots_in_use(pool) == 1,
          "pool: a page-sized block gets a page-aligned slot (%zu slots)", page_pool_slots_in_use(pool));
    memset(one_page, 0x11, page);
    page_pool_free(pool, one_page);
    check(page_pool_malloc(pool, page / 2 + 1) == one_page, "pool: its slot is reused for more than half a page");
    /* getdns grows its TCP read buffer for a long reply: one page -> two */
    memset(one_page, 0x22, page);
    moved = page_pool_realloc(pool, one_page, 2 * page);
    for (i = 0, ok = moved != NULL; moved && i < page; i++) ok &= moved[i] == 0x22;
    check(ok && moved != one_page && !((uintptr_t)moved % page) && page_pool_slots_in_use(pool) == 1,
          "pool: realloc from one page to two keeps the contents");
    one_page = moved;

    /* a getdns request region: page-aligned, two pages, reused once freed */
    region = page_pool_malloc(pool, 6176);
    region2 = page_pool_malloc(pool, 2 * page);
    check(region && region2 && page_pool_slots_in_use(pool) == 3, "pool: 3 slots in use");
    check(region && !((uintptr_t)region % page) && !((uintptr_t)region2 % page)
          && (size_t)(region2 > region ? region2 - region : region - region2) >= 2 * page,
          "pool: slots page-aligned, two pages apart (%p %p)", (void *)region, (void *)region2);
    if (!region || !region2) return;
    memset(region, 0x5a, 6176);
    memset(region2, 0xa5, 2 * page);
    page_pool_free(pool, region);
    again = page_pool_malloc(pool, 5000);
    check(again == region && page_pool_slots_in_use(pool) == 3, "pool: a freed slot is reused");

    /* realloc: within the slot it stays, beyond it the data moves out */
    check(page_pool_realloc(pool, again, 7000) == again, "pool: realloc within the slot keeps the block");
    big = page_pool_malloc(pool, 3 * page);
    check(big && page_pool_slots_in_use(pool) == 3, "pool: blocks over two pages come from malloc");
    moved = page_pool_realloc(pool, region2, 3 * page);
    for (i = 0, ok = moved != NULL; moved && i < 2 * page; i++) ok &= (unsigned char)moved[i] == 0xa5;
    check(ok && moved != region2 && page_pool_slots_in_use(pool) == 2,
          "pool: realloc past the slot moves the contents to malloc");

    /* many slots, all distinct and writable */
    {
        char *slots[600];

        for (i = 0, ok = 1; i < 600; i++)
        {
            if (!(slots[i] = page_pool_malloc(pool, 6176))) { ok = 0; break; }
            memset(slots[i], (int)i, 6176);
        }
        for (i = 0; ok && i < 600; i++) ok = (unsigned char)slots[i][6175] == (unsigned char)i;
        check(ok && page_pool_slots_in_use(pool) == 602, "pool: 600 more slots, all intact (%zu in use)",
              page_pool_slots_in_use(pool));
        while (i--) page_pool_free(pool, slots[i]);
    }
    /* a burst bigger than the trim threshold: once its last slot is freed,
     * the pages are given back (the next slot starts at the front again,
     * zeroed) */
    {
        static char *burst[1200];
        char *first;

        for (i = 0, ok = 1; i < 1200; i++)
        {
            if (!(burst[i] = page_pool_malloc(pool, 6176))) { ok = 0; break; }
            memset(burst[i], 0x77, 6176);
        }
        check(ok, "pool: 1200 slots for a burst");
        page_pool_free(pool, again);
        page_pool_free(pool, one_page);     /* two pages since its realloc */
        one_page = NULL;
        while (i--) page_pool_free(pool, burst[i]);
        first = page_pool_malloc(pool, 6176);
        check(first && first[100] == 0 && page_pool_slots_in_use(pool) == 1,
              "pool: after the burst the pages went back (first byte %d, %zu in use)",
              first ? first[100] : -1, page_pool_slots_in_use(pool));
        again = first;
    }
    page_pool_free(pool, again);
    page_pool_free(pool, moved);
    page_pool_free(pool, big);
    page_pool_free(pool, small);
    page_pool_free(pool, one_page);
    check(page_pool_slots_in_use(pool) == 0, "pool: every slot back");
    page_pool_destroy(pool);
}

static void test_port(void)
{
    struct port_params params;

    memset(&params, 0, sizeof(params));
    strcpy(params.service, "80");
    port_lookup(&params);
    check(!params.status && params.port == 80, "port \"80\": %u status %u", params.port, params.status);
    strcpy(params.service, "65535");
    port_lookup(&params);
    check(!params.status && params.port == 65535, "port 65535");
    /* strtoul's reading, the low 16 bits, as glibc and wspiapi.h */
    strcpy(params.service, "65536");
    port_lookup(&params);
    check(!params.status && params.port == 0, "port 65536: %u status %u", params.port, params.status);
    strcpy(params.service, " +80");
    port_lookup(&params);
    check(!params.status && params.port == 80, "port \" +80\": %u status %u", params.port, params.status);
    strcpy(params.service, "80 ");
    port_lookup(&params);
    check(params.status == WS2GETDNS_WSATYPE_NOT_FOUND, "port \"80 \": status %u", params.status);
    strcpy(params.service, "-1");
    port_lookup(&params);
    check(params.status == WS2GETDNS_WSATYPE_NOT_FOUND, "port -1: status %u", params.status);
    strcpy(params.service, "99999999999999999999");
    port_lookup(&params);
    check(params.status == WS2GETDNS_WSATYPE_NOT_FOUND, "port huge number: status %u", params.status);
    strcpy(params.service, "domain");
    params.socktype = 2;
    port_lookup(&params);
    check(!params.status && params.port == 53, "port domain/udp: %u", params.port);
    strcpy(params.service, "domain");
    params.socktype = 0;
    params.protocol = 6;
    port_lookup(&params);
    check(!params.status && params.port == 53, "port domain/tcp: %u", params.port);
    strcpy(params.service, "no-such-service-x");
    params.protocol = 0;
    port_lookup(&params);
    check(params.status == WS2GETDNS_WSATYPE_NOT_FOUND, "port unknown name: status %u", params.status);
    /* "" is port 0, as on Windows */
    params.service[0] = 0;
    port_lookup(&params);
    check(!params.status && !params.port, "port empty: %u status %u", params.port, params.status);
}

/* builds "q.fault.test A" query header + question, then one answer */
static size_t make_reply(uint8_t *buf, unsigned int ancount, const uint8_t *answer, size_t answer_len)
{
    static const uint8_t question[] = { 1, 'q', 5, 'f', 'a', 'u', 'l', 't', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1 };
    size_t pos = 12;

    memset(buf, 0, 12);
    buf[2] = 0x81; buf[3] = 0x80;
    buf[5] = 1;
    buf[7] = ancount;
    memcpy(buf + pos, question, sizeof(question));
    pos += sizeof(question);
    memcpy(buf + pos, answer, answer_len);
    return pos + answer_len;
}

static void test_wire(void)
{
    /* pointer to the question name (offset 12), A, IN, TTL 60, rdlength 4 */
    static const uint8_t good[] = { 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 198, 51, 100, 1 };
    static const uint8_t long_rdlen[] = { 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 200, 198, 51, 100, 1 };
    static const uint8_t a_len5[] = { 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 5, 198, 51, 100, 1, 7 };
    static const uint8_t self_pointer[] = { 0xc0, 30, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 198, 51, 100, 1 };
    static const uint8_t forward_pointer[] = { 0xc0, 40, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 198, 51, 100, 1 };
    static const uint8_t long_label[] = { 64 };
    /* PTR: the question name (pointer), and a name that is cut, or has bytes after it */
    static const uint8_t ptr_good[] = { 0xc0, 12, 0, 12, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 12 };
    static const uint8_t ptr_cut[] = { 0xc0, 12, 0, 12, 0, 1, 0, 0, 0, 60, 0, 3, 2, 'a', 'b' };
    static const uint8_t ptr_trailing[] = { 0xc0, 12, 0, 12, 0, 1, 0, 0, 0, 60, 0, 3, 0xc0, 12, 7 };
    uint8_t buf[512];
    size_t len;

    len = make_reply(buf, 1, good, sizeof(good));
    check(dns_message_is_well_formed(buf, len), "wire: a plain A reply is well formed\n");
    check(!dns_message_is_well_formed(buf, len - 1), "wire: a reply cut by one byte is refused\n");
    check(!dns_message_is_well_formed(buf, 11), "wire: a short header is refused\n");
    check(!dns_message_is_well_formed(buf, 0), "wire: an empty message is refused\n");
    len = make_reply(buf, 50, good, sizeof(good));
    check(!dns_message_is_well_formed(buf, len), "wire: ANCOUNT past the data is refused\n");
    len = make_reply(buf, 1, long_rdlen, sizeof(long_rdlen));
    check(!dns_message_is_well_formed(buf, len), "wire: rdlength past the end is refused\n");
    len = make_reply(buf, 1, a_len5, sizeof(a_len5));
    check(!dns_message_is_well_formed(buf, len), "wire: an A record of 5 bytes is refused\n");
    len = make_reply(buf, 1, self_pointer, sizeof(self_pointer));
    check(!dns_message_is_well_formed(buf, len), "wire: a pointer to itself (loop) is refused\n");
    len = make_reply(buf, 1, forward_pointer, sizeof(forward_pointer));
    check(!dns_message_is_well_formed(buf, len), "wire: a forward pointer is refused\n");
    len = make_reply(buf, 1, long_label, sizeof(long_label));
    check(!dns_message_is_well_formed(buf, len), "wire: a 64-byte label is refused\n");
    len = make_reply(buf, 1, ptr_good, sizeof(ptr_good));
    check(dns_message_is_well_formed(buf, len), "wire: a PTR record is well formed\n");
    len = make_reply(buf, 1, ptr_cut, sizeof(ptr_cut));
    check(!dns_message_is_well_formed(buf, len), "wire: a PTR name cut by its rdlength is refused\n");
    len = make_reply(buf, 1, ptr_trailing, sizeof(ptr_trailing));
    check(!dns_message_is_well_formed(buf, len), "wire: a PTR rdata with bytes after the name is refused\n");
}

int main(void)
{
    test_resolvconf();
    test_resolvconf_env();
    test_upstream_scope();
    test_hosts();
    test_reverse_name();
    test_names();
    test_reply_extract();
    test_pack();
    test_eventloop();
    test_eventloop_drain();
    test_eventloop_udp();
    test_eventloop_direct();
    test_page_pool();
    test_port();
    test_wire();
    return check_summary();
}
