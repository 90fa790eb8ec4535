/*
 * ws2getdns: WSAAsyncGetHostByName and WSAAsyncGetHostByAddr: the answer as a window message
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

/* The answer is a posted message.  user32 is looked up at the first call
 * rather than imported: an import would load it (and the graphics stack
 * behind it) into every program that loads us. */
static BOOL (WINAPI *post_message)( HWND, UINT, WPARAM, LPARAM );
static INIT_ONCE post_message_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK load_post_message( INIT_ONCE *once, void *param, void **context )
{
    HMODULE user32 = LoadLibraryW( L"user32.dll" );

    if (user32) post_message = (void *)GetProcAddress( user32, "PostMessageW" );
    if (!post_message) ERR( "no PostMessageW: WSAAsyncGetHost* cannot answer\n" );
    return TRUE;
}

/* Microsoft's WSAAsyncGetHostByName and WSAAsyncGetHostByAddr pages: the
 * message's wParam is the task handle, lParam WSAMAKEASYNCREPLY(buflen,
 * error); the hostent and everything it points at go into the caller's
 * buffer; a buffer too small gets WSAENOBUFS and, as buflen, the size that
 * would do. */
static void CALLBACK async_host_run( TP_CALLBACK_INSTANCE *instance, void *context )
{
    struct async_host *query = context;
    struct hostent he;
    size_t needed = 0;
    int ret;

    if (!(ret = query->lookup( query, &he )))
    {
        needed = hostent_size( &he );
        if (needed > (size_t)max( query->size, 0 )) ret = WSAENOBUFS;
        else hostent_write( &he, query->buffer );
        if (query->done) query->done( query );
    }
    TRACE( "handle %p: error %d, %Iu bytes\n", query->handle, ret, needed );
    post_message( query->hwnd, query->msg, (WPARAM)query->handle, WSAMAKEASYNCREPLY( min( needed, 0xffff ), ret ) );
    HeapFree( GetProcessHeap(), 0, query );
}

HANDLE async_host_start( struct async_host *query, HWND hwnd, UINT msg, char *buffer, int size )
{
    static LONG next_handle = 0x5eed;
    ULONG handle;

    if (!winsock_started())
    {
        HeapFree( GetProcessHeap(), 0, query );
        SetLastError( WSANOTINITIALISED );
        return 0;
    }
    InitOnceExecuteOnce( &post_message_once, load_post_message, NULL, NULL );
    if (!post_message)
    {
        HeapFree( GetProcessHeap(), 0, query );
        SetLastError( WSASYSNOTREADY );
        return 0;
    }
    /* A 16-bit task handle, never 0, as Wine's: Windows 3.1 programs kept
     * them in a WORD.  Ours count apart from Wine's; the one use of a
     * handle, WSACancelAsyncRequest, is a stub in Wine either way. */
    do handle = LOWORD( InterlockedIncrement( &next_handle ) );
    while (!handle);
    query->hwnd = hwnd;
    query->msg = msg;
    query->handle = UlongToHandle( handle );
    query->buffer = buffer;
    query->size = size;
    if (!TrySubmitThreadpoolCallback( async_host_run, query, NULL ))
    {
        HeapFree( GetProcessHeap(), 0, query );
        SetLastError( WSAEWOULDBLOCK );
        return 0;
    }
    /* not query->handle: the query may be done and freed already */
    return UlongToHandle( handle );
}
