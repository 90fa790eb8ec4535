/*
 * ws2getdns Unix side: the transport budget (queries in flight, UDP bound, TCP overflow)
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

#ifndef __WS2GETDNS_UNIX_TRANSPORT_H
#define __WS2GETDNS_UNIX_TRANSPORT_H

#include <stdint.h>
#include "wine/list.h"

/* How many queries may be in flight, how fast they go out, and over which
 * transport each attempt goes.  The rule: never worse than glibc's
 * resolver, which sends every query over UDP and keeps as many in flight
 * as the program has lookups (stock Wine: up to 500 threads, so up to a
 * thousand queries, their sending spread by the creation of the threads).
 *
 * UDP carries every query, up to a window, as TCP's congestion control
 * sends segments: it starts at 128 queries in flight, sent at once (a
 * burst any server's receive buffer takes).  Until the first answer it
 * grows with time, 256 queries every 100 ms up to 512; then by one for
 * each answer while it limits something (lookups wait for it, or it is
 * full): it doubles in each round trip until the first loss sets a
 * threshold, and grows by one per round trip above that.  It is never
 * above a descriptor budget (getdns opens one socket per UDP query) taken
 * from RLIMIT_NOFILE and never above stock Wine's thousand.  Past the
 * window, lookups wait in a FIFO queue, each still bound by its own
 * deadline.
 *
 * Tries go out at a pace, not in bursts: a forwarder whose answers come in
 * a clump would otherwise get a clump of new queries, and its receive
 * buffer drops what does not fit (unbound through a busy machine).  The
 * pace is the window per usual answer time, twice that in slow start, a
 * quarter more once the window no longer doubles; a little credit builds
 * up while nothing waits.  A try that a REFUSED under load paused goes out
 * as soon as an answer lets it, unpaced: the server said it has room.
 *
 * The window shrinks when the server shows it is overwhelmed:
 *   - a lost try: to 70%, and to no more than twice what the server
 *     answered while that try waited, once per round trip.  A try is
 *     taken for lost (unix_resolution.c, as TCP's RACK finds losses) when
 *     it is still unanswered after later ones were answered, and after it
 *     waited the time their answers took plus a reordering allowance and
 *     at least the usual answer time and four times its usual spread; it
 *     goes out again at once.  Its loss counts once that copy is answered
 *     in the usual time while the try itself still is not: a name the
 *     server is slow to resolve (a forwarder asking further) looks lost
 *     next to names it answers from its cache, but its copy is slow too.
 *     If most of the counted losses are answered after all, the cut is
 *     undone; every try taken for lost that is answered after all widens
 *     the reordering allowance;
 *   - REFUSED while many queries are in flight (dnsmasq refuses past its
 *     --dns-forward-max, 150 by default; that try does not count and is
 *     sent again when the window has room), or SERVFAIL while many are
 *     (BIND past its recursive-clients soft quota; sent again a second
 *     later);
 *   - a try left without a reply for the whole per-try timeout (halved,
 *     at most once per timeout).
 *
 * A query the server leaves unanswered far longer than its answers usually
 * take (twice transport_loss_min_ms, at least STALL_MIN_MS, at most the
 * per-try timeout) stops counting against the window, as a lost segment
 * leaves TCP's pipe: names a server never answers (a dead upstream
 * domain, a filter) would otherwise hold the window until their lookups
 * fail, and every other lookup would wait behind them, where stock Wine's
 * threads answer it at once.  It keeps its slot (and its tries their
 * sockets): the slots held in all never exceed the descriptor budget.
 *
 * A TCP query that is not part of that overflow (use-vc, the retry of a
 * truncated UDP reply) gets a connection of its own from the server's pool
 * (unix_upstream.h), as glibc opens one per lookup.  Such a query holds a
 * socket like a UDP one and counts against the same budget.
 *
 * Pipelining over TCP (one kept-open connection per server, a getdns
 * context of its own: unix_upstream.c) costs no descriptor per query, but
 * servers that answer a connection's queries one at a time (dnsmasq) make
 * each query wait for all those before it.  It is therefore off unless
 * WS2GETDNS_MAX_TCP_INFLIGHT asks for it: then queries beyond the UDP
 * window go over TCP, pipelined, up to that many in flight in all.
 *
 * The counters below are changed only through the functions of this
 * header, called from unix_resolution.c at the points named here:
 *   inflight      == the number of queries (struct query) with q->slot set.
 *                    A query takes its slot when its candidate starts
 *                    (start_candidate) and gives it back when it has a
 *                    result or is dropped.
 *   stalled       == the number of those whose slot_hold.stalled is set;
 *                    the others are on `slots`, oldest first.  The window
 *                    bounds inflight - stalled (transport_load), the
 *                    descriptor budget bounds inflight.
 *   sockets_inflight == the number of attempts (struct attempt) with
 *                    a->live and a->kind != ATTEMPT_PIPELINED: getdns
 *                    transactions outstanding with a socket of their own
 *                    (UDP, or a TCP connection of the pool).
 *   retry_queue   holds exactly the queries with q->retry and q->slot set
 *                    whose next try waits: for descriptors (past twice the
 *                    budget, which only a failure of the pipelined overflow
 *                    can bring), or for the pace.
 *   delivered     counts the answers (transport_answered).
 * Each upstream set counts its own live transactions (unix_upstream.h). */
/* a query's slot (struct query.slot_hold) */
struct transport_slot
{
    struct list entry;              /* in transport.slots until stalled */
    uint64_t since;                 /* loop_now_ms() when it was taken */
    unsigned int stalled : 1;       /* unanswered too long to count against the window */
};

struct transport
{
    unsigned int inflight;          /* queries holding a slot */
    unsigned int stalled;           /* ... of which unanswered too long to count against the window */
    struct list slots;              /* struct transport_slot not stalled, oldest first */
    unsigned int sockets_inflight;  /* live attempts with a socket of their own (not the REFUSED
                                     * overflow's, unix_resolution.c) */
    unsigned int window;            /* UDP: queries in flight allowed now */
    unsigned int window_min;        /* the start; timeouts never shrink it below */
    unsigned int window_max;        /* the descriptor budget (WS2GETDNS_MAX_INFLIGHT) */
    unsigned int ssthresh;          /* the window doubles each round trip below */
    unsigned int growth;            /* answers counted toward the next step above it */
    unsigned int max_tcp_inflight;  /* 0: no pipelining over TCP */
    uint64_t tcp_broken_until;      /* no TCP before this time (loop_now_ms) */
    uint64_t last_shrink;           /* loop_now_ms() of the last halving after a timeout */
    unsigned int answered_level;    /* the most sockets in flight at which a try sent was answered */
    unsigned int answer_ms_avg;     /* moving average of UDP answer times, in 1/8 ms */
    unsigned int answer_ms_dev;     /* moving average of their distance from it, in 1/8 ms */
    unsigned int answers_timed;
    unsigned int delivered;         /* answers so far */
    uint64_t blind_start;           /* loop_now_ms() of the first try, before any answer */
    unsigned int blind_over : 1;    /* an answer, a loss or a REFUSED under load came since */
    unsigned int pace_behind : 1;   /* a try waited for the pace since the last top-up */
    uint64_t pace_last;             /* loop_now_ms() when pace_credit was last topped up */
    unsigned int pace_credit;       /* UDP tries that may go out now, in 1/1000 */
    uint64_t shedding_at;           /* loop_now_ms() of the last SERVFAIL under load */
    uint64_t recovery_start;        /* loop_now_ms() of the last cut after a loss */
    unsigned int episode_losses;    /* losses since that cut */
    unsigned int episode_spurious;  /* ... answered after all */
    unsigned int undo_window;       /* the window before the cut, 0 once undone */
    unsigned int undo_ssthresh;
    unsigned int reorder_mult;      /* losses that were not widen the reordering allowance */
    struct list retry_queue;        /* struct query.retry_entry */
};

/* reads RLIMIT_NOFILE, WS2GETDNS_MAX_INFLIGHT and WS2GETDNS_MAX_TCP_INFLIGHT */
void transport_init( struct transport *transport );

int transport_tcp_usable( const struct transport *transport, uint64_t now );

/* may a candidate needing `needed` slots start now, within the window and
 * the pace?  (one always may when nothing is in flight, so a lookup never
 * waits for nothing)  `timeout_ms` is the per-try timeout. */
int transport_can_start( struct transport *transport, unsigned int needed, uint64_t now, uint64_t timeout_ms );
/* when the oldest query out that still counts against the window was sent
 * (loop_now_ms), 0 with none */
uint64_t transport_oldest_sent( const struct transport *transport );

/* must an attempt that starts now go pipelined over TCP?  (only with
 * pipelining asked for, past the UDP window) */
int transport_attempt_uses_tcp( const struct transport *transport, uint64_t now );

/* must a retry wait in retry_queue for descriptors?  (only after a
 * failure of the pipelined overflow moved its queries back to UDP) */
int transport_sockets_full( const struct transport *transport, uint64_t now );

/* a pipelined TCP attempt failed without a reply (no TCP on the server, a
 * reset): the overflow waits for UDP slots for a while */
void transport_tcp_failed( struct transport *transport, uint64_t now );

/* A server answered (addresses, NXDOMAIN or NODATA) a try sent with
 * `level` attempts with a socket in flight, `latency_ms` after it went
 * out: the window grows if it `limited` anything, and the answer time is
 * averaged if `timed` (a first UDP try: when another try of the query was
 * out, the server may have answered both at once, as forwarders do). */
void transport_answered( struct transport *transport, unsigned int level, int timed, uint64_t latency_ms,
                         int limited );

/* the moving average of UDP answer times */
static inline uint64_t transport_usual_answer_ms( const struct transport *transport )
{
    return transport->answer_ms_avg / 8;
}

/* how much longer than the answer to a later try an unanswered UDP try
 * waits before it counts as lost */
uint64_t transport_reorder_ms( const struct transport *transport );

/* how long an unanswered UDP try waits at least before it counts as lost:
 * the usual answer time and four times the usual distance from it (as
 * TCP's retransmission timeout), so that a server whose answers take from
 * a millisecond (its cache) to seconds does not have its slow ones taken
 * for lost */
uint64_t transport_loss_min_ms( const struct transport *transport );

/* a UDP try sent at `sent`, when `delivered` answers had come, was lost */
void transport_loss( struct transport *transport, uint64_t sent, unsigned int delivered, uint64_t now );

/* has a loss been confirmed lately (the server drops queries)? */
int transport_dropping( const struct transport *transport, uint64_t now );

/* a try taken for lost was answered after all; `confirmed`: its loss had
 * shrunk the window */
void transport_spurious_loss( struct transport *transport, int confirmed );

/* How long to wait for the answer to a UDP try before sending it once
 * more to the same server: several times the usual answer time, so that a
 * datagram dropped by a server's full receive buffer does not cost a whole
 * timeout; 0 while too few answers were timed. */
uint64_t transport_early_resend_ms( const struct transport *transport );

/* May a REFUSED to a try sent with `level` attempts with a socket in flight come from
 * a server overwhelmed by our queries (dnsmasq past --dns-forward-max)?
 * (Or a SERVFAIL that came with `level` out: BIND past its
 * recursive-clients quota.)
 * Not with few in flight.  The caller then sends that try again a few
 * times, without counting it, once there is room: a server that refuses
 * the name itself keeps refusing it.  Above any load the server has answered at,
 * the window also shrinks below that level. */
int transport_refused_busy( struct transport *transport, unsigned int level );
/* A SERVFAIL came with `level` attempts with a socket in flight from a
 * server shedding load (BIND past its recursive-clients quota aborts its
 * oldest query for each new one): the window shrinks below that level
 * even if the server answered others at it (it answers all but the
 * aborted), and stops doubling, so that it does not grow back past the
 * quota in the next round trip; for a per-try timeout no query out counts
 * as stalled.  0 (not load) with few in flight, as transport_refused_busy. */
int transport_servfail_busy( struct transport *transport, unsigned int level, uint64_t now );
/* How long a query refused under load may wait for another answer to let
 * it out again: twice the usual answer time, or a second before any was
 * timed */
uint64_t transport_busy_wait_ms( const struct transport *transport );

/* may `needed` more UDP tries go out now, at the pace? */
int transport_pace_allows( struct transport *transport, unsigned int needed, uint64_t now );
/* a UDP try went out */
void transport_pace_sent( struct transport *transport );
/* How long until `needed` tries may go out: the retries of retry_queue
 * (start 0), or a new candidate (start 1, which also needs the window: it
 * grows with time while blind, and the oldest query out stops counting
 * against it once it is stalled, `timeout_ms` the per-try timeout); 0 when
 * only an answer can let them out. */
uint64_t transport_pace_wait_ms( const struct transport *transport, unsigned int needed, int start, uint64_t now,
                                 uint64_t timeout_ms );

/* a try had no reply within the per-try timeout */
void transport_lost( struct transport *transport, uint64_t now, uint64_t timeout_ms );

static inline void transport_take_slot( struct transport *transport, struct transport_slot *slot, uint64_t now )
{
    transport->inflight++;
    slot->since = now;
    slot->stalled = 0;
    list_add_tail( &transport->slots, &slot->entry );
}

static inline void transport_release_slot( struct transport *transport, struct transport_slot *slot )
{
    transport->inflight--;
    if (slot->stalled) transport->stalled--;
    else list_remove( &slot->entry );
}

/* the queries the window bounds: those holding a slot, less the stalled */
static inline unsigned int transport_load( const struct transport *transport )
{
    return transport->inflight - transport->stalled;
}

static inline void transport_socket_started( struct transport *transport )
{
    transport->sockets_inflight++;
}

static inline void transport_socket_ended( struct transport *transport )
{
    transport->sockets_inflight--;
}

#endif /* __WS2GETDNS_UNIX_TRANSPORT_H */
