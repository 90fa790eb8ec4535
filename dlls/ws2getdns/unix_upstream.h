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

#ifndef __WS2GETDNS_UNIX_UPSTREAM_H
#define __WS2GETDNS_UNIX_UPSTREAM_H

#include <getdns/getdns.h>
#include "wine/list.h"
#include "unix_resolvconf.h"

/* getdns picks the upstream of a query itself and never moves a query to
 * another one, so a SERVFAIL from the first server would end the query.
 * Each nameserver therefore gets getdns contexts of its own (exactly one
 * upstream each, all on the resolver's loop and thread), and the
 * resolution chooses the server of every attempt: first the preferred
 * server; after no reply or SERVFAIL/REFUSED/NOTIMP/FORMERR, the next one;
 * and a server that answers after such a failover becomes the preferred
 * one for later queries (as glibc's and c-ares' rotation on failure).
 *
 * A new resolv.conf brings a new set; the old set is retired and destroyed
 * once no transaction is live on it, between rounds of the loop (never
 * from inside a getdns callback, where destroying a context aborts). */

struct resolver;

enum upstream_transport
{
    UPSTREAM_UDP,       /* UDP, and getdns' own fall-back to TCP for truncated replies */
    UPSTREAM_TCP,       /* TCP only: the overflow beyond the UDP bound, pipelined */
    UPSTREAM_TRANSPORT_COUNT
};

struct upstream
{
    getdns_context *contexts[UPSTREAM_TRANSPORT_COUNT];
    struct upstream_set *set;
    unsigned int index;             /* in set->servers, resolv.conf order */
};

struct upstream_set
{
    struct list entry;              /* in resolver->retired once replaced */
    /* == the number of queries with q->live whose q->upstream is in this
     * set: changed only by query_attempt_started/query_attempt_ended */
    unsigned int live;
    unsigned int count;
    struct upstream servers[MAX_NAMESERVERS];
};

/* one set for the servers of resolver->conf; NULL when one cannot be made */
struct upstream_set *upstream_set_create( struct resolver *resolver );
/* only with nothing live on the set: getdns would call back into freed queries */
void upstream_set_free( struct upstream_set *set );

/* a new set for a new resolv.conf; queries live on the old one finish there */
void upstreams_replace( struct resolver *resolver );
/* destroys the retired sets nothing is live on; never inside a callback */
void upstreams_reap_retired( struct resolver *resolver );

/* the upstream dict getdns takes for one server (address, scope id);
 * NULL when out of memory */
getdns_dict *upstream_server_dict( const struct resolv_server *server );

/* the server of a lookup's first attempts: the preferred one, or with
 * "options rotate" the next in turn */
unsigned int upstream_first( struct resolver *resolver );

/* the server of an attempt: `server` counts failovers from the first one */
struct upstream *upstream_for_attempt( struct resolver *resolver, unsigned int server );

/* an answer (addresses, NXDOMAIN, NODATA) came from `up`: after a
 * failover, later queries start there */
void upstream_answered( struct resolver *resolver, const struct upstream *up, const char *name );

#endif /* __WS2GETDNS_UNIX_UPSTREAM_H */
