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
static int (WINAPI *wine_startup)( WORD, WSADATA * );
static int (WINAPI *wine_cleanup)(void);
static INIT_ONCE wine_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK load_wine_ws2_32( INIT_ONCE *once, void *param, void **context )
{
    HMODULE module = LoadLibraryW( L"ws2_32_wine.dll" );

    if (!module)
    {
        ERR( "ws2_32_wine.dll (Wine's own ws2_32) is missing, error %lu\n", GetLastError() );
        return TRUE;
    }
    wine_startup = (void *)GetProcAddress( module, "WSAStartup" );
    wine_cleanup = (void *)GetProcAddress( module, "WSACleanup" );
    return TRUE;
}

BOOL winsock_started(void)
{
    return InterlockedOr( &startup_count, 0 ) > 0;
}

/***********************************************************************
 *      WSAStartup   (ws2getdns.@)
 */
int WINAPI WSAStartup( WORD version, WSADATA *data )
{
    int ret;

    TRACE( "version %#x, data %p\n", version, data );

    InitOnceExecuteOnce( &wine_once, load_wine_ws2_32, NULL, NULL );
    if (!wine_startup) return WSASYSNOTREADY;
    if (!(ret = wine_startup( version, data ))) InterlockedIncrement( &startup_count );
    return ret;
}

/***********************************************************************
 *      WSACleanup   (ws2getdns.@)
 */
int WINAPI WSACleanup(void)
{
    LONG count;
    int ret;

    TRACE( "\n" );

    InitOnceExecuteOnce( &wine_once, load_wine_ws2_32, NULL, NULL );
    if (!wine_cleanup)
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
        return wine_cleanup();
    }
    if (!count) cancel_all_requests();
    if ((ret = wine_cleanup())) InterlockedIncrement( &startup_count );
    return ret;
}
