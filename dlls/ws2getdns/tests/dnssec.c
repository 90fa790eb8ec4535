/*
 * ws2getdns tests: lookups of a prefix set to validate DNSSEC
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
 * `tests/sandbox/run --dnssec`, with resolv.conf pointing at the sandbox's
 * DNSSEC server (127.0.0.21, zones signed for the run), in a prefix that
 * `ws2getdns config --dnssec validate --trust-anchor` set to validate with
 * the zone's anchor (tests/wrapper/run does this and sets
 * WS2GETDNS_TEST_DNSSEC=validate; with WS2GETDNS_TEST_DNSSEC=off the
 * prefix has no setting).  The calls older than GetAddrInfoEx follow the
 * setting too: tests/wrapper/run gives Wine's glibc the same server (its
 * own /etc/resolv.conf), so that with the setting off they answer what
 * the server says, signed or not. */

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wine/test.h"
#include "ws2getdns_compat.h"
#include "stress_util.h"

static void test_validate(void)
{
    ADDRINFOEXW hints, *result = NULL;
    ULONG64 flags;
    char addr[64];
    int ret;

    /* validated: the secure flag (docs/windows-behaviour.md says why) */
    ret = lookup_v6_flags( L"secure.dnssec.test", AF_INET, addr, sizeof(addr), &flags );
    ok( !ret && !strcmp( addr, "192.0.2.101" ), "secure.dnssec.test: error %d, %s\n", ret, addr );
    ok( flags == AI_DNS_RESPONSE_SECURE, "secure.dnssec.test: ai_responseflags %#I64x\n", flags );
    /* proven unsigned: resolves, without it */
    ret = lookup_v6_flags( L"host.insecure.dnssec.test", AF_INET, addr, sizeof(addr), &flags );
    ok( !ret && !strcmp( addr, "192.0.2.103" ), "host.insecure.dnssec.test: error %d, %s\n", ret, addr );
    ok( !flags, "host.insecure.dnssec.test: ai_responseflags %#I64x\n", flags );
    /* bogus: a clean failure, in every version of the call */
    ret = lookup_v6_flags( L"bogus.dnssec.test", AF_INET, addr, sizeof(addr), &flags );
    ok( ret == WSANO_RECOVERY, "bogus.dnssec.test: error %d, %s\n", ret, addr );
    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = AF_UNSPEC;
    ret = GetAddrInfoExW( L"nosig.dnssec.test", NULL, NS_DNS, NULL, &hints, &result, NULL, NULL, NULL, NULL );
    ok( ret == WSANO_RECOVERY && !result, "nosig.dnssec.test: error %d, result %p\n", ret, result );
    if (result) FreeAddrInfoExW( result );
}

static void test_validate_legacy(void)
{
    const struct hostent *he;
    enum legacy_call call;
    char addr[64];
    int ret;

    for (call = 0; call < LEGACY_CALLS; call++)
    {
        const char *func = legacy_call_name( call );

        ret = legacy_lookup( call, "secure.dnssec.test", addr, sizeof(addr) );
        ok( !ret && !strcmp( addr, "192.0.2.101" ), "%s secure.dnssec.test: error %d, %s\n", func, ret, addr );
        ret = legacy_lookup( call, "host.insecure.dnssec.test", addr, sizeof(addr) );
        ok( !ret && !strcmp( addr, "192.0.2.103" ), "%s host.insecure.dnssec.test: error %d, %s\n", func, ret, addr );
        ret = legacy_lookup( call, "bogus.dnssec.test", addr, sizeof(addr) );
        ok( ret == WSANO_RECOVERY, "%s bogus.dnssec.test: error %d, %s\n", func, ret, addr );
        ret = legacy_lookup( call, "nosig.dnssec.test", addr, sizeof(addr) );
        ok( ret == WSANO_RECOVERY, "%s nosig.dnssec.test: error %d, %s\n", func, ret, addr );
    }
    /* a validated CNAME: its target is the hostent's name, the name asked
     * for its alias */
    he = gethostbyname( "cname.dnssec.test" );
    ok( he && !strcmp( he->h_name, "secure.dnssec.test" ) && he->h_aliases[0]
        && !strcmp( he->h_aliases[0], "cname.dnssec.test" ) && !he->h_aliases[1],
        "gethostbyname cname.dnssec.test: %s, alias %s\n", he ? he->h_name : "NULL",
        he && he->h_aliases[0] ? he->h_aliases[0] : "none" );
}

/* getnameinfo and GetNameInfoW validate too (tests/dns/gen-dnssec.sh signs
 * the names of 192.0.2.0/24): resolv.conf's server is the DNSSEC one, for
 * Wine's glibc too, which would take the forged name */
static void test_validate_names(void)
{
    char host[NI_MAXHOST];
    int ret;

    ret = name_of( "192.0.2.101", NI_NAMEREQD, host, sizeof(host) );
    ok( !ret && !strcmp( host, "secure.dnssec.test" ), "192.0.2.101: error %d, %s\n", ret, host );
    ret = name_of_w( "192.0.2.101", 0, host, sizeof(host) );
    ok( !ret && !strcmp( host, "secure.dnssec.test" ), "GetNameInfoW 192.0.2.101: error %d, %s\n", ret, host );
    /* bogus: a failure, never the forged name, nor the number as if there
     * were no name */
    ret = name_of( "192.0.2.102", 0, host, sizeof(host) );
    ok( ret == WSANO_RECOVERY, "192.0.2.102 (forged): error %d, %s\n", ret, host );
    ret = name_of_w( "192.0.2.102", NI_NAMEREQD, host, sizeof(host) );
    ok( ret == WSANO_RECOVERY, "GetNameInfoW 192.0.2.102 (forged): error %d, %s\n", ret, host );
    ret = name_of( "192.0.2.104", NI_NAMEREQD, host, sizeof(host) );
    ok( ret == WSANO_RECOVERY, "192.0.2.104 (no signature): error %d, %s\n", ret, host );
    /* a signed "no such name": the number, or with NI_NAMEREQD a failure */
    ret = name_of( "192.0.2.105", NI_NAMEREQD, host, sizeof(host) );
    ok( ret == WSAHOST_NOT_FOUND, "192.0.2.105: error %d, %s\n", ret, host );
    ret = name_of( "192.0.2.105", 0, host, sizeof(host) );
    ok( !ret && !strcmp( host, "192.0.2.105" ), "192.0.2.105: error %d, %s\n", ret, host );
}

static void test_validate_hostbyaddr(void)
{
    struct hostent *host;

    host = host_of( "192.0.2.101" );
    ok( hostent_is( host, "secure.dnssec.test", "192.0.2.101" ), "gethostbyaddr 192.0.2.101: %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
    WSASetLastError( 0xdeadbeef );
    host = host_of( "192.0.2.102" );
    ok( !host && WSAGetLastError() == WSANO_RECOVERY, "gethostbyaddr 192.0.2.102 (forged): %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
    WSASetLastError( 0xdeadbeef );
    host = host_of( "192.0.2.105" );
    ok( !host && WSAGetLastError() == WSAHOST_NOT_FOUND, "gethostbyaddr 192.0.2.105: %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
}

/* WSAAsyncGetHostByAddr too: Wine's would ask glibc, which validates nothing */
static void test_validate_async_hostbyaddr(void)
{
    char name[NI_MAXHOST];
    int ret;

    ret = async_name_of( "192.0.2.101", name, sizeof(name) );
    ok( !ret && !strcmp( name, "secure.dnssec.test" ), "WSAAsyncGetHostByAddr 192.0.2.101: error %d, %s\n", ret, name );
    ret = async_name_of( "192.0.2.102", name, sizeof(name) );
    ok( ret == WSANO_RECOVERY, "WSAAsyncGetHostByAddr 192.0.2.102 (forged): error %d, %s\n", ret, name );
}

/* without validation: Wine's own, whatever the server says (glibc asks
 * the same server, through its own /etc/resolv.conf): the forged name too */
static void test_off_names(void)
{
    struct hostent *host;
    char name[NI_MAXHOST];
    int ret;

    ret = name_of( "192.0.2.101", NI_NAMEREQD, name, sizeof(name) );
    ok( !ret && !strcmp( name, "secure.dnssec.test" ), "192.0.2.101: error %d, %s\n", ret, name );
    ret = name_of( "192.0.2.102", 0, name, sizeof(name) );
    ok( !ret && !strcmp( name, "forged.dnssec.test" ), "192.0.2.102: error %d, %s\n", ret, name );
    host = host_of( "192.0.2.101" );
    ok( hostent_is( host, "secure.dnssec.test", "192.0.2.101" ), "gethostbyaddr 192.0.2.101: %s, error %d\n",
        host ? host->h_name : "(none)", WSAGetLastError() );
    ret = async_name_of( "192.0.2.102", name, sizeof(name) );
    ok( !ret && !strcmp( name, "forged.dnssec.test" ), "WSAAsyncGetHostByAddr 192.0.2.102: error %d, %s\n", ret, name );
}

static void test_off(void)
{
    ULONG64 flags;
    char addr[64];
    int ret;

    /* as stock Wine: whatever the server says */
    ret = lookup_v6_flags( L"bogus.dnssec.test", AF_INET, addr, sizeof(addr), &flags );
    ok( !ret && !strcmp( addr, "192.0.2.66" ), "bogus.dnssec.test: error %d, %s\n", ret, addr );
    ok( !flags, "bogus.dnssec.test: ai_responseflags %#I64x\n", flags );
    ret = lookup_v6_flags( L"secure.dnssec.test", AF_INET, addr, sizeof(addr), &flags );
    ok( !ret && !strcmp( addr, "192.0.2.101" ), "secure.dnssec.test: error %d, %s\n", ret, addr );
    ok( !flags, "secure.dnssec.test, not validated: ai_responseflags %#I64x\n", flags );
}

/* Wine's calls, as before: whatever the server says */
static void test_off_legacy(void)
{
    enum legacy_call call;
    char addr[64];
    int ret;

    for (call = 0; call < LEGACY_CALLS; call++)
    {
        const char *func = legacy_call_name( call );

        ret = legacy_lookup( call, "bogus.dnssec.test", addr, sizeof(addr) );
        ok( !ret && !strcmp( addr, "192.0.2.66" ), "%s bogus.dnssec.test: error %d, %s\n", func, ret, addr );
        ret = legacy_lookup( call, "secure.dnssec.test", addr, sizeof(addr) );
        ok( !ret && !strcmp( addr, "192.0.2.101" ), "%s secure.dnssec.test: error %d, %s\n", func, ret, addr );
    }
}

START_TEST(dnssec)
{
    const char *mode = getenv( "WS2GETDNS_TEST_DNSSEC" );
    WSADATA data;

    if (!mode)
    {
        skip( "not in a prefix set up for DNSSEC (tests/wrapper/run)\n" );
        return;
    }
    ok( !WSAStartup( MAKEWORD(2, 2), &data ), "WSAStartup failed\n" );
    if (!strcmp( mode, "validate" ))
    {
        test_validate();
        test_validate_legacy();
        test_validate_names();
        test_validate_hostbyaddr();
        test_validate_async_hostbyaddr();
    }
    else
    {
        test_off();
        test_off_legacy();
        test_off_names();
    }
    WSACleanup();
}
