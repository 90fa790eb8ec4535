/*
 * ws2getdns: gethostbyname and WSAAsyncGetHostByName, on getdns when the prefix asks for private DNS
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
#include <mstcpip.h>
#include "wine/debug.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

/* As getaddrinfo.c: in a prefix set to DNS over TLS or DNSSEC validation
 * the lookups are ours, elsewhere Wine's functions answer.  Wine's
 * WSAAsyncGetHostByName calls Wine's own gethostbyname, not the export, so
 * forwarding it would leave by the plaintext door: in a private prefix it
 * is ours too. */

/* Names that need no DNS stay Wine's in a private prefix too, where Wine's
 * answer is the one Windows gives and ours would differ:
 * - NULL, "" and the local host name: the addresses of the interfaces,
 *   in the order of their routes (and Wine's stand-in for a loopback-only
 *   host).  Wine asks glibc for the host name only when the machine has no
 *   route at all, that is no network that a query could leave by;
 * - an IPv4 number in any form inet_addr takes ("127.1", "0x7f000001"):
 *   glibc reads it without a query, our engine only takes dotted quads.
 * Everything else, "localhost", the hosts file and IPv6 numbers included,
 * is ours: our engine answers those without DNS too. */
static BOOL needs_no_dns( const char *name )
{
    const struct stock_ws2_32 *wine = stock_ws2_32();
    char host[256], *end;
    IN_ADDR addr;

    if (!name || !name[0]) return TRUE;
    if (!RtlIpv4StringToAddressA( name, FALSE, &end, &addr ) && !*end) return TRUE;
    return wine->gethostname && !wine->gethostname( host, sizeof(host) ) && !strcmp( name, host );
}

/* A hostent of the IPv4 addresses of a name, pointing into the lookup's
 * list and a few allocations of its own. */
struct host_lookup
{
    struct hostent he;
    ADDRINFOEXW   *list;
    char          *aliases[2];
    char         **addrs;
    char          *canon;
};

static void host_lookup_free( struct host_lookup *host )
{
    free_result_list( host->list );
    HeapFree( GetProcessHeap(), 0, host->addrs );
    HeapFree( GetProcessHeap(), 0, host->canon );
}

/* h_name is the canonical name (the end of the CNAME chain, or the hosts
 * file's first name), and the name asked for is its alias when it differs:
 * Windows lists every name of the chain, getdns gives us both ends. */
static int host_lookup( const char *name, struct host_lookup *host )
{
    ADDRINFOEX2W hints;
    const ADDRINFOEXW *node;
    unsigned int count = 0;
    int ret, len;

    memset( host, 0, sizeof(*host) );
    memset( &hints, 0, sizeof(hints) );
    hints.ai_family = AF_INET;
    hints.ai_flags = AI_CANONNAME;
    if ((ret = lookup_sync_a( name, NULL, (const ADDRINFOEXW *)&hints, &host->list ))) return ret;

    for (node = host->list; node; node = (const ADDRINFOEXW *)node->ai_next)
        if (node->ai_family == AF_INET) count++;
    if (!(host->addrs = HeapAlloc( GetProcessHeap(), 0, (count + 1) * sizeof(char *) ))) goto oom;
    count = 0;
    for (node = host->list; node; node = (const ADDRINFOEXW *)node->ai_next)
        if (node->ai_family == AF_INET)
            host->addrs[count++] = (char *)&((SOCKADDR_IN *)node->ai_addr)->sin_addr;
    host->addrs[count] = NULL;
    if (!count)
    {
        host_lookup_free( host );
        return WSANO_DATA;
    }

    if (host->list->ai_canonname)
    {
        len = WideCharToMultiByte( CP_ACP, 0, host->list->ai_canonname, -1, NULL, 0, NULL, NULL );
        if (!(host->canon = HeapAlloc( GetProcessHeap(), 0, len ))) goto oom;
        WideCharToMultiByte( CP_ACP, 0, host->list->ai_canonname, -1, host->canon, len, NULL, NULL );
    }
    host->he.h_name = host->canon ? host->canon : (char *)name;
    if (_stricmp( host->he.h_name, name )) host->aliases[0] = (char *)name;
    host->he.h_aliases = host->aliases;
    host->he.h_addrtype = AF_INET;
    host->he.h_length = sizeof(IN_ADDR);
    host->he.h_addr_list = host->addrs;
    return 0;

oom:
    host_lookup_free( host );
    return WSA_NOT_ENOUGH_MEMORY;
}

/***********************************************************************
 *      gethostbyname   (ws2getdns.@)
 */
struct hostent * WINAPI gethostbyname( const char *name )
{
    const struct stock_ws2_32 *wine = stock_ws2_32();
    struct host_lookup host;
    struct hostent *he;
    int ret;

    TRACE( "name %s\n", debugstr_a(name) );

    if (!engine_privacy() || needs_no_dns( name ))
    {
        if (wine->gethostbyname) return wine->gethostbyname( name );
        SetLastError( WSASYSNOTREADY );
        return NULL;
    }
    if (!winsock_started())
    {
        SetLastError( WSANOTINITIALISED );
        return NULL;
    }
    if ((ret = host_lookup( name, &host )))
    {
        TRACE( "%s: error %d\n", debugstr_a(name), ret );
        SetLastError( ret );
        return NULL;
    }
    /* as Wine's after a lookup: last error 0 */
    if ((he = hostent_for_thread( &host.he ))) SetLastError( 0 );
    host_lookup_free( &host );
    return he;
}

struct async_name
{
    struct async_host base;
    struct host_lookup host;
    char name[1];
};

static int async_name_lookup( struct async_host *base, struct hostent *he )
{
    struct async_name *query = CONTAINING_RECORD( base, struct async_name, base );
    int ret;

    if ((ret = host_lookup( query->name, &query->host ))) return ret;
    *he = query->host.he;
    return 0;
}

static void async_name_done( struct async_host *base )
{
    host_lookup_free( &CONTAINING_RECORD( base, struct async_name, base )->host );
}

/***********************************************************************
 *      WSAAsyncGetHostByName   (ws2getdns.@)
 */
HANDLE WINAPI WSAAsyncGetHostByName( HWND hwnd, UINT msg, const char *name, char *buffer, int size )
{
    const struct stock_ws2_32 *wine = stock_ws2_32();
    struct async_name *query;

    TRACE( "hwnd %p, msg %#x, name %s, buffer %p, size %d\n", hwnd, msg, debugstr_a(name), buffer, size );

    if (!engine_privacy() || needs_no_dns( name ))
    {
        if (wine->WSAAsyncGetHostByName) return wine->WSAAsyncGetHostByName( hwnd, msg, name, buffer, size );
        SetLastError( WSASYSNOTREADY );
        return 0;
    }
    if (!(query = HeapAlloc( GetProcessHeap(), 0, FIELD_OFFSET( struct async_name, name[strlen( name ) + 1] ) )))
    {
        SetLastError( WSAEWOULDBLOCK );
        return 0;
    }
    query->base.lookup = async_name_lookup;
    query->base.done = async_name_done;
    strcpy( query->name, name );
    return async_host_start( &query->base, hwnd, msg, buffer, size );
}
