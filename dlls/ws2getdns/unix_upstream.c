/*
 * ws2getdns Unix side: the nameservers, their getdns contexts and TCP pools
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
/* Pool contexts per server, at about 290 KB each: above the TCP
 * connections dnsmasq serves at once (20), and within what it serves plus
 * its listen backlog (32): past that its kernel drops our SYNs, and each
 * connection so dropped waits a second for the SYN to be sent again.
 * Beyond the pool, queries share its connections.  Idle ones are kept this
 * long for the next burst (a context takes about half a millisecond to
 * make), past getdns' own idle timeout, after which getdns has closed the
 * connection. */
#define TCP_POOL_MAX 32
#define TCP_POOL_IDLE_MS 10000

enum context_kind
{
    CONTEXT_UDP,
    CONTEXT_PIPELINED,
    CONTEXT_POOL,
};

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
    /* a custom server's port (unix_custom.c); resolv.conf has none */
    if (server->port && getdns_dict_set_int( dict, "port", server->port ))
    {
        getdns_dict_destroy( dict );
        return NULL;
    }
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

/* The UDP context lists UDP alone: getdns would retry a truncated reply
 * over its own TCP connection to the server, pipelined with every other
 * such retry, and a server that answers a connection's queries one at a
 * time would answer them one after the other.  The resolver retries it on
 * a connection of the pool instead.  The pipelined overflow has a context
 * of its own because getdns fails every query pipelined on a connection
 * when one reply on it is bad or the server closes it. */
static getdns_context *create_context( struct resolver *resolver, const struct upstream *up,
                                       enum context_kind kind )
{
    static const getdns_transport_list_t udp_only[] = { GETDNS_TRANSPORT_UDP };
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
        || (ret = getdns_context_set_eventloop( context, kind == CONTEXT_UDP && !up->tls
                                                            ? epoll_loop_udp_base( resolver->loop )
                                                            : epoll_loop_base( resolver->loop ) )))
    {
        ERR( "configuring the getdns context failed: %d\n", ret );
        getdns_context_destroy( context );
        return NULL;
    }
    /* DNS over TLS: every kind of context talks TLS (unix_tls.c); what
     * the kind chooses is plain DNS's transport in opportunistic mode */
    if (up->tls)
    {
        if ((ret = tls_context_setup( context, &up->set->tls, up->tls,
                                      kind == CONTEXT_UDP ? GETDNS_TRANSPORT_UDP : GETDNS_TRANSPORT_TCP )))
        {
            ERR( "cannot set TLS upstream %u from %s: %d\n", up->index, resolver->tls_path, ret );
            getdns_context_destroy( context );
            return NULL;
        }
    }
    else if ((ret = set_upstream( context, &up->server )))
    {
        ERR( "cannot set upstream %u from %s: %d\n", up->index, resolver->resolv_path, ret );
        getdns_context_destroy( context );
        return NULL;
    }
    /* DNSSEC: the context validates what its queries ask it to (unix_dnssec.c) */
    if (up->set->dnssec_anchors && (ret = dnssec_context_setup( context, up->set->dnssec_anchors )))
    {
        ERR( "cannot set the DNSSEC trust anchors of %s: %d\n", resolver->dnssec_path, ret );
        getdns_context_destroy( context );
        return NULL;
    }
    /* The idle timeout keeps a connection open between queries only to a
     * server that answers edns-tcp-keepalive.  Set after the upstream:
     * getdns 1.6 walks the upstreams when the value is 0. */
    if ((!up->tls && (ret = kind == CONTEXT_UDP
                      ? getdns_context_set_dns_transport_list( context, 1, (getdns_transport_list_t *)udp_only )
                      : getdns_context_set_dns_transport_list( context, 1, (getdns_transport_list_t *)tcp_only )))
        || (ret = getdns_context_set_idle_timeout( context, TCP_IDLE_TIMEOUT_MS )))
    {
        ERR( "configuring the transport failed: %d\n", ret );
        getdns_context_destroy( context );
        return NULL;
    }
    return context;
}

static void tcp_context_destroy( struct tcp_context *tc )
{
    list_remove( &tc->entry );
    getdns_context_destroy( tc->context );
    free( tc );
}

static void sweep_callback( void *userarg )
{
    struct upstream_set *set = userarg;

    /* only marks: contexts are destroyed between rounds (upstreams_sweep);
     * the fired event stays the loop's until cleared or scheduled again */
    set->sweep_armed = 0;
    set->sweep_due = 1;
}

static void schedule_sweep( struct upstream_set *set, uint64_t ms )
{
    getdns_eventloop *base = epoll_loop_base( set->resolver->loop );

    if (set->sweep_armed) return;
    set->sweep_event.userarg = set;
    set->sweep_event.timeout_cb = sweep_callback;
    /* without memory for the timer the idle contexts wait for the next
     * one given back (or for the set's end) */
    if (base->vmt->schedule( base, -1, ms, &set->sweep_event )) return;
    set->sweep_scheduled = set->sweep_armed = 1;
}

struct tcp_context *upstream_tcp_acquire( struct upstream *up )
{
    struct resolver *resolver = up->set->resolver;
    struct tcp_context *tc, *least = NULL;

    if (!list_empty( &up->tcp_idle ))
    {
        tc = LIST_ENTRY( up->tcp_idle.next, struct tcp_context, entry );
        list_remove( &tc->entry );
        up->tcp_idle_count--;
    }
    else
    {
        struct list *cursor;

        /* the least loaded busy one, healthy ones first */
        for (cursor = up->tcp_busy.next; cursor != &up->tcp_busy; cursor = cursor->next)
        {
            tc = LIST_ENTRY( cursor, struct tcp_context, entry );
            if (!least || (least->broken && !tc->broken)
                || (least->broken == tc->broken && tc->queries < least->queries))
                least = tc;
        }
        if (least && up->tcp_busy_count >= TCP_POOL_MAX)
        {
            least->queries++;
            return least;
        }
        if (!(tc = malloc( sizeof(*tc) )) || !(tc->context = create_context( resolver, up, CONTEXT_POOL )))
        {
            free( tc );
            /* without memory for another connection, share one */
            if (least) least->queries++;
            return least;
        }
        tc->upstream = up;
        tc->broken = 0;
        TRACE( "server %u: TCP pool context %u made\n", up->index, up->tcp_busy_count + 1 );
    }
    tc->queries = 1;
    tc->idle_since = 0;
    list_add_tail( &up->tcp_busy, &tc->entry );
    up->tcp_busy_count++;
    return tc;
}

/* a pool context that carries no other query, or NULL */
struct tcp_context *upstream_tcp_acquire_own( struct upstream *up )
{
    struct tcp_context *tc;

    if (list_empty( &up->tcp_idle ) && up->tcp_busy_count >= TCP_POOL_MAX) return NULL;
    if ((tc = upstream_tcp_acquire( up )) && tc->queries > 1)
    {
        upstream_tcp_release( tc, TRUE );
        return NULL;
    }
    return tc;
}

void upstream_tcp_release( struct tcp_context *tc, int replied )
{
    struct upstream *up = tc->upstream;
    struct upstream_set *set = up->set;

    if (!replied) tc->broken = 1;
    if (--tc->queries) return;
    list_remove( &tc->entry );
    up->tcp_busy_count--;
    if (tc->broken)
    {
        list_add_tail( &set->tcp_doomed, &tc->entry );
        return;
    }
    tc->idle_since = loop_now_ms();
    list_add_head( &up->tcp_idle, &tc->entry );
    up->tcp_idle_count++;
    schedule_sweep( set, TCP_POOL_IDLE_MS );
}

static void set_sweep( struct upstream_set *set, uint64_t now )
{
    uint64_t next = UINT64_MAX;
    unsigned int i;

    while (!list_empty( &set->tcp_doomed ))
        tcp_context_destroy( LIST_ENTRY( set->tcp_doomed.next, struct tcp_context, entry ) );
    if (!set->sweep_due) return;
    set->sweep_due = 0;
    for (i = 0; i < set->count; i++)
    {
        struct upstream *up = &set->servers[i];

        /* the oldest at the tail */
        while (!list_empty( &up->tcp_idle ))
        {
            struct tcp_context *tc = LIST_ENTRY( up->tcp_idle.prev, struct tcp_context, entry );

            if (now - tc->idle_since < TCP_POOL_IDLE_MS)
            {
                if (tc->idle_since + TCP_POOL_IDLE_MS < next) next = tc->idle_since + TCP_POOL_IDLE_MS;
                break;
            }
            tcp_context_destroy( tc );
            up->tcp_idle_count--;
            TRACE( "server %u: idle TCP pool context destroyed, %u idle left\n", up->index, up->tcp_idle_count );
        }
    }
    if (next != UINT64_MAX) schedule_sweep( set, next - now );
}

void upstreams_sweep( struct resolver *resolver )
{
    struct upstream_set *set, *next;
    uint64_t now = loop_now_ms();

    if (resolver->upstreams) set_sweep( resolver->upstreams, now );
    LIST_FOR_EACH_ENTRY_SAFE( set, next, &resolver->retired, struct upstream_set, entry )
        set_sweep( set, now );
    LIST_FOR_EACH_ENTRY_SAFE( set, next, &resolver->custom_sets, struct upstream_set, entry )
        set_sweep( set, now );
    custom_sets_sweep( resolver, now );
}

void upstream_set_free( struct upstream_set *set )
{
    unsigned int i;

    if (!set) return;
    if (set->sweep_scheduled)
    {
        getdns_eventloop *base = epoll_loop_base( set->resolver->loop );
        base->vmt->clear( base, &set->sweep_event );
    }
    while (!list_empty( &set->tcp_doomed ))
        tcp_context_destroy( LIST_ENTRY( set->tcp_doomed.next, struct tcp_context, entry ) );
    for (i = 0; i < set->count; i++)
    {
        struct upstream *up = &set->servers[i];

        list_remove( &up->loss_entry );
        /* nothing is live on the set: every pool context is idle */
        while (!list_empty( &up->tcp_idle ))
            tcp_context_destroy( LIST_ENTRY( up->tcp_idle.next, struct tcp_context, entry ) );
        if (up->udp) getdns_context_destroy( up->udp );
        if (up->pipelined) getdns_context_destroy( up->pipelined );
    }
    getdns_list_destroy( set->dnssec_anchors );
    free( set );
}

struct upstream_set *upstream_set_create_from( struct resolver *resolver, const struct resolv_server *servers,
                                               unsigned int count, const struct tls_config *tls )
{
    struct upstream_set *set = calloc( 1, sizeof(*set) );
    unsigned int i;

    if (!set) return NULL;
    list_init( &set->entry );
    list_init( &set->tcp_doomed );
    set->resolver = resolver;
    set->dnssec_generation = resolver->dnssec_generation;
    if (dnssec_config_on( &resolver->dnssec ) && resolver->dnssec_anchors
        && !(set->dnssec_anchors = dnssec_anchors_copy( resolver->dnssec_anchors )))
    {
        free( set );
        return NULL;
    }
    if (tls)
    {
        set->tls = *tls;
        count = tls->server_count;
    }
    for (i = 0; i < count && i < MAX_SET_SERVERS; i++)
    {
        struct upstream *up = &set->servers[set->count++];

        up->set = set;
        up->index = i;
        if (tls)
        {
            up->tls = &set->tls.servers[i];
            up->server = up->tls->addr;
        }
        else up->server = servers[i];
        list_init( &up->tcp_busy );
        list_init( &up->tcp_idle );
        list_init( &up->flight );
        list_init( &up->loss_entry );
        if (!(up->udp = create_context( resolver, up, CONTEXT_UDP )))
        {
            upstream_set_free( set );
            return NULL;
        }
    }
    if (!set->count)
    {
        upstream_set_free( set );
        return NULL;
    }
    return set;
}

/* Pipelining is off unless WS2GETDNS_MAX_TCP_INFLIGHT asks for it: a
 * context nobody uses would only cost memory (about 60 KB resident), so
 * its first query makes it. */
getdns_context *upstream_pipelined( struct upstream *up )
{
    if (!up->pipelined) up->pipelined = create_context( up->set->resolver, up, CONTEXT_PIPELINED );
    return up->pipelined;
}

struct upstream_set *upstream_set_create( struct resolver *resolver )
{
    if (tls_config_on( &resolver->tls ))
        return upstream_set_create_from( resolver, NULL, 0, &resolver->tls );
    return upstream_set_create_from( resolver, resolver->conf.servers,
                                     resolver->conf.server_count < MAX_NAMESERVERS
                                     ? resolver->conf.server_count : MAX_NAMESERVERS, NULL );
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
}

unsigned int upstream_first( struct resolver *resolver, struct upstream_set *set )
{
    /* "options rotate": as glibc, each lookup's first query goes to the
     * server after the previous lookup's, whichever of them answered; a
     * program's own server list is asked in its order */
    if (set == resolver->upstreams && resolver->conf.rotate && set->count > 1)
        return resolver->rotation++ % set->count;
    return set->preferred;
}

struct upstream *upstream_for_attempt( struct upstream_set *set, unsigned int server )
{
    return &set->servers[server % set->count];
}

void upstream_answered( struct resolver *resolver, const struct upstream *up, const char *name )
{
    /* a retired set's preference no longer matters */
    if (!up || (up->set != resolver->upstreams && !up->set->custom) || up->index == up->set->preferred) return;
    TRACE( "server %u%s answered %s after a failover: preferred from now on (was %u)\n", up->index,
           up->set->custom ? " (custom set)" : "", debugstr_a(name), up->set->preferred );
    up->set->preferred = up->index;
}
