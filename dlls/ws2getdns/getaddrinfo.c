/*
 * ws2getdns: getaddrinfo and GetAddrInfoW, on getdns when the prefix asks for private DNS
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

/* Wine's getaddrinfo asks glibc, which sends every query in plaintext to
 * resolv.conf's servers and validates nothing.  A prefix set to DNS over
 * TLS (any mode, a broken setting too: it must fail, not leak) or to
 * DNSSEC validation gets these calls from our engine instead, as its
 * GetAddrInfoEx calls; any other prefix gets Wine's functions, called as
 * they are, so that nothing changes where nothing was asked for.  The
 * question is asked at each call (engine_privacy is cheap and re-reads the
 * files at most once a second): a running program follows a change of the
 * setting as GetAddrInfoEx does. */

static int set_error( int error )
{
    SetLastError( error );
    return error;
}

/* ADDRINFOA and ADDRINFOW hints share their layout; GetAddrInfoEx checks
 * them as its own (the members that must be zero, the flags, family and
 * socket type), so they are copied whole, pointers included. */
static const ADDRINFOEXW *convert_hints( const ADDRINFOW *hints, ADDRINFOEX2W *storage )
{
    if (!hints) return NULL;
    memset( storage, 0, sizeof(*storage) );
    storage->ai_flags = hints->ai_flags;
    storage->ai_family = hints->ai_family;
    storage->ai_socktype = hints->ai_socktype;
    storage->ai_protocol = hints->ai_protocol;
    storage->ai_addrlen = hints->ai_addrlen;
    storage->ai_canonname = hints->ai_canonname;
    storage->ai_addr = hints->ai_addr;
    storage->ai_next = (ADDRINFOEX2W *)hints->ai_next;
    return (const ADDRINFOEXW *)storage;
}

/* The list goes to the caller only once freeaddrinfo can tell it is ours. */
static int hand_out( ADDRINFOEXW *list, BOOL wide, ADDRINFOW **result )
{
    ADDRINFOW *plain;
    int ret;

    ret = convert_list_to_plain( list, wide, &plain );
    free_result_list( list );
    if (ret) return ret;
    if (!owned_list_add( plain ))
    {
        free_plain_list( plain );
        return WSA_NOT_ENOUGH_MEMORY;
    }
    *result = plain;
    return 0;
}

/***********************************************************************
 *      getaddrinfo   (ws2getdns.@)
 */
int WINAPI getaddrinfo( const char *name, const char *service, const ADDRINFOA *hints, ADDRINFOA **result )
{
    const struct stock_ws2_32 *wine = stock_ws2_32();
    ADDRINFOEX2W hints_storage;
    ADDRINFOEXW *list;
    int ret;

    TRACE( "name %s, service %s, hints %p, result %p\n", debugstr_a(name), debugstr_a(service), hints, result );

    if (!engine_privacy())
    {
        if (!wine->getaddrinfo) return set_error( WSASYSNOTREADY );
        return wine->getaddrinfo( name, service, hints, result );
    }
    if (hints)
        TRACE( "hints: flags %#x, family %d, socktype %d, protocol %d\n",
               hints->ai_flags, hints->ai_family, hints->ai_socktype, hints->ai_protocol );

    /* Wine would crash here; Windows' GetAddrInfoEx answers this */
    if (!result) return set_error( WSA_INVALID_PARAMETER );
    *result = NULL;
    ret = lookup_sync_a( name, service, convert_hints( (const ADDRINFOW *)hints, &hints_storage ), &list );
    if (!ret) ret = hand_out( list, FALSE, (ADDRINFOW **)result );
    TRACE( "returning %d, list %p\n", ret, *result );
    return set_error( ret );
}

/***********************************************************************
 *      GetAddrInfoW   (ws2getdns.@)
 */
int WINAPI GetAddrInfoW( const WCHAR *name, const WCHAR *service, const ADDRINFOW *hints, ADDRINFOW **result )
{
    const struct stock_ws2_32 *wine = stock_ws2_32();
    ADDRINFOEX2W hints_storage;
    ADDRINFOEXW *list;
    int ret;

    TRACE( "name %s, service %s, hints %p, result %p\n", debugstr_w(name), debugstr_w(service), hints, result );

    if (!engine_privacy())
    {
        if (!wine->GetAddrInfoW) return set_error( WSASYSNOTREADY );
        return wine->GetAddrInfoW( name, service, hints, result );
    }
    if (hints)
        TRACE( "hints: flags %#x, family %d, socktype %d, protocol %d\n",
               hints->ai_flags, hints->ai_family, hints->ai_socktype, hints->ai_protocol );

    if (!result) return set_error( WSA_INVALID_PARAMETER );
    *result = NULL;
    ret = lookup_sync_w( name, service, convert_hints( hints, &hints_storage ), &list );
    if (!ret) ret = hand_out( list, TRUE, result );
    TRACE( "returning %d, list %p\n", ret, *result );
    return set_error( ret );
}

/***********************************************************************
 *      freeaddrinfo   (ws2getdns.@)
 *
 * Ours or Wine's, whatever the setting says now (ownedlists.c).
 */
void WINAPI freeaddrinfo( ADDRINFOA *list )
{
    const struct stock_ws2_32 *wine;

    TRACE( "list %p\n", list );

    if (owned_list_remove( list ))
    {
        free_plain_list( (ADDRINFOW *)list );
        return;
    }
    wine = stock_ws2_32();
    if (wine->freeaddrinfo) wine->freeaddrinfo( list );
}

/***********************************************************************
 *      FreeAddrInfoW   (ws2getdns.@)
 */
void WINAPI FreeAddrInfoW( ADDRINFOW *list )
{
    const struct stock_ws2_32 *wine;

    TRACE( "list %p\n", list );

    if (owned_list_remove( list ))
    {
        free_plain_list( list );
        return;
    }
    wine = stock_ws2_32();
    if (wine->FreeAddrInfoW) wine->FreeAddrInfoW( list );
}
