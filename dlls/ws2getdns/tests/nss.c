/*
 * ws2getdns tests: names that only an nsswitch source knows
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

/* Not a Windows conformance test: it runs under Wine inside the sandbox
 * with "hosts: files myhostname dns wstest" in nsswitch.conf and the test
 * module tests/nss/libnss_wstest.so.2 on LD_LIBRARY_PATH (tests/run-checks
 * sets WS2GETDNS_TEST_NSS=1 then, and WS2GETDNS_TEST_MYHOSTNAME=1 when
 * libnss-myhostname is installed).  The module answers *.wstest with
 * 192.0.2.77 and 2001:db8::77, after sleeping N ms for sleepN*.wstest; no
 * DNS server of the sandbox knows these names, so they are asked of DNS
 * first and of the module when DNS fails, as glibc does with that line.
 * myhostname, before dns, owns localhost.localdomain.  Stock Wine resolves
 * all of them through glibc; so must we, with a cancel and a timeval that
 * still work while the module sleeps. */

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wine/test.h"

static INT (WSAAPI *pGetAddrInfoExCancel)( HANDLE *handle );
static INT (WSAAPI *pGetAddrInfoExOverlappedResult)( OVERLAPPED *overlapped );

static double now_ms(void)
{
    LARGE_INTEGER count, freq;

    QueryPerformanceCounter( &count );
    QueryPerformanceFrequency( &freq );
    return count.QuadPart * 1000.0 / freq.QuadPart;
}

static BOOL is_wstest_v4( const ADDRINFOEXW *ai )
{
    const struct sockaddr_in *sin = (const struct sockaddr_in *)ai->ai_addr;

    return ai->ai_family == AF_INET && sin->sin_addr.s_addr == htonl( 0xc000024d );
}

static void test_sync(void)
{
    ADDRINFOEXW hints, *result = NULL;
    INT ret;

    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = AF_INET;
    ret = GetAddrInfoExW( L"node.wstest", NULL, NS_DNS, NULL, &hints, &result, NULL, NULL, NULL, NULL );
    ok( !ret, "GetAddrInfoExW(node.wstest) returned %d\n", ret );
    ok( result && is_wstest_v4( result ) && !result->ai_next, "unexpected result %p\n", result );
    if (result) FreeAddrInfoExW( result );

    result = NULL;
    hints.ai_family = AF_INET6;
    ret = GetAddrInfoExW( L"node.wstest", NULL, NS_DNS, NULL, &hints, &result, NULL, NULL, NULL, NULL );
    ok( !ret, "GetAddrInfoExW(node.wstest, AF_INET6) returned %d\n", ret );
    ok( result && result->ai_family == AF_INET6, "unexpected result %p\n", result );
    if (result) FreeAddrInfoExW( result );

    /* DNS still answers through the same path */
    result = NULL;
    hints.ai_family = AF_INET;
    ret = GetAddrInfoExW( L"a.ws2getdns.test", NULL, NS_DNS, NULL, &hints, &result, NULL, NULL, NULL, NULL );
    ok( !ret, "GetAddrInfoExW(a.ws2getdns.test) returned %d\n", ret );
    if (result) FreeAddrInfoExW( result );
}

/* myhostname answers localhost.localdomain (not in the sandbox's hosts file) */
static void test_myhostname(void)
{
    ADDRINFOEXW hints, *result = NULL;
    const struct sockaddr_in *sin;
    INT ret;

    if (!getenv( "WS2GETDNS_TEST_MYHOSTNAME" ) || strcmp( getenv( "WS2GETDNS_TEST_MYHOSTNAME" ), "1" ))
    {
        skip( "libnss-myhostname is not installed\n" );
        return;
    }
    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = AF_INET;
    ret = GetAddrInfoExW( L"localhost.localdomain", NULL, NS_DNS, NULL, &hints, &result, NULL, NULL, NULL, NULL );
    ok( !ret, "GetAddrInfoExW(localhost.localdomain) returned %d\n", ret );
    sin = result ? (const struct sockaddr_in *)result->ai_addr : NULL;
    ok( sin && sin->sin_addr.s_addr == htonl( 0x7f000001 ), "unexpected result %p\n", result );
    if (result) FreeAddrInfoExW( result );
}

static void test_async(void)
{
    ADDRINFOEXW hints, *result = (void *)0xdeadbeef;
    OVERLAPPED ov;
    HANDLE handle = NULL;
    INT ret;

    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = AF_INET;
    memset( &ov, 0, sizeof(ov) );
    ov.hEvent = CreateEventW( NULL, TRUE, FALSE, NULL );
    ret = GetAddrInfoExW( L"sleep100.wstest", NULL, NS_DNS, NULL, &hints, &result, NULL, &ov, NULL, &handle );
    ok( ret == WSA_IO_PENDING, "GetAddrInfoExW returned %d\n", ret );
    ok( !WaitForSingleObject( ov.hEvent, 5000 ), "no completion\n" );
    ret = pGetAddrInfoExOverlappedResult( &ov );
    ok( !ret, "result %d\n", ret );
    ok( result && result != (void *)0xdeadbeef && is_wstest_v4( result ), "unexpected result %p\n", result );
    if (!ret && result) FreeAddrInfoExW( result );
    CloseHandle( ov.hEvent );
}

/* the module sleeps 3 s: the cancel ends the lookup at once, and the late
 * answer writes nothing */
static void test_cancel(void)
{
    ADDRINFOEXW *result = (void *)0xdeadbeef;
    OVERLAPPED ov;
    HANDLE handle = NULL;
    double start, took;
    INT ret;

    memset( &ov, 0, sizeof(ov) );
    ov.hEvent = CreateEventW( NULL, TRUE, FALSE, NULL );
    ret = GetAddrInfoExW( L"sleep3000.wstest", NULL, NS_DNS, NULL, NULL, &result, NULL, &ov, NULL, &handle );
    ok( ret == WSA_IO_PENDING, "GetAddrInfoExW returned %d\n", ret );
    Sleep( 300 );
    ok( WaitForSingleObject( ov.hEvent, 0 ) == WAIT_TIMEOUT, "completed before the cancel\n" );
    start = now_ms();
    ret = pGetAddrInfoExCancel( &handle );
    took = now_ms() - start;
    ok( !ret, "GetAddrInfoExCancel returned %d\n", ret );
    ok( took < 200, "cancel took %.0f ms\n", took );
    ok( !WaitForSingleObject( ov.hEvent, 0 ), "event not set by the cancel\n" );
    ret = pGetAddrInfoExOverlappedResult( &ov );
    ok( ret == WSA_E_CANCELLED, "result %d\n", ret );
    ok( !result, "result %p\n", result );

    /* past the module's answer */
    ResetEvent( ov.hEvent );
    result = (void *)0xdeadbeef;
    ov.Internal = 0x1234;
    Sleep( 3500 );
    ok( result == (void *)0xdeadbeef, "written after the cancel: %p\n", result );
    ok( ov.Internal == 0x1234, "Internal written after the cancel: %#Ix\n", ov.Internal );
    ok( WaitForSingleObject( ov.hEvent, 0 ) == WAIT_TIMEOUT, "event set after the cancel\n" );
    ret = pGetAddrInfoExCancel( &handle );
    ok( ret == WSA_INVALID_HANDLE, "second cancel returned %d\n", ret );
    CloseHandle( ov.hEvent );
}

static volatile LONG routine_calls;
static volatile DWORD routine_error;

static void CALLBACK routine( DWORD error, DWORD bytes, OVERLAPPED *ov )
{
    routine_error = error;
    InterlockedIncrement( &routine_calls );
}

static void test_cancel_routine(void)
{
    ADDRINFOEXW *result = NULL;
    OVERLAPPED ov;
    HANDLE handle = NULL;
    INT ret;

    memset( &ov, 0, sizeof(ov) );
    ret = GetAddrInfoExW( L"sleep2000-routine.wstest", NULL, NS_DNS, NULL, NULL, &result, NULL, &ov, routine,
                          &handle );
    ok( ret == WSA_IO_PENDING, "GetAddrInfoExW returned %d\n", ret );
    Sleep( 200 );
    ret = pGetAddrInfoExCancel( &handle );
    ok( !ret, "GetAddrInfoExCancel returned %d\n", ret );
    Sleep( 2500 );
    ok( routine_calls == 1, "routine called %ld times\n", routine_calls );
    ok( routine_error == WSA_E_CANCELLED, "routine error %lu\n", routine_error );
}

/* a timeval shorter than the module's sleep */
static void test_timeout(void)
{
    ADDRINFOEXW *result = (void *)0xdeadbeef;
    struct timeval timeout = {0, 300000};
    OVERLAPPED ov;
    HANDLE handle = NULL;
    double start, took;
    INT ret;

    memset( &ov, 0, sizeof(ov) );
    ov.hEvent = CreateEventW( NULL, TRUE, FALSE, NULL );
    start = now_ms();
    ret = GetAddrInfoExW( L"sleep3000-timeout.wstest", NULL, NS_DNS, NULL, NULL, &result, &timeout, &ov, NULL,
                          &handle );
    ok( ret == WSA_IO_PENDING, "GetAddrInfoExW returned %d\n", ret );
    ok( !WaitForSingleObject( ov.hEvent, 2000 ), "no completion within 2 s\n" );
    took = now_ms() - start;
    ok( took >= 250 && took < 1000, "completed after %.0f ms\n", took );
    ret = pGetAddrInfoExOverlappedResult( &ov );
    ok( ret == WSAETIMEDOUT, "result %d\n", ret );
    ok( !result, "result %p\n", result );

    ResetEvent( ov.hEvent );
    result = (void *)0xdeadbeef;
    Sleep( 3000 );
    ok( result == (void *)0xdeadbeef, "written after the timeout: %p\n", result );
    ok( WaitForSingleObject( ov.hEvent, 0 ) == WAIT_TIMEOUT, "event set after the timeout\n" );
    ret = pGetAddrInfoExCancel( &handle );
    ok( ret == WSA_INVALID_HANDLE, "cancel after the timeout returned %d\n", ret );
    CloseHandle( ov.hEvent );
}

START_TEST(nss)
{
    HMODULE ws2_32 = GetModuleHandleA( "ws2_32.dll" );
    WSADATA data;

    if (!getenv( "WS2GETDNS_TEST_NSS" ))
    {
        skip( "not in a sandbox with the wstest NSS module\n" );
        return;
    }
    pGetAddrInfoExCancel = (void *)GetProcAddress( ws2_32, "GetAddrInfoExCancel" );
    pGetAddrInfoExOverlappedResult = (void *)GetProcAddress( ws2_32, "GetAddrInfoExOverlappedResult" );
    ok( !WSAStartup( MAKEWORD(2, 2), &data ), "WSAStartup failed\n" );
    test_sync();
    test_myhostname();
    test_async();
    test_cancel();
    test_cancel_routine();
    test_timeout();
    WSACleanup();
}
