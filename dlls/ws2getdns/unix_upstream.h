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

#ifndef __WS2GETDNS_UNIX_UPSTREAM_H
#define __WS2GETDNS_UNIX_UPSTREAM_H

#include <getdns/getdns.h>
#include "wine/list.h"
#include "unix_resolvconf.h"
#include "unixlib.h"
#include "unix_tls.h"

/* getdns picks the upstream of a query itself and never moves a query to
 * another one, so a SERVFAIL from the first server would end the query.
 * Each nameserver therefore gets getdns contexts of its own (exactly one
 * upstream each, all on the resolver's loop and thread), and the
 * resolution chooses the server of every attempt: first the preferred
 * server; after no reply or SERVFAIL/REFUSED/NOTIMP/FORMERR, the next one;
 * and a server that answers after such a failover becomes the preferred
 * one for later queries (as glibc's and c-ares' rotation on failure).
 *
 * A server's contexts:
 *   udp        UDP only: a truncated reply comes back to the resolver,
 *              which retries it over TCP itself (unix_resolution.c).
 *   pipelined  TCP only, every query on one connection: the opt-in
 *              overflow beyond the UDP window (unix_transport.h), made
 *              by its first query (upstream_pipelined).
 *   the pool   TCP only, each carrying one query at a time: a TCP query
 *              in flight (use-vc, or after a truncated reply) has a
 *              connection of its own, as under glibc, which opens one per
 *              lookup.  getdns 1.6 would pipeline every TCP query of a
 *              context over one connection, and servers that answer a
 *              connection's queries one at a time (dnsmasq) would answer
 *              concurrent lookups one after the other.  Contexts are made
 *              when none is idle, given back when their query ends, kept
 *              idle for reuse for TCP_POOL_IDLE_MS and destroyed after
 *              that.  A getdns 1.6 context costs about 290 KB (its
 *              libunbound context is made with it), so a server has at
 *              most TCP_POOL_MAX of them; past that, a query shares the
 *              least loaded one (pipelined behind its queries).  A pool
 *              query counts in the transport's socket budget.  A context
 *              one of whose queries did not end in a reply (cancelled,
 *              timed out, failed) is destroyed once it carries no other,
 *              not reused: its connection may still carry that query, or
 *              getdns may hold the failure against the server.
 *
 * A new resolv.conf brings a new set; the old set is retired and destroyed
 * once no transaction is live on it, between rounds of the loop (never
 * from inside a getdns callback, where destroying a context aborts).
 * Pool contexts are likewise destroyed only by upstreams_sweep, which
 * runs between rounds.
 *
 * Lookups with custom servers (ADDRINFOEX6) run on sets of their own, made
 * from their server lists and shared by lookups with the same list
 * (unix_custom.c). */

/* a set's servers: resolv.conf's, then a lookup's custom ones */
#define MAX_SET_SERVERS (MAX_NAMESERVERS + WS2GETDNS_MAX_SERVERS)

struct resolver;

/* a TCP-only context of a server's pool */
struct tcp_context
{
    struct list entry;              /* in upstream->tcp_busy or ->tcp_idle, or set->tcp_doomed */
    getdns_context *context;
    struct upstream *upstream;
    unsigned int queries;           /* carried now: in tcp_busy while not 0 */
    unsigned int broken : 1;        /* a query on it ended without a reply: never reused */
    uint64_t idle_since;            /* loop_now_ms() when its last query ended */
};

struct upstream
{
    getdns_context *udp;
    getdns_context *pipelined;
    struct list tcp_busy;           /* pool contexts carrying queries */
    struct list tcp_idle;           /* pool contexts without a query, the latest given back first */
    unsigned int tcp_busy_count, tcp_idle_count;
    uint64_t overflow_off_until;    /* no REFUSED overflow (unix_resolution.c, query_overflow) before
                                     * this time (loop_now_ms): its last try failed */
    struct upstream_set *set;
    unsigned int index;             /* in set->servers: resolv.conf order, then the custom ones */
    struct resolv_server server;    /* its address, for new pool contexts */
    const struct tls_server *tls;   /* in set->tls with DNS over TLS, else NULL */
    /* losses (unix_resolution.c, detect_losses) */
    struct list flight;             /* struct attempt.flight_entry: UDP tries out, oldest first */
    struct list loss_entry;         /* in resolver->loss_check while tries out may be lost */
    uint64_t rack_sent;             /* loop_now_ms() when the latest-sent UDP try it answered went out */
    uint64_t rack_ms;               /* how long that answer took */
    uint64_t loss_due;              /* when the oldest try out counts as lost unless answered, 0: none */
};

struct upstream_set
{
    struct list entry;              /* in resolver->retired once replaced; a custom set in resolver->custom_sets */
    struct resolver *resolver;
    /* == the number of queries with q->live whose q->upstream is in this
     * set: changed only by query_attempt_started/query_attempt_ended */
    unsigned int live;
    struct list tcp_doomed;         /* pool contexts to destroy at the next sweep */
    getdns_eventloop_event sweep_event;     /* the oldest idle pool context expires */
    unsigned int sweep_scheduled : 1;       /* the loop holds sweep_event: clear it at the end */
    unsigned int sweep_armed : 1;           /* ... and it has not fired yet */
    unsigned int sweep_due : 1;             /* it fired: upstreams_sweep looks at the idle ones */
    unsigned int preferred;         /* server of first attempts */
    /* custom sets (unix_custom.c) */
    unsigned int custom : 1;
    unsigned int users;             /* resolutions holding it */
    uint64_t idle_since;            /* loop_now_ms() when the last one let it go */
    unsigned int count;
    struct upstream servers[MAX_SET_SERVERS];
    struct tls_config tls;          /* the DNS-over-TLS setting it was made with (unix_tls.h) */
    getdns_list *dnssec_anchors;    /* validation on when it was made: its trust anchors, else NULL */
    unsigned int dnssec_generation; /* resolver->dnssec_generation then */
};

/* one set for the servers of resolver->conf, or of resolver->tls when DNS
 * over TLS is on; NULL when one cannot be made */
struct upstream_set *upstream_set_create( struct resolver *resolver );
/* one set for `count` servers (at most MAX_SET_SERVERS), plain DNS; or,
 * with `tls`, for its servers over TLS */
struct upstream_set *upstream_set_create_from( struct resolver *resolver, const struct resolv_server *servers,
                                               unsigned int count, const struct tls_config *tls );
/* only with nothing live on the set: getdns would call back into freed queries */
void upstream_set_free( struct upstream_set *set );

/* a new set for a new resolv.conf; queries live on the old one finish there */
void upstreams_replace( struct resolver *resolver );
/* destroys the retired sets nothing is live on; never inside a callback */
void upstreams_reap_retired( struct resolver *resolver );

/* destroys the pool contexts given back for good and those idle too long;
 * never inside a callback */
void upstreams_sweep( struct resolver *resolver );

/* the server's pipelined context, made now if it has none; NULL when that fails */
getdns_context *upstream_pipelined( struct upstream *up );

/* a pool context for one TCP query to `up`: an idle one, a new one, or
 * past TCP_POOL_MAX the least loaded; NULL when none can be had */
struct tcp_context *upstream_tcp_acquire( struct upstream *up );
/* ... only one that carries no other query, else NULL */
struct tcp_context *upstream_tcp_acquire_own( struct upstream *up );

/* one of its queries ended, with a reply if `replied`.  Without a query
 * left it goes idle for reuse, or, if one ended without a reply, is
 * destroyed at the next sweep.  May run inside a callback. */
void upstream_tcp_release( struct tcp_context *tc, int replied );

/* the upstream dict getdns takes for one server (address, scope id);
 * NULL when out of memory */
getdns_dict *upstream_server_dict( const struct resolv_server *server );

/* the server of a lookup's first attempts on `set`: the preferred one, or
 * with "options rotate" (resolv.conf's set only) the next in turn */
unsigned int upstream_first( struct resolver *resolver, struct upstream_set *set );

/* the server of an attempt: `server` counts failovers from the first one */
struct upstream *upstream_for_attempt( struct upstream_set *set, unsigned int server );

/* an answer (addresses, NXDOMAIN, NODATA) came from `up`: after a
 * failover, later queries start there */
void upstream_answered( struct resolver *resolver, const struct upstream *up, const char *name );

#endif /* __WS2GETDNS_UNIX_UPSTREAM_H */
