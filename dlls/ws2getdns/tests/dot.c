/*
 * ws2getdns tests: lookups of a prefix set to DNS over TLS
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

/* Not a Windows conformance test: it runs under Wine inside
 * `tests/sandbox/run --dot`, in a prefix that `ws2getdns config` set to
 * strict DNS over TLS with the sandbox's server (tests/wrapper/run does
 * this and sets WS2GETDNS_TEST_DOT=strict; with WS2GETDNS_TEST_DOT=off the
 * prefix has no setting).  only.dot.test is known to the TLS server alone:
 * its address proves the lookup went over TLS; so is the name of
 * 192.0.2.85 and 2001:db8::85, which resolv.conf's server says does not
 * exist.  The calls older than GetAddrInfoEx (getaddrinfo, GetAddrInfoW,
 * gethostbyname, WSAAsyncGetHostByName) follow the setting too; with it
 * off they are Wine's, which ask resolv.conf's server in plaintext.  In off
 * mode, WS2GETDNS_TEST_DOT_CONF names a copy of the strict setting: the
 * test then switches the prefix to it and back while it runs. */

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wine/test.h"
#include "ws2getdns_compat.h"
#include "stress_util.h"

static void test_strict(void)
{
    ULONG64 flags;
    char addr[64];
    int ret;

    ret = lookup_v6_flags( L"only.dot.test", AF_INET, addr, sizeof(addr), &flags );
    ok( !ret && !strcmp( addr, "192.0.2.85" ), "only.dot.test: error %d, %s\n", ret, addr );
    ok( flags == AI_DNS_RESPONSE_SECURE, "only.dot.test: ai_responseflags %#I64x\n", flags );
    ret = lookup_v6_flags( L"a.ws2getdns.test", AF_INET, addr, sizeof(addr), &flags );
    ok( !ret && !strcmp( addr, "192.0.2.1" ), "a.ws2getdns.test: error %d, %s\n", ret, addr );
    ok( flags == AI_DNS_RESPONSE_SECURE, "a.ws2getdns.test: ai_responseflags %#I64x\n", flags );
    /* the hosts file is not DNS, over TLS or not */
    ret = lookup_v6_flags( L"ws2getdns-sandbox", AF_INET, addr, sizeof(addr), &flags );
    ok( !ret && !strcmp( addr, "127.0.0.1" ), "hosts file: error %d, %s\n", ret, addr );
    ok( flags == AI_DNS_RESPONSE_HOSTFILE, "hosts file: ai_responseflags %#I64x\n", flags );
}

static void test_strict_legacy(void)
{
    ADDRINFOA hints, *result;
    struct hostent *he;
    enum legacy_call call;
    char addr[64];
    int ret, reported;

    for (call = 0; call < LEGACY_CALLS; call++)
    {
        const char *func = legacy_call_name( call );

        ret = legacy_lookup( call, "only.dot.test", addr, sizeof(addr) );
        ok( !ret && !strcmp( addr, "192.0.2.85" ), "%s only.dot.test: error %d, %s\n", func, ret, addr );
        ret = legacy_lookup( call, "a.ws2getdns.test", addr, sizeof(addr) );
        ok( !ret && !strcmp( addr, "192.0.2.1" ), "%s a.ws2getdns.test: error %d, %s\n", func, ret, addr );
        ret = legacy_lookup( call, "hostsonly.ws2getdns.test", addr, sizeof(addr) );
        ok( !ret && !strcmp( addr, "192.0.2.200" ), "%s hosts file: error %d, %s\n", func, ret, addr );
        ret = legacy_lookup( call, "nonexistent.ws2getdns.test", addr, sizeof(addr) );
        ok( ret == WSAHOST_NOT_FOUND, "%s nonexistent.ws2getdns.test: error %d, %s\n", func, ret, addr );
    }

    /* gethostbyname's canonical name; the name asked for may be the
     * thread's previous hostent's */
    he = gethostbyname( "only.dot.test" );
    ok( he && !strcmp( he->h_name, "only.dot.test" ) && !he->h_aliases[0] && !he->h_addr_list[1],
        "gethostbyname only.dot.test: %s, alias %s\n", he ? he->h_name : "NULL",
        he && he->h_aliases[0] ? he->h_aliases[0] : "none" );
    if (he) he = gethostbyname( he->h_name );
    ok( he && !strcmp( he->h_name, "only.dot.test" ) && !memcmp( he->h_addr_list[0], "\xc0\0\x02\x55", 4 ),
        "gethostbyname of the previous h_name: %s\n", he ? he->h_name : "NULL" );
    /* names that need no DNS: Wine's answer, in any mode */
    he = gethostbyname( "127.0.0.1" );
    ok( he && he->h_addr_list[0] && !memcmp( he->h_addr_list[0], "\x7f\0\0\1", 4 ), "gethostbyname 127.0.0.1\n" );
    ok( gethostbyname( NULL ) != NULL, "gethostbyname NULL: error %d\n", WSAGetLastError() );

    ret = legacy_async_short( "only.dot.test", &reported );
    ok( ret == WSAENOBUFS && reported > (int)sizeof(struct hostent),
        "WSAAsyncGetHostByName, short buffer: error %d, length %d\n", ret, reported );

    /* the argument checks of GetAddrInfoEx, with its codes */
    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = AF_INET;
    hints.ai_socktype = 100;
    result = (ADDRINFOA *)0xdeadbeef;
    ret = getaddrinfo( "only.dot.test", NULL, &hints, &result );
    ok( ret == WSAESOCKTNOSUPPORT && WSAGetLastError() == ret && !result, "socktype 100: error %d, last %d\n",
        ret, WSAGetLastError() );
    ret = getaddrinfo( NULL, NULL, NULL, &result );
    ok( ret == WSAHOST_NOT_FOUND && !result, "no name, no service: error %d\n", ret );
    /* a service alone needs no lookup: loopback (no AI_PASSIVE), the port set */
    hints.ai_socktype = 0;
    ret = getaddrinfo( NULL, "80", &hints, &result );
    ok( !ret && result && result->ai_family == AF_INET
        && ((struct sockaddr_in *)result->ai_addr)->sin_port == htons( 80 ), "service only: error %d\n", ret );
    if (!ret) freeaddrinfo( result );
    hints.ai_flags = AI_CANONNAME;
    ret = getaddrinfo( "only.dot.test", "443", &hints, &result );
    ok( !ret && result && result->ai_canonname && !strcmp( result->ai_canonname, "only.dot.test" )
        && !result->ai_flags && ((struct sockaddr_in *)result->ai_addr)->sin_port == htons( 443 ),
        "AI_CANONNAME: error %d, name %s\n", ret, !ret && result->ai_canonname ? result->ai_canonname : "none" );
    if (!ret) freeaddrinfo( result );
}

/* getnameinfo and GetNameInfoW follow the setting: the name only the TLS
 * server knows, and every flag and buffer rule as Windows has them */
static void test_strict_names(void)
{
    SOCKADDR_STORAGE ss;
    char host[NI_MAXHOST], serv[NI_MAXSERV], numeric_serv[NI_MAXSERV];
    int ret, len;

    ret = name_of( "192.0.2.85", 0, host, sizeof(host) );
    ok( !ret && !strcmp( host, "only.dot.test" ), "getnameinfo 192.0.2.85: error %d, %s\n", ret, host );
    ret = name_of( "2001:db8::85", NI_NAMEREQD, host, sizeof(host) );
    ok( !ret && !strcmp( host, "only.dot.test" ), "getnameinfo 2001:db8::85: error %d, %s\n", ret, host );
    ret = name_of_w( "192.0.2.85", NI_NAMEREQD, host, sizeof(host) );
    ok( !ret && !strcmp( host, "only.dot.test" ), "GetNameInfoW 192.0.2.85: error %d, %s\n", ret, host );
    /* NI_NOFQDN: the first label (Windows' relative distinguished name) */
    ret = name_of( "192.0.2.85", NI_NOFQDN, host, sizeof(host) );
    ok( !ret && !strcmp( host, "only" ), "NI_NOFQDN: error %d, %s\n", ret, host );
    /* the name and its NUL must fit */
    ret = name_of( "192.0.2.85", 0, host, strlen( "only.dot.test" ) );
    ok( ret == WSAEFAULT, "a buffer one byte short: error %d, %s\n", ret, host );
    ret = name_of( "192.0.2.85", 0, host, strlen( "only.dot.test" ) + 1 );
    ok( !ret && !strcmp( host, "only.dot.test" ), "a buffer just large enough: error %d, %s\n", ret, host );

    /* a name given through a CNAME, as RFC 2317 delegates parts of a /24 */
    ret = name_of( "192.0.2.90", NI_NAMEREQD, host, sizeof(host) );
    ok( !ret && !strcmp( host, "classless.dot.test" ), "192.0.2.90 (CNAME'd PTR): error %d, %s\n", ret, host );

    /* no such name: the number, or with NI_NAMEREQD a failure */
    ret = name_of( "192.0.2.86", 0, host, sizeof(host) );
    ok( !ret && !strcmp( host, "192.0.2.86" ), "192.0.2.86: error %d, %s\n", ret, host );
    ret = name_of( "192.0.2.86", NI_NAMEREQD, host, sizeof(host) );
    ok( ret == WSAHOST_NOT_FOUND, "192.0.2.86, NI_NAMEREQD: error %d, %s\n", ret, host );
    ret = name_of_w( "192.0.2.86", NI_NAMEREQD, host, sizeof(host) );
    ok( ret == WSAHOST_NOT_FOUND, "GetNameInfoW 192.0.2.86, NI_NAMEREQD: error %d, %s\n", ret, host );
    /* the hosts file is not DNS */
    ret = name_of( "192.0.2.200", NI_NAMEREQD, host, sizeof(host) );
    ok( !ret && !strcmp( host, "hostsonly.ws2getdns.test" ), "hosts file: error %d, %s\n", ret, host );

    /* the service part is the same as without a name lookup */
    len = make_sockaddr( "192.0.2.85", 80, &ss );
    ret = getnameinfo( (const SOCKADDR *)&ss, len, NULL, 0, numeric_serv, sizeof(numeric_serv), 0 );
    ok( !ret, "service alone: error %d\n", ret );
    ret = getnameinfo( (const SOCKADDR *)&ss, len, host, sizeof(host), serv, sizeof(serv), 0 );
    ok( !ret && !strcmp( host, "only.dot.test" ) && !strcmp( serv, numeric_serv ),
        "host and service: error %d, %s, %s (alone: %s)\n", ret, host, serv, numeric_serv );
    ret = getnameinfo( (const SOCKADDR *)&ss, len, host, sizeof(host), serv, sizeof(serv), NI_NUMERICSERV );
    ok( !ret && !strcmp( host, "only.dot.test" ) && !strcmp( serv, "80" ), "NI_NUMERICSERV: error %d, %s, %s\n",
        ret, host, serv );
    /* NI_NUMERICHOST needs no DNS */
    ret = name_of( "192.0.2.85", NI_NUMERICHOST, host, sizeof(host) );
    ok( !ret && !strcmp( host, "192.0.2.85" ), "NI_NUMERICHOST: error %d, %s\n", ret, host );
}

/* gethostbyaddr too: the name in this thread's hostent */
static void test_strict_hostbyaddr(void)
{
    struct hostent *host;

    host = host_of( "192.0.2.85" );
    ok( hostent_is( host, "only.dot.test", "192.0.2.85" ), "gethostbyaddr 192.0.2.85: %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
    host = host_of( "2001:db8::85" );
    ok( hostent_is( host, "only.dot.test", "2001:db8::85" ), "gethostbyaddr 2001:db8::85: %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
    host = host_of( "192.0.2.90" );
    ok( hostent_is( host, "classless.dot.test", "192.0.2.90" ), "gethostbyaddr 192.0.2.90 (CNAME'd PTR): %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
    WSASetLastError( 0xdeadbeef );
    host = host_of( "192.0.2.86" );
    ok( !host && WSAGetLastError() == WSAHOST_NOT_FOUND, "gethostbyaddr 192.0.2.86: %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
    host = host_of( "192.0.2.200" );
    ok( hostent_is( host, "hostsonly.ws2getdns.test", "192.0.2.200" ), "gethostbyaddr, hosts file: %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
}

/* WSAAsyncGetHostByAddr: Wine's would ask glibc, in plaintext */
static void test_strict_async_hostbyaddr(void)
{
    char name[NI_MAXHOST];
    int ret;

    ret = async_name_of( "192.0.2.85", name, sizeof(name) );
    ok( !ret && !strcmp( name, "only.dot.test" ), "WSAAsyncGetHostByAddr 192.0.2.85: error %d, %s\n", ret, name );
    ret = async_name_of( "2001:db8::85", name, sizeof(name) );
    ok( !ret && !strcmp( name, "only.dot.test" ), "WSAAsyncGetHostByAddr 2001:db8::85: error %d, %s\n", ret, name );
    ret = async_name_of( "192.0.2.86", name, sizeof(name) );
    ok( ret == WSAHOST_NOT_FOUND, "WSAAsyncGetHostByAddr 192.0.2.86: error %d, %s\n", ret, name );
}

/* without a setting: Wine's own, which asks resolv.conf's server */
static void test_off_names(void)
{
    char host[NI_MAXHOST];
    int ret;

    ret = name_of( "192.0.2.85", NI_NAMEREQD, host, sizeof(host) );
    ok( ret, "192.0.2.85 over plain DNS: named %s\n", host );
    ret = name_of( "192.0.2.85", 0, host, sizeof(host) );
    ok( !ret && !strcmp( host, "192.0.2.85" ), "192.0.2.85 over plain DNS: error %d, %s\n", ret, host );
    ret = name_of( "192.0.2.200", NI_NAMEREQD, host, sizeof(host) );
    ok( !ret && !strcmp( host, "hostsonly.ws2getdns.test" ), "hosts file: error %d, %s\n", ret, host );
    ok( !host_of( "192.0.2.85" ), "gethostbyaddr 192.0.2.85 over plain DNS: named\n" );
    ret = async_name_of( "192.0.2.85", host, sizeof(host) );
    ok( ret, "WSAAsyncGetHostByAddr 192.0.2.85 over plain DNS: named %s\n", host );
    ok( hostent_is( host_of( "192.0.2.200" ), "hostsonly.ws2getdns.test", "192.0.2.200" ),
        "gethostbyaddr, hosts file: error %d\n", WSAGetLastError() );
}

static void test_off(void)
{
    ULONG64 flags;
    char addr[64];
    int ret;

    ret = lookup_v6_flags( L"a.ws2getdns.test", AF_INET, addr, sizeof(addr), &flags );
    ok( !ret && !strcmp( addr, "192.0.2.1" ), "a.ws2getdns.test: error %d, %s\n", ret, addr );
    ok( !flags, "plain DNS: ai_responseflags %#I64x\n", flags );
    ret = lookup_v6_flags( L"only.dot.test", AF_INET, addr, sizeof(addr), &flags );
    ok( ret, "only.dot.test over plain DNS: resolved to %s\n", addr );
}

/* Wine's calls, as before: plaintext, which the TLS server's name misses */
static void test_off_legacy(void)
{
    enum legacy_call call;
    char addr[64];
    int ret;

    for (call = 0; call < LEGACY_CALLS; call++)
    {
        const char *func = legacy_call_name( call );

        ret = legacy_lookup( call, "a.ws2getdns.test", addr, sizeof(addr) );
        ok( !ret && !strcmp( addr, "192.0.2.1" ), "%s a.ws2getdns.test: error %d, %s\n", func, ret, addr );
        ret = legacy_lookup( call, "only.dot.test", addr, sizeof(addr) );
        ok( ret, "%s only.dot.test over plain DNS: resolved to %s\n", func, addr );
    }
}

static WCHAR *dos_path( const char *unix_path )
{
    static WCHAR * (CDECL *get_dos_file_name)( const char * );

    if (!get_dos_file_name)
        get_dos_file_name = (void *)GetProcAddress( GetModuleHandleA( "kernel32.dll" ), "wine_get_dos_file_name" );
    return get_dos_file_name && unix_path ? get_dos_file_name( unix_path ) : NULL;
}

/* Waits until the calls follow the setting the test just wrote or removed:
 * running programs take up a change within a second.  The two minutes are
 * a ceiling against a hang, not a measure. */
static BOOL wait_for_setting( BOOL strict )
{
    double deadline = now_ms() + 120000;
    char addr[64];

    do
    {
        BOOL resolved = !legacy_lookup( LEGACY_GETADDRINFO, "only.dot.test", addr, sizeof(addr) );

        if (resolved == strict) return TRUE;
        Sleep( 100 );
    } while (now_ms() < deadline);
    return FALSE;
}

/* How many of a list's nodes after the first are heap blocks of their own
 * (ours are; Wine 8 packs its list into one block).  Freed, they are no
 * longer blocks: a few might be taken again at once by other threads,
 * never most of them. */
static int live_nodes( void **nodes, int count )
{
    int i, live = 0;

    for (i = 1; i < count; i++) if (HeapValidate( GetProcessHeap(), 0, nodes[i] )) live++;
    return live;
}

#define MAX_NODES 64

static int list_nodes( const ADDRINFOA *list, void **nodes )
{
    int count = 0;

    for (; list && count < MAX_NODES; list = list->ai_next) nodes[count++] = (void *)list;
    return count;
}

/* The setting changes while lists are held: each free finds the list's
 * maker (Wine's, or ours), whatever the setting says at the time. */
static void test_switch(void)
{
    const char *saved = getenv( "WS2GETDNS_TEST_DOT_CONF" ), *prefix = getenv( "WINEPREFIX" );
    ADDRINFOA hints, *wine_list = NULL, *our_list = NULL;
    ADDRINFOW hintsW, *wine_listW = NULL, *our_listW = NULL;
    void *nodes[MAX_NODES], *nodesW[MAX_NODES];
    WCHAR *from, *to;
    char target[MAX_PATH];
    int ret, count, countW;
    BOOL followed;

    if (!saved || !prefix)
    {
        skip( "no strict setting to switch to (WS2GETDNS_TEST_DOT_CONF)\n" );
        return;
    }
    snprintf( target, sizeof(target), "%s/ws2getdns/dns-over-tls.conf", prefix );
    from = dos_path( saved );
    to = dos_path( target );
    ok( from && to, "no DOS paths for %s, %s\n", saved, target );
    if (!from || !to) return;

    memset( &hints, 0, sizeof(hints) );
    memset( &hintsW, 0, sizeof(hintsW) );
    ret = getaddrinfo( "many.ws2getdns.test", NULL, &hints, &wine_list );
    ok( !ret, "off: getaddrinfo error %d\n", ret );
    ret = GetAddrInfoW( L"many.ws2getdns.test", NULL, &hintsW, &wine_listW );
    ok( !ret, "off: GetAddrInfoW error %d\n", ret );

    ok( CopyFileW( from, to, FALSE ), "cannot write the setting, error %lu\n", GetLastError() );
    followed = wait_for_setting( TRUE );
    ok( followed, "the calls do not follow the strict setting\n" );
    /* Wine's lists, freed while the setting says "ours" */
    freeaddrinfo( wine_list );
    FreeAddrInfoW( wine_listW );

    ret = getaddrinfo( "many.ws2getdns.test", NULL, &hints, &our_list );
    ok( !ret, "strict: getaddrinfo error %d\n", ret );
    ret = GetAddrInfoW( L"many.ws2getdns.test", NULL, &hintsW, &our_listW );
    ok( !ret, "strict: GetAddrInfoW error %d\n", ret );
    count = list_nodes( our_list, nodes );
    countW = list_nodes( (const ADDRINFOA *)our_listW, nodesW );
    ok( count >= 20 && live_nodes( nodes, count ) == count - 1, "strict: %d nodes, %d blocks\n",
        count, live_nodes( nodes, count ) + 1 );
    ok( countW >= 20 && live_nodes( nodesW, countW ) == countW - 1, "strict: %d nodes (W), %d blocks\n",
        countW, live_nodes( nodesW, countW ) + 1 );

    ok( DeleteFileW( to ), "cannot remove the setting, error %lu\n", GetLastError() );
    followed = wait_for_setting( FALSE );
    ok( followed, "the calls do not follow the setting's removal\n" );
    /* ours, freed while the setting says "Wine's" */
    freeaddrinfo( our_list );
    FreeAddrInfoW( our_listW );
    ok( live_nodes( nodes, count ) < count / 2, "%d of %d nodes still allocated\n",
        live_nodes( nodes, count ), count - 1 );
    ok( live_nodes( nodesW, countW ) < countW / 2, "%d of %d nodes (W) still allocated\n",
        live_nodes( nodesW, countW ), countW - 1 );
    ok( HeapValidate( GetProcessHeap(), 0, NULL ), "the heap is damaged\n" );
    DeleteFileW( to );
}

START_TEST(dot)
{
    const char *mode = getenv( "WS2GETDNS_TEST_DOT" );
    WSADATA data;

    if (!mode)
    {
        skip( "not in a prefix set up for DNS over TLS (tests/wrapper/run)\n" );
        return;
    }
    ok( !WSAStartup( MAKEWORD(2, 2), &data ), "WSAStartup failed\n" );
    if (!strcmp( mode, "strict" ))
    {
        test_strict();
        test_strict_legacy();
        test_strict_names();
        test_strict_hostbyaddr();
        test_strict_async_hostbyaddr();
    }
    else
    {
        test_off();
        test_off_legacy();
        test_switch();
        test_off_names();
    }
    WSACleanup();
}
