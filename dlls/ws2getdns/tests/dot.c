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
 * exist. */

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
    WSASetLastError( 0xdeadbeef );
    host = host_of( "192.0.2.86" );
    ok( !host && WSAGetLastError() == WSAHOST_NOT_FOUND, "gethostbyaddr 192.0.2.86: %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
    host = host_of( "192.0.2.200" );
    ok( hostent_is( host, "hostsonly.ws2getdns.test", "192.0.2.200" ), "gethostbyaddr, hosts file: %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
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
        test_strict_names();
        test_strict_hostbyaddr();
    }
    else
    {
        test_off();
        test_off_names();
    }
    WSACleanup();
}
