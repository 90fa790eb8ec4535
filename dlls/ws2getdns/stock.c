/*
 * ws2getdns: the functions of Wine's own ws2_32 that ours wrap or fall back to
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

/* Wine's ws2_32 is installed beside ours as ws2_32_wine.dll (tools/ws2getdns,
 * docs/wine-loading.md); our ws2_32.dll forwards most names there.  The
 * names that it forwards to us instead, and that we hand back to Wine when
 * we have nothing to add, are looked up here.  Importing ws2_32 would
 * import our own forwarder, and through it ourselves. */

static struct stock_ws2_32 stock;
static INIT_ONCE stock_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK load_stock( INIT_ONCE *once, void *param, void **context )
{
    HMODULE module = LoadLibraryW( L"ws2_32_wine.dll" );

    if (!module)
    {
        ERR( "ws2_32_wine.dll (Wine's own ws2_32) is missing, error %lu\n", GetLastError() );
        return TRUE;
    }
    stock.WSAStartup = (void *)GetProcAddress( module, "WSAStartup" );
    stock.WSACleanup = (void *)GetProcAddress( module, "WSACleanup" );
    stock.getaddrinfo = (void *)GetProcAddress( module, "getaddrinfo" );
    stock.GetAddrInfoW = (void *)GetProcAddress( module, "GetAddrInfoW" );
    stock.freeaddrinfo = (void *)GetProcAddress( module, "freeaddrinfo" );
    stock.FreeAddrInfoW = (void *)GetProcAddress( module, "FreeAddrInfoW" );
    stock.gethostbyname = (void *)GetProcAddress( module, "gethostbyname" );
    stock.gethostname = (void *)GetProcAddress( module, "gethostname" );
    stock.WSAAsyncGetHostByName = (void *)GetProcAddress( module, "WSAAsyncGetHostByName" );
    stock.WSAAsyncGetHostByAddr = (void *)GetProcAddress( module, "WSAAsyncGetHostByAddr" );
    stock.getnameinfo = (void *)GetProcAddress( module, "getnameinfo" );
    stock.GetNameInfoW = (void *)GetProcAddress( module, "GetNameInfoW" );
    stock.gethostbyaddr = (void *)GetProcAddress( module, "gethostbyaddr" );
    return TRUE;
}

/* Never NULL; a member is NULL when Wine's ws2_32 lacks it (or is missing). */
const struct stock_ws2_32 *stock_ws2_32(void)
{
    InitOnceExecuteOnce( &stock_once, load_stock, NULL, NULL );
    return &stock;
}
