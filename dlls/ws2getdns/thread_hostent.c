/*
 * ws2getdns: the per-thread hostent of gethostbyaddr
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

/* Windows hands out one hostent per thread, valid until the thread's next
 * such call, and the caller never frees it.  A fiber-local slot with a
 * destructor: the buffer goes when its thread does (this DLL has no
 * DllMain to see threads end).  A caller may pass the previous hostent's
 * address back in: ours copies its arguments before it writes here. */
static DWORD hostent_slot = FLS_OUT_OF_INDEXES;
static INIT_ONCE hostent_once = INIT_ONCE_STATIC_INIT;

static void WINAPI free_hostent( void *buffer )
{
    HeapFree( GetProcessHeap(), 0, buffer );
}

static BOOL CALLBACK alloc_hostent_slot( INIT_ONCE *once, void *param, void **context )
{
    hostent_slot = FlsAlloc( free_hostent );
    return TRUE;
}

/* this thread's buffer of at least `size` bytes; its old contents go */
static void *hostent_buffer( SIZE_T size )
{
    void *old, *buffer;

    InitOnceExecuteOnce( &hostent_once, alloc_hostent_slot, NULL, NULL );
    if (hostent_slot == FLS_OUT_OF_INDEXES) return NULL;
    if ((old = FlsGetValue( hostent_slot )) && HeapSize( GetProcessHeap(), 0, old ) >= size) return old;
    if (!(buffer = HeapAlloc( GetProcessHeap(), 0, size ))) return NULL;
    if (!FlsSetValue( hostent_slot, buffer ))
    {
        HeapFree( GetProcessHeap(), 0, buffer );
        return NULL;
    }
    HeapFree( GetProcessHeap(), 0, old );
    return buffer;
}

struct hostent *thread_hostent( const char *name, short family, const void *addr, short addr_len )
{
    SIZE_T name_size = strlen( name ) + 1;
    /* in the order Windows lays them out: the aliases' pointers, the
     * addresses' pointers, the address, the name */
    SIZE_T size = sizeof(struct hostent) + sizeof(char *) + 2 * sizeof(char *) + addr_len + name_size;
    struct hostent *host;
    char *pos;

    if (!(host = hostent_buffer( size )))
    {
        SetLastError( WSAENOBUFS );  /* as Wine's */
        return NULL;
    }
    pos = (char *)(host + 1);
    host->h_aliases = (char **)pos;
    host->h_aliases[0] = NULL;
    pos += sizeof(char *);
    host->h_addr_list = (char **)pos;
    pos += 2 * sizeof(char *);
    host->h_addr_list[0] = pos;
    host->h_addr_list[1] = NULL;
    memcpy( pos, addr, addr_len );
    pos += addr_len;
    host->h_name = pos;
    memcpy( pos, name, name_size );
    host->h_addrtype = family;
    host->h_length = addr_len;
    return host;
}
