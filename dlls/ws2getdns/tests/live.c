/*
 * Proof that the replacement ws2_32 is the one loaded, and that sockets still work
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

/* This is not a Windows conformance test: it checks the module chain of
 * ws2getdns under Wine (ws2_32 native forwarder -> ws2getdns builtin +
 * ws2_32_wine), so it fails on Windows and under stock Wine by design. */

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>

#include "wine/test.h"

static BOOL address_in_module( void *addr, HMODULE module )
{
    HMODULE owner = NULL;

    if (!GetModuleHandleExA( GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                             addr, &owner ))
        return FALSE;
    return owner == module;
}

static void test_modules(void)
{
    HMODULE ws2_32 = GetModuleHandleA( "ws2_32.dll" );
    HMODULE ws2getdns, wine_ws2_32;
    void *by_name, *by_ordinal, *getaddrinfoexa;

    ok( ws2_32 != NULL, "ws2_32.dll not loaded\n" );
    if (!ws2_32) return;

    getaddrinfoexa = GetProcAddress( ws2_32, "GetAddrInfoExA" );
    ok( getaddrinfoexa != NULL, "GetAddrInfoExA is not exported (stock Wine lacks it)\n" );

    ws2getdns = GetModuleHandleA( "ws2getdns.dll" );
    ok( ws2getdns != NULL, "ws2getdns.dll is not loaded\n" );
    wine_ws2_32 = GetModuleHandleA( "ws2_32_wine.dll" );
    ok( wine_ws2_32 != NULL, "ws2_32_wine.dll is not loaded\n" );

    /* ws2_32 holds no code: its exports resolve into the modules behind it */
    if (getaddrinfoexa && ws2getdns)
        ok( address_in_module( getaddrinfoexa, ws2getdns ), "GetAddrInfoExA %p is not in ws2getdns.dll\n",
            getaddrinfoexa );
    ok( address_in_module( GetProcAddress( ws2_32, "GetAddrInfoExW" ), ws2getdns ),
        "GetAddrInfoExW is not in ws2getdns.dll\n" );

    by_name = GetProcAddress( ws2_32, "socket" );
    by_ordinal = GetProcAddress( ws2_32, (const char *)23 );
    ok( by_name != NULL, "socket not exported\n" );
    ok( by_ordinal == by_name, "ordinal 23 is %p, socket is %p\n", by_ordinal, by_name );
    if (wine_ws2_32)
        ok( address_in_module( by_name, wine_ws2_32 ), "socket %p is not in ws2_32_wine.dll\n", by_name );
    ok( GetProcAddress( ws2_32, (const char *)1 ) == GetProcAddress( ws2_32, "accept" ), "ordinal 1 is not accept\n" );
    ok( GetProcAddress( ws2_32, (const char *)115 ) == GetProcAddress( ws2_32, "WSAStartup" ),
        "ordinal 115 is not WSAStartup\n" );
}

static void test_tcp_echo(void)
{
    static const char message[] = "ws2getdns forwards sockets to Wine";
    struct sockaddr_in addr;
    SOCKET server, client, peer;
    int len = sizeof(addr), ret, total;
    char buffer[64];

    server = socket( AF_INET, SOCK_STREAM, IPPROTO_TCP );
    ok( server != INVALID_SOCKET, "socket failed, error %d\n", WSAGetLastError() );
    if (server == INVALID_SOCKET) return;

    memset( &addr, 0, sizeof(addr) );
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl( INADDR_LOOPBACK );
    ret = bind( server, (struct sockaddr *)&addr, sizeof(addr) );
    ok( !ret, "bind failed, error %d\n", WSAGetLastError() );
    ret = listen( server, 1 );
    ok( !ret, "listen failed, error %d\n", WSAGetLastError() );
    ret = getsockname( server, (struct sockaddr *)&addr, &len );
    ok( !ret && addr.sin_port, "getsockname failed, error %d\n", WSAGetLastError() );

    client = socket( AF_INET, SOCK_STREAM, IPPROTO_TCP );
    ret = connect( client, (struct sockaddr *)&addr, sizeof(addr) );
    ok( !ret, "connect failed, error %d\n", WSAGetLastError() );
    peer = accept( server, NULL, NULL );
    ok( peer != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError() );

    ret = send( client, message, sizeof(message), 0 );
    ok( ret == sizeof(message), "send returned %d, error %d\n", ret, WSAGetLastError() );
    for (total = 0; total < (int)sizeof(message); total += ret)
        if ((ret = recv( peer, buffer + total, sizeof(buffer) - total, 0 )) <= 0) break;
    ok( total == sizeof(message) && !memcmp( buffer, message, sizeof(message) ),
        "echo received %d bytes %.*s\n", total, total, buffer );

    /* and back */
    ret = send( peer, buffer, total, 0 );
    ok( ret == total, "send back returned %d\n", ret );
    memset( buffer, 0, sizeof(buffer) );
    for (total = 0; total < (int)sizeof(message); total += ret)
        if ((ret = recv( client, buffer + total, sizeof(buffer) - total, 0 )) <= 0) break;
    ok( total == sizeof(message) && !memcmp( buffer, message, sizeof(message) ), "reply was %.*s\n", total, buffer );

    closesocket( peer );
    closesocket( client );
    closesocket( server );
}

static void test_resolves_through_getdns(void)
{
    ADDRINFOEXW hints, *result = NULL;
    int ret;

    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = AF_INET;
    ret = GetAddrInfoExW( L"127.0.0.1", NULL, NS_DNS, NULL, &hints, &result, NULL, NULL, NULL, NULL );
    ok( !ret, "GetAddrInfoExW(127.0.0.1) returned %d\n", ret );
    ok( result && result->ai_family == AF_INET, "unexpected result %p\n", result );
    if (result) FreeAddrInfoExW( result );

    if (!getenv( "WS2GETDNS_TEST_ZONE" ))
    {
        skip( "not inside the ws2getdns sandbox, not resolving the test zone\n" );
        return;
    }
    result = NULL;
    ret = GetAddrInfoExW( L"a.ws2getdns.test", NULL, NS_DNS, NULL, &hints, &result, NULL, NULL, NULL, NULL );
    ok( !ret, "GetAddrInfoExW(a.ws2getdns.test) returned %d\n", ret );
    if (!ret && result)
    {
        struct sockaddr_in *sin = (struct sockaddr_in *)result->ai_addr;
        ok( sin->sin_addr.s_addr == htonl( 0xc0000201 ), "got %08lx\n", ntohl( sin->sin_addr.s_addr ) );
        FreeAddrInfoExW( result );
    }
}

START_TEST(live)
{
    WSADATA data;

    test_modules();
    ok( !WSAStartup( MAKEWORD(2, 2), &data ), "WSAStartup failed\n" );
    test_tcp_echo();
    test_resolves_through_getdns();
    WSACleanup();
}
