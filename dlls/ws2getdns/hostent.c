/*
 * ws2getdns: hostent structures: one per thread, or packed into a caller's buffer
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

/* A caller builds a hostent whose members point at its own temporaries;
 * these functions copy it into one block that holds everything it points
 * at, laid out as Windows lays out its own: the structure, the alias
 * pointers, the address pointers, the addresses, the alias strings, the
 * name.  gethostbyname and gethostbyaddr return such a block that belongs
 * to the thread (Windows keeps one per thread, and so does Wine: it stays
 * valid until the thread's next such call); WSAAsyncGetHostByName and
 * WSAAsyncGetHostByAddr write one into the caller's buffer. */

static size_t list_count( char **list )
{
    size_t count = 0;

    if (list) while (list[count]) count++;
    return count;
}

size_t hostent_size( const struct hostent *src )
{
    size_t aliases = list_count( src->h_aliases ), addrs = list_count( src->h_addr_list ), size, i;

    size = sizeof(struct hostent) + (aliases + 1 + addrs + 1) * sizeof(char *);
    size += addrs * src->h_length;
    for (i = 0; i < aliases; i++) size += strlen( src->h_aliases[i] ) + 1;
    size += strlen( src->h_name ) + 1;
    return size;
}

/* buffer: hostent_size( src ) bytes, pointer-aligned */
struct hostent *hostent_write( const struct hostent *src, void *buffer )
{
    size_t aliases = list_count( src->h_aliases ), addrs = list_count( src->h_addr_list ), len, i;
    struct hostent *dst = buffer;
    char *pos = (char *)(dst + 1);

    dst->h_addrtype = src->h_addrtype;
    dst->h_length = src->h_length;
    dst->h_aliases = (char **)pos;
    pos += (aliases + 1) * sizeof(char *);
    dst->h_addr_list = (char **)pos;
    pos += (addrs + 1) * sizeof(char *);
    for (i = 0; i < addrs; i++)
    {
        dst->h_addr_list[i] = pos;
        memcpy( pos, src->h_addr_list[i], src->h_length );
        pos += src->h_length;
    }
    dst->h_addr_list[addrs] = NULL;
    for (i = 0; i < aliases; i++)
    {
        len = strlen( src->h_aliases[i] ) + 1;
        dst->h_aliases[i] = pos;
        memcpy( pos, src->h_aliases[i], len );
        pos += len;
    }
    dst->h_aliases[aliases] = NULL;
    dst->h_name = pos;
    strcpy( pos, src->h_name );
    return dst;
}

/* The thread's block lives in fiber-local storage, whose callback frees it
 * when the thread ends: a DllMain for DLL_THREAD_DETACH would be called
 * for every thread of every program, this only for threads that made one. */
static DWORD hostent_fls = FLS_OUT_OF_INDEXES;
static INIT_ONCE hostent_fls_once = INIT_ONCE_STATIC_INIT;

static void WINAPI free_thread_hostent( void *block )
{
    HeapFree( GetProcessHeap(), 0, block );
}

static BOOL CALLBACK alloc_hostent_fls( INIT_ONCE *once, void *param, void **context )
{
    hostent_fls = FlsAlloc( free_thread_hostent );
    return TRUE;
}

/* The thread's copy of src, replacing its previous one; NULL (last error
 * WSAENOBUFS, as Wine's) without memory.  Always a new block, the old one
 * freed after the copy: src may point into it (gethostbyname( he->h_name )
 * asks for the name of the thread's previous hostent). */
struct hostent *hostent_for_thread( const struct hostent *src )
{
    size_t size = hostent_size( src );
    void *block, *old;

    InitOnceExecuteOnce( &hostent_fls_once, alloc_hostent_fls, NULL, NULL );
    if (hostent_fls == FLS_OUT_OF_INDEXES || !(block = HeapAlloc( GetProcessHeap(), 0, size )))
    {
        SetLastError( WSAENOBUFS );
        return NULL;
    }
    old = FlsGetValue( hostent_fls );
    if (!FlsSetValue( hostent_fls, block ))
    {
        HeapFree( GetProcessHeap(), 0, block );
        SetLastError( WSAENOBUFS );
        return NULL;
    }
    HeapFree( GetProcessHeap(), 0, old );
    TRACE( "%s, %Iu bytes at %p\n", debugstr_a(src->h_name), size, block );
    return hostent_write( src, block );
}
