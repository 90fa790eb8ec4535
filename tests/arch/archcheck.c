/*
 * archcheck: does a program that imports ws2_32 start and resolve, and with
 * which ws2_32?  Built for x86_64 and for i386 (tests/arch/run).
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

/* Prints one line:
 *   archcheck: bits=32 ws2getdns=yes getaddrinfo=192.0.2.1 sync=192.0.2.1 async=192.0.2.1
 * ws2getdns says whether ws2getdns.dll is loaded in the process (it is
 * only if our ws2_32 forwarded to it); each lookup gives the first IPv4
 * address or "error N".  The asynchronous lookup waits on an OVERLAPPED
 * event for at most 10 seconds, so a handle that never completes shows as
 * "error 258" (WAIT_TIMEOUT) instead of a hang.  Exit status: 0 when the
 * three lookups resolved, 1 otherwise. */

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

#include "ws2getdns_compat.h"

static void format_result( char *buf, size_t size, const struct sockaddr *addr, int error )
{
    if (error) snprintf( buf, size, "error %d", error );
    else if (!addr || addr->sa_family != AF_INET) snprintf( buf, size, "error no-ipv4" );
    else snprintf( buf, size, "%s", inet_ntoa( ((const struct sockaddr_in *)addr)->sin_addr ) );
}

int main( int argc, char **argv )
{
    const char *name = argc > 1 ? argv[1] : "a.ws2getdns.test";
    WCHAR wname[256];
    char gai[64], sync[64], async[64];
    ADDRINFOA hints_a = {0}, *res_a = NULL;
    ADDRINFOEXW hints = {0}, *res = NULL, *res_async = NULL;
    OVERLAPPED overlapped = {0};
    HANDLE cancel = NULL;
    WSADATA data;
    int ret, failed = 0;

    if (WSAStartup( MAKEWORD(2, 2), &data ))
    {
        printf( "archcheck: WSAStartup failed\n" );
        return 1;
    }
    MultiByteToWideChar( CP_ACP, 0, name, -1, wname, sizeof(wname) / sizeof(wname[0]) );
    hints_a.ai_family = AF_INET;
    hints.ai_family = AF_INET;

    ret = getaddrinfo( name, NULL, &hints_a, &res_a );
    format_result( gai, sizeof(gai), ret ? NULL : res_a->ai_addr, ret );
    failed |= ret != 0;
    if (!ret) freeaddrinfo( res_a );

    ret = GetAddrInfoExW( wname, NULL, NS_DNS, NULL, &hints, &res, NULL, NULL, NULL, NULL );
    format_result( sync, sizeof(sync), ret ? NULL : res->ai_addr, ret );
    failed |= ret != 0;
    if (!ret) FreeAddrInfoExW( res );

    overlapped.hEvent = CreateEventW( NULL, TRUE, FALSE, NULL );
    ret = GetAddrInfoExW( wname, NULL, NS_DNS, NULL, &hints, &res_async, NULL, &overlapped, NULL, &cancel );
    if (ret == WSA_IO_PENDING)
    {
        if (WaitForSingleObject( overlapped.hEvent, 10000 ) == WAIT_OBJECT_0)
            ret = GetAddrInfoExOverlappedResult( &overlapped );
        else
        {
            ret = WAIT_TIMEOUT;
            GetAddrInfoExCancel( &cancel );
        }
    }
    format_result( async, sizeof(async), ret ? NULL : res_async->ai_addr, ret );
    failed |= ret != 0;
    if (!ret) FreeAddrInfoExW( res_async );

    printf( "archcheck: bits=%d ws2getdns=%s getaddrinfo=%s sync=%s async=%s\n", (int)sizeof(void *) * 8,
            GetModuleHandleA( "ws2getdns.dll" ) ? "yes" : "no", gai, sync, async );
    fflush( stdout );
    WSACleanup();
    return failed;
}
