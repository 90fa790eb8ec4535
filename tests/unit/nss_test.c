/*
 * ws2getdns Unix-side tests of the nsswitch route (unix_nss.c)
 *
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

/* The parser and the routes on their own, then the resolver inside a
 * sandbox whose nsswitch.conf says "hosts: files wstest dns", with the
 * test module (tests/nss/nss_wstest.c) on LD_LIBRARY_PATH:
 *     tests/sandbox/run --nsswitch-hosts "files wstest dns" -- \
 *         env LD_LIBRARY_PATH=DIR tests/unit/build/nss_test
 * The resolver's own view of nsswitch.conf comes from WS2GETDNS_NSSWITCH,
 * so one run checks several lines; glibc in the workers reads the
 * sandbox's. */

#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "unit_check.h"
#include "unix_resolver_private.h"

#define MAX_HANDLES 1000

/* ------------------------------------------------------------ routes */

static enum nss_route route( const char *line, const char *name, int resolved )
{
    struct nss_config conf;

    nss_config_parse( line, 0, resolved, &conf );
    return nss_route( &conf, name, "myhost" );
}

static void test_routes(void)
{
    static const struct
    {
        const char *line, *name;
        int resolved;
        enum nss_route want;
    }
    tests[] =
    {
        { "", "www.example.com", 0, NSS_ROUTE_DNS },
        { "passwd: files\n", "myhost", 0, NSS_ROUTE_DNS },
        { "hosts: files dns\n", "www.example.com", 0, NSS_ROUTE_DNS },
        { "hosts: files dns\n", "printer.local", 0, NSS_ROUTE_DNS },
        { "hosts: files dns\n", "myhost", 0, NSS_ROUTE_DNS },
        /* Debian/Ubuntu desktops */
        { "hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", "printer.local", 0, NSS_ROUTE_SYSTEM },
        { "hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", "Printer.Local.", 0, NSS_ROUTE_SYSTEM },
        { "hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", "www.example.com", 0, NSS_ROUTE_DNS },
        { "hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", "notlocal", 0, NSS_ROUTE_DNS },
        { "hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", "myhost", 0, NSS_ROUTE_DNS_THEN_SYSTEM },
        { "hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", "MYHOST.", 0, NSS_ROUTE_DNS_THEN_SYSTEM },
        { "hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", "_gateway", 0, NSS_ROUTE_DNS_THEN_SYSTEM },
        { "hosts: files mdns4_minimal [NOTFOUND=return] dns myhostname\n", "myhost.example", 0, NSS_ROUTE_DNS },
        /* systemd, with and without resolved running */
        { "hosts:  files myhostname resolve [!UNAVAIL=return] dns\n", "myhost", 0, NSS_ROUTE_SYSTEM },
        { "hosts:  files myhostname resolve [!UNAVAIL=return] dns\n", "_outbound", 0, NSS_ROUTE_SYSTEM },
        { "hosts:  files myhostname resolve [!UNAVAIL=return] dns\n", "x.localhost.localdomain", 0, NSS_ROUTE_SYSTEM },
        { "hosts:  files myhostname resolve [!UNAVAIL=return] dns\n", "www.example.com", 0, NSS_ROUTE_DNS },
        { "hosts:  files myhostname resolve [!UNAVAIL=return] dns\n", "intranet", 0, NSS_ROUTE_DNS },
        { "hosts:  files myhostname resolve [!UNAVAIL=return] dns\n", "www.example.com", 1, NSS_ROUTE_DNS },
        { "hosts:  files myhostname resolve [!UNAVAIL=return] dns\n", "intranet", 1, NSS_ROUTE_SYSTEM },
        { "hosts:  files myhostname resolve [!UNAVAIL=return] dns\n", "nas.local", 1, NSS_ROUTE_SYSTEM },
        { "hosts:  files myhostname resolve [!UNAVAIL=return] dns\n", "_localdnsstub", 1, NSS_ROUTE_SYSTEM },
        /* a source we cannot see into, before or after dns */
        { "hosts: files wins dns\n", "www.example.com", 0, NSS_ROUTE_SYSTEM },
        { "hosts: files dns wins\n", "www.example.com", 0, NSS_ROUTE_DNS_THEN_SYSTEM },
        { "hosts: files dns [NOTFOUND=return] wins\n", "www.example.com", 0, NSS_ROUTE_DNS },
        { "hosts: files dns [!UNAVAIL=return] wins\n", "www.example.com", 0, NSS_ROUTE_DNS },
        { "hosts: files ldap [NOTFOUND=return] dns\n", "www.example.com", 0, NSS_ROUTE_SYSTEM },
        /* glibc never asks DNS */
        { "hosts: files myhostname\n", "www.example.com", 0, NSS_ROUTE_SYSTEM },
        /* the first hosts line counts; comments; other databases */
        { "# hosts: wins\npasswd: files wins\nhosts: files dns # wins\nhosts: wins dns\n", "a.example", 0, NSS_ROUTE_DNS },
        { "hosts:files[NOTFOUND=continue]dns\n", "a.example", 0, NSS_ROUTE_DNS },
    };
    unsigned int i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        enum nss_route got = route( tests[i].line, tests[i].name, tests[i].resolved );

        check( got == tests[i].want, "route of %s (resolved %d) with \"%.*s\": %u, want %u", tests[i].name,
               tests[i].resolved, (int)strcspn( tests[i].line, "\n" ), tests[i].line, got, tests[i].want );
    }
}

/* -------------------------------------------------------- the resolver */

#include "resolver_driver.h"

static int start_resolver( const char *nsswitch_text )
{
    return write_config( "WS2GETDNS_NSSWITCH", "nss-test-nsswitch.conf", nsswitch_text ) && start_driver();
}

static struct nss_stats stats(void)
{
    struct nss_stats s;

    /* the loop thread writes nss_pool once; the pool's counters are locked */
    nss_pool_stats( __atomic_load_n( &resolver->nss_pool, __ATOMIC_SEQ_CST ), &s );
    return s;
}

/* until every job is freed (a late result comes back), at most ms */
static struct nss_stats wait_jobs_gone( unsigned int ms )
{
    struct nss_stats s = stats();

    while (s.live_jobs && ms >= 20)
    {
        usleep( 20000 );
        ms -= 20;
        s = stats();
    }
    return s;
}

/* "hosts: files dns" (the sandbox's usual line): no worker, ever */
static void test_files_dns(void)
{
    struct nss_stats s;

    if (!start_resolver( "hosts: files dns\n" )) return;
    expect( "a.ws2getdns.test", 0, 0, "0 1 192.0.2.1" );
    /* unbound answers SERVFAIL outside its zones */
    expect( "node.wstest", 0, 0, "11002 0" );
    expect( "ws2getdns-sandbox", 2, 0, "0 1 127.0.0.1" );
    s = stats();
    check( !resolver->nss_pool && !s.threads && !s.jobs, "files dns: no pool (%p), %u threads, %u calls",
           resolver->nss_pool, s.threads, s.jobs );
    stop_resolver();
}

/* "hosts: files wstest dns": every name through glibc */
static void test_module_first(void)
{
    struct result *res;
    struct nss_stats s;
    UINT64 h, many[20];
    unsigned int i, ok;
    double took;

    if (!start_resolver( "hosts: files wstest dns\n" )) return;
    expect( "node.wstest", 0, 0, "0 2 2001:db8::77 192.0.2.77" );
    expect( "node.wstest", 2, 0, "0 1 192.0.2.77" );
    expect( "node.wstest", 23, 0, "0 1 2001:db8::77" );
    /* glibc goes on to unbound, which answers SERVFAIL: EAI_AGAIN */
    expect( "missing.wstest", 0, 0, "11002 0" );
    /* glibc goes on to DNS, our servers */
    expect( "a.ws2getdns.test", 2, 0, "0 1 192.0.2.1" );
    /* the hosts file and localhost stay ours */
    expect( "localhost", 2, 0, "0 1 127.0.0.1" );
    h = submit( "node.wstest", 2, WS2GETDNS_AI_CANONNAME, 0 );
    res = wait_for( h, 10000 );
    check( res && !strcmp( res->canon, "node.wstest" ), "canonical name \"%s\"", res ? res->canon : "" );
    s = stats();
    check( s.threads >= 1 && s.jobs == 6, "%u threads, %u calls", s.threads, s.jobs );

    /* cancel while the module sleeps: no record, the result is dropped later */
    h = submit( "sleep1500.wstest", 0, 0, 0 );
    usleep( 200000 );
    resolver_cancel( resolver, h );
    res = wait_for( h, 1800 );
    check( !res, "cancelled lookup: %s", summary( res ) );
    s = wait_jobs_gone( 3000 );
    check( s.dropped == 1 && !s.live_jobs, "cancelled: %u dropped, %u jobs left", s.dropped, s.live_jobs );

    /* the caller's timeval ends it while the module sleeps */
    h = submit( "sleep1500.wstest", 0, 0, 300 );
    res = wait_for( h, 3000 );
    took = res ? (double)(res->received - res->submitted) : -1;
    check( res && res->rec.status == 10060 && took >= 290 && took < slow( 800 ), "timeval 300 ms: %s after %.0f ms",
           summary( res ), took );
    s = wait_jobs_gone( 3000 );
    check( s.dropped == 2 && !s.live_jobs, "timed out: %u dropped, %u jobs left", s.dropped, s.live_jobs );
    usleep( 100000 );
    check( results[h].seen == 1, "one record for the timed-out lookup (%d)", results[h].seen );

    /* a timeval longer than the sleep: the answer */
    h = submit( "sleep200.wstest", 2, 0, 2000 );
    res = wait_for( h, 3000 );
    check( res && !strcmp( summary( res ), "0 1 192.0.2.77" ), "timeval 2000 ms, sleep 200: %s", summary( res ) );

    /* a few threads, not one per lookup */
    for (i = 0; i < 20; i++) many[i] = submit( "sleep300.wstest", 2, 0, 0 );
    for (i = ok = 0; i < 20; i++)
    {
        res = wait_for( many[i], 10000 );
        if (res && !res->rec.status) ok++;
    }
    took = (double)(results[many[19]].received - results[many[0]].submitted);
    s = stats();
    check( ok == 20 && s.threads > 1 && s.threads <= 8 && took >= 590 && took < slow( 3000 ), "20 sleeping lookups: %u resolved, %u threads, %.0f ms",
           ok, s.threads, took );

    /* stopping with a lookup inside the module: the thread frees it later */
    submit( "sleep500.wstest", 0, 0, 0 );
    usleep( 100000 );
    stop_resolver();
    usleep( 700000 );
}

/* "hosts: files dns wstest": DNS first, the module when DNS fails */
static void test_module_after_dns(void)
{
    struct nss_stats s;

    if (!start_resolver( "hosts: files dns wstest\n" )) return;
    expect( "a.ws2getdns.test", 2, 0, "0 1 192.0.2.1" );
    s = stats();
    check( !s.jobs, "an answer from DNS: %u calls", s.jobs );
    expect( "node.wstest", 2, 0, "0 1 192.0.2.77" );
    s = stats();
    check( s.jobs == 1, "after NXDOMAIN: %u calls", s.jobs );
    stop_resolver();
    /* the pool's threads leave on their own; glibc frees their resolver
     * state as they go, which valgrind would otherwise see cut short by exit */
    usleep( 300000 );
}

int main(void)
{
    test_routes();
    if (!getenv( "WS2GETDNS_SANDBOX" ))
    {
        check( 0, "nss_test must run inside tests/sandbox/run" );
        return check_summary();
    }
    test_files_dns();
    test_module_first();
    test_module_after_dns();
    return check_summary();
}
