/*
 * ws2getdns Unix side: the nameservers, one getdns context per server and transport
 *
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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "unix_resolver_private.h"
#include "unix_pagepool.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

#define TCP_IDLE_TIMEOUT_MS 5000

getdns_dict *upstream_server_dict( const struct resolv_server *server )
{
    getdns_bindata data = { server->family == AF_INET ? 4 : 16, (uint8_t *)server->addr };
    getdns_dict *dict = getdns_dict_create();
    char scope[11];

    if (!dict) return NULL;
    if (getdns_dict_set_bindata( dict, "address_data", &data ))
    {
        getdns_dict_destroy( dict );
        return NULL;
    }
    /* A link-local server (fe80::1%eth0) is reachable only through its
     * interface.  getdns takes the scope as text it appends after a '%' to
     * the address before getaddrinfo() reads it: the interface index in
     * decimal is what glibc accepts in every version. */
    if (server->family == AF_INET6 && server->scope_id)
    {
        getdns_bindata text = { snprintf( scope, sizeof(scope), "%u", server->scope_id ), (uint8_t *)scope };

        if (getdns_dict_set_bindata( dict, "scope_id", &text ))
        {
            getdns_dict_destroy( dict );
            return NULL;
        }
    }
    return dict;
}

static int set_upstream( getdns_context *context, const struct resolv_server *server )
{
    getdns_list *list = getdns_list_create();
    getdns_dict *dict = upstream_server_dict( server );
    getdns_return_t ret = GETDNS_RETURN_MEMORY_ERROR;

    if (list && dict && !(ret = getdns_list_set_dict( list, 0, dict )))
        ret = getdns_context_set_upstream_recursive_servers( context, list );
    getdns_dict_destroy( dict );
    getdns_list_destroy( list );
    return ret;
}

/* The two transports get contexts apart because getdns fails every query
 * pipelined on a connection when one reply on it is bad or the server
 * closes it: the overflow retries such a failure elsewhere at no cost,
 * but a truncated reply's fall-back would lose an attempt to it. */
static getdns_context *create_context( struct resolver *resolver, const struct upstream *up,
                                       const struct resolv_server *server, enum upstream_transport transport )
{
    static const getdns_transport_list_t udp_first[] = { GETDNS_TRANSPORT_UDP, GETDNS_TRANSPORT_TCP };
    static const getdns_transport_list_t tcp_only[] = { GETDNS_TRANSPORT_TCP };
    getdns_namespace_t dns_only = GETDNS_NAMESPACE_DNS;
    getdns_context *context;
    getdns_return_t ret;

    /* not from the OS: getdns reads resolv.conf without its options and
     * never re-reads it; the resolver configures everything itself */
    if ((ret = getdns_context_create_with_extended_memory_functions( &context, 0, resolver->pool,
                                                                     page_pool_malloc, page_pool_realloc,
                                                                     page_pool_free )))
    {
        ERR( "getdns_context_create failed: %d\n", ret );
        return NULL;
    }
    if ((ret = getdns_context_set_resolution_type( context, GETDNS_RESOLUTION_STUB ))
        || (ret = getdns_context_set_namespaces( context, 1, &dns_only ))
        || (ret = getdns_context_set_append_name( context, GETDNS_APPEND_NAME_NEVER ))
        || (ret = getdns_context_set_eventloop( context, epoll_loop_base( resolver->loop ) )))
    {
        ERR( "configuring the getdns context failed: %d\n", ret );
        getdns_context_destroy( context );
        return NULL;
    }
    if ((ret = set_upstream( context, server )))
    {
        ERR( "cannot set upstream %u from %s: %d\n", up->index, resolver->resolv_path, ret );
        getdns_context_destroy( context );
        return NULL;
    }
    /* use-vc in resolv.conf: TCP for every query, as glibc's resolver then
     * does (the attempts still count against the UDP window, which bounds
     * the queries in flight) */
    if (resolver->conf.use_vc) transport = UPSTREAM_TCP;
    /* The idle timeout keeps a connection open between queries only to a
     * server that answers edns-tcp-keepalive.  Set after the upstream:
     * getdns 1.6 walks the upstreams when the value is 0. */
    if ((ret = transport == UPSTREAM_TCP
               ? getdns_context_set_dns_transport_list( context, 1, (getdns_transport_list_t *)tcp_only )
               : getdns_context_set_dns_transport_list( context, 2, (getdns_transport_list_t *)udp_first ))
        || (ret = getdns_context_set_idle_timeout( context, TCP_IDLE_TIMEOUT_MS )))
    {
        ERR( "configuring TCP failed: %d\n", ret );
        getdns_context_destroy( context );
        return NULL;
    }
    return context;
}

void upstream_set_free( struct upstream_set *set )
{
    unsigned int i, t;

    if (!set) return;
    for (i = 0; i < set->count; i++)
        for (t = 0; t < UPSTREAM_TRANSPORT_COUNT; t++)
            if (set->servers[i].contexts[t]) getdns_context_destroy( set->servers[i].contexts[t] );
    free( set );
}

struct upstream_set *upstream_set_create( struct resolver *resolver )
{
    struct upstream_set *set = calloc( 1, sizeof(*set) );
    unsigned int i, t;

    if (!set) return NULL;
    list_init( &set->entry );
    for (i = 0; i < resolver->conf.server_count && i < MAX_NAMESERVERS; i++)
    {
        struct upstream *up = &set->servers[set->count++];

        up->set = set;
        up->index = i;
        for (t = 0; t < UPSTREAM_TRANSPORT_COUNT; t++)
        {
            if (!(up->contexts[t] = create_context( resolver, up, &resolver->conf.servers[i], t )))
            {
                upstream_set_free( set );
                return NULL;
            }
        }
    }
    if (!set->count)
    {
        free( set );
        return NULL;
    }
    return set;
}

void upstreams_reap_retired( struct resolver *resolver )
{
    struct upstream_set *set, *next;

    LIST_FOR_EACH_ENTRY_SAFE( set, next, &resolver->retired, struct upstream_set, entry )
    {
        if (set->live) continue;
        list_remove( &set->entry );
        upstream_set_free( set );
    }
}

void upstreams_replace( struct resolver *resolver )
{
    struct upstream_set *set = upstream_set_create( resolver );

    if (!set)
    {
        /* keep the old servers and try again at the next check */
        memset( &resolver->resolv_stamp, 0, sizeof(resolver->resolv_stamp) );
        return;
    }
    if (resolver->upstreams) list_add_tail( &resolver->retired, &resolver->upstreams->entry );
    resolver->upstreams = set;
    resolver->preferred = 0;
}

unsigned int upstream_first( struct resolver *resolver )
{
    unsigned int count = resolver->upstreams->count;

    /* "options rotate": as glibc, each lookup's first query goes to the
     * server after the previous lookup's, whichever of them answered */
    if (resolver->conf.rotate && count > 1) return resolver->rotation++ % count;
    return resolver->preferred;
}

struct upstream *upstream_for_attempt( struct resolver *resolver, unsigned int server )
{
    return &resolver->upstreams->servers[server % resolver->upstreams->count];
}

void upstream_answered( struct resolver *resolver, const struct upstream *up, const char *name )
{
    if (!up || up->set != resolver->upstreams || up->index == resolver->preferred) return;
    TRACE( "server %u answered %s after a failover: preferred from now on (was %u)\n",
           up->index, debugstr_a(name), resolver->preferred );
    resolver->preferred = up->index;
}
