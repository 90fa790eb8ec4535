/*
 * ws2getdns: WSAStartup and WSACleanup, wrapped to know when Winsock is usable
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

#include "private.h"
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

/* Winsock's own WSAStartup and WSACleanup stay Wine's; we wrap them because
 * GetAddrInfoEx must fail with WSANOTINITIALISED before WSAStartup, and
 * because WSACleanup has to end the lookups still pending (curl #13509:
 * callbacks after WSACleanup crash their callers). */

static LONG startup_count;

BOOL winsock_started(void)
{
    return InterlockedOr( &startup_count, 0 ) > 0;
}

/***********************************************************************
 *      WSAStartup   (ws2getdns.@)
 */
int WINAPI WSAStartup( WORD version, WSADATA *data )
{
    const struct stock_ws2_32 *wine = stock_ws2_32();
    int ret;

    TRACE( "version %#x, data %p\n", version, data );

    if (!wine->WSAStartup) return WSASYSNOTREADY;
    if (!(ret = wine->WSAStartup( version, data ))) InterlockedIncrement( &startup_count );
    return ret;
}

/***********************************************************************
 *      WSACleanup   (ws2getdns.@)
 */
int WINAPI WSACleanup(void)
{
    const struct stock_ws2_32 *wine = stock_ws2_32();
    LONG count;
    int ret;

    TRACE( "\n" );

    if (!wine->WSACleanup)
    {
        SetLastError( WSANOTINITIALISED );
        return SOCKET_ERROR;
    }
    /* Pending lookups are delivered as cancelled before the last cleanup,
     * and none of their routines runs after it returns.  The count is taken
     * down first, so that of two cleanups at once exactly one is the last. */
    if ((count = InterlockedDecrement( &startup_count )) < 0)
    {
        InterlockedIncrement( &startup_count );
        return wine->WSACleanup();
    }
    if (!count) cancel_all_requests();
    if ((ret = wine->WSACleanup())) InterlockedIncrement( &startup_count );
    return ret;
}
