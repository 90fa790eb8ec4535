/*
 * ws2getdns: reverse lookups (getnameinfo, GetNameInfoW, gethostbyaddr, WSAAsyncGetHostByAddr) through getdns when the prefix asks for private DNS
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

/* Wine's own getnameinfo and gethostbyaddr ask glibc, which sends its PTR queries to
 * resolv.conf's servers in plaintext and validates nothing.  A prefix that
 * asks for DNS over TLS or DNSSEC validation (engine_privacy) gets the
 * name from the Unix side instead (unix_reverse.h).  Everything else stays
 * Wine's: a prefix without those settings, and whatever needs no DNS
 * (NI_NUMERICHOST, no host buffer).  Even then Wine's function does the
 * arguments, the service part and the numeric form, with NI_NUMERICHOST
 * (it asks no DNS then); only the host name is ours. */

/* Wine's three functions (stock.c), all of them or none */
static const struct stock_ws2_32 *stock_loaded(void)
{
    const struct stock_ws2_32 *wine = stock_ws2_32();

    return wine->getnameinfo && wine->GetNameInfoW && wine->gethostbyaddr ? wine : NULL;
}

static int set_error( int error )
{
    SetLastError( error );
    return error;
}

/* Whether the call may need DNS, and the prefix wants its DNS private. */
static BOOL private_lookup( const void *host, DWORD host_len, int flags )
{
    return host && host_len && !(flags & NI_NUMERICHOST) && engine_privacy();
}

/* The address of a sockaddr that Wine's getnameinfo took; FALSE for a
 * family without names in DNS. */
static BOOL reverse_address( const SOCKADDR *addr, socklen_t addr_len, struct reverse_params *params )
{
    memset( params, 0, sizeof(*params) );
    if (addr->sa_family == AF_INET && addr_len >= FIELD_OFFSET( SOCKADDR_IN, sin_zero ))
    {
        params->family = WS2GETDNS_AF_INET;
        memcpy( params->addr, &((const SOCKADDR_IN *)addr)->sin_addr, 4 );
        return TRUE;
    }
    /* Wine also takes the older sockaddr_in6 without sin6_scope_id */
    if (addr->sa_family == AF_INET6 && addr_len >= FIELD_OFFSET( SOCKADDR_IN6, sin6_scope_id ))
    {
        params->family = WS2GETDNS_AF_INET6;
        memcpy( params->addr, &((const SOCKADDR_IN6 *)addr)->sin6_addr, 16 );
        return TRUE;
    }
    return FALSE;
}

/* Windows copies the name into the caller's buffer, or fails with
 * WSAEFAULT when it does not fit (Windows has no EAI_OVERFLOW).  With
 * NI_NOFQDN it stops at the first dot: "only the relative distinguished
 * name", as Windows returns it for any name (glibc keeps names outside
 * the machine's own domain whole). */
static int copy_host( char *host, DWORD host_len, const char *name, int flags )
{
    const char *dot = (flags & NI_NOFQDN) ? strchr( name, '.' ) : NULL;
    size_t len = dot ? dot - name : strlen( name );

    if (len >= host_len) return set_error( WSAEFAULT );
    memcpy( host, name, len );
    host[len] = 0;
    return 0;
}

/* getnameinfo with a private host lookup: Wine's function for everything
 * but the name, ours for the name. */
static int private_getnameinfo( const SOCKADDR *addr, socklen_t addr_len, char *host, DWORD host_len,
                                char *serv, DWORD serv_len, int flags )
{
    struct reverse_params params;
    char numeric[NI_MAXHOST];
    int ret;

    /* NI_NAMEREQD would make glibc fail at once with NI_NUMERICHOST */
    if ((ret = stock_ws2_32()->getnameinfo( addr, addr_len, numeric, sizeof(numeric), serv, serv_len,
                                  (flags | NI_NUMERICHOST) & ~NI_NAMEREQD )))
        return ret;
    if (!reverse_address( addr, addr_len, &params )) return copy_host( host, host_len, numeric, 0 );

    ret = engine_reverse_lookup( &params );
    TRACE( "%s: error %d, %s, flags %#x\n", debugstr_a(numeric), ret, debugstr_a(params.name), params.flags );
    switch (ret)
    {
    case 0:
        return copy_host( host, host_len, params.name, flags );
    case WSAHOST_NOT_FOUND:
    case WSANO_DATA:
    case WSATRY_AGAIN:
        /* no name, or no server answered: as Windows, the numeric form,
         * unless the caller asked for a name */
        if (flags & NI_NAMEREQD) return set_error( ret == WSATRY_AGAIN ? EAI_AGAIN : EAI_NONAME );
        return copy_host( host, host_len, numeric, 0 );
    default:
        /* a DNSSEC-bogus answer, a setting we cannot honour, no memory:
         * the caller must not take the numeric form for a success */
        return set_error( ret );
    }
}

/***********************************************************************
 *      getnameinfo   (ws2getdns.@)
 */
int WINAPI getnameinfo( const SOCKADDR *addr, socklen_t addr_len, char *host, DWORD host_len,
                        char *serv, DWORD serv_len, int flags )
{
    const struct stock_ws2_32 *wine;

    TRACE( "addr %p, addr_len %d, host %p, host_len %lu, serv %p, serv_len %lu, flags %#x\n",
           addr, addr_len, host, host_len, serv, serv_len, flags );

    if (!(wine = stock_loaded())) return set_error( WSASYSNOTREADY );
    if (!private_lookup( host, host_len, flags ))
        return wine->getnameinfo( addr, addr_len, host, host_len, serv, serv_len, flags );
    return private_getnameinfo( addr, addr_len, host, host_len, serv, serv_len, flags );
}

/***********************************************************************
 *      GetNameInfoW   (ws2getdns.@)
 */
int WINAPI GetNameInfoW( const SOCKADDR *addr, socklen_t addr_len, WCHAR *host, DWORD host_len,
                         WCHAR *serv, DWORD serv_len, int flags )
{
    const struct stock_ws2_32 *wine;
    char *hostA, *servA = NULL;
    int ret;

    TRACE( "addr %p, addr_len %d, host %p, host_len %lu, serv %p, serv_len %lu, flags %#x\n",
           addr, addr_len, host, host_len, serv, serv_len, flags );

    if (!(wine = stock_loaded())) return set_error( WSASYSNOTREADY );
    if (!private_lookup( host, host_len, flags ))
        return wine->GetNameInfoW( addr, addr_len, host, host_len, serv, serv_len, flags );

    /* as Wine's GetNameInfoW: the ANSI call with buffers of as many bytes
     * as the caller's have characters */
    if (!(hostA = HeapAlloc( GetProcessHeap(), 0, host_len ))
        || (serv && !(servA = HeapAlloc( GetProcessHeap(), 0, serv_len ))))
    {
        HeapFree( GetProcessHeap(), 0, hostA );
        return set_error( EAI_MEMORY );
    }
    if (!(ret = private_getnameinfo( addr, addr_len, hostA, host_len, servA, serv_len, flags )))
    {
        MultiByteToWideChar( CP_ACP, 0, hostA, -1, host, host_len );
        if (serv) MultiByteToWideChar( CP_ACP, 0, servA, -1, serv, serv_len );
    }
    HeapFree( GetProcessHeap(), 0, hostA );
    HeapFree( GetProcessHeap(), 0, servA );
    return ret;
}

/* What glibc turns away before asking anyone stays Wine's, errors and
 * all; glibc asks about the first 4 (16) bytes of a longer address. */
static BOOL reverse_query_of( const char *addr, int len, int family, struct reverse_params *params )
{
    /* Wine's gethostbyname gives the machine's own name this address, and
     * its gethostbyaddr takes it for 127.0.0.1 */
    static const BYTE magic_loopback[4] = { 127, 12, 34, 56 }, loopback[4] = { 127, 0, 0, 1 };

    if (!addr || !((family == AF_INET && len >= 4) || (family == AF_INET6 && len >= 16))) return FALSE;
    memset( params, 0, sizeof(*params) );
    params->family = family == AF_INET ? WS2GETDNS_AF_INET : WS2GETDNS_AF_INET6;
    memcpy( params->addr, addr, family == AF_INET ? 4 : 16 );
    if (family == AF_INET && !memcmp( params->addr, magic_loopback, 4 )) memcpy( params->addr, loopback, 4 );
    return TRUE;
}

/* The hostent of a reverse lookup: the name alone, the address asked
 * about; it points into params and the two lists. */
struct reverse_host
{
    struct reverse_params params;
    char *aliases[1];
    char *addrs[2];
};

static int reverse_host_lookup( struct reverse_host *host, int family, struct hostent *he )
{
    int ret = engine_reverse_lookup( &host->params );

    TRACE( "error %d, %s, flags %#x\n", ret, debugstr_a(host->params.name), host->params.flags );
    if (ret) return ret;
    host->aliases[0] = NULL;
    host->addrs[0] = (char *)host->params.addr;
    host->addrs[1] = NULL;
    he->h_name = host->params.name;
    he->h_aliases = host->aliases;
    he->h_addrtype = family;
    he->h_length = family == AF_INET ? 4 : 16;
    he->h_addr_list = host->addrs;
    return 0;
}

/***********************************************************************
 *      gethostbyaddr   (ws2getdns.@)
 */
struct hostent * WINAPI gethostbyaddr( const char *addr, int len, int family )
{
    const struct stock_ws2_32 *wine;
    struct reverse_host host;
    struct hostent he;
    int ret;

    TRACE( "addr %p, len %d, family %d\n", addr, len, family );

    if (!(wine = stock_loaded()))
    {
        SetLastError( WSASYSNOTREADY );
        return NULL;
    }
    if (!reverse_query_of( addr, len, family, &host.params ) || !engine_privacy())
        return wine->gethostbyaddr( addr, len, family );
    if ((ret = reverse_host_lookup( &host, family, &he )))
    {
        SetLastError( ret );
        return NULL;
    }
    /* the thread's one hostent, shared with gethostbyname as on Windows */
    return hostent_for_thread( &he );
}

struct async_addr
{
    struct async_host base;
    struct reverse_host host;
    int family;
};

static int async_addr_lookup( struct async_host *base, struct hostent *he )
{
    struct async_addr *query = CONTAINING_RECORD( base, struct async_addr, base );

    return reverse_host_lookup( &query->host, query->family, he );
}

/***********************************************************************
 *      WSAAsyncGetHostByAddr   (ws2getdns.@)
 *
 * Wine's calls Wine's own gethostbyaddr, not the export: in a private
 * prefix forwarding it would leave by the plaintext door.
 */
HANDLE WINAPI WSAAsyncGetHostByAddr( HWND hwnd, UINT msg, const char *addr, int len, int family,
                                     char *buffer, int size )
{
    const struct stock_ws2_32 *wine = stock_ws2_32();
    struct reverse_params params;
    struct async_addr *query;

    TRACE( "hwnd %p, msg %#x, addr %p, len %d, family %d, buffer %p, size %d\n", hwnd, msg, addr, len, family,
           buffer, size );

    if (!reverse_query_of( addr, len, family, &params ) || !engine_privacy())
    {
        if (wine->WSAAsyncGetHostByAddr)
            return wine->WSAAsyncGetHostByAddr( hwnd, msg, addr, len, family, buffer, size );
        SetLastError( WSASYSNOTREADY );
        return 0;
    }
    if (!(query = HeapAlloc( GetProcessHeap(), 0, sizeof(*query) )))
    {
        SetLastError( WSAEWOULDBLOCK );
        return 0;
    }
    query->base.lookup = async_addr_lookup;
    query->base.done = NULL;
    query->host.params = params;
    query->family = family;
    return async_host_start( &query->base, hwnd, msg, buffer, size );
}
