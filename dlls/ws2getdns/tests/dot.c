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
 * its address proves the lookup went over TLS. */

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
    if (!strcmp( mode, "strict" )) test_strict();
    else test_off();
    WSACleanup();
}
