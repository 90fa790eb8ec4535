/*
 * ws2getdns Unix-side resolver tests against the sandbox DNS servers
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

/* Run only inside the sandbox (it refuses otherwise):
 *     tests/sandbox/run -- tests/unit/build/resolver_test
 * It drives the resolver like the PE side does: one collector thread in
 * resolver_run, submissions and cancels from other threads.  /etc/resolv.conf
 * and /etc/hosts are the sandbox's; tests that need other resolver options
 * write their own resolv.conf and pass it through WS2GETDNS_RESOLV_CONF. */

#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <stdarg.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "unit_check.h"
#include "unix_resolver_private.h"
#include "unix_eventloop.h"

#include "unix_custom.h"
#include "resolver_driver.h"

static int start_resolver(const char *resolv_text)
{
    return write_config("WS2GETDNS_RESOLV_CONF", "resolver-test-resolv.conf", resolv_text) && start_driver();
}

static unsigned int count_fds(void)
{
    DIR *dir = opendir("/proc/self/fd");
    unsigned int count = 0;

    if (!dir) return 0;
    while (readdir(dir)) count++;
    closedir(dir);
    return count;
}

static void test_basic(void)
{
    struct result *res;
    UINT64 h;

    expect("a.ws2getdns.test", 0, 0, "0 1 192.0.2.1");
    expect("A.WS2GETDNS.TEST.", 0, 0, "0 1 192.0.2.1");
    expect("aaaa.ws2getdns.test", 0, 0, "0 1 2001:db8::1");
    expect("dual.ws2getdns.test", 0, 0, "0 2 2001:db8::2 192.0.2.2");
    expect("dual.ws2getdns.test", 2, 0, "0 1 192.0.2.2");
    expect("dual.ws2getdns.test", 23, 0, "0 1 2001:db8::2");
    expect("v4only.ws2getdns.test", 23, 0, "11004 0");
    expect("v4only.ws2getdns.test", 23, WS2GETDNS_AI_V4MAPPED, "0 1 ::ffff:192.0.2.5");
    expect("dual.ws2getdns.test", 23, WS2GETDNS_AI_V4MAPPED, "0 1 2001:db8::2");
    expect("dual.ws2getdns.test", 23, WS2GETDNS_AI_V4MAPPED | WS2GETDNS_AI_ALL, "0 2 2001:db8::2 ::ffff:192.0.2.2");
    expect("dual.ws2getdns.test", 0, WS2GETDNS_AI_ADDRCONFIG, "0 2 2001:db8::2 192.0.2.2");
    expect("nodata.ws2getdns.test", 0, 0, "11004 0");
    expect("nonexistent.ws2getdns.test", 0, 0, "11001 0");
    expect("xn--bcher-kva.ws2getdns.test", 2, 0, "0 1 192.0.2.4");

    h = submit("ttl.ws2getdns.test", 0, 0, 0);
    res = wait_for(h, 10000);
    check(res && !res->rec.status && res->rec.ttl == 1234, "ttl.ws2getdns.test ttl %u", res ? res->rec.ttl : 0);
    check(res && res->rec.addr_count == 1 && res->addrs[0].ttl == 1234 && !res->addrs[0].flags,
          "ttl.ws2getdns.test address ttl %u flags %#x", res ? res->addrs[0].ttl : 0, res ? res->addrs[0].flags : 0);
    /* per address, the smallest TTL along the CNAME chain */
    h = submit("ttltarget.ws2getdns.test", 0, 0, 0);
    res = wait_for(h, 10000);
    check(res && !strcmp(summary(res), "0 2 2001:db8::7 192.0.2.7") && res->addrs[0].ttl == 900
          && res->addrs[1].ttl == 600 && res->rec.ttl == 600,
          "ttltarget: %s, ttls %u %u, record %u", summary(res), res ? res->addrs[0].ttl : 0,
          res ? res->addrs[1].ttl : 0, res ? res->rec.ttl : 0);
    h = submit("ttlchain.ws2getdns.test", 0, 0, 0);
    res = wait_for(h, 10000);
    check(res && !strcmp(summary(res), "0 2 2001:db8::7 192.0.2.7") && res->addrs[0].ttl == 60
          && res->addrs[1].ttl == 60 && res->rec.ttl == 60,
          "ttlchain: %s, ttls %u %u, record %u", summary(res), res ? res->addrs[0].ttl : 0,
          res ? res->addrs[1].ttl : 0, res ? res->rec.ttl : 0);
    h = submit("ttlchain2.ws2getdns.test", 23, WS2GETDNS_AI_V4MAPPED, 0);
    res = wait_for(h, 10000);
    check(res && !strcmp(summary(res), "0 1 ::ffff:192.0.2.8") && res->addrs[0].ttl == 120,
          "ttlchain2 mapped: %s, ttl %u", summary(res), res ? res->addrs[0].ttl : 0);

    h = submit("cname.ws2getdns.test", 0, WS2GETDNS_AI_CANONNAME | WS2GETDNS_AI_FQDN, 0);
    res = wait_for(h, 10000);
    check(res && !strcmp(summary(res), "0 2 2001:db8::2 192.0.2.2") && !strcmp(res->canon, "dual.ws2getdns.test")
          && !strcmp(res->fqdn, "cname.ws2getdns.test"),
          "cname chain: \"%s\" canon \"%s\" fqdn \"%s\"", summary(res), res ? res->canon : "", res ? res->fqdn : "");
    h = submit("cname.ws2getdns.test", 0, 0, 0);
    res = wait_for(h, 10000);
    check(res && !res->rec.canon_len && !res->rec.fqdn_len, "no canon/fqdn without the flags");
    h = submit("a.ws2getdns.test", 2, WS2GETDNS_AI_CANONNAME, 0);
    res = wait_for(h, 10000);
    check(res && !strcmp(res->canon, "a.ws2getdns.test"), "canon without CNAME is the name: \"%s\"",
          res ? res->canon : "");

    h = submit("many.ws2getdns.test", 0, 0, 0);
    res = wait_for(h, 10000);
    check(res && !res->rec.status && res->rec.addr_count == 40 && res->addrs[0].family == WS2GETDNS_AF_INET6,
          "many: %s", summary(res));
    h = submit("big.ws2getdns.test", 0, 0, 0);
    res = wait_for(h, 10000);
    check(res && !res->rec.status && res->rec.addr_count == 400, "big over TCP: %u addresses",
          res ? res->rec.addr_count : 0);
}

static void test_local(void)
{
    struct result *res;
    UINT64 h;
    uint64_t t;

    expect("hostsonly.ws2getdns.test", 0, 0, "0 1 192.0.2.200");
    expect("HOSTSONLY", 2, 0, "0 1 192.0.2.200");
    expect("single-label-host", 0, 0, "0 1 192.0.2.201");
    expect("localhost", 0, 0, "0 2 ::1 127.0.0.1");
    expect("foo.localhost", 2, 0, "0 1 127.0.0.1");
    expect("localhost", 23, 0, "0 1 ::1");
    expect("192.0.2.77", 0, 0, "0 1 192.0.2.77");
    expect("192.0.2.77", 23, 0, "11001 0");
    expect("192.0.2.77", 23, WS2GETDNS_AI_V4MAPPED, "0 1 ::ffff:192.0.2.77");
    expect("2001:db8::77", 2, 0, "11001 0");
    /* IPv4 asked, IPv6 written: ::ffff:a.b.c.d is that IPv4 address, ::1 is
     * itself unless it comes from the hosts file ("::1 ... ip6-localhost") */
    expect("::ffff:192.0.2.77", 2, 0, "0 1 192.0.2.77");
    expect("::ffff:192.0.2.77", 0, 0, "0 1 ::ffff:192.0.2.77");
    expect("::1", 2, 0, "11001 0");
    expect("ip6-localhost", 2, 0, "0 1 127.0.0.1");
    expect("ip6-localhost", 0, 0, "0 1 ::1");
    expect("2001:db8::77", 0, WS2GETDNS_AI_NUMERICHOST, "0 1 2001:db8::77");
    expect("a.ws2getdns.test", 0, WS2GETDNS_AI_NUMERICHOST, "11001 0");
    expect("hello\\.ws2getdns.test", 0, 0, "11001 0");
    expect("a..ws2getdns.test", 0, 0, "11001 0");
    expect("a b.ws2getdns.test", 0, 0, "11001 0");
    expect("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.ws2getdns.test", 0, 0, "11001 0");
    /* the sandbox's own name is in its hosts file */
    expect("", 2, 0, "0 1 127.0.0.1");
    /* no IPv6 line for it in hosts: the interfaces' addresses */
    h = submit("", 23, 0, 0);
    res = wait_for(h, 5000);
    check(res && !res->rec.status && res->rec.addr_count >= 1 && res->addrs[0].family == WS2GETDNS_AF_INET6,
          "local host name, AF_INET6: %s", summary(res));

    t = loop_now_ms();
    h = submit("hostsonly", 0, WS2GETDNS_AI_CANONNAME, 0);
    res = wait_for(h, 5000);
    check(res && res->rec.ttl == 0 && !strcmp(res->canon, "hostsonly.ws2getdns.test") && loop_now_ms() - t < slow(100),
          "hosts answer: canon \"%s\" in %llu ms", res ? res->canon : "", (unsigned long long)(loop_now_ms() - t));
    check(res && res->rec.addr_count == 1 && res->addrs[0].flags == WS2GETDNS_ADDR_HOSTS_FILE && !res->addrs[0].ttl,
          "hosts answer marked: flags %#x ttl %u", res ? res->addrs[0].flags : 0, res ? res->addrs[0].ttl : 0);
    /* ::1 from the hosts file, taken as 127.0.0.1, stays a hosts-file address */
    h = submit("ip6-localhost", 2, 0, 0);
    res = wait_for(h, 5000);
    check(res && res->rec.addr_count == 1 && res->addrs[0].flags == WS2GETDNS_ADDR_HOSTS_FILE,
          "hosts ::1 as 127.0.0.1 marked: flags %#x", res ? res->addrs[0].flags : 0);
    h = submit("192.0.2.77", 0, 0, 0);
    res = wait_for(h, 5000);
    check(res && res->rec.addr_count == 1 && !res->addrs[0].flags && !res->addrs[0].ttl,
          "numeric answer: flags %#x ttl %u", res ? res->addrs[0].flags : 0, res ? res->addrs[0].ttl : 0);
}

static void test_faults(void)
{
    struct result *res;
    UINT64 h;

    expect("x1.nxdomain.fault.test", 0, 0, "11001 0");
    expect("x1.nodata.fault.test", 0, 0, "11004 0");
    expect("x1.servfail.fault.test", 2, 0, "11002 0");
    expect("x1.refused.fault.test", 2, 0, "11002 0");
    expect("x1.ok.fault.test", 0, 0, "0 2 2001:db8:100::1 198.51.100.1");
    expect("x1.tc.fault.test", 2, 0, "0 1 198.51.100.1");
    h = submit("x1.big.fault.test", 0, 0, 0);
    res = wait_for(h, 10000);
    check(res && !res->rec.status && res->rec.addr_count == 300, "big.fault.test: %u addresses",
          res ? res->rec.addr_count : 0);
    /* malformed answers: whatever getdns makes of them, exactly one record
     * with a sensible status, within the caller's deadline */
    {
        static const char *labels[] = { "wrongid", "wrongid-then-ok", "wrongq", "short", "empty", "loop",
                                        "badrdlen", "overcount", "longlabel", "tcpclose", "tcprefused" };
        UINT64 hs[sizeof(labels) / sizeof(labels[0])];
        unsigned int i;

        for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        {
            char name[64];

            snprintf(name, sizeof(name), "m1.%s.fault.test", labels[i]);
            hs[i] = submit(name, 0, WS2GETDNS_AI_CANONNAME, 1500);
        }
        for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        {
            res = wait_for(hs[i], 4000);
            check(res && res->seen == 1 && (res->rec.status == 0 || res->rec.status == 10060
                  || (res->rec.status >= 11001 && res->rec.status <= 11004)) && res->received - res->submitted < slow(1600),
                  "%s.fault.test: \"%s\" after %llu ms", labels[i], summary(res),
                  res ? (unsigned long long)(res->received - res->submitted) : 0ull);
        }
        res = wait_for(hs[1], 10);
        check(res && !res->rec.status, "wrongid-then-ok answers: %s", summary(res));
        res = wait_for(hs[2], 10);
        check(res && res->rec.status && !res->rec.addr_count, "an answer to another question is not taken: %s",
              summary(res));
    }

    h = submit("x1.ctrlname.fault.test", 2, WS2GETDNS_AI_CANONNAME, 0);
    res = wait_for(h, 10000);
    check(res && !res->rec.canon_len, "ctrlname: %s, canon refused (len %u)", summary(res), res ? res->rec.canon_len : 0);
}

static void test_timeouts(void)
{
    struct result *res;
    uint64_t elapsed;
    UINT64 h;

    h = submit("t1.delay-5000.fault.test", 0, 0, 200);
    res = wait_for(h, 3000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && res->rec.status == 10060 && elapsed >= 195 && elapsed < slow(450),
          "timeout_ms 200 on delay-5000: status %u after %llu ms", res ? res->rec.status : 0,
          (unsigned long long)elapsed);

    /* deadline counted from the submit call, not from when the loop saw it */
    h = submit("t2.drop.fault.test", 2, 0, 300);
    res = wait_for(h, 3000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && res->rec.status == 10060 && elapsed >= 295 && elapsed < slow(550), "timeout_ms 300 on drop: %u after %llu ms",
          res ? res->rec.status : 0, (unsigned long long)elapsed);
}

static void test_retry(void)
{
    struct result *res;
    uint64_t elapsed;
    UINT64 h;

    if (!start_resolver("nameserver 127.0.0.2\noptions timeout:1 attempts:3\n")) return;
    h = submit("r1.dropfirst-1.fault.test", 2, 0, 0);
    res = wait_for(h, 8000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && !strcmp(summary(res), "0 1 198.51.100.1") && elapsed >= 900 && elapsed < slow(2500),
          "dropfirst-1 with timeout:1 attempts:3: \"%s\" after %llu ms", summary(res), (unsigned long long)elapsed);
    h = submit("r2.dropfirst-2.fault.test", 2, 0, 0);
    res = wait_for(h, 8000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && !res->rec.status && elapsed >= 1900 && elapsed < slow(3500), "dropfirst-2: \"%s\" after %llu ms",
          summary(res), (unsigned long long)elapsed);
    /* no reply at all: every attempt, then WSATRY_AGAIN at the default deadline */
    h = submit("r3.drop.fault.test", 2, 0, 0);
    res = wait_for(h, 8000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && res->rec.status == 11002 && elapsed >= 2900 && elapsed < slow(4000), "drop with 3x1 s: %u after %llu ms",
          res ? res->rec.status : 0, (unsigned long long)elapsed);
    stop_resolver();
}

/* A try keeps listening after the next one went out, as glibc's does: an
 * answer that comes after the per-try timeout but before the deadline
 * (attempts x timeout) resolves the name.  With timeout:1 attempts:2 every
 * query is answered 1.2 s after it was sent: the first try's answer (at
 * 1.2 s) is the only one inside the 2 s deadline. */
static void test_late_answer(void)
{
    struct result *res;
    uint64_t elapsed;
    UINT64 h;

    if (!start_resolver("nameserver 127.0.0.2\noptions timeout:1 attempts:2\n")) return;
    h = submit("late1.delay-1200.fault.test", 2, 0, 0);
    res = wait_for(h, 5000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && !strcmp(summary(res), "0 1 198.51.100.1") && elapsed >= 1100 && elapsed < slow(1900),
          "answer to the first try at 1.2x the timeout: \"%s\" after %llu ms", summary(res),
          (unsigned long long)elapsed);
    /* both families, the answer to the second try late as well: the first
     * try's answers still win, each query once */
    h = submit("late2.delay-1800.fault.test", 0, 0, 0);
    res = wait_for(h, 5000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && res->seen == 1 && !res->rec.status && res->rec.addr_count == 2 && elapsed >= 1700 && elapsed < slow(2000),
          "answers at 1.8x the timeout, both families: \"%s\" after %llu ms", summary(res),
          (unsigned long long)elapsed);
    /* past the deadline: WSATRY_AGAIN at the deadline, not later */
    h = submit("late3.delay-2500.fault.test", 2, 0, 0);
    res = wait_for(h, 5000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && res->rec.status == 11002 && elapsed >= 1900 && elapsed < slow(2400),
          "answer after the deadline: %u after %llu ms", res ? res->rec.status : 0, (unsigned long long)elapsed);
    stop_resolver();
}

/* A datagram the server drops (a full receive buffer) is sent again after
 * a few times the server's usual answer time, not after the whole timeout:
 * with one attempt of 5 s, the first query of a dropfirst-1 name is lost,
 * the early resend is answered at once.  The answer times come from 20
 * lookups before it. */
static void test_early_resend(void)
{
    struct result *res;
    uint64_t elapsed;
    unsigned int i;
    UINT64 h;

    if (!start_resolver("nameserver 127.0.0.2\noptions timeout:5 attempts:1\n")) return;
    for (i = 0; i < 20; i++)
    {
        char name[64];

        snprintf(name, sizeof(name), "er%u.ok.fault.test", i);
        h = submit(name, 2, 0, 0);
        wait_for(h, slow(2000));
    }
    h = submit("er.dropfirst-1.fault.test", 2, 0, 0);
    res = wait_for(h, 8000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && !strcmp(summary(res), "0 1 198.51.100.1") && elapsed >= 90 && elapsed < slow(1000),
          "a dropped datagram is sent again early: \"%s\" after %llu ms", summary(res),
          (unsigned long long)elapsed);
    stop_resolver();
}

static void test_search(void)
{
    struct result *res;
    UINT64 h;

    if (!start_resolver("nameserver 127.0.0.1\nsearch ws2getdns.test\noptions ndots:1 timeout:2 attempts:2\n")) return;
    h = submit("search", 0, WS2GETDNS_AI_FQDN, 0);
    res = wait_for(h, 10000);
    check(res && !strcmp(summary(res), "0 1 192.0.2.6") && !strcmp(res->fqdn, "search.ws2getdns.test"),
          "search list: \"%s\" fqdn \"%s\"", summary(res), res ? res->fqdn : "");
    expect("dual", 0, 0, "0 2 2001:db8::2 192.0.2.2");
    /* hosts wins over the search list for a bare single label */
    expect("single-label-host", 0, 0, "0 1 192.0.2.201");
    expect("hostsonly", 2, 0, "0 1 192.0.2.200");
    h = submit("a.ws2getdns.test", 2, WS2GETDNS_AI_FQDN, 0);
    res = wait_for(h, 10000);
    check(res && !strcmp(res->fqdn, "a.ws2getdns.test"), "ndots reached: as given first, fqdn \"%s\"",
          res ? res->fqdn : "");
    stop_resolver();

    if (!start_resolver("nameserver 127.0.0.1\nsearch ws2getdns.test fault.test\noptions ndots:2 timeout:2 attempts:1\n")) return;
    /* one dot < ndots: suffixes first; the first gives NXDOMAIN, the second answers */
    h = submit("s1.ok", 2, WS2GETDNS_AI_FQDN, 0);
    res = wait_for(h, 10000);
    check(res && !strcmp(summary(res), "0 1 198.51.100.1") && !strcmp(res->fqdn, "s1.ok.fault.test"),
          "ndots:2, search goes on after NXDOMAIN: \"%s\" fqdn \"%s\"", summary(res), res ? res->fqdn : "");
    /* NODATA for the first suffix beats NXDOMAIN for the second */
    expect("nodata", 2, 0, "11004 0");
    h = submit("a.ws2getdns.test.", 2, WS2GETDNS_AI_FQDN, 0);
    res = wait_for(h, 10000);
    check(res && !strcmp(res->fqdn, "a.ws2getdns.test"), "absolute name, fqdn \"%s\"", res ? res->fqdn : "");
    stop_resolver();
}

static void test_cancel(void)
{
    UINT64 h, sentinel, hs[200];
    struct result *res;
    unsigned int i, dup = 0, missing = 0;

    /* cancelled before the reply: no record, ever */
    h = submit("c1.delay-1000.fault.test", 2, 0, 0);
    usleep(50000);
    resolver_cancel(resolver, h);
    sentinel = submit("c2.delay-1500.fault.test", 2, 0, 0);
    res = wait_for(sentinel, 5000);
    check(res && !res->rec.status, "sentinel after cancel: %s", summary(res));
    check(!results[h].seen, "cancelled request produced no record");

    /* cancelled right after submit (most often still in the input queue).
     * The answer is delayed so that the cancel always comes first, however
     * slowly this thread runs (valgrind), and the sentinel's answer comes
     * after the time the cancelled one's would have. */
    h = submit("c3.delay-1000.fault.test", 2, 0, 0);
    resolver_cancel(resolver, h);
    sentinel = submit("c4.delay-1500.fault.test", 2, 0, 0);
    wait_for(sentinel, 5000);
    check(!results[h].seen, "cancel straight after submit: no record");

    resolver_cancel(resolver, 0xdeadbeef);
    resolver_cancel(resolver, sentinel);    /* already delivered */
    sentinel = submit("127.0.0.1", 0, 0, 0);
    check(wait_for(sentinel, slow(2000)) != NULL, "unknown and stale cancels are ignored");

    /* cancels racing completion: each handle gets at most one record */
    for (i = 0; i < 200; i++)
    {
        char name[64];

        snprintf(name, sizeof(name), "race%u.ok.fault.test", i);
        hs[i] = submit(name, 0, 0, 0);
        if (i % 3 == 0) usleep(100);
        if (i % 2 == 0) resolver_cancel(resolver, hs[i]);
    }
    sentinel = submit("race-end.delay-300.fault.test", 2, 0, 0);
    wait_for(sentinel, 5000);
    usleep(200000);
    pthread_mutex_lock(&lock);
    for (i = 0; i < 200; i++)
    {
        if (results[hs[i]].seen > 1) dup++;
        if (i % 2 && results[hs[i]].seen != 1) missing++;
    }
    pthread_mutex_unlock(&lock);
    check(!dup && !missing, "cancel race: %u duplicates, %u uncancelled without a record", dup, missing);
}

/* A cancel reaches the loop by a timer (push_cancel), made long here: the
 * lookup keeps its socket until the timer fires, then loses it, and a lookup
 * submitted meanwhile is not held back by the timer.  Nothing else wakes the
 * loop meanwhile: one query, and its next try 30 s away. */
static void test_cancel_deferred(void)
{
    unsigned int before, during, still, after, delay_ms = slow(2000);
    struct result *res;
    uint64_t start;
    UINT64 h;

    resolver->cancel_delay_us = delay_ms * 1000;
    before = count_fds();
    h = submit("deferred1.drop.fault.test", 2, 0, 60000);
    usleep(100000);
    during = count_fds();
    start = loop_now_ms();
    resolver_cancel(resolver, h);
    usleep(200000);
    still = count_fds();
    do
    {
        usleep(50000);
        after = count_fds();
    } while (after != before && loop_now_ms() - start < delay_ms + slow(1000));
    check(during == before + 1 && still == during && after == before,
          "a cancel waits for its timer: %u descriptors before, %u with the lookup, %u 200 ms after the cancel, %u after %llu ms",
          before, during, still, after, (unsigned long long)(loop_now_ms() - start));
    check(loop_now_ms() - start >= delay_ms - 50, "the lookup was dropped after %llu ms, not before its timer (%u ms)",
          (unsigned long long)(loop_now_ms() - start), delay_ms);
    check(!wait_for(h, 100), "the cancelled lookup gave no record");

    h = submit("deferred2.drop.fault.test", 2, 0, 60000);
    usleep(100000);
    resolver_cancel(resolver, h);
    h = submit("deferred3.ok.fault.test", 0, 0, 0);
    res = wait_for(h, 5000);
    check(res && !res->rec.status && took(res) < delay_ms / 2,
          "a lookup submitted after a cancel: %s after %llu ms (the cancel's timer: %u ms)", summary(res),
          (unsigned long long)took(res), delay_ms);
}

/* What a burst of lookups allocated goes back to the system once its last
 * lookup is gone (trim_after_burst): once per burst of 256 lookups or more
 * at once, not while any of it is in flight, not for a few lookups. */
static void test_trim_after_burst(void)
{
    UINT64 handles[300];
    unsigned int before = resolver->trims, during, after, later, i, ok = 0;
    uint64_t start;

    for (i = 0; i < 300; i++)
    {
        char name[64];

        snprintf(name, sizeof(name), "trim%u.delay-300.fault.test", i);
        handles[i] = submit(name, 0, 0, 0);
    }
    usleep(100000);
    during = resolver->trims;
    for (i = 0; i < 300; i++)
    {
        struct result *res = wait_for(handles[i], 10000);

        if (res && !res->rec.status) ok++;
    }
    start = loop_now_ms();
    while ((after = resolver->trims) == before && loop_now_ms() - start < slow(2000)) usleep(10000);
    usleep(200000);
    later = resolver->trims;
    check(ok == 300 && during == before && after == before + 1 && later == after,
          "a burst of 300: %u resolved; trims: %u before, %u in flight, %u after, %u 200 ms later",
          ok, before, during, after, later);

    for (i = 0; i < 10; i++)
    {
        char name[64];

        snprintf(name, sizeof(name), "trim-few%u.ok.fault.test", i);
        handles[i] = submit(name, 0, 0, 0);
    }
    for (i = 0, ok = 0; i < 10; i++)
    {
        struct result *res = wait_for(handles[i], 5000);

        if (res && !res->rec.status) ok++;
    }
    usleep(200000);
    check(ok == 10 && resolver->trims == later, "10 lookups: %u resolved, trims %u -> %u", ok, later,
          resolver->trims);
}

static void test_concurrent(unsigned int count, const char *label)
{
    UINT64 first = 0, h = 0;
    unsigned int i, done = 0, ok = 0, dup = 0;
    uint64_t start = loop_now_ms(), elapsed;

    for (i = 0; i < count; i++)
    {
        h = submit("a.ws2getdns.test", 0, 0, 0);
        if (!i) first = h;
    }
    for (i = 0; i < 200 && done < count; i++)
    {
        unsigned int j;

        usleep(100000);
        pthread_mutex_lock(&lock);
        for (j = 0, done = ok = dup = 0; j < count; j++)
        {
            struct result *res = &results[first + j];

            if (res->seen) done++;
            if (res->seen > 1) dup++;
            if (res->seen && !res->rec.status && res->rec.addr_count == 1) ok++;
        }
        pthread_mutex_unlock(&lock);
    }
    elapsed = loop_now_ms() - start;
    check(done == count && ok == count && !dup, "%s: %u lookups, %u done, %u ok, %u duplicates, %llu ms",
          label, count, done, ok, dup, (unsigned long long)elapsed);
}

/* Without a timeval, a lookup queued behind the window keeps its whole
 * budget (timeout x attempts) from the moment it is sent, as a stock Wine
 * lookup queued for a thread-pool thread does: two slots, three lookups
 * answered 700 ms after they are sent, a 1 s budget.  The third is sent at
 * 700 ms and answered at 1.4 s. */
static void test_queue_budget(void)
{
    UINT64 hs[3];
    unsigned int i, ok = 0;
    uint64_t last = 0;

    setenv("WS2GETDNS_MAX_INFLIGHT", "2", 1);
    if (!start_resolver("nameserver 127.0.0.2\noptions timeout:1 attempts:1\n")) return;
    for (i = 0; i < 3; i++)
    {
        char name[64];

        snprintf(name, sizeof(name), "qb%u.delay-700.fault.test", i);
        hs[i] = submit(name, 2, 0, 0);
    }
    for (i = 0; i < 3; i++)
    {
        struct result *res = wait_for(hs[i], 4000);

        if (res && !res->rec.status) ok++;
        if (res && res->received - res->submitted > last) last = res->received - res->submitted;
    }
    check(ok == 3 && last >= 1300, "queued lookups keep their budget: %u/3 answered, the last after %llu ms",
          ok, (unsigned long long)last);
    stop_resolver();
    unsetenv("WS2GETDNS_MAX_INFLIGHT");
}

static void test_queue_deadline(void)
{
    UINT64 hs[10];
    unsigned int i, on_time = 0;

    setenv("WS2GETDNS_MAX_INFLIGHT", "4", 1);
    if (!start_resolver(NULL)) return;
    for (i = 0; i < 10; i++)
    {
        char name[64];

        snprintf(name, sizeof(name), "q%u.drop.fault.test", i);
        hs[i] = submit(name, 0, 0, 300);
    }
    for (i = 0; i < 10; i++)
    {
        struct result *res = wait_for(hs[i], 3000);
        uint64_t elapsed = res ? res->received - res->submitted : 0;

        if (res && res->rec.status == 10060 && elapsed >= 295 && elapsed < slow(700)) on_time++;
    }
    check(on_time == 10, "queued behind the in-flight bound still time out on time: %u/10", on_time);
    test_concurrent(1000, "1000 concurrent with max_inflight 4");
    stop_resolver();
    unsetenv("WS2GETDNS_MAX_INFLIGHT");
}

static void test_stop_pending(void)
{
    unsigned int fds_before = count_fds(), i, seen = 0;
    UINT64 first = 0;
    uint64_t start;

    if (!start_resolver(NULL)) return;
    for (i = 0; i < 1000; i++)
    {
        char name[64];
        UINT64 h;

        snprintf(name, sizeof(name), "p%u.delay-5000.fault.test", i);
        h = submit(name, 0, 0, 0);
        if (!i) first = h;
    }
    usleep(300000);
    start = loop_now_ms();
    resolver_stop(resolver);
    pthread_join(collector, NULL);
    check(loop_now_ms() - start < slow(1000), "stop with 1000 pending returned in %llu ms",
          (unsigned long long)(loop_now_ms() - start));
    for (i = 0; i < 1000; i++) if (results[first + i].seen) seen++;
    check(!seen, "no records after stop: %u", seen);
    resolver_destroy(resolver);
    resolver = NULL;
    check(count_fds() == fds_before, "no descriptors leaked: %u before, %u after", fds_before, count_fds());
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* both files are re-read when they change, without a new resolver */
static void test_reload(void)
{
    const char *dir = getenv("WS2GETDNS_SANDBOX_DIR");
    char hosts[256], resolv[256];
    struct result *res;
    uint64_t elapsed;
    UINT64 h;

    snprintf(hosts, sizeof(hosts), "%s/resolver-test-hosts", dir ? dir : "/tmp");
    snprintf(resolv, sizeof(resolv), "%s/resolver-test-resolv2.conf", dir ? dir : "/tmp");
    write_file(hosts, "192.0.2.98 other.ws2getdns.test\n");
    write_file(resolv, "nameserver 127.0.0.2\noptions timeout:1 attempts:1\n");
    setenv("WS2GETDNS_HOSTS", hosts, 1);
    if (!start_resolver(NULL)) return;
    /* start_resolver(NULL) drops WS2GETDNS_RESOLV_CONF: set it for this resolver only */
    stop_resolver();
    setenv("WS2GETDNS_RESOLV_CONF", resolv, 1);
    if (resolver_create(&resolver)) return;
    collector_stopping = 0;
    pthread_create(&collector, NULL, collector_thread, NULL);

    expect("reload.ok.fault.test", 2, 0, "0 1 198.51.100.1");
    h = submit("rl1.drop.fault.test", 2, 0, 0);
    res = wait_for(h, 5000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && res->rec.status == 11002 && elapsed >= 950 && elapsed < slow(1500), "before reload: drop gives up after %llu ms",
          (unsigned long long)elapsed);

    sleep(1);   /* a new mtime, and the once-a-second check is due */
    write_file(hosts, "192.0.2.99 reload.ok.fault.test\n");
    write_file(resolv, "nameserver 127.0.0.1\noptions timeout:2 attempts:1\n");
    sleep(1);
    expect("reload.ok.fault.test", 2, 0, "0 1 192.0.2.99");
    expect("a.ws2getdns.test", 2, 0, "0 1 192.0.2.1");          /* unbound now */
    h = submit("rl2.drop.fault.test", 2, 0, 0);
    res = wait_for(h, 6000);
    elapsed = res ? res->received - res->submitted : 0;
    check(res && res->rec.status == 11002 && elapsed >= 1950 && elapsed < slow(2600),
          "after reload: timeout:2 attempts:1 gives up after %llu ms", (unsigned long long)elapsed);
    stop_resolver();
    unsetenv("WS2GETDNS_HOSTS");
    unsetenv("WS2GETDNS_RESOLV_CONF");
}

/* elapsed ms of a record, 0 without one */
/* Server failover, resolver scenario 4: nothing listens on 127.0.0.9 (no
 * reply), so its attempts time out and the next server must answer. */
static void test_failover_silent(void)
{
    struct result *res;
    UINT64 h;

    if (!start_resolver("nameserver 127.0.0.9\nnameserver 127.0.0.2\noptions timeout:1 attempts:2\n")) return;
    h = submit("f1.ok.fault.test", 0, 0, 0);
    res = wait_for(h, 8000);
    check(res && res->seen == 1 && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1")
          && took(res) >= 900 && took(res) < slow(1900),
          "silent first server: \"%s\" after %llu ms (want the answer of the second after ~1 s)",
          summary(res), (unsigned long long)took(res));
    /* remembered: the next query goes to the server that answered */
    h = submit("f2.ok.fault.test", 0, 0, 0);
    res = wait_for(h, 8000);
    check(res && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1") && took(res) < slow(300),
          "failover remembered: \"%s\" after %llu ms", summary(res), (unsigned long long)took(res));
    expect("f3.nxdomain.fault.test", 2, 0, "11001 0");
    stop_resolver();
}

/* another fault responder with the given options (args: NULL-terminated),
 * its stderr (with --stats at exit) to log, in the network namespace of
 * process netns_pid if not 0; returns its pid or 0 */
static pid_t start_faultdns_in(const char *const *args, const char *log, pid_t netns_pid)
{
    static unsigned int started;
    const char *argv[40];
    const char *dir = getenv("WS2GETDNS_SANDBOX_DIR");
    const char *faultdns = getenv("FAULTDNS");
    char path[512], pidfile[256], target[16];
    struct stat st;
    pid_t pid;
    int i, n = 0;

    if (!faultdns)
    {
        /* tests/unit/run compiles this file by its absolute path */
        const char *slash = strrchr(__FILE__, '/');

        snprintf(path, sizeof(path), "%.*s/../responder/faultdns", slash ? (int)(slash - __FILE__) : 1,
                 slash ? __FILE__ : ".");
        faultdns = path;
    }
    snprintf(pidfile, sizeof(pidfile), "%s/resolver-test-faultdns%u.pid", dir ? dir : "/tmp", started++);
    unlink(pidfile);
    if (netns_pid)
    {
        snprintf(target, sizeof(target), "%d", (int)netns_pid);
        argv[n++] = "nsenter";
        argv[n++] = "-t";
        argv[n++] = target;
        argv[n++] = "-n";
        argv[n++] = "--";
    }
    argv[n++] = faultdns;
    for (i = 0; args[i] && n < 34; i++) argv[n++] = args[i];
    argv[n++] = "--pidfile";
    argv[n++] = pidfile;
    argv[n++] = "--quiet";
    argv[n++] = "--stats";
    argv[n] = NULL;
    if (!(pid = fork()))
    {
        if (log) freopen(log, "w", stderr);
        execvp(argv[0], (char **)argv);
        _exit(127);
    }
    for (i = 0; pid > 0 && i < 500; i++)
    {
        if (!stat(pidfile, &st) && st.st_size) return pid;
        if (waitpid(pid, NULL, WNOHANG) == pid) break;
        usleep(10000);
    }
    check(0, "cannot start %s %s", faultdns, args[0] ? args[0] : "");
    if (pid > 0)
    {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    return 0;
}

static pid_t start_faultdns(const char *const *args, const char *log)
{
    return start_faultdns_in(args, log, 0);
}

/* the fault responder again, each address answering every question with
 * one rcode (args: NULL-terminated ADDR:PORT=RCODE) */
static pid_t start_broken_servers(const char *const *args, const char *log)
{
    const char *argv[24];
    int i, n = 0;

    for (i = 0; args[i] && n < 20; i++)
    {
        argv[n++] = "--answer-all";
        argv[n++] = args[i];
    }
    argv[n] = NULL;
    return start_faultdns(argv, log);
}

struct server_counts
{
    unsigned long long queries, udp, tcp, tcp_accepted, aborted, intake_drops;
};

/* stops a responder of start_faultdns and reads the counts it printed */
static void stop_faultdns(pid_t pid, const char *log, struct server_counts *counts)
{
    char line[1024];
    const char *p;
    FILE *f;

    memset(counts, 0xff, sizeof(*counts));
    if (!pid) return;
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    if (!(f = fopen(log, "r"))) return;
    while (fgets(line, sizeof(line), f))
    {
        if ((p = strstr(line, "queries=")))
            sscanf(p, "queries=%llu (udp %llu, tcp %llu)", &counts->queries, &counts->udp, &counts->tcp);
        if ((p = strstr(line, "tcp_accepted="))) counts->tcp_accepted = strtoull(p + 13, NULL, 10);
        if ((p = strstr(line, " aborted="))) counts->aborted = strtoull(p + 9, NULL, 10);
        if ((p = strstr(line, "intake_drops="))) counts->intake_drops = strtoull(p + 13, NULL, 10);
    }
    fclose(f);
}

static void log_path(char *buf, size_t size, const char *name)
{
    const char *dir = getenv("WS2GETDNS_SANDBOX_DIR");

    snprintf(buf, size, "%s/resolver-test-%s.log", dir ? dir : "/tmp", name);
}

/* starts a responder of its own with ARGS, logging to the test log
 * LOG_NAME (its path in LOG), then a resolver reading CONF; returns whether
 * both started, the responder's pid (0 if it did not) in *pid */
static int start_pair(const char *log_name, const char *const *args, const char *conf, char *log, size_t size,
                      pid_t *pid)
{
    log_path(log, size, log_name);
    *pid = start_faultdns(args, log);
    return *pid && start_resolver(conf);
}

/* SERVFAIL, REFUSED, NOTIMP, FORMERR: the next server at once, no timeout */
static void test_failover_rcodes(void)
{
    static const struct { const char *resolv, *label; } cases[] =
    {
        { "nameserver 127.0.0.4\nnameserver 127.0.0.2\noptions timeout:3 attempts:2\n", "SERVFAIL" },
        { "nameserver 127.0.0.5\nnameserver 127.0.0.2\noptions timeout:3 attempts:2\n", "REFUSED" },
        { "nameserver 127.0.0.6\nnameserver 127.0.0.7\nnameserver 127.0.0.2\noptions timeout:3 attempts:1\n",
          "NOTIMP then FORMERR" },
    };
    static const char *const broken[] =
    {
        "127.0.0.4:53=servfail", "127.0.0.5:53=refused", "127.0.0.6:53=notimp", "127.0.0.7:53=formerr", NULL
    };
    struct result *res;
    unsigned int i;
    pid_t pid;
    UINT64 h;

    if (!(pid = start_broken_servers(broken, NULL))) return;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        if (!start_resolver(cases[i].resolv)) break;
        h = submit("g1.ok.fault.test", 0, 0, 0);
        res = wait_for(h, 8000);
        check(res && res->seen == 1 && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1") && took(res) < slow(500),
              "%s from the first server: \"%s\" after %llu ms", cases[i].label, summary(res),
              (unsigned long long)took(res));
        h = submit("g2.ok.fault.test", 2, 0, 0);
        res = wait_for(h, 8000);
        check(res && !strcmp(summary(res), "0 1 198.51.100.1") && took(res) < slow(500), "%s, next query: \"%s\" after %llu ms",
              cases[i].label, summary(res), (unsigned long long)took(res));
        stop_resolver();
    }

    /* every server fails: one WSATRY_AGAIN, without waiting for a timeout */
    if (start_resolver("nameserver 127.0.0.4\nnameserver 127.0.0.5\noptions timeout:3 attempts:2\n"))
    {
        h = submit("g3.ok.fault.test", 0, 0, 0);
        res = wait_for(h, 8000);
        usleep(200000);
        check(res && res->seen == 1 && !strcmp(summary(res), "11002 0") && took(res) < slow(500),
              "all servers SERVFAIL/REFUSED: \"%s\" (%d records) after %llu ms", summary(res), res ? res->seen : 0,
              (unsigned long long)took(res));
        stop_resolver();
    }

    /* NXDOMAIN and NODATA are answers: no failover to the broken second
     * server (whose SERVFAIL would end the query as WSATRY_AGAIN) */
    if (start_resolver("nameserver 127.0.0.2\nnameserver 127.0.0.4\noptions timeout:3 attempts:2\n"))
    {
        expect("g4.nxdomain.fault.test", 0, 0, "11001 0");
        expect("g5.nodata.fault.test", 0, 0, "11004 0");
        expect("g6.ok.fault.test", 2, 0, "0 1 198.51.100.1");
        stop_resolver();
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

/* after one failover away from a SERVFAIL server, the later queries do not
 * go to it any more: it sees the first lookup's two queries only */
static void test_failover_remembered(void)
{
    static const char *const broken[] = { "127.0.0.4:53=servfail", NULL };
    const char *dir = getenv("WS2GETDNS_SANDBOX_DIR");
    unsigned long long queries = ~0ull;
    unsigned int i, ok = 0;
    char log[256], line[512];
    FILE *f;
    pid_t pid;

    snprintf(log, sizeof(log), "%s/resolver-test-broken.log", dir ? dir : "/tmp");
    if (!(pid = start_broken_servers(broken, log))) return;
    if (start_resolver("nameserver 127.0.0.4\nnameserver 127.0.0.2\noptions timeout:3 attempts:2\n"))
    {
        for (i = 0; i < 6; i++)
        {
            char name[64];
            struct result *res;

            snprintf(name, sizeof(name), "m%u.ok.fault.test", i);
            res = wait_for(submit(name, 0, 0, 0), 8000);
            if (res && !res->rec.status && res->rec.addr_count == 2) ok++;
        }
        stop_resolver();
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    if ((f = fopen(log, "r")))
    {
        while (fgets(line, sizeof(line), f))
        {
            const char *stats = strstr(line, "queries=");

            if (stats) queries = strtoull(stats + 8, NULL, 10);
        }
        fclose(f);
    }
    check(ok == 6 && queries == 2, "6 lookups after a SERVFAIL failover: %u ok, the broken server saw %llu queries (want 2)",
          ok, queries);
}

/* a new resolv.conf while a query is live on the old servers' contexts:
 * the query finishes there, later ones use the new servers */
static void test_reload_live(void)
{
    const char *dir = getenv("WS2GETDNS_SANDBOX_DIR");
    char resolv[256];
    struct result *res;
    UINT64 late, h;

    snprintf(resolv, sizeof(resolv), "%s/resolver-test-resolv3.conf", dir ? dir : "/tmp");
    write_file(resolv, "nameserver 127.0.0.2\noptions timeout:3 attempts:1\n");
    setenv("WS2GETDNS_RESOLV_CONF", resolv, 1);
    if (resolver_create(&resolver)) return;
    collector_stopping = 0;
    pthread_create(&collector, NULL, collector_thread, NULL);

    expect("rl3.ok.fault.test", 2, 0, "0 1 198.51.100.1");
    late = submit("rl4.delay-1500.fault.test", 2, 0, 0);
    usleep(100000);
    write_file(resolv, "nameserver 127.0.0.1\noptions timeout:3 attempts:1\n");
    sleep(1);
    h = submit("a.ws2getdns.test", 2, 0, 0);                /* unbound only: the new set */
    res = wait_for(h, 5000);
    check(res && !strcmp(summary(res), "0 1 192.0.2.1") && took(res) < slow(300), "after reload: \"%s\" after %llu ms",
          summary(res), (unsigned long long)took(res));
    res = wait_for(late, 5000);
    check(res && res->seen == 1 && !strcmp(summary(res), "0 1 198.51.100.1"),
          "query live across the reload finishes on the old servers: \"%s\"", summary(res));
    expect("a.ws2getdns.test", 2, 0, "0 1 192.0.2.1");
    stop_resolver();
    unsetenv("WS2GETDNS_RESOLV_CONF");
}

struct thread_args
{
    unsigned int index;
    UINT64 handles[250];
};

static void *submit_thread(void *arg)
{
    struct thread_args *args = arg;
    unsigned int i;

    for (i = 0; i < 250; i++)
    {
        char name[64];

        snprintf(name, sizeof(name), "t%u-%u.ok.fault.test", args->index, i);
        args->handles[i] = submit(name, 0, 0, 0);
        if (i % 5 == 0) resolver_cancel(resolver, args->handles[i]);
    }
    return NULL;
}

/* submits and cancels from four threads at once */
static void test_threads(void)
{
    static struct thread_args args[4];
    pthread_t threads[4];
    unsigned int i, j, wrong = 0;
    UINT64 sentinel;

    for (i = 0; i < 4; i++)
    {
        args[i].index = i;
        pthread_create(&threads[i], NULL, submit_thread, &args[i]);
    }
    for (i = 0; i < 4; i++) pthread_join(threads[i], NULL);
    /* every lookup not cancelled gets its record, however slow the machine
     * (valgrind with both cores busy: 800 lookups took more than 5 s); then
     * a late one, so that a cancelled lookup's stray record would be seen */
    for (i = 0; i < 4; i++)
        for (j = 0; j < 250; j++)
            if (j % 5) wait_for(args[i].handles[j], 60000);
    sentinel = submit("threads-end.delay-500.fault.test", 2, 0, 0);
    wait_for(sentinel, 30000);
    pthread_mutex_lock(&lock);
    for (i = 0; i < 4; i++)
        for (j = 0; j < 250; j++)
        {
            struct result *res = &results[args[i].handles[j]];

            if (j % 5 == 0 ? res->seen > 1 : (res->seen != 1 || res->rec.status)) wrong++;
        }
    pthread_mutex_unlock(&lock);
    check(!wrong, "4 threads x 250 submits, every 5th cancelled: %u wrong", wrong);
}

/* ---------------------------------------------- resolv.conf options */

/* "options rotate": each lookup starts at the next server, so two servers
 * share the lookups; without it the first one gets them all.  Each server
 * is a responder of its own, which counts the queries it saw. */
static void test_rotate(void)
{
    static const char *const args[][3] =
    {
        { "--listen", "127.0.0.21:53", NULL },
        { "--listen", "127.0.0.22:53", NULL },
    };
    static const char *const confs[] =
    {
        "nameserver 127.0.0.21\nnameserver 127.0.0.22\noptions timeout:2\n",
        "nameserver 127.0.0.21\nnameserver 127.0.0.22\noptions timeout:2 rotate\n",
    };
    struct server_counts counts[2];
    char logs[2][256];
    unsigned int c, i, ok;
    pid_t pids[2];

    log_path(logs[0], sizeof(logs[0]), "rotate1");
    log_path(logs[1], sizeof(logs[1]), "rotate2");
    for (c = 0; c < 2; c++)
    {
        pids[0] = start_faultdns(args[0], logs[0]);
        pids[1] = start_faultdns(args[1], logs[1]);
        ok = 0;
        if (pids[0] && pids[1] && start_resolver(confs[c]))
        {
            for (i = 0; i < 6; i++)
            {
                char name[64];
                struct result *res;

                snprintf(name, sizeof(name), "rot%u-%u.ok.fault.test", c, i);
                res = wait_for(submit(name, 0, 0, 0), 8000);
                if (res && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1")) ok++;
            }
            stop_resolver();
        }
        stop_faultdns(pids[0], logs[0], &counts[0]);
        stop_faultdns(pids[1], logs[1], &counts[1]);
        if (!c)
            check(ok == 6 && counts[0].queries == 12 && counts[1].queries == 0,
                  "without rotate: %u of 6 resolved, queries per server %llu %llu (want 12 0)",
                  ok, counts[0].queries, counts[1].queries);
        else
            check(ok == 6 && counts[0].queries == 6 && counts[1].queries == 6,
                  "rotate: %u of 6 resolved, queries per server %llu %llu (want 6 6)",
                  ok, counts[0].queries, counts[1].queries);
    }
}

/* "options use-vc": every query over TCP, none over UDP */
static void test_use_vc(void)
{
    static const char *const args[] = { "--listen", "127.0.0.23:53", NULL };
    static const char *const confs[] =
    {
        "nameserver 127.0.0.23\noptions timeout:5\n",
        "nameserver 127.0.0.23\noptions timeout:5 use-vc\n",
    };
    struct server_counts counts;
    UINT64 handles[20];
    char log[256];
    unsigned int c, i, ok;
    pid_t pid;

    log_path(log, sizeof(log), "use-vc");
    for (c = 0; c < 2; c++)
    {
        ok = 0;
        pid = start_faultdns(args, log);
        if (pid && start_resolver(confs[c]))
        {
            /* one at a time, then twenty at once */
            for (i = 0; i < 4; i++)
            {
                char name[64];
                struct result *res;

                snprintf(name, sizeof(name), "vc%u-%u.ok.fault.test", c, i);
                res = wait_for(submit(name, 0, 0, 0), 8000);
                if (res && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1")) ok++;
            }
            for (i = 0; i < 20; i++)
            {
                char name[64];

                snprintf(name, sizeof(name), "vcb%u-%u.delay-100.fault.test", c, i);
                handles[i] = submit(name, 0, 0, 0);
            }
            for (i = 0; i < 20; i++)
            {
                struct result *res = wait_for(handles[i], 8000);

                if (res && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1")) ok++;
            }
            stop_resolver();
        }
        stop_faultdns(pid, log, &counts);
        /* 48 queries, or a few more: under valgrind on a busy machine an
         * answer can come after the timeout, and the next try goes out
         * (over the same transport) */
        if (!c)
            check(ok == 24 && counts.queries >= 48 && counts.queries <= 60 && counts.udp == counts.queries
                  && counts.tcp == 0, "without use-vc: %u of 24 resolved, %llu queries (udp %llu, tcp %llu)",
                  ok, counts.queries, counts.udp, counts.tcp);
        else
            check(ok == 24 && counts.queries >= 48 && counts.queries <= 60 && counts.udp == 0
                  && counts.tcp == counts.queries,
                  "use-vc: %u of 24 resolved, %llu queries (udp %llu, tcp %llu), %llu connections",
                  ok, counts.queries, counts.udp, counts.tcp, counts.tcp_accepted);
    }
}

/* submits count lookups of "<prefix><i>.<label>.fault.test" at once and
 * waits for them all; returns how many got both addresses, and the time
 * from the first submit to the last record in *elapsed */
static unsigned int burst(const char *prefix, const char *label, unsigned int count, uint64_t *elapsed)
{
    UINT64 handles[128];
    uint64_t start = loop_now_ms(), last = start;
    unsigned int i, ok = 0;

    for (i = 0; i < count && i < 128; i++)
    {
        char name[96];

        snprintf(name, sizeof(name), "%s%u.%s.fault.test", prefix, i, label);
        handles[i] = submit(name, 0, 0, 0);
    }
    for (i = 0; i < count && i < 128; i++)
    {
        struct result *res = wait_for(handles[i], 15000);

        if (res && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1")) ok++;
        if (res && res->received > last) last = res->received;
    }
    *elapsed = last - start;
    return ok;
}

/* COUNT lookups of PREFIX-numbered LABEL names at once (burst) against a
 * responder of their own, started with ARGS and logging to the test log
 * LOG_NAME, through a resolver reading CONF; returns how many resolved
 * (none when the responder or the resolver did not start), with the wall
 * time and the responder's counts. */
static unsigned int burst_against(const char *log_name, const char *const *args, const char *conf,
                                  const char *prefix, const char *label, unsigned int count,
                                  uint64_t *elapsed, struct server_counts *counts)
{
    unsigned int ok = 0;
    char log[256];
    pid_t pid;

    if (start_pair(log_name, args, conf, log, sizeof(log), &pid))
    {
        ok = burst(prefix, label, count, elapsed);
        stop_resolver();
    }
    stop_faultdns(pid, log, counts);
    return ok;
}

/* A server that answers a TCP connection's queries one at a time (dnsmasq;
 * faultdns --serial): concurrent lookups over TCP must not queue behind
 * each other, as under glibc, which opens a connection per lookup.  Ten
 * lookups (A and AAAA) whose answers take 500 ms: with use-vc about 500 ms
 * (every query on a connection of its own), and for a name whose UDP
 * answer is truncated about 1 s (TC after 500 ms, then TCP); twenty
 * queries through one connection would take 10 s, past the 10 s deadline.
 * The bounds leave room for valgrind on a loaded machine.  A server's pool
 * has at most 32 connections, shared beyond that. */
static void test_tcp_serial(void)
{
    static const char *const args[] = { "--serial", "127.0.0.24:53", NULL };
    struct server_counts counts;
    uint64_t elapsed = 0;
    unsigned int ok;

    ok = burst_against("tcp-serial", args, "nameserver 127.0.0.24\noptions timeout:10 attempts:1 use-vc\n",
                       "vcs", "delay-500", 10, &elapsed, &counts);
    check(ok == 10 && elapsed < slow(6000) && counts.tcp == 20 && counts.udp == 0 && counts.tcp_accepted >= 10
          && counts.tcp_accepted <= 20,
          "use-vc, serial server: %u of 10 resolved in %llu ms (want ~500), %llu queries (udp %llu, tcp %llu), "
          "%llu connections", ok, (unsigned long long)elapsed, counts.queries, counts.udp, counts.tcp,
          counts.tcp_accepted);

    /* more than a server's pool: 200 queries share its 32 connections,
     * about seven rounds of 100 ms (one connection: 20 s) */
    ok = burst_against("tcp-serial", args, "nameserver 127.0.0.24\noptions timeout:10 attempts:1 use-vc\n",
                       "vcm", "delay-100", 100, &elapsed, &counts);
    check(ok == 100 && elapsed < slow(8000) && counts.tcp == 200 && counts.tcp_accepted >= 16 && counts.tcp_accepted <= 40,
          "use-vc, serial server, 100 lookups: %u resolved in %llu ms (want ~700), %llu queries over TCP, "
          "%llu connections (want 32)", ok, (unsigned long long)elapsed, counts.tcp, counts.tcp_accepted);

    ok = burst_against("tcp-serial", args, "nameserver 127.0.0.24\noptions timeout:10 attempts:1\n",
                       "tcs", "tcdelay-500", 10, &elapsed, &counts);
    check(ok == 10 && elapsed < slow(6000) && counts.udp == 20 && counts.tcp == 20 && counts.tcp_accepted >= 10
          && counts.tcp_accepted <= 20,
          "truncated, serial server: %u of 10 resolved in %llu ms (want ~1000), %llu queries (udp %llu, tcp %llu), "
          "%llu connections", ok, (unsigned long long)elapsed, counts.queries, counts.udp, counts.tcp,
          counts.tcp_accepted);
}

/* The opt-in TCP overflow (WS2GETDNS_MAX_TCP_INFLIGHT): past a UDP window
 * of two, queries go pipelined over one connection to the server, on the
 * context the first of them makes (unix_upstream.c, upstream_pipelined).
 * Ten lookups, twenty queries, each answered after 200 ms: all resolve,
 * most of them over TCP, through one connection. */
static void test_tcp_overflow(void)
{
    static const char *const args[] = { "--listen", "127.0.0.61:53", NULL };
    struct server_counts counts;
    uint64_t elapsed = 0;
    unsigned int ok;

    setenv("WS2GETDNS_MAX_INFLIGHT", "2", 1);
    setenv("WS2GETDNS_MAX_TCP_INFLIGHT", "40", 1);
    ok = burst_against("tcp-overflow", args, "nameserver 127.0.0.61\noptions timeout:5 attempts:1\n",
                       "tov", "delay-200", 10, &elapsed, &counts);
    unsetenv("WS2GETDNS_MAX_TCP_INFLIGHT");
    unsetenv("WS2GETDNS_MAX_INFLIGHT");
    check(ok == 10 && elapsed < slow(4000) && counts.udp >= 1 && counts.tcp >= 10 && counts.udp + counts.tcp == 20
          && counts.tcp_accepted == 1,
          "TCP overflow: %u of 10 resolved in %llu ms (want ~200), %llu queries (udp %llu, tcp %llu), "
          "%llu connections (want 1)", ok, (unsigned long long)elapsed, counts.queries, counts.udp, counts.tcp,
          counts.tcp_accepted);
}

/* A forwarder with a bound on queries in flight (dnsmasq past its
 * --dns-forward-max; faultdns busy-N-D): 40 lookups, 80 queries, to a
 * server that holds at most 40 answers at a time, each 1.5 s late, and
 * refuses the rest at once.  A refused query goes out again when the
 * server answers others (a slot is free), so all 40 resolve in about 3 s.
 * Pauses of 50, 100 and 200 ms end while the server is still full, and the
 * fourth REFUSED would fail half of the lookups. */
static void test_busy_forwarder(void)
{
    static const char *const args[] = { "--listen", "127.0.0.27:53", NULL };
    struct server_counts counts;
    uint64_t elapsed = 0;
    unsigned int ok;

    ok = burst_against("busy", args, "nameserver 127.0.0.27\noptions timeout:5 attempts:1\n",
                       "bf", "busy-40-1500", 40, &elapsed, &counts);
    /* Under valgrind sending the 80 queries may take longer than the
     * server holds the first 40, which then leave room for the rest: fewer
     * are refused.  The count and the time are the full-speed run's to
     * check. */
    if (slow(1) > 1)
        check(ok == 40 && counts.queries >= 80 && counts.queries <= 240,
              "busy forwarder, slowed: %u of 40 resolved in %llu ms, %llu queries (want 80 to 240)",
              ok, (unsigned long long)elapsed, counts.queries);
    else
        check(ok == 40 && elapsed >= 2500 && counts.queries >= 160 && counts.queries <= 240,
              "busy forwarder: %u of 40 resolved in %llu ms (want ~3000), %llu queries (want 160: 80, then the 40 refused sent again)",
              ok, (unsigned long long)elapsed, counts.queries);
}

/* The same forwarder answering TCP as dnsmasq does (faultdns --serial:
 * each connection's queries one at a time, outside the bound on UDP
 * queries in flight): 28 lookups, 56 queries, 40 held over UDP and 16
 * refused.  The refused ones go out at once over TCP as well, a connection
 * each (16 at most), so all 28 resolve in one round trip, about 1.5 s,
 * where waiting for UDP places takes two, about 3 s.  The same server
 * without TCP (--udp-only): the first failed connection turns the TCP
 * overflow off, and the refused queries wait for UDP places as before:
 * all 28 resolve, in about 3 s. */
static void test_busy_forwarder_tcp(void)
{
    static const char *const serial[] = { "--serial", "127.0.0.37:53", NULL };
    static const char *const udp_only[] = { "--udp-only", "127.0.0.38:53", NULL };
    struct server_counts with_tcp, without_tcp;
    uint64_t elapsed_tcp = 0, elapsed_udp = 0;
    unsigned int ok_tcp, ok_udp;

    ok_tcp = burst_against("busy-tcp", serial, "nameserver 127.0.0.37\noptions timeout:5 attempts:1\n",
                           "bt", "busy-40-1500", 28, &elapsed_tcp, &with_tcp);
    ok_udp = burst_against("busy-udp-only", udp_only, "nameserver 127.0.0.38\noptions timeout:5 attempts:1\n",
                           "bu", "busy-40-1500", 28, &elapsed_udp, &without_tcp);
    check(ok_udp == 28 && elapsed_udp >= 2500 && elapsed_udp < slow(6000) && without_tcp.tcp == 0,
          "busy forwarder without TCP: %u of 28 resolved in %llu ms (want ~3000), %llu over TCP", ok_udp,
          (unsigned long long)elapsed_udp, without_tcp.tcp);
    /* one round trip against two, whatever the machine's load adds to
     * both; under valgrind making the 16 pool contexts (a libunbound
     * context each) takes most of a round trip: the full-speed run's
     * timing is the one to check */
    check(ok_tcp == 28 && (elapsed_tcp * 4 < elapsed_udp * 3 || slow(1) > 1) && with_tcp.tcp >= 16 && with_tcp.tcp <= 20
          && with_tcp.tcp_accepted <= 20,
          "busy forwarder with TCP: %u of 28 resolved in %llu ms (want ~1500, under 3/4 of the %llu ms without "
          "TCP), %llu queries over TCP (want 16), %llu connections", ok_tcp, (unsigned long long)elapsed_tcp,
          (unsigned long long)elapsed_udp, with_tcp.tcp, with_tcp.tcp_accepted);
}

/* dnsmasq's shape once more (150 UDP answers held at once, the rest
 * REFUSED, TCP outside the bound), 100 lookups with answers 1 s late:
 * the first wave fills the bound and the queries waiting for the window
 * had the loop wake at the oldest query's stall, seconds ahead; once the
 * first answers open the window and set the pace, the pace's own wake-up
 * must replace that one, or the last lookups of the second wave wait for
 * some other timer (here a third round trip; through real dnsmasq with
 * answers 200 ms late, 100 ms more in about half the runs).  Two round
 * trips, against one lookup's one. */
static void test_busy_forwarder_pace(void)
{
    static const char *const args[] = { "--serial", "127.0.0.39:53", NULL };
    static const char *const conf = "nameserver 127.0.0.39\noptions timeout:5 attempts:1\n";
    struct server_counts counts;
    uint64_t one = 0, all = 0;
    unsigned int ok_one, ok_all;

    ok_one = burst_against("busy-pace-one", args, conf, "po", "busy-150-1000", 1, &one, &counts);
    ok_all = burst_against("busy-pace", args, conf, "pb", "busy-150-1000", 100, &all, &counts);
    /* under valgrind the full-speed run's timing is the one to check */
    check(ok_one == 1 && ok_all == 100 && (all < 2 * one + one / 2 || slow(1) > 1),
          "busy forwarder, 100 lookups: %u resolved in %llu ms (want two round trips, ~%llu ms, under %llu)",
          ok_all, (unsigned long long)all, (unsigned long long)2 * one, (unsigned long long)(2 * one + one / 2));
}

/* A forwarder that drops bursts (faultdns --intake: it takes 40 queries
 * per 50 ms, in bursts of up to 40; a full receive buffer drops the rest):
 * 128 lookups at once, 256 queries, answers 200 ms late.  The first
 * bursts lose datagrams before any answer has come; the answers to the
 * queries that got through show the others lost, and those go out again
 * at once, paced; once copies are answered while the first tries are not,
 * the window and the pace shrink to what the server takes.  Every lookup
 * resolves, long before the 5 s timeout that a query lost before any
 * answer time was known would wait out, the server takes no query twice,
 * and it drops fewer than one and a half datagrams per query. */
static void test_intake(void)
{
    static const char *const args[] = { "--intake", "127.0.0.29:53=40/50", NULL };
    struct server_counts counts;
    uint64_t elapsed = 0;
    unsigned int ok;

    ok = burst_against("intake", args, "nameserver 127.0.0.29\noptions timeout:5 attempts:1\n",
                       "ik", "delay-200", 128, &elapsed, &counts);
    /* a query the server took twice was sent again needlessly; more drops,
     * lost queries sent again into a full buffer over and over */
    check(ok == 128 && elapsed < 3000 && counts.queries <= 256 + 16 && counts.intake_drops <= 384,
          "a forwarder that drops bursts: %u of 128 resolved in %llu ms (want all, ~0.9 s), %llu queries "
          "taken (want 256, a few more at most), %llu dropped (want at most 384)", ok,
          (unsigned long long)elapsed, counts.queries, counts.intake_drops);
}

/* A server that answers most names at once and some after a second, as a
 * forwarder answers from its cache or after asking further: the slow ones
 * look lost next to the fast ones.  They get one copy each, as the early
 * resend gave them, and the window and the pace stay as they were: 128
 * fast lookups take about as long after 64 mixed ones (32 answered after
 * 1 s) as before them. */
static void test_mixed_latency(void)
{
    static const char *const args[] = { "--listen", "127.0.0.30:53", NULL };
    struct server_counts counts;
    uint64_t before = 0, after = 0;
    unsigned int ok_before = 0, ok_after = 0, ok_mixed = 0, i;
    UINT64 handles[64];
    char log[256];
    pid_t pid;

    if (start_pair("mixed", args, "nameserver 127.0.0.30\noptions timeout:5 attempts:1\n",
                   log, sizeof(log), &pid))
    {
        ok_before = burst("mb", "ok", 128, &before);
        for (i = 0; i < 64; i++)
        {
            char name[96];

            snprintf(name, sizeof(name), "mm%u.%s.fault.test", i, i % 2 ? "delay-1000" : "ok");
            handles[i] = submit(name, 0, 0, 0);
        }
        for (i = 0; i < 64; i++)
        {
            struct result *res = wait_for(handles[i], 8000);

            if (res && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1")) ok_mixed++;
        }
        ok_after = burst("ma", "ok", 128, &after);
        stop_resolver();
    }
    stop_faultdns(pid, log, &counts);
    /* 2 x 256 fast queries, 64 + 64 mixed, a copy of each of the 64 slow
     * ones, and some to spare for a busy machine, where answers read late
     * look lost too (762 seen with three make checks and two busy loops on
     * two cores; a copy of every fast query would be 512 more).  Under
     * valgrind on a loaded machine answers queue unread long enough for
     * many to look lost: the count is the full-speed run's to check. */
    check(ok_before == 128 && ok_mixed == 64 && ok_after == 128 && after <= 3 * before + 200
          && (counts.queries <= 512 + 128 + 64 + 96 || slow(1) > 1),
          "slow names among fast ones: %u, %u and %u resolved (want 128, 64, 128), 128 fast lookups in %llu ms "
          "before, %llu ms after (want about the same), %llu queries (want 704, at most 800)", ok_before,
          ok_mixed, ok_after, (unsigned long long)before, (unsigned long long)after, counts.queries);
}

/* A server that refuses one name while many other queries are out (their
 * answers 5 s late) and its answers usually come at once: the REFUSED is
 * taken for load, but the pauses follow the usual answer time, so the
 * lookup still fails soon (stock Wine fails it at once), not after three
 * pauses of a second. */
static void test_refused_under_load(void)
{
    static const char *const args[] = { "--listen", "127.0.0.28:53", NULL };
    struct server_counts counts;
    struct result *res = NULL;
    uint64_t elapsed = 0;
    unsigned int ok = 0, i;
    char log[256];
    pid_t pid;

    if (start_pair("refused-load", args, "nameserver 127.0.0.28\noptions timeout:5 attempts:1\n",
                   log, sizeof(log), &pid))
    {
        /* the usual answer time: at once */
        ok = burst("rl", "ok", 20, &elapsed);
        for (i = 0; i < 12; i++)
        {
            char name[64];

            snprintf(name, sizeof(name), "rs%u.delay-5000.fault.test", i);
            submit(name, 0, 0, 0);
        }
        res = wait_for(submit("rx.refused.fault.test", 0, 0, 0), 8000);
        stop_resolver();
    }
    stop_faultdns(pid, log, &counts);
    check(ok == 20 && res && !strcmp(summary(res), "11002 0") && took(res) < slow(1500),
          "REFUSED with 24 queries out: \"%s\" after %llu ms (want 11002 within ~400 ms)", summary(res),
          (unsigned long long)took(res));
}

/* A forwarder that answers SERVFAIL past a soft bound on recursions (BIND's
 * named past its recursive-clients soft quota; faultdns sfbusy-N-D): each
 * query past 200 pending makes it abort its oldest one, and it answers an
 * aborted question SERVFAIL at once for a second after (BIND's SERVFAIL
 * cache).  128 lookups, 256 queries, sent as fast as the transport's pace
 * lets them out (128 at once, then 256 per 100 ms): the 201st makes the
 * server abort one.  Taken for load (200 or more queries out), the window
 * shrinks below the bound, so that few more are aborted, and those go out
 * again 1.1 s later: all 128 resolve in about 1.4 s.  Sent again as soon
 * as the server answers others (300 ms), as after a REFUSED, they would
 * meet the cached failure; taken for the server's last word (one server,
 * attempts:1), their lookups would fail. */
static void test_servfail_busy_forwarder(void)
{
    static const char *const args[] = { "--listen", "127.0.0.34:53", NULL };
    struct server_counts counts;
    uint64_t elapsed = 0;
    unsigned int ok;

    ok = burst_against("sfbusy", args, "nameserver 127.0.0.34\noptions timeout:5 attempts:1\n",
                       "sb", "sfbusy-200-300", 128, &elapsed, &counts);
    check(ok == 128 && elapsed >= 1300 && elapsed < slow(5000) && counts.aborted >= 1 && counts.aborted <= 56
          && counts.queries >= 256 + counts.aborted && counts.queries <= 256 + counts.aborted + 8,
          "SERVFAIL past a soft bound: %u of 128 resolved in %llu ms (want ~1400), %llu queries, %llu aborted "
          "(want 1 to 56 aborted, and 256 queries and the aborted ones sent again)",
          ok, (unsigned long long)elapsed, counts.queries, counts.aborted);
}

/* submits COUNT lookups of "<prefix><i>.<label>.fault.test" */
static void submit_numbered(UINT64 *handles, unsigned int count, const char *prefix, const char *label)
{
    char name[96];
    unsigned int i;

    for (i = 0; i < count; i++)
    {
        snprintf(name, sizeof(name), "%s%u.%s.fault.test", prefix, i, label);
        handles[i] = submit(name, 0, 0, 0);
    }
}

/* waits up to MS for each of COUNT lookups; returns how many have the
 * record summary WANT, and the longest from submit to record in *slowest
 * (if not NULL) */
static unsigned int wait_matching(const UINT64 *handles, unsigned int count, unsigned int ms, const char *want,
                                  uint64_t *slowest)
{
    unsigned int i, matching = 0;
    struct result *res;

    for (i = 0; i < count; i++)
    {
        if (!(res = wait_for(handles[i], ms))) continue;
        if (!strcmp(summary(res), want)) matching++;
        if (slowest && took(res) > *slowest) *slowest = took(res);
    }
    return matching;
}

/* Names a server never answers hold their place in the window only for a
 * while, as a lost datagram leaves TCP's pipe: stock Wine, a thread per
 * lookup, answers the other names at once.  40 lookups of silent names
 * (80 queries, timeout:1 attempts:3, so each fails after about 3 s) and 8
 * whose first try is dropped and whose copy is answered at once: that
 * looks like a full receive buffer (confirm_loss), and the window shrinks
 * to 32, below the 80 silent queries.  10 lookups the server answers at
 * once, sent next, must not wait for the silent ones to fail. */
static void test_silent_names(void)
{
    static const char *const args[] = { "--listen", "127.0.0.35:53", NULL };
    static const char both[] = "0 2 2001:db8:100::1 198.51.100.1";
    struct server_counts counts;
    UINT64 silent[40], dropped[8], answered[10];
    unsigned int ok_first = 0, ok_dropped = 0, ok_after = 0, failed = 0;
    uint64_t elapsed = 0, slowest = 0;
    char log[256];
    pid_t pid;

    if (start_pair("silent", args, "nameserver 127.0.0.35\noptions timeout:1 attempts:3\n",
                   log, sizeof(log), &pid))
    {
        /* answer times for the early resend and the loss detection */
        ok_first = burst("sn", "ok", 20, &elapsed);
        submit_numbered(silent, 40, "sd", "drop");
        submit_numbered(dropped, 8, "sf", "dropfirst-1");
        ok_dropped = wait_matching(dropped, 8, 5000, both, NULL);
        submit_numbered(answered, 10, "sa", "ok");
        ok_after = wait_matching(answered, 10, 8000, both, &slowest);
        failed = wait_matching(silent, 40, 8000, "11002 0", NULL);
        stop_resolver();
    }
    stop_faultdns(pid, log, &counts);
    check(ok_first == 20 && ok_dropped == 8 && ok_after == 10 && slowest < slow(1000) && failed == 40,
          "answered names among silent ones: %u of 10 resolved, the slowest after %llu ms (want within ~300 ms, "
          "not after the silent ones failed, ~3 s); %u of 20 and %u of 8 before; %u of 40 silent ones failed "
          "with 11002", ok_after, (unsigned long long)slowest, ok_first, ok_dropped, failed);
}

/* WHAT: COUNT lookups (at most 1,000) of
 * "<prefix><i>.sfbusy-<bound>-<delay>.fault.test" at once, against a
 * responder of their own listening on ADDR, with the field suite's budget
 * (timeout:2 attempts:1).  At full speed every lookup must resolve, with
 * at most MAX_ABORTED queries aborted.  Under valgrind the budget and the
 * delay stretch with slow(), but how many the server aborts, and so whether
 * an aborted query still fits in its budget, depends on how fast the engine
 * reacts to a SERVFAIL, a matter of the clock: every lookup must then end
 * with addresses (either alone, when the other query's try was aborted
 * twice) or WSATRY_AGAIN. */
static void check_sfbusy_burst(const char *what, const char *addr, const char *prefix, unsigned int bound,
                               unsigned int delay_ms, unsigned int count, unsigned long long max_aborted)
{
    static UINT64 handles[1000];
    char listen[32], conf[96], label[32], log[256];
    const char *args[] = { "--listen", listen, NULL };
    struct server_counts counts;
    unsigned int ok = 0, ended = 0, i;
    uint64_t slowest = 0;
    pid_t pid;

    snprintf(listen, sizeof(listen), "%s:53", addr);
    snprintf(conf, sizeof(conf), "nameserver %s\noptions timeout:%u attempts:1\n", addr, slow(2));
    snprintf(label, sizeof(label), "sfbusy-%u-%u", bound, slow(delay_ms));
    if (count > sizeof(handles) / sizeof(handles[0])) count = sizeof(handles) / sizeof(handles[0]);
    if (start_pair(label, args, conf, log, sizeof(log), &pid))
    {
        submit_numbered(handles, count, prefix, label);
        ok = wait_matching(handles, count, slow(10000), "0 2 2001:db8:100::1 198.51.100.1", &slowest);
        for (i = 0; i < count; i++)
        {
            struct result *res = wait_for(handles[i], 0);

            if (res && (res->rec.status == 11002 || (!res->rec.status && res->rec.addr_count))) ended++;
        }
        stop_resolver();
    }
    stop_faultdns(pid, log, &counts);
    if (slow(1) > 1)
        check(ended == count, "%s, slowed: %u of %u ended with addresses or 11002 (want all; %u with both "
              "addresses), %llu aborted", what, ended, count, ok, counts.aborted);
    else
        check(ok == count && counts.aborted <= max_aborted,
              "%s, 2 s budget: %u of %u resolved (want all), the slowest after %llu ms, %llu queries, %llu aborted "
              "(want at most %llu)", what, ok, count, (unsigned long long)slowest, counts.queries, counts.aborted,
              max_aborted);
}

/* The same forwarder with the field suite's budget (timeout:2 attempts:1,
 * so a lookup has 2 s) and many more lookups than its bound takes at once:
 * 600 lookups, 1,200 queries, against a bound of 200 and answers 100 ms
 * late.  Once a SERVFAIL showed the bound, the window stays below it:
 * growing back past it each round trip (as after a REFUSED) makes the
 * server abort a batch every round, and a query aborted past the first
 * second cannot wait out the server's SERVFAIL cache within its 2 s.  All
 * 600 resolve, in about a second and a half, with a few aborted (at most
 * 150 on a loaded machine; growing back, about 300). */
static void test_servfail_busy_budget(void)
{
    check_sfbusy_burst("SERVFAIL past a soft bound", "127.0.0.36", "sq", 200, 100, 600, 150);
}

/* BIND's own numbers: recursive-clients 1,000 with a soft quota of 900,
 * past which named aborts its oldest query for each new one, and a
 * forwarder slow enough (1 s here; named starved of CPU on a loaded
 * machine) that the window reaches the quota only after the first answers.
 * A query aborted then was sent about a second before, so its lookup has
 * too little left for the SERVFAIL hold (1.1 s) and another answer (1 s)
 * in the field suite's budget (timeout:2 attempts:1), and fails: 5 of 1,000 did through real named under
 * load, where stock Wine, slow to start its threads, lost none.  Past 896
 * queries the window waits for answers while the oldest query out could
 * not be sent again in time (unix_resolution.c, QUOTA_SAFE_INFLIGHT): all
 * 1,000 lookups (2,000 queries) resolve and the server aborts none. */
static void test_servfail_quota_late(void)
{
    check_sfbusy_burst("BIND's quota, 1 s answers", "127.0.0.40", "sl", 900, 1000, 1000, 0);
}

/* A name that always fails with SERVFAIL fails as it does under stock
 * Wine, with WSATRY_AGAIN, at once: alone (one query of each type, as
 * glibc with attempts:1) and with a few dozen queries out.  Only with 200
 * or more out is a SERVFAIL first taken for load, and its try goes out
 * once more 1.1 s later (unix_resolution.c, SERVFAIL_HOLD_MS; the busy
 * forwarder case above). */
static void test_servfail_real(void)
{
    static const char *const args[] = { "--listen", "127.0.0.34:53", NULL };
    struct server_counts counts;
    struct result *alone = NULL, *loaded = NULL;
    unsigned long long alone_queries = 0;
    uint64_t elapsed = 0;
    unsigned int ok = 0, i;
    char log[256];
    pid_t pid;

    if (start_pair("servfail-real", args, "nameserver 127.0.0.34\noptions timeout:5 attempts:1\n",
                   log, sizeof(log), &pid))
    {
        alone = wait_for(submit("sa.servfail.fault.test", 0, 0, 0), 8000);
        stop_resolver();
    }
    stop_faultdns(pid, log, &counts);
    alone_queries = counts.queries;
    check(alone && !strcmp(summary(alone), "11002 0") && took(alone) < slow(1000) && alone_queries == 2,
          "SERVFAIL alone: \"%s\" after %llu ms, %llu queries (want 11002 at once, 2 queries)",
          summary(alone), (unsigned long long)took(alone), alone_queries);

    pid = start_faultdns(args, log);
    if (pid && start_resolver("nameserver 127.0.0.34\noptions timeout:5 attempts:1\n"))
    {
        /* the usual answer time: at once */
        ok = burst("sl", "ok", 20, &elapsed);
        for (i = 0; i < 12; i++)
        {
            char name[64];

            snprintf(name, sizeof(name), "sd%u.delay-5000.fault.test", i);
            submit(name, 0, 0, 0);
        }
        loaded = wait_for(submit("sx.servfail.fault.test", 0, 0, 0), 8000);
        stop_resolver();
    }
    stop_faultdns(pid, log, &counts);
    check(ok == 20 && loaded && !strcmp(summary(loaded), "11002 0") && took(loaded) < slow(800),
          "SERVFAIL with 24 queries out: \"%s\" after %llu ms (want 11002 at once: too few out for a "
          "server's quota)", summary(loaded), (unsigned long long)took(loaded));

    loaded = NULL;
    pid = start_faultdns(args, log);
    if (pid && start_resolver("nameserver 127.0.0.34\noptions timeout:1 attempts:1\n"))
    {
        for (i = 0; i < 12; i++)
        {
            char name[64];

            snprintf(name, sizeof(name), "sd%u.delay-5000.fault.test", i);
            submit(name, 0, 0, 0);
        }
        loaded = wait_for(submit("sy.servfail.fault.test", 0, 0, 0), 8000);
        stop_resolver();
    }
    stop_faultdns(pid, log, &counts);
    check(loaded && !strcmp(summary(loaded), "11002 0") && took(loaded) < slow(800),
          "SERVFAIL with 24 queries out, 1 s to the deadline: \"%s\" after %llu ms (want 11002 at once)",
          summary(loaded), (unsigned long long)took(loaded));
}

/* A truncated answer whose TCP retry fails (the first server closes every
 * connection) goes on to the next server, at once; the truncated reply's
 * own (empty) answer is never taken for NODATA. */
static void test_truncated_failover(void)
{
    static const char *const args[][3] =
    {
        { "--tcp-close", "127.0.0.25:53", NULL },
        { "--listen", "127.0.0.26:53", NULL },
    };
    struct server_counts counts[2];
    struct result *res = NULL;
    char logs[2][256];
    pid_t pids[2];

    log_path(logs[0], sizeof(logs[0]), "tc-failover1");
    log_path(logs[1], sizeof(logs[1]), "tc-failover2");
    pids[0] = start_faultdns(args[0], logs[0]);
    pids[1] = start_faultdns(args[1], logs[1]);
    if (pids[0] && pids[1]
        && start_resolver("nameserver 127.0.0.25\nnameserver 127.0.0.26\noptions timeout:3 attempts:1\n"))
    {
        res = wait_for(submit("tf1.tc.fault.test", 0, 0, 0), 10000);
        check(res && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1") && took(res) < slow(2000),
              "TCP refused after TC: \"%s\" after %llu ms (want the second server's answer at once)",
              summary(res), (unsigned long long)took(res));
        stop_resolver();
    }
    stop_faultdns(pids[0], logs[0], &counts[0]);
    stop_faultdns(pids[1], logs[1], &counts[1]);
    check(counts[0].udp == 2 && counts[1].udp == 2 && counts[1].tcp == 2,
          "TC failover: first server udp %llu, second udp %llu tcp %llu (want 2, 2, 2)",
          counts[0].udp, counts[1].udp, counts[1].tcp);
}

/* "options single-request": A, then AAAA once A is answered.  With both
 * answers 400 ms late, a lookup takes 400 ms when they go out together and
 * 800 ms when they go one after the other. */
static void test_single_request(void)
{
    static const char *const confs[] =
    {
        "nameserver 127.0.0.2\noptions timeout:3\n",
        "nameserver 127.0.0.2\noptions timeout:3 single-request\n",
        "nameserver 127.0.0.2\noptions timeout:3 single-request-reopen\n",
    };
    struct result *res;
    unsigned int c;

    for (c = 0; c < 3; c++)
    {
        char name[64];

        if (!start_resolver(confs[c])) return;
        snprintf(name, sizeof(name), "sr%u.delay-400.fault.test", c);
        res = wait_for(submit(name, 0, 0, 0), 8000);
        if (!c)
            check(res && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1") && took(res) >= 350
                  && took(res) < slow(750), "A and AAAA at once: \"%s\" after %llu ms (want ~400)", summary(res),
                  (unsigned long long)took(res));
        else
            check(res && !strcmp(summary(res), "0 2 2001:db8:100::1 198.51.100.1") && took(res) >= 780
                  && took(res) < slow(1500), "%s: \"%s\" after %llu ms (want ~800: one after the other)",
                  c == 1 ? "single-request" : "single-request-reopen", summary(res),
                  (unsigned long long)took(res));
        /* one family: one query, no wait for the other */
        snprintf(name, sizeof(name), "sr%u-v4.delay-400.fault.test", c);
        res = wait_for(submit(name, 2, 0, 0), 8000);
        check(res && !strcmp(summary(res), "0 1 198.51.100.1") && took(res) < slow(750),
              "conf %u, AF_INET alone: \"%s\" after %llu ms", c, summary(res), (unsigned long long)took(res));
        /* the second query goes out even after a failure of the first */
        snprintf(name, sizeof(name), "sr%u.nxdomain.fault.test", c);
        res = wait_for(submit(name, 0, 0, 0), 8000);
        check(res && !strcmp(summary(res), "11001 0"), "conf %u, NXDOMAIN: \"%s\"", c, summary(res));
        stop_resolver();
    }
}

/* "options no-aaaa" (glibc 2.36): no AAAA query; the hosts file still
 * gives IPv6 addresses */
static void test_no_aaaa(void)
{
    static const char *const args[] = { "--listen", "127.0.0.24:53", NULL };
    struct server_counts counts;
    char log[256];
    pid_t pid;

    log_path(log, sizeof(log), "no-aaaa");
    if (!(pid = start_faultdns(args, log))) return;
    if (start_resolver("nameserver 127.0.0.24\noptions timeout:2 no-aaaa\n"))
    {
        expect("na1.ok.fault.test", 0, 0, "0 1 198.51.100.1");
        expect("na2.ok.fault.test", WS2GETDNS_AF_INET6, 0, "11004 0");
        expect("na3.ok.fault.test", WS2GETDNS_AF_INET6, WS2GETDNS_AI_V4MAPPED, "0 1 ::ffff:198.51.100.1");
        expect("localhost", WS2GETDNS_AF_INET6, 0, "0 1 ::1");
        stop_resolver();
    }
    stop_faultdns(pid, log, &counts);
    check(counts.queries == 2, "no-aaaa: the server saw %llu queries (want 2, both A)", counts.queries);
}

/* systemd-resolved's stub file: 127.0.0.53, "options edns0 trust-ad",
 * "search .": names resolve, and each is asked once (A and AAAA), never
 * again as "name." or with a search suffix */
static void test_systemd_stub(void)
{
    static const char *const args[] = { "--listen", "127.0.0.53:53", NULL };
    struct server_counts counts;
    char log[256];
    pid_t pid;

    log_path(log, sizeof(log), "stub");
    if (!(pid = start_faultdns(args, log))) return;
    if (start_resolver("# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\n"
                       "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n"))
    {
        expect("stub1.ok.fault.test", 0, 0, "0 2 2001:db8:100::1 198.51.100.1");
        expect("stub2.nxdomain.fault.test", 0, 0, "11001 0");
        expect("stub3.nodata.fault.test", 0, 0, "11004 0");
        /* a single label, outside the responder's zone: REFUSED, for "stub4"
         * alone, on each of the two attempts of the one server */
        expect("stub4", 0, 0, "11002 0");
        stop_resolver();
    }
    stop_faultdns(pid, log, &counts);
    check(counts.queries == 10, "systemd stub: the server saw %llu queries (want 10: A and AAAA of 3 names, twice for the REFUSED one)",
          counts.queries);
}

static int run_ip(const char *fmt, ...)
{
    char cmd[512];
    va_list args;

    va_start(args, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, args);
    va_end(args);
    return system(cmd);
}

/* "nameserver fe80::53%ws2gd0": a server on a link-local address is
 * reachable only through its interface.  It must sit across a link (a
 * local fe80:: address answers without a scope), and another link must
 * be preferred for fe80::/64 (with one link, the kernel routes an
 * unscoped address through it).  So a veth pair joins the sandbox's
 * network namespace to one of its own, where the responder listens on
 * fe80::53, and a second pair, ws2gd2-ws2gd3, leads nowhere at a lower
 * route metric. */
static void test_scope_id(void)
{
    static const char *const args[] = { "--listen", "[fe80::53%ws2gd1]:53", NULL };
    struct server_counts counts;
    char log[256], conf[128];
    pid_t holder, pid;

    /* the other end's namespace, kept by a process that waits for SIGTERM */
    if (!(holder = fork()))
    {
        if (unshare(CLONE_NEWNET)) _exit(1);
        pause();
        _exit(0);
    }
    usleep(100000);
    if (holder < 0 || run_ip("PATH=/usr/sbin:/sbin:$PATH; ip link add ws2gd0 type veth peer name ws2gd1 2>/dev/null"
                             " && ip link set ws2gd1 netns %d && ip link set ws2gd0 up"
                             " && ip -6 addr add fe80::1/64 dev ws2gd0 nodad"
                             " && nsenter -t %d -n sh -c 'ip link set lo up && ip link set ws2gd1 up"
                             " && ip -6 addr add fe80::53/64 dev ws2gd1 nodad'"
                             " && ip link add ws2gd2 type veth peer name ws2gd3 && ip link set ws2gd2 up"
                             " && ip link set ws2gd3 up && ip -6 addr add fe80::2/64 dev ws2gd2 nodad"
                             " && ip -6 route add fe80::/64 dev ws2gd2 metric 1",
                             (int)holder, (int)holder))
    {
        check(0, "cannot put fe80::53 across a veth pair in the sandbox (no veth in this kernel?)");
        if (holder > 0)
        {
            kill(holder, SIGTERM);
            waitpid(holder, NULL, 0);
        }
        return;
    }
    log_path(log, sizeof(log), "scope");
    if ((pid = start_faultdns_in(args, log, holder)))
    {
        if (start_resolver("nameserver fe80::53%ws2gd0\noptions timeout:1 attempts:1\n"))
        {
            expect("ll1.ok.fault.test", 0, 0, "0 2 2001:db8:100::1 198.51.100.1");
            stop_resolver();
        }
        /* the interface as its index */
        snprintf(conf, sizeof(conf), "nameserver fe80::53%%%u\noptions timeout:1 attempts:1\n",
                 if_nametoindex("ws2gd0"));
        if (start_resolver(conf))
        {
            expect("ll2.ok.fault.test", 2, 0, "0 1 198.51.100.1");
            stop_resolver();
        }
        /* without the scope the address leads to the other link: no reply */
        if (start_resolver("nameserver fe80::53\noptions timeout:1 attempts:1\n"))
        {
            expect("ll3.ok.fault.test", 2, 0, "11002 0");
            stop_resolver();
        }
        stop_faultdns(pid, log, &counts);
        check(counts.queries == 3, "link-local server saw %llu queries (want 3, none without the scope)",
              counts.queries);
    }
    run_ip("PATH=/usr/sbin:/sbin:$PATH; ip link del ws2gd0; ip link del ws2gd2");
    kill(holder, SIGTERM);
    waitpid(holder, NULL, 0);
}

/* resolver_run_sync: one lookup on the calling thread */
struct sync_run
{
    const char *name;
    UINT32 timeout_ms;
    UINT64 handle;
    UINT32 status;          /* resolver_run_sync's */
    UINT32 done;
    uint64_t start, end;
    char buffer[WS2GETDNS_MIN_RUN_BUFFER];
};

static void run_sync(struct sync_run *run)
{
    struct run_sync_params params;

    memset(&params, 0, sizeof(params));
    pthread_mutex_lock(&lock);
    run->handle = next_handle++;
    results[run->handle].submitted = loop_now_ms();
    pthread_mutex_unlock(&lock);
    params.submit.handle = run->handle;
    params.submit.timeout_ms = run->timeout_ms;
    params.submit.timeout_status = 10060;
    snprintf(params.submit.name, sizeof(params.submit.name), "%s", run->name);
    params.buffer = run->buffer;
    params.size = sizeof(run->buffer);
    run->start = loop_now_ms();
    run->status = resolver_run_sync(resolver, &params);
    run->end = loop_now_ms();
    run->done = params.done;
}

static void *sync_thread(void *arg)
{
    run_sync(arg);
    return NULL;
}

static const struct result_record *sync_record(struct sync_run *run)
{
    return (const struct result_record *)run->buffer;
}

/* Synchronous lookups of `pattern` (%d: the try) until one runs on the
 * caller's thread, as it does once the collector has parked (a new
 * resolver's collector may still hold the loop at first); returns the
 * tries it took, with the last one in `run`. */
static int sync_until_on_thread(struct sync_run *run, const char *pattern, char *name, size_t size)
{
    int tries;

    for (tries = 0; tries < 50; tries++)
    {
        snprintf(name, size, pattern, tries);
        run->name = name;
        run->timeout_ms = 0;
        run_sync(run);
        if (run->done || run->status) break;
        wait_for(run->handle, 5000);
        usleep(20000);
    }
    return tries + 1;
}

static void test_sync(void)
{
    static struct sync_run run;
    const struct result_record *rec;
    struct result *res, *fast;
    pthread_t thread;
    char name[64];
    UINT64 h;
    int tries;

    /* idle: the collector has parked, so the caller runs the loop itself */
    tries = sync_until_on_thread(&run, "sync-idle%d.ok.fault.test", name, sizeof(name));
    rec = sync_record(&run);
    check(!run.status && run.done, "sync on an idle resolver: status %u, done %u after %d tries",
          run.status, run.done, tries);
    if (run.done)
    {
        check(rec->handle == run.handle && !rec->status && rec->addr_count == 2,
              "sync on an idle resolver: handle %llu (want %llu), status %u, %u addresses",
              (unsigned long long)rec->handle, (unsigned long long)run.handle, rec->status, rec->addr_count);
        check(!wait_for(run.handle, 200), "a synchronous record also came through resolver_run");
    }

    /* the caller's timeval ends it on the caller's thread too */
    run.name = "sync-timeout.drop.fault.test";
    run.timeout_ms = 200;
    run_sync(&run);
    if (!run.done) wait_for(run.handle, 5000);
    check(!run.status, "sync timeout: resolver_run_sync returned %u", run.status);
    if (run.done)
        check(sync_record(&run)->status == 10060 && run.end - run.start >= 190 && run.end - run.start < slow(1000),
              "sync timeout: status %u after %llu ms", sync_record(&run)->status,
              (unsigned long long)(run.end - run.start));

    /* another lookup comes in: the caller gives the loop back, and both
     * records come through resolver_run, the fast one first */
    run.name = "sync-handback.delay-600.fault.test";
    run.timeout_ms = 0;
    pthread_create(&thread, NULL, sync_thread, &run);
    usleep(100000);
    h = submit("sync-fast.ok.fault.test", 0, 0, 0);
    fast = wait_for(h, 5000);
    check(fast && !fast->rec.status && fast->received - fast->submitted < slow(400),
          "an asynchronous lookup during a synchronous one: %s after %llu ms", summary(fast),
          fast ? (unsigned long long)(fast->received - fast->submitted) : 0ull);
    pthread_join(thread, NULL);
    check(!run.status && !run.done, "sync hand-back: status %u, done %u", run.status, run.done);
    res = wait_for(run.handle, 5000);
    check(res && !res->rec.status && res->rec.addr_count == 2 && res->received - res->submitted >= 550,
          "sync hand-back: %s after %llu ms", summary(res),
          res ? (unsigned long long)(res->received - res->submitted) : 0ull);

    /* the loop is busy: queued like any other lookup */
    h = submit("sync-busy.delay-300.fault.test", 0, 0, 0);
    usleep(50000);
    run.name = "sync-queued.ok.fault.test";
    run_sync(&run);
    check(!run.status && !run.done, "sync while busy: status %u, done %u", run.status, run.done);
    res = wait_for(run.handle, 5000);
    check(res && !res->rec.status && res->rec.addr_count == 2, "sync while busy: %s", summary(res));
    res = wait_for(h, 5000);
    check(res && !res->rec.status, "the lookup in flight: %s", summary(res));
}

/* A synchronous lookup whose A answer comes before its AAAA answer (sent
 * first): the A answer arms the loss check for the AAAA try.  Once that is
 * answered too, nothing of the lookup may stay on the loop.  A timer left
 * armed handed the loop to the collector at the hand-back, and the
 * synchronous lookups after it were queued to the collector until it
 * fired: two thread wake-ups more for each. */
static void test_sync_leaves_nothing(void)
{
    static struct sync_run run;
    char name[64];
    int i, tries, on_thread = 0;

    /* answers that took 300 ms: a try counts as lost only after hundreds
     * of ms, long after its 30 ms late AAAA answer */
    tries = sync_until_on_thread(&run, "sync-slow%d.delay-300.fault.test", name, sizeof(name));
    check(!run.status && run.done && !sync_record(&run)->status,
          "sync, answered in 300 ms: status %u, done %u after %d tries", run.status, run.done, tries);

    for (i = 0; i < 5; i++)
    {
        unsigned int timers;

        snprintf(name, sizeof(name), "sync-aaaa%d.aaaadelay-30.fault.test", i);
        run.name = name;
        run.timeout_ms = 0;
        run_sync(&run);
        if (!run.done)
        {
            struct result *res = wait_for(run.handle, 5000);

            check(res && !res->rec.status && res->rec.addr_count == 2, "sync %d, AAAA late, queued: %s",
                  i, summary(res));
        }
        else
        {
            /* the loop is this thread's until the next call: nothing else runs it */
            timers = epoll_loop_timer_count(resolver->loop);
            on_thread++;
            check(!sync_record(&run)->status && sync_record(&run)->addr_count == 2,
                  "sync %d, AAAA late: status %u, %u addresses", i, sync_record(&run)->status,
                  sync_record(&run)->addr_count);
            check(!timers, "sync %d, AAAA late: %u timers left on the loop", i, timers);
        }
        /* time for a collector the loop was handed to to take it */
        usleep(20000);
    }
    check(on_thread == 5, "%d of 5 synchronous lookups with a late AAAA ran on their caller's thread",
          on_thread);
}

/* After TCP (a truncated answer), the pool keeps the connection and a
 * timer to sweep it.  Synchronous lookups still run on their caller's
 * thread meanwhile (they were queued to the collector until the sweep),
 * and the sweep still comes with no lookup to wake the loop: the collector
 * takes the loop back for it. */
static void test_sync_after_tcp(void)
{
    static struct sync_run run;
    char name[64];
    int i, tries, on_thread = 0;
    unsigned int fds, timers;
    uint64_t start;

    tries = sync_until_on_thread(&run, "tcp-warm%d.ok.fault.test", name, sizeof(name));
    check(!run.status && run.done, "sync before TCP: status %u, done %u after %d tries", run.status, run.done,
          tries);

    run.name = "tcp-first.tc.fault.test";
    run_sync(&run);
    if (run.done)
        check(!sync_record(&run)->status && sync_record(&run)->addr_count == 2,
              "sync, truncated: status %u, %u addresses", sync_record(&run)->status, sync_record(&run)->addr_count);
    else
    {
        struct result *res = wait_for(run.handle, 5000);

        check(res && !res->rec.status && res->rec.addr_count == 2, "sync, truncated, queued: %s", summary(res));
    }
    start = loop_now_ms();
    for (i = 0; i < 5; i++)
    {
        usleep(20000);
        snprintf(name, sizeof(name), "tcp-after%d.ok.fault.test", i);
        run.name = name;
        run_sync(&run);
        if (run.done)
        {
            on_thread++;
            check(!sync_record(&run)->status, "sync %d after TCP: status %u", i, sync_record(&run)->status);
        }
        else
        {
            struct result *res = wait_for(run.handle, 5000);

            check(res && !res->rec.status, "sync %d after TCP, queued: %s", i, summary(res));
        }
    }
    check(on_thread == 5, "%d of 5 synchronous lookups after TCP ran on their caller's thread", on_thread);

    /* nothing runs lookups now: the pool's sweep (10 s after its last use)
     * must still close the connection and leave the loop idle */
    do
    {
        usleep(100000);
        pthread_mutex_lock(&resolver->lock);
        fds = resolver->loop_held ? ~0u : epoll_loop_fd_count(resolver->loop);
        timers = resolver->loop_held ? ~0u : epoll_loop_timer_count(resolver->loop);
        pthread_mutex_unlock(&resolver->lock);
    } while ((fds > RESOLVER_OWN_FDS || timers) && loop_now_ms() - start < slow(15000));
    check(fds <= RESOLVER_OWN_FDS && !timers, "after the pool's sweep: %u descriptors, %u timers on the loop after %llu ms",
          fds, timers, (unsigned long long)(loop_now_ms() - start));
}

/* ------------------------------------------------- custom servers */

/* ADDRINFOEX6 ai_servers: a lookup with AI_EXCLUSIVE_CUSTOM_SERVERS asks
 * only its own servers (each responder counts what it saw), fails over
 * between them, is cancelled and times out as any other; without the flag
 * resolv.conf's server comes first.  Sets are bounded: a ninth server list
 * while eight are held fails at once, and an idle set makes room. */
static void test_custom_servers(void)
{
    static const char *const args[][3] =
    {
        { "--listen", "127.0.0.31:53", NULL },
        { "--listen", "127.0.0.32:53", NULL },
        { "--listen", "127.0.0.33:5353", NULL },
    };
    static const char *const custom[] = { "127.0.0.32" };
    static const char *const failover[] = { "127.0.0.9", "127.0.0.32" };
    static const char *const silent[] = { "127.0.0.9" };
    static const char *const ported[] = { "127.0.0.33#5353" };
    static const char *const want = "0 2 2001:db8:100::1 198.51.100.1";
    struct server_counts counts[3];
    struct result *res;
    char logs[3][256], name[64];
    UINT64 h, held[MAX_CUSTOM_SETS], extra;
    unsigned int i, j;
    pid_t pids[3];

    for (i = 0; i < 3; i++)
    {
        snprintf(name, sizeof(name), "custom%u", i);
        log_path(logs[i], sizeof(logs[i]), name);
        pids[i] = start_faultdns(args[i], logs[i]);
    }
    if (!pids[0] || !pids[1] || !pids[2]
        || !start_resolver("nameserver 127.0.0.31\noptions timeout:1 attempts:2\n"))
    {
        for (i = 0; i < 3; i++) stop_faultdns(pids[i], logs[i], &counts[i]);
        return;
    }

    /* exclusive: 2 lookups, A and AAAA each, all to the custom server */
    for (i = 0; i < 2; i++)
    {
        snprintf(name, sizeof(name), "cs%u.ok.fault.test", i);
        res = wait_for(submit_servers(name, 0, 0, 0, custom, 1, WS2GETDNS_SERVERS_EXCLUSIVE), 8000);
        check(res && !strcmp(summary(res), want), "custom server: \"%s\"", summary(res));
    }
    /* a port of its own */
    res = wait_for(submit_servers("cs-port.ok.fault.test", 2, 0, 0, ported, 1, WS2GETDNS_SERVERS_EXCLUSIVE), 8000);
    check(res && !strcmp(summary(res), "0 1 198.51.100.1"), "custom server with a port: \"%s\"", summary(res));

    /* failover: the silent first one for a timeout (1 s), then the second */
    h = submit_servers("cs-fail.ok.fault.test", 0, 0, 0, failover, 2, WS2GETDNS_SERVERS_EXCLUSIVE);
    res = wait_for(h, 8000);
    check(res && !strcmp(summary(res), want) && took(res) >= 900 && took(res) < slow(1900),
          "custom failover: \"%s\" after %llu ms (want the second's answer after ~1 s)", summary(res),
          (unsigned long long)took(res));
    /* remembered for that list, as for resolv.conf's */
    res = wait_for(submit_servers("cs-fail2.ok.fault.test", 0, 0, 0, failover, 2, WS2GETDNS_SERVERS_EXCLUSIVE), 8000);
    check(res && !strcmp(summary(res), want) && took(res) < slow(500), "custom failover remembered: \"%s\" after %llu ms",
          summary(res), (unsigned long long)took(res));

    /* the caller's timeout, and without one the budget: attempts x servers x timeout */
    h = submit_servers("cs-to.ok.fault.test", 2, 0, 500, silent, 1, WS2GETDNS_SERVERS_EXCLUSIVE);
    res = wait_for(h, 5000);
    check(res && res->rec.status == 10060 && took(res) >= 450 && took(res) < slow(1200),
          "silent custom server, timeout 500 ms: \"%s\" after %llu ms", summary(res), (unsigned long long)took(res));
    h = submit_servers("cs-budget.ok.fault.test", 2, 0, 0, silent, 1, WS2GETDNS_SERVERS_EXCLUSIVE);
    res = wait_for(h, 8000);
    check(res && res->rec.status == 11002 && took(res) >= 1900 && took(res) < slow(3500),
          "silent custom server, no timeout: \"%s\" after %llu ms (want 11002 after ~2 s)", summary(res),
          (unsigned long long)took(res));

    /* cancelled: no record, ever */
    h = submit_servers("cs-cancel.delay-1000.fault.test", 2, 0, 0, custom, 1, WS2GETDNS_SERVERS_EXCLUSIVE);
    usleep(50000);
    resolver_cancel(resolver, h);
    res = wait_for(submit_servers("cs-after.delay-1500.fault.test", 2, 0, 0, custom, 1,
                                  WS2GETDNS_SERVERS_EXCLUSIVE), 5000);
    check(res && !res->rec.status && !results[h].seen, "custom server, cancelled: %s record, sentinel \"%s\"",
          results[h].seen ? "a" : "no", summary(res));

    /* not exclusive: resolv.conf's server first (2 queries), the custom one after it */
    res = wait_for(submit_servers("cs-sys.ok.fault.test", 0, 0, 0, custom, 1, 0), 8000);
    check(res && !strcmp(summary(res), want), "custom server as a fallback: \"%s\"", summary(res));
    /* numbers and localhost answer without any server */
    res = wait_for(submit_servers("192.0.2.77", 2, 0, 0, silent, 1, WS2GETDNS_SERVERS_EXCLUSIVE), slow(2000));
    check(res && !strcmp(summary(res), "0 1 192.0.2.77") && took(res) < slow(500), "number with custom servers: \"%s\"",
          summary(res));

    /* the bound: eight held lists (silent servers, 5 s timeouts), a ninth
     * refused at once: before any of the eight ends, however slow the
     * machine (under valgrind with both cores busy a 1.5 s timeout could
     * end them before the ninth was looked at) */
    for (i = 0; i < MAX_CUSTOM_SETS; i++)
    {
        char server[32];
        const char *list[1] = { server };

        snprintf(server, sizeof(server), "127.0.0.%u", 40 + i);
        snprintf(name, sizeof(name), "cs-held%u.ok.fault.test", i);
        held[i] = submit_servers(name, 2, 0, 5000, list, 1, WS2GETDNS_SERVERS_EXCLUSIVE);
    }
    {
        static const char *const ninth[] = { "127.0.0.60" };
        unsigned int ended = 0;

        usleep(200000);
        extra = submit_servers("cs-ninth.ok.fault.test", 2, 0, 1500, ninth, 1, WS2GETDNS_SERVERS_EXCLUSIVE);
        res = wait_for(extra, 4500);
        pthread_mutex_lock(&lock);
        for (i = 0; i < MAX_CUSTOM_SETS; i++) ended += results[held[i]].seen;
        pthread_mutex_unlock(&lock);
        check(res && res->rec.status == 10055 && !ended, "ninth server list: \"%s\" (want 10055 before any of the "
              "eight ended; %u had)", summary(res), ended);
        for (i = j = 0; i < MAX_CUSTOM_SETS; i++)
            if ((res = wait_for(held[i], 20000)) && res->rec.status == 10060) j++;
        check(j == MAX_CUSTOM_SETS, "held lists timed out: %u of %u", j, MAX_CUSTOM_SETS);
        /* now idle: the oldest makes room for a new list */
        res = wait_for(submit_servers("cs-room.ok.fault.test", 2, 0, 0, custom, 1, WS2GETDNS_SERVERS_EXCLUSIVE), 5000);
        check(res && !strcmp(summary(res), "0 1 198.51.100.1"), "a new list once the others are idle: \"%s\"",
              summary(res));
        res = wait_for(submit("cs-room2.ok.fault.test", 2, 0, 0), 5000);
        check(res && !strcmp(summary(res), "0 1 198.51.100.1"), "resolv.conf's servers meanwhile: \"%s\"",
              summary(res));
    }
    stop_resolver();
    for (i = 0; i < 3; i++) stop_faultdns(pids[i], logs[i], &counts[i]);
    /* resolv.conf's: cs-sys (A, AAAA) and cs-room2 (A); the custom one: cs0, cs1
     * (A, AAAA each), the failovers' answers (4), cs-cancel, cs-after, cs-room,
     * and maybe an early resend of the delayed ones (unix_transport.h) */
    check(counts[0].queries == 3, "resolv.conf's server saw %llu queries (want 3: none of the exclusive lookups)",
          counts[0].queries);
    check(counts[1].queries >= 11 && counts[1].queries <= 13, "the custom server saw %llu queries (want 11 to 13)",
          counts[1].queries);
    check(counts[2].queries == 1, "the custom server with a port saw %llu queries (want 1)", counts[2].queries);
}

static void *watchdog(void *arg)
{
    sleep(slow(300));
    printf("FAIL resolver_test: watchdog expired\n");
    exit(2);
}

int main(void)
{
    pthread_t dog;

    if (!getenv("WS2GETDNS_SANDBOX"))
    {
        /* never let this query the machine's own resolver */
        check(0, "resolver_test must run inside tests/sandbox/run");
        return check_summary();
    }
    pthread_create(&dog, NULL, watchdog, NULL);
    unsetenv("WS2GETDNS_MAX_INFLIGHT");
    unsetenv("WS2GETDNS_HOSTS");

    if (start_resolver(NULL))
    {
        test_basic();
        test_local();
        test_concurrent(1000, "1000 concurrent (unbound)");
        stop_resolver();
    }
    /* unbound gives no answer at all for delay-1000 and longer: delays,
     * drops and broken answers go straight to the responder */
    if (start_resolver("nameserver 127.0.0.2\n"))
    {
        test_faults();
        test_timeouts();
        test_cancel();
        test_threads();
        stop_resolver();
    }
    /* a resolver of its own for each: who runs the loop is what they
     * test, and lookups test_faults left draining would decide it */
    if (start_resolver("nameserver 127.0.0.2\noptions timeout:30\n"))
    {
        test_cancel_deferred();
        stop_resolver();
    }
    if (start_resolver("nameserver 127.0.0.2\n"))
    {
        test_sync();
        stop_resolver();
    }
    if (start_resolver("nameserver 127.0.0.2\n"))
    {
        test_trim_after_burst();
        stop_resolver();
    }
    if (start_resolver("nameserver 127.0.0.2\n"))
    {
        test_sync_leaves_nothing();
        stop_resolver();
    }
    if (start_resolver("nameserver 127.0.0.2\n"))
    {
        test_sync_after_tcp();
        stop_resolver();
    }
    check(!bad_records, "all records well-formed (%u bad)", bad_records);
    test_retry();
    test_late_answer();
    test_early_resend();
    test_search();
    test_reload();
    test_failover_silent();
    test_failover_rcodes();
    test_failover_remembered();
    test_reload_live();
    test_rotate();
    test_use_vc();
    test_tcp_serial();
    test_tcp_overflow();
    test_truncated_failover();
    test_busy_forwarder();
    test_busy_forwarder_tcp();
    test_busy_forwarder_pace();
    test_intake();
    test_mixed_latency();
    test_refused_under_load();
    test_servfail_busy_forwarder();
    test_servfail_real();
    test_silent_names();
    test_servfail_busy_budget();
    test_servfail_quota_late();
    test_single_request();
    test_no_aaaa();
    test_systemd_stub();
    test_scope_id();
    test_custom_servers();
    test_queue_deadline();
    test_queue_budget();
    test_stop_pending();
    return check_summary();
}
