/*
 * ws2getdns Unix side: the upstream sets of lookups with custom servers (ADDRINFOEX6)
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

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "unix_resolver_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

static int same_server( const struct resolv_server *a, const struct resolv_server *b )
{
    return a->family == b->family && a->port == b->port && a->scope_id == b->scope_id
           && !memcmp( a->addr, b->addr, a->family == AF_INET ? 4 : 16 );
}

static int set_matches( const struct upstream_set *set, const struct resolv_server *servers, unsigned int count )
{
    unsigned int i;

    /* a set made before the DNSSEC setting changed validates as it did
     * then: it is left to expire */
    if (set->count != count || set->dnssec_generation != set->resolver->dnssec_generation) return 0;
    for (i = 0; i < count; i++)
        if (!same_server( &set->servers[i].server, &servers[i] )) return 0;
    return 1;
}

static void custom_callback( void *userarg )
{
    struct resolver *resolver = userarg;

    /* only marks: sets are destroyed between rounds (custom_sets_sweep) */
    resolver->custom_armed = 0;
    resolver->custom_due = 1;
}

static void schedule_custom_sweep( struct resolver *resolver, uint64_t ms )
{
    getdns_eventloop *base = epoll_loop_base( resolver->loop );

    if (resolver->custom_armed) return;
    resolver->custom_event.userarg = resolver;
    resolver->custom_event.timeout_cb = custom_callback;
    /* without memory for the timer, idle sets wait for the next lookup
     * that needs a place, or for the resolver's end */
    if (base->vmt->schedule( base, -1, ms, &resolver->custom_event )) return;
    resolver->custom_scheduled = resolver->custom_armed = 1;
}

static void custom_set_destroy( struct resolver *resolver, struct upstream_set *set )
{
    TRACE( "custom set %p of %u servers destroyed\n", set, set->count );
    list_remove( &set->entry );
    resolver->custom_set_count--;
    upstream_set_free( set );
}

/* the set no lookup holds and nothing is live on that was let go first */
static struct upstream_set *oldest_idle( struct resolver *resolver )
{
    struct upstream_set *set, *next, *oldest = NULL;

    LIST_FOR_EACH_ENTRY_SAFE( set, next, &resolver->custom_sets, struct upstream_set, entry )
        if (!set->users && !set->live && (!oldest || set->idle_since < oldest->idle_since)) oldest = set;
    return oldest;
}

struct upstream_set *custom_set_acquire( struct resolver *resolver, const struct server_addr *servers,
                                         unsigned int count, UINT32 flags, UINT32 *status )
{
    struct resolv_server list[MAX_SET_SERVERS];
    struct upstream_set *set, *next;
    unsigned int i, n = 0;

    if (!(flags & WS2GETDNS_SERVERS_EXCLUSIVE))
        for (i = 0; i < resolver->upstreams->count; i++) list[n++] = resolver->upstreams->servers[i].server;
    for (i = 0; i < count && i < WS2GETDNS_MAX_SERVERS; i++)
    {
        struct resolv_server *server = &list[n++];

        memset( server, 0, sizeof(*server) );
        server->family = servers[i].family == WS2GETDNS_AF_INET6 ? AF_INET6 : AF_INET;
        memcpy( server->addr, servers[i].addr, server->family == AF_INET ? 4 : 16 );
        if (server->family == AF_INET6) server->scope_id = servers[i].scope_id;
        /* 53 is what getdns uses without a port: one set for both spellings */
        server->port = servers[i].port == 53 ? 0 : servers[i].port;
    }

    LIST_FOR_EACH_ENTRY_SAFE( set, next, &resolver->custom_sets, struct upstream_set, entry )
    {
        if (!set_matches( set, list, n )) continue;
        set->users++;
        return set;
    }
    if (resolver->custom_set_count >= MAX_CUSTOM_SETS)
    {
        if (!(set = oldest_idle( resolver )))
        {
            WARN( "%u custom server sets in use: no room for another\n", resolver->custom_set_count );
            *status = WS2GETDNS_WSAENOBUFS;
            return NULL;
        }
        custom_set_destroy( resolver, set );
    }
    if (!(set = upstream_set_create_from( resolver, list, n, NULL )))
    {
        *status = WS2GETDNS_WSA_NOT_ENOUGH_MEMORY;
        return NULL;
    }
    set->custom = 1;
    set->users = 1;
    list_add_tail( &resolver->custom_sets, &set->entry );
    resolver->custom_set_count++;
    TRACE( "custom set %p: %u servers (%u custom%s)\n", set, n, count,
           (flags & WS2GETDNS_SERVERS_EXCLUSIVE) ? ", exclusive" : "" );
    return set;
}

void custom_set_release( struct upstream_set *set )
{
    if (--set->users) return;
    set->idle_since = loop_now_ms();
    schedule_custom_sweep( set->resolver, CUSTOM_SET_IDLE_MS );
}

void custom_sets_sweep( struct resolver *resolver, uint64_t now )
{
    struct upstream_set *set, *next;
    uint64_t next_due = UINT64_MAX, due;

    if (!resolver->custom_due) return;
    resolver->custom_due = 0;
    LIST_FOR_EACH_ENTRY_SAFE( set, next, &resolver->custom_sets, struct upstream_set, entry )
    {
        if (set->users) continue;
        if (!set->live && now - set->idle_since >= CUSTOM_SET_IDLE_MS)
        {
            custom_set_destroy( resolver, set );
            continue;
        }
        /* a set with a transaction still live waits a second more */
        due = set->idle_since + CUSTOM_SET_IDLE_MS > now ? set->idle_since + CUSTOM_SET_IDLE_MS : now + 1000;
        if (due < next_due) next_due = due;
    }
    if (next_due != UINT64_MAX) schedule_custom_sweep( resolver, next_due - now );
}

void custom_sets_free( struct resolver *resolver )
{
    if (resolver->custom_scheduled)
    {
        getdns_eventloop *base = epoll_loop_base( resolver->loop );

        base->vmt->clear( base, &resolver->custom_event );
        resolver->custom_scheduled = resolver->custom_armed = 0;
    }
    while (!list_empty( &resolver->custom_sets ))
        custom_set_destroy( resolver, LIST_ENTRY( resolver->custom_sets.next, struct upstream_set, entry ) );
}
