/*
 * ws2getdns Unix side: one lookup's state machine (candidates, queries, attempts, deadline)
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

#include <stdlib.h>
#include <string.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "unix_resolver_private.h"
#include "unix_names.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

/* getdns reads its own clock for an attempt's timer, so an attempt that
 * lasts until the deadline can time out this much before the deadline
 * timer fires */
#define DEADLINE_SLACK_MS 5
/* A REFUSED under load: the same try again, not counted as one, as soon as
 * the server answers another query, up to three times per query.  While
 * other tries are out their answers will come, so the pause may last as
 * long as an answer takes (transport_busy_wait_ms, within the per-try
 * timeout); with nothing else out, or after a REFUSED to a try that an
 * answer had let out, it lasts 50, 100 and 200 ms. */
#define MAX_BUSY_RETRIES 3
#define BUSY_BACKOFF_MS 50
/* A SERVFAIL under load: the same try again once, not counted, this long
 * after it.  BIND answers a question it has just failed (its
 * recursive-clients quota aborting it, say) from its SERVFAIL cache for
 * servfail-ttl, 1 s by default: sent sooner, the try would meet the same
 * failure.  Not when the lookup's deadline comes first. */
#define SERVFAIL_HOLD_MS 1100
/* ... and only with this many of our queries out as it arrives, or within
 * SERVFAIL_HOLD_MS of one that did (the server sheds a run of them, and
 * each one it sheds lowers the count): BIND's quota is in the hundreds (a
 * soft 900 by default), and a SERVFAIL with fewer out is the name's own,
 * which stock Wine fails at once (a browser's burst of a few dozen names
 * must not wait a second for a broken one). */
#define SERVFAIL_BUSY_MIN_INFLIGHT 200
/* BIND's named, the forwarder met most, keeps 1,000 recursions
 * (recursive-clients) with a soft quota 100 below: past 900 at once it
 * aborts its oldest query, SERVFAIL, for each new one.  Such a query goes
 * out again SERVFAIL_HOLD_MS later, which saves its lookup only if that
 * much of its budget is left, and an answer's usual time, with this
 * margin.  So the window takes more than QUOTA_SAFE_INFLIGHT queries only
 * while the oldest one out is young enough for that (pump_waiting): with
 * glibc's default budget (5 s, twice) and answers in a second it always
 * is; with timeout:2 attempts:1 and answers in a second (named starved of
 * CPU) it is not.  Stock Wine, 500 threads with two queries each, can
 * reach 1,000 and lose lookups to the quota. */
#define QUOTA_SAFE_INFLIGHT 896
#define QUOTA_HOLD_MARGIN_MS 200
/* A try taken for lost (detect_losses) goes out again at once, instead of
 * the early resend; again, up to this many times per query and candidate,
 * only while the server is known to drop queries (transport_dropping): a
 * server whose answers take from a millisecond (its cache) to seconds has
 * its slow ones taken for lost, and they get one copy, as they would from
 * the early resend. */
#define MAX_LOSS_RESENDS 3
/* The REFUSED overflow (query_overflow): only while fewer TCP connections
 * than this carry queries to the server (its own and those of truncated
 * answers), below the 20 dnsmasq serves at once, so that truncated answers
 * and other programs still get theirs; after one fails, none for this
 * long. */
#define TCP_OVERFLOW_MAX 16
#define OVERFLOW_OFF_MS 30000

static void mark_dirty( struct resolution *res )
{
    if (list_empty( &res->dirty )) list_add_tail( &res->resolver->dirty, &res->dirty );
}

/* ----------------------------------------------------------- attempts */

static void attempt_started( struct attempt *a, struct upstream *up, enum attempt_kind kind,
                             getdns_context *context, struct tcp_context *pooled )
{
    a->live = 1;
    a->kind = kind;
    a->context = context;
    a->pooled = pooled;
    if (kind != ATTEMPT_PIPELINED && !a->overflow) transport_socket_started( &a->query->res->resolver->transport );
    a->upstream = up;
    up->set->live++;
    a->sent = loop_now_ms();
    a->level = a->query->res->resolver->transport.sockets_inflight;
    a->delivered = a->query->res->resolver->transport.delivered;
    a->lost = a->confirmed = 0;
    if (kind == ATTEMPT_UDP && !up->tls) list_add_tail( &up->flight, &a->flight_entry );
}

/* the getdns transaction of this attempt is over; `replied`: it ended in
 * a reply, so its pool context (if any) may carry the next query */
static void attempt_ended( struct attempt *a, int replied )
{
    if (!a->live) return;
    a->live = 0;
    list_unlink( &a->flight_entry );
    a->upstream->set->live--;
    a->upstream = NULL;
    a->context = NULL;
    if (a->pooled)
    {
        upstream_tcp_release( a->pooled, replied );
        a->pooled = NULL;
    }
    if (a->kind != ATTEMPT_PIPELINED && !a->overflow) transport_socket_ended( &a->query->res->resolver->transport );
}

/* never from inside a getdns callback: getdns calls query_callback with
 * CANCEL from inside getdns_cancel_callback */
static void attempt_cancel( struct attempt *a )
{
    if (!a->live) return;
    a->cancelling = 1;
    getdns_cancel_callback( a->context, a->tid );
    a->cancelling = 0;
    /* (the callback has already given a pool context back for good: its
     * connection may still carry the cancelled query) */
    attempt_ended( a, FALSE );
}

/* ------------------------------------------------------------ queries */

static unsigned int query_live_attempts( const struct query *q )
{
    unsigned int i, count = 0;

    for (i = 0; i < MAX_LIVE_ATTEMPTS; i++) count += q->attempts[i].live;
    return count;
}

/* a TCP try of the query on a connection of its own is out */
static int query_tcp_live( const struct query *q )
{
    unsigned int i;

    for (i = 0; i < MAX_LIVE_ATTEMPTS; i++)
        if (q->attempts[i].live && q->attempts[i].kind == ATTEMPT_TCP) return 1;
    return 0;
}

/* getdns hands a truncated UDP reply on as it is when the context lists
 * no TCP after UDP; its header is only in the wire form */
static int response_truncated( const getdns_dict *response )
{
    getdns_list *replies;
    getdns_bindata *wire;
    size_t i, count;

    if (getdns_dict_get_list( response, "replies_full", &replies )
        || getdns_list_get_length( replies, &count ))
        return 0;
    for (i = 0; i < count; i++)
        if (!getdns_list_get_bindata( replies, i, &wire ) && wire->size >= 4 && (wire->data[2] & 0x02))
            return 1;
    return 0;
}

static void query_cancel_attempts( struct query *q )
{
    unsigned int i;

    for (i = 0; i < MAX_LIVE_ATTEMPTS; i++) attempt_cancel( &q->attempts[i] );
}

static void query_stop_resend( struct query *q )
{
    getdns_eventloop *base;

    list_unlink( &q->busy_entry );
    q->busy_wait = 0;
    q->overflow_off_list = 0;
    if (!q->resend_scheduled) return;
    base = epoll_loop_base( q->res->resolver->loop );
    base->vmt->clear( base, &q->resend_event );
    q->resend_scheduled = 0;
}

static void query_take_slot( struct query *q )
{
    q->slot = 1;
    transport_take_slot( &q->res->resolver->transport, &q->slot_hold, loop_now_ms() );
}

static void query_release_slot( struct query *q )
{
    list_unlink( &q->retry_entry );
    if (!q->slot) return;
    q->slot = 0;
    transport_release_slot( &q->res->resolver->transport, &q->slot_hold );
}

/* forget the answers of an earlier attempt or candidate */
static void query_clear_answer( struct query *q )
{
    addr_list_free( &q->addrs );
    free( q->info.canon );
    memset( &q->info, 0, sizeof(q->info) );
}

/* 0 when out of memory */
static int query_keep_answer( struct query *q, const struct reply_info *reply )
{
    free( q->info.canon );
    q->info.replies = reply->replies;
    q->info.nxdomain = reply->nxdomain;
    q->info.noerror = reply->noerror;
    q->info.refused = reply->refused;
    q->info.servfail = reply->servfail;
    q->info.canon_bad = reply->canon_bad;
    q->info.ttl = reply->ttl;
    q->info.canon = reply->canon[0] ? strdup( reply->canon ) : NULL;
    return !reply->canon[0] || q->info.canon;
}

/* attempts still live are cancelled by resolutions_advance */
static void query_set_result( struct query *q, enum query_result result )
{
    q->result = result;
    q->retry = 0;
    query_release_slot( q );
    query_stop_resend( q );
}

/* An attempt ended without an answer: no reply at all, or a server
 * failure (SERVFAIL, REFUSED, ...; next_server set).  The next try, if
 * any, is due at once; without one the query fails unless an earlier try
 * is still listening. */
static void query_attempt_failed( struct query *q, int next_server )
{
    /* every try lives until the deadline: one that ends without a reply
     * ended there (getdns reads its own clock, a little ahead of ours), and
     * the deadline timer, due within milliseconds, ends the lookup on time */
    if (loop_now_ms() + DEADLINE_SLACK_MS >= q->res->deadline) return;
    if (next_server) q->server++;
    if (q->attempts_left) q->retry = 1;
    else if (!query_live_attempts( q )) query_set_result( q, q->bogus ? QUERY_BOGUS : QUERY_TRY_AGAIN );
}

/* no reply within the resolver's timeout: the next try goes to the next
 * server, and the earlier one keeps listening */
static void resend_callback( void *userarg )
{
    struct query *q = userarg;
    struct resolver *resolver = q->res->resolver;

    if (q->result != QUERY_PENDING || q->retry) return;
    if (q->busy_wait)
    {
        list_unlink( &q->busy_entry );
        q->busy_wait = 0;
        q->overflow_off_list = 0;
        q->retry = 1;
        mark_dirty( q->res );
        return;
    }
    if (q->early_resend)
    {
        /* Far later than the server's answers to other queries come: most
         * likely the datagram was dropped (a server's full receive buffer).
         * Once, the same try again to the same server, not counted; the
         * first one keeps listening. */
        q->early_resend = 0;
        q->early_resent = 1;
        q->attempts_left++;
        q->retry = 1;
        mark_dirty( q->res );
        return;
    }
    if (!q->attempts_left) return;
    transport_lost( &resolver->transport, loop_now_ms(), resolver->conf.timeout_s * 1000 );
    q->server++;
    q->retry = 1;
    mark_dirty( q->res );
}

/* (re)arms the query's resend timer; without memory for it the query
 * fails as out of memory */
static void query_schedule_resend( struct query *q, uint64_t ms, BOOL busy )
{
    getdns_eventloop *base = epoll_loop_base( q->res->resolver->loop );

    list_unlink( &q->busy_entry );
    q->busy_wait = busy;
    q->overflow_off_list = 0;
    q->resend_event.userarg = q;
    q->resend_event.timeout_cb = resend_callback;
    if (base->vmt->schedule( base, -1, ms, &q->resend_event ))
    {
        q->busy_wait = 0;
        query_set_result( q, QUERY_NO_MEMORY );
        mark_dirty( q->res );
        return;
    }
    q->resend_scheduled = 1;
    if (busy) list_add_tail( &q->res->resolver->busy_waiting, &q->busy_entry );
}

/* A server that refuses under load (dnsmasq past --dns-forward-max) has
 * room again when it answers: one query paused by a REFUSED goes out per
 * answer, the one that waited longest first, instead of waiting out its
 * pause while the server is idle. */
static void release_busy_waiting( struct resolver *resolver )
{
    struct query *q;

    if (list_empty( &resolver->busy_waiting )) return;
    q = LIST_ENTRY( resolver->busy_waiting.next, struct query, busy_entry );
    query_stop_resend( q );
    q->busy_released = 1;
    q->retry = 1;
    mark_dirty( q->res );
}

/* The load at which a server failed a try with SERVFAIL, for
 * transport_servfail_busy.  BIND past its recursive-clients soft quota
 * aborts its oldest query with SERVFAIL for each newer one that arrives:
 * the try failed is the one sent longest ago, maybe with few others out
 * then, and the load is the attempts out now, this one included.  (dnsmasq
 * refuses a query as it arrives: a REFUSED's load is the attempt's level.) */
static unsigned int servfail_level( const struct attempt *a )
{
    unsigned int now = a->query->res->resolver->transport.sockets_inflight + 1;

    return now > a->level ? now : a->level;
}

/* lookups wait for the window, or it is about full */
static int window_limits( const struct resolver *resolver )
{
    return !list_empty( &resolver->waiting ) || transport_load( &resolver->transport ) + 2 > resolver->transport.window;
}

/* Losses, as TCP's RACK finds them: a server answers in about the order it
 * receives, so a UDP try to it still unanswered, sent no later than the
 * latest-sent try it answered (rack_sent), is taken for lost once it has
 * waited as long as that answer took (rack_ms), plus a reordering
 * allowance, and at least as long as answers usually take, give or take
 * their usual spread (transport_loss_min_ms).  Looked for between rounds
 * of the loop, once every answer read in the round is in, whatever order
 * their callbacks came in.  A lost try is sent again at once, to the same
 * server, without counting.  The window shrinks only once the copy is
 * answered as fast as answers usually come while the first try still is
 * not (confirm_loss): a name the server is slow to resolve looks lost
 * too.  Returns when the oldest try out becomes lost if it stays
 * unanswered, 0 if none will. */
static uint64_t detect_losses( struct resolver *resolver, struct upstream *up )
{
    uint64_t reorder = transport_reorder_ms( &resolver->transport ), now = loop_now_ms();
    uint64_t least = transport_loss_min_ms( &resolver->transport );

    while (!list_empty( &up->flight ))
    {
        struct attempt *b = LIST_ENTRY( up->flight.next, struct attempt, flight_entry );
        struct query *q = b->query;
        uint64_t due = b->sent + (up->rack_ms + reorder > least ? up->rack_ms + reorder : least);
        unsigned int i;

        /* sent after every try answered: nothing tells yet */
        if (b->sent > up->rack_sent) return 0;
        if (now < due) return due;
        list_unlink( &b->flight_entry );
        b->lost = 1;
        if (q->result != QUERY_PENDING || q->retry || q->busy_wait || q->loss_resends == MAX_LOSS_RESENDS
            || (q->loss_resends && !transport_dropping( &resolver->transport, now )))
            continue;
        /* a later try of the same query is still out */
        for (i = 0; i < MAX_LIVE_ATTEMPTS; i++)
            if (q->attempts[i].live && !q->attempts[i].lost && q->attempts[i].sent > b->sent) break;
        if (i < MAX_LIVE_ATTEMPTS) continue;
        TRACE( "%s type %u: lost (sent %llu ms ago)\n", debugstr_a(q->res->candidate), q->rrtype,
               (unsigned long long)(now - b->sent) );
        /* instead of the early resend (transport_early_resend_ms) */
        q->loss_resends++;
        q->early_resent = 1;
        q->attempts_left++;
        q->retry = 1;
        mark_dirty( q->res );
    }
    return 0;
}

static void loss_callback( void *userarg )
{
    struct resolver *resolver = userarg;

    /* only wakes the loop: check_losses looks */
    resolver->loss_event_due = 0;
}

/* every server with tries that may be lost; the loop wakes for the next
 * one due */
static void check_losses( struct resolver *resolver )
{
    getdns_eventloop *base = epoll_loop_base( resolver->loop );
    struct upstream *up, *next;
    uint64_t next_due = 0, now;

    LIST_FOR_EACH_ENTRY_SAFE( up, next, &resolver->loss_check, struct upstream, loss_entry )
    {
        if (!(up->loss_due = detect_losses( resolver, up ))) list_unlink( &up->loss_entry );
        else if (!next_due || up->loss_due < next_due) next_due = up->loss_due;
    }
    if (!next_due && resolver->loss_event_due)
    {
        /* Every try it watched is answered.  Left armed, the timer would
         * keep the loop busy: a synchronous caller would hand the loop to
         * the completion thread, and the next synchronous lookups would
         * wait for that thread instead of running on their own. */
        base->vmt->clear( base, &resolver->loss_event );
        resolver->loss_event_due = 0;
    }
    if (!next_due || (resolver->loss_event_due && resolver->loss_event_due <= next_due)) return;
    now = loop_now_ms();
    resolver->loss_event.userarg = resolver;
    resolver->loss_event.timeout_cb = loss_callback;
    /* without memory for the timer, the next answer or the resend timer
     * of each query looks again */
    if (!base->vmt->schedule( base, -1, next_due > now ? next_due - now : 0, &resolver->loss_event ))
        resolver->loss_event_due = next_due;
}

/* UDP try `a`, sent while another try of its query to the same server was
 * out, was answered `ms` after it went: if that was as fast as answers
 * usually come while the other, sent before it, has waited longer than
 * that, the other was lost (a full receive buffer), and the window
 * shrinks.  A forwarder that is slow to resolve the name answers both
 * copies late, or together. */
static void confirm_loss( struct resolver *resolver, struct attempt *a, const struct upstream *up, uint64_t ms )
{
    struct query *q = a->query;
    uint64_t least = transport_loss_min_ms( &resolver->transport ), now = loop_now_ms();
    unsigned int i;

    if (ms > least) return;
    for (i = 0; i < MAX_LIVE_ATTEMPTS; i++)
    {
        struct attempt *o = &q->attempts[i];

        if (o == a || !o->live || o->upstream != up || o->sent >= a->sent || now - o->sent <= least) continue;
        TRACE( "%s type %u: lost, its copy answered in %llu ms\n", debugstr_a(q->res->candidate), q->rrtype,
               (unsigned long long)ms );
        o->confirmed = 1;
        transport_loss( &resolver->transport, o->sent, o->delivered, now );
    }
}

static void query_callback( getdns_context *context, getdns_callback_type_t type,
                            getdns_dict *response, void *userarg, getdns_transaction_t tid );

enum overflow_start
{
    OVERFLOW_STARTED,
    OVERFLOW_NOT_THIS,      /* this query cannot go now, others may */
    OVERFLOW_SERVER_FULL,   /* its server takes no more now */
};

/* The REFUSED overflow.  dnsmasq forwards at most --dns-forward-max (150)
 * queries over UDP and refuses the rest; each TCP connection it serves is
 * a child process of its own, outside that bound, which answers its
 * queries one at a time.  So a query refused under load also goes out at
 * once over a pool connection of its own (never a shared one), while fewer
 * than TCP_OVERFLOW_MAX connections to that server carry queries: that
 * much more is forwarded each round trip.  Its UDP pause runs on as it would
 * without it, so that a server without TCP, or a slow connection, costs
 * the query nothing: whichever of the two answers first counts.  While its
 * overflow try is out, the query is not on busy_waiting: another's answer
 * frees a UDP place for another query. */
static enum overflow_start query_overflow( struct query *q )
{
    struct resolution *res = q->res;
    struct resolver *resolver = res->resolver;
    struct upstream *up = upstream_for_attempt( res->set ? res->set : resolver->upstreams, q->server );
    uint64_t now = loop_now_ms();
    getdns_transaction_t tid = 0;
    struct tcp_context *pooled;
    struct attempt *a = NULL;
    unsigned int i;

    /* (a validating set's answers go through its own checks: not there) */
    if (up->tls || up->set->dnssec_anchors || resolver->conf.use_vc || up->tcp_busy_count >= TCP_OVERFLOW_MAX
        || now < up->overflow_off_until)
        return OVERFLOW_SERVER_FULL;
    if (q->result != QUERY_PENDING || !q->busy_wait || q->retry || query_tcp_live( q )
        || now + DEADLINE_SLACK_MS >= res->deadline)
        return OVERFLOW_NOT_THIS;
    for (i = 0; i < MAX_LIVE_ATTEMPTS && !a; i++)
        if (!q->attempts[i].live) a = &q->attempts[i];
    if (!a) return OVERFLOW_NOT_THIS;
    /* a connection of its own, or none: dnsmasq answers a shared one's
     * queries one after the other */
    if (!(pooled = upstream_tcp_acquire_own( up ))) return OVERFLOW_SERVER_FULL;

    list_unlink( &q->busy_entry );
    q->overflow_off_list = 1;
    getdns_context_set_timeout( pooled->context, res->deadline - now );
    a->overflow = 1;
    a->resend = 1;
    attempt_started( a, up, ATTEMPT_TCP, pooled->context, pooled );
    a->loop_failures = epoll_loop_alloc_failures( resolver->loop );
    TRACE( "%s type %u: refused under load, also over TCP to server %u (%u connections busy)\n",
           debugstr_a(res->candidate), q->rrtype, up->index, up->tcp_busy_count );
    if (getdns_general( pooled->context, res->candidate, q->rrtype, NULL, a, &tid, query_callback )
        != GETDNS_RETURN_GOOD)
    {
        /* the UDP pause goes on as if it had not been tried */
        attempt_ended( a, TRUE );
        a->overflow = 0;
        if (q->overflow_off_list)
        {
            q->overflow_off_list = 0;
            list_add_head( &resolver->busy_waiting, &q->busy_entry );
        }
        return OVERFLOW_SERVER_FULL;
    }
    /* when the callback ran inside getdns_general, tid was never written */
    if (a->live) a->tid = tid;
    return OVERFLOW_STARTED;
}

/* an overflow try's answer is used only if it is one: addresses, no data
 * or no such name, not truncated */
static int overflow_answered( getdns_callback_type_t type, const getdns_dict *response )
{
    getdns_list *replies;
    getdns_bindata *wire;

    if (type != GETDNS_CALLBACK_COMPLETE || getdns_dict_get_list( response, "replies_full", &replies )
        || getdns_list_get_bindata( replies, 0, &wire ) || wire->size < 12 || (wire->data[2] & 0x02))
        return 0;
    return (wire->data[3] & 0x0f) == 0 || (wire->data[3] & 0x0f) == 3;
}

/* An overflow try failed (no TCP, a reset, REFUSED over TCP too...): the
 * query is where it would be without it, and the server gets no more of
 * the overflow for a while. */
static void overflow_failed( struct query *q, struct upstream *up )
{
    struct resolver *resolver = q->res->resolver;

    TRACE( "%s type %u: overflow try to server %u failed, none for %u ms\n", debugstr_a(q->res->candidate),
           q->rrtype, up->index, OVERFLOW_OFF_MS );
    up->overflow_off_until = loop_now_ms() + OVERFLOW_OFF_MS;
    if (q->overflow_off_list)
    {
        /* its REFUSED pause still runs, and it has waited longest */
        q->overflow_off_list = 0;
        list_add_head( &resolver->busy_waiting, &q->busy_entry );
    }
    /* its UDP tries ended meanwhile, waiting for this one (a pause, a
     * SERVFAIL held, ends by its timer) */
    else if (!q->retry && !q->busy_wait && !query_live_attempts( q )) query_attempt_failed( q, 0 );
    mark_dirty( q->res );
}

static void query_callback( getdns_context *context, getdns_callback_type_t type,
                            getdns_dict *response, void *userarg, getdns_transaction_t tid )
{
    struct attempt *a = userarg;
    struct query *q = a->query;
    struct resolver *resolver = q->res->resolver;
    struct reply_info reply;
    enum dnssec_verdict verdict = DNSSEC_UNCHECKED;
    /* stays valid: a set is freed only between rounds of resolver_run */
    struct upstream *up = a->upstream;

    attempt_ended( a, type == GETDNS_CALLBACK_COMPLETE );
    /* a reply of any kind to a try taken for lost */
    if (type == GETDNS_CALLBACK_COMPLETE && a->lost && !a->cancelling)
        transport_spurious_loss( &resolver->transport, a->confirmed );
    /* our own cancel, or an earlier try answered first */
    if (a->cancelling || q->result != QUERY_PENDING)
    {
        getdns_dict_destroy( response );
        return;
    }
    if (a->overflow && !overflow_answered( type, response ))
    {
        overflow_failed( q, up );
        getdns_dict_destroy( response );
        return;
    }
    switch (type)
    {
    case GETDNS_CALLBACK_COMPLETE:
    case GETDNS_CALLBACK_TIMEOUT:
        if (a->kind == ATTEMPT_UDP && type == GETDNS_CALLBACK_COMPLETE && response_truncated( response ))
        {
            /* As glibc: the same try again over TCP to the same server, on
             * a connection of its own, without counting it; nothing of the
             * truncated reply is used.  If that fails, the next try goes
             * to the next server.  A TCP try of this query already out
             * (a truncated reply to an earlier UDP try) is enough. */
            if (!query_tcp_live( q ))
            {
                TRACE( "%s type %u: truncated by server %u, over TCP\n", debugstr_a(q->res->candidate),
                       q->rrtype, up->index );
                q->tc_retry = 1;
                q->attempts_left++;
                query_attempt_failed( q, 0 );
            }
            break;
        }
        /* TIMEOUT still carries whatever replies arrived */
        if (!reply_extract( response, q->rrtype, q->res->candidate, &reply, &q->addrs )
            || !query_keep_answer( q, &reply ))
            query_set_result( q, QUERY_NO_MEMORY );
        else if (!q->info.replies) query_attempt_failed( q, 1 );
        else if (up && up->set->dnssec_anchors && (verdict = dnssec_response_verdict( response )) == DNSSEC_BOGUS)
        {
            /* Nothing of it is used.  Another server may pass the
             * signatures on intact (this one may strip them, or the reply
             * was forged on its way); with none left, the query fails. */
            TRACE( "%s type %u: server %u's answer is DNSSEC-bogus\n", debugstr_a(q->res->candidate),
                   q->rrtype, up->index );
            query_clear_answer( q );
            q->bogus = 1;
            query_attempt_failed( q, 1 );
        }
        else if (q->info.servfail && !q->info.refused && !q->addrs.count && !q->info.nxdomain
                 && !q->info.noerror && a->kind != ATTEMPT_PIPELINED && !q->servfail_held
                 && loop_now_ms() + SERVFAIL_HOLD_MS < q->res->deadline
                 && (servfail_level( a ) >= SERVFAIL_BUSY_MIN_INFLIGHT
                     || loop_now_ms() < resolver->servfail_shedding_until)
                 && transport_servfail_busy( &resolver->transport, servfail_level( a ), loop_now_ms() ))
        {
            if (servfail_level( a ) >= SERVFAIL_BUSY_MIN_INFLIGHT)
                resolver->servfail_shedding_until = loop_now_ms() + SERVFAIL_HOLD_MS;
            /* maybe overwhelmed, not broken (BIND past its
             * recursive-clients quota fails its oldest query): the same
             * try again once, when the server no longer remembers the
             * failure, and not let out earlier by other answers */
            q->servfail_held = 1;
            q->attempts_left++;
            query_schedule_resend( q, SERVFAIL_HOLD_MS, TRUE );
            list_unlink( &q->busy_entry );
            TRACE( "%s type %u: SERVFAIL with %u in flight, again in %u ms\n", debugstr_a(q->res->candidate),
                   q->rrtype, servfail_level( a ), SERVFAIL_HOLD_MS );
        }
        else if (q->info.refused && !q->addrs.count && !q->info.nxdomain && !q->info.noerror
                 && a->kind != ATTEMPT_PIPELINED && q->busy_retries < MAX_BUSY_RETRIES
                 && transport_refused_busy( &resolver->transport, a->level ))
        {
            /* maybe overwhelmed, not broken: the same try again once the
             * server has room.  Refused again right after another answer
             * gave it room, the name itself is likely refused: only the
             * short pauses then, so that a real refusal still ends soon. */
            uint64_t pause = BUSY_BACKOFF_MS << q->busy_retries, wait;

            if (resolver->transport.sockets_inflight && !q->busy_released)
            {
                wait = transport_busy_wait_ms( &resolver->transport );
                if (wait > resolver->conf.timeout_s * 1000) wait = resolver->conf.timeout_s * 1000;
                if (wait > pause) pause = wait;
            }
            q->busy_released = 0;
            q->busy_retries++;
            q->attempts_left++;
            query_schedule_resend( q, pause, TRUE );
        }
        else if (!q->addrs.count && !q->info.nxdomain && !q->info.noerror)
        {
            /* SERVFAIL, REFUSED, NOTIMP, FORMERR, ...: this server cannot
             * answer, another one may */
            TRACE( "%s type %u: server %u failed\n", debugstr_a(q->res->candidate), q->rrtype,
                   up ? up->index : ~0u );
            query_attempt_failed( q, 1 );
        }
        else
        {
            upstream_answered( resolver, up, q->res->candidate );
            /* strict DNS over TLS: the answer came over a channel whose
             * server getdns authenticated, or there would be none */
            if (up && up->tls && up->set->tls.mode == TLS_STRICT)
            {
                unsigned int i;

                for (i = 0; i < q->addrs.count; i++) q->addrs.addrs[i].flags |= WS2GETDNS_ADDR_SECURE;
            }
            /* validated by getdns itself, from the trust anchor down */
            if (verdict == DNSSEC_SECURE)
            {
                unsigned int i;

                for (i = 0; i < q->addrs.count; i++) q->addrs.addrs[i].flags |= WS2GETDNS_ADDR_SECURE;
            }
            /* an overflow answer says nothing of the UDP window */
            if (!a->overflow)
                transport_answered( &resolver->transport, a->level, a->kind == ATTEMPT_UDP && !a->resend,
                                    loop_now_ms() - a->sent, window_limits( resolver ) );
            if (a->kind == ATTEMPT_UDP && a->resend && up) confirm_loss( resolver, a, up, loop_now_ms() - a->sent );
            /* the latest-sent try answered: tries sent before it that are
             * still out may be lost (detect_losses) */
            if (a->kind == ATTEMPT_UDP && up && !up->tls && a->sent >= up->rack_sent)
            {
                up->rack_sent = a->sent;
                up->rack_ms = loop_now_ms() - a->sent;
                if (list_empty( &up->loss_entry )) list_add_tail( &resolver->loss_check, &up->loss_entry );
            }
            /* (an overflow answer frees a connection: pump_overflow) */
            if (!a->overflow) release_busy_waiting( resolver );
            if (q->addrs.count) query_set_result( q, QUERY_ADDRS );
            else if (q->info.nxdomain) query_set_result( q, QUERY_NXDOMAIN );
            else query_set_result( q, QUERY_NODATA );
        }
        break;
    case GETDNS_CALLBACK_ERROR:
        if (a->kind == ATTEMPT_PIPELINED)
        {
            /* no connection (a server without TCP) or a reset: this
             * attempt does not count, the same server is tried over UDP,
             * and the overflow waits for UDP */
            transport_tcp_failed( &resolver->transport, loop_now_ms() );
            q->attempts_left++;
            query_attempt_failed( q, 0 );
        }
        /* the next server after a UDP error (a send that failed) or a
         * connection of its own that failed (use-vc, after a truncated
         * reply), as glibc */
        else query_attempt_failed( q, 1 );
        break;
    default:
        query_set_result( q, QUERY_TRY_AGAIN );
        break;
    }
    /* getdns turns an event it could not schedule (no memory in our loop)
     * into a failed, silent or half-read query: that is a memory failure */
    if ((q->retry || q->result == QUERY_TRY_AGAIN)
        && epoll_loop_alloc_failures( resolver->loop ) != a->loop_failures)
        query_set_result( q, QUERY_NO_MEMORY );
    TRACE( "%s type %u server %u callback %u replies %d result %u retry %u\n", debugstr_a(q->res->candidate),
           q->rrtype, up ? up->index : ~0u, type, q->info.replies, q->result, q->retry );
    getdns_dict_destroy( response );
    mark_dirty( q->res );
}

/* a free attempt, or the oldest live one, cancelled */
static struct attempt *query_next_attempt( struct query *q )
{
    struct attempt *oldest = &q->attempts[0];
    unsigned int i;

    for (i = 0; i < MAX_LIVE_ATTEMPTS; i++)
    {
        if (!q->attempts[i].live) return &q->attempts[i];
        if (q->attempts[i].sent < oldest->sent) oldest = &q->attempts[i];
    }
    attempt_cancel( oldest );
    return oldest;
}

static void query_submit( struct query *q )
{
    struct resolution *res = q->res;
    struct resolver *resolver = res->resolver;
    struct upstream *up = upstream_for_attempt( res->set ? res->set : resolver->upstreams, q->server );
    uint64_t now = loop_now_ms(), timeout = resolver->conf.timeout_s * 1000, early;
    struct tcp_context *pooled = NULL;
    enum attempt_kind kind;
    getdns_context *context;
    getdns_transaction_t tid = 0;
    getdns_dict *extensions = NULL;
    getdns_return_t ret;
    struct attempt *a;
    int resend;

    /* a set made with DNSSEC validation on asks getdns for each reply's status */
    if (up->set->dnssec_anchors && !(extensions = resolver->dnssec_extensions)
        && !(extensions = resolver->dnssec_extensions = dnssec_extensions_create()))
    {
        q->retry = 0;
        if (!query_live_attempts( q )) query_set_result( q, QUERY_NO_MEMORY );
        mark_dirty( res );
        return;
    }
    /* a truncated reply's retry always has a connection of its own; the
     * overflow is pipelined; use-vc puts everything else on connections
     * of their own too, but for DNS over TLS: a stream already, it goes
     * as without use-vc, and a connection each would only add handshakes */
    if (q->tc_retry) kind = ATTEMPT_TCP;
    else if (transport_attempt_uses_tcp( &resolver->transport, now )) kind = ATTEMPT_PIPELINED;
    else if (resolver->conf.use_vc && !up->tls) kind = ATTEMPT_TCP;
    else kind = ATTEMPT_UDP;
    q->tc_retry = 0;
    if (kind == ATTEMPT_TCP) context = (pooled = upstream_tcp_acquire( up )) ? pooled->context : NULL;
    else if (kind == ATTEMPT_PIPELINED) context = upstream_pipelined( up );
    else context = up->udp;
    if (!context)
    {
        q->retry = 0;
        if (!query_live_attempts( q )) query_set_result( q, QUERY_NO_MEMORY );
        mark_dirty( res );
        return;
    }
    resend = query_live_attempts( q ) > 0;
    a = query_next_attempt( q );
    a->resend = resend;
    a->overflow = 0;

    /* getdns copies the context timeout into the request when it is made:
     * the try listens until the resolution's deadline */
    getdns_context_set_timeout( context, res->deadline > now ? res->deadline - now : 1 );
    q->server = up->index;

    q->attempts_left--;
    q->retry = 0;
    if (kind == ATTEMPT_UDP && !up->tls) transport_pace_sent( &resolver->transport );
    attempt_started( a, up, kind, context, pooled );
    a->loop_failures = epoll_loop_alloc_failures( resolver->loop );
    ret = getdns_general( context, res->candidate, q->rrtype, extensions, a, &tid, query_callback );
    if (ret != GETDNS_RETURN_GOOD)
    {
        attempt_ended( a, TRUE );
        TRACE( "getdns_general(%s, %u) failed: %d\n", debugstr_a(res->candidate), q->rrtype, ret );
        if (ret == GETDNS_RETURN_MEMORY_ERROR
            || epoll_loop_alloc_failures( resolver->loop ) != a->loop_failures)
            query_set_result( q, QUERY_NO_MEMORY );
        else if (ret == GETDNS_RETURN_BAD_DOMAIN_NAME) query_set_result( q, QUERY_NXDOMAIN );
        else if (!query_live_attempts( q )) query_set_result( q, QUERY_TRY_AGAIN );
        mark_dirty( res );
        return;
    }
    /* when the callback ran inside getdns_general, tid was never written */
    if (a->live) a->tid = tid;

    /* the next try after the timeout, or an early one of the same try when
     * the answers of this server come much faster than that */
    if ((q->early_resend = !q->early_resent && kind == ATTEMPT_UDP && !up->tls
                           && (early = transport_early_resend_ms( &resolver->transport )) && early < timeout))
        timeout = early;
    else if (!q->attempts_left) return;
    if (q->result != QUERY_PENDING || now + timeout >= res->deadline) return;
    query_schedule_resend( q, timeout, FALSE );
}

/* -------------------------------------------------------- resolutions */

static void cancel_queries( struct resolution *res )
{
    unsigned int i;

    for (i = 0; i < 2; i++)
    {
        struct query *q = &res->queries[i];

        query_cancel_attempts( q );
        query_stop_resend( q );
        q->retry = 0;
        query_release_slot( q );
        query_clear_answer( q );
    }
}

void resolution_detach( struct resolution *res )
{
    cancel_queries( res );
    if (res->set)
    {
        custom_set_release( res->set );
        res->set = NULL;
    }
    /* a result that comes later is dropped (unix_nss.c) */
    if (res->nss_job)
    {
        nss_pool_abandon( res->resolver->nss_pool, res->nss_job );
        res->nss_job = NULL;
    }
    if (res->deadline_scheduled)
    {
        getdns_eventloop *base = epoll_loop_base( res->resolver->loop );
        base->vmt->clear( base, &res->deadline_event );
        res->deadline_scheduled = 0;
    }
    list_unlink( &res->entry );
    list_unlink( &res->dirty );
    free( res->candidates );
    res->candidates = NULL;
    res->candidate = NULL;
}

void resolution_finish( struct resolution *res, UINT32 status, const struct addr_list *addrs,
                        UINT32 ttl, const char *canon, const char *fqdn )
{
    struct resolver *resolver = res->resolver;
    unsigned int count = status ? 0 : addrs->count;
    char fqdn_text[WS2GETDNS_MAX_NAME];

    if (!(res->flags & WS2GETDNS_AI_CANONNAME)) canon = NULL;
    if (fqdn && (res->flags & WS2GETDNS_AI_FQDN)) name_normalize( fqdn, fqdn_text, sizeof(fqdn_text) );
    else fqdn_text[0] = 0;
    if (ttl == UINT32_MAX) ttl = 0;

    /* the names may point into the queries: pack before detaching */
    res->record_size = record_size( count, status ? NULL : canon, status ? NULL : fqdn_text );
    if ((res->record = malloc( res->record_size )))
        record_write( res->record, res->handle, status, ttl, count ? addrs->addrs : NULL,
                      count, status ? NULL : canon, status ? NULL : fqdn_text );
    else
    {
        res->record = &res->small_record;
        res->record_size = record_size( 0, NULL, NULL );
        record_write( res->record, res->handle, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY, 0, NULL, 0, NULL, NULL );
    }
    TRACE( "handle %#llx name %s status %u addrs %u\n", (unsigned long long)res->handle,
           debugstr_a(res->name), ((struct result_record *)res->record)->status, count );
    resolution_detach( res );
    res->state = RESOLUTION_READY;
    list_add_tail( &resolver->ready, &res->entry );
}

void resolution_finish_status( struct resolution *res, UINT32 status )
{
    resolution_finish( res, status, NULL, 0, NULL, NULL );
}

static unsigned int slots_needed( const struct resolution *res )
{
    return res->queries[0].used + res->queries[1].used;
}

static void deadline_callback( void *userarg )
{
    struct resolution *res = userarg;

    res->deadline_hit = 1;
    mark_dirty( res );
}

static int schedule_deadline( struct resolution *res, uint64_t deadline )
{
    getdns_eventloop *base = epoll_loop_base( res->resolver->loop );
    uint64_t now = loop_now_ms();

    res->deadline = deadline;
    memset( &res->deadline_event, 0, sizeof(res->deadline_event) );
    res->deadline_event.userarg = res;
    res->deadline_event.timeout_cb = deadline_callback;
    if (base->vmt->schedule( base, -1, deadline > now ? deadline - now : 0, &res->deadline_event )) return 0;
    res->deadline_scheduled = 1;
    return 1;
}

/* Hands the name to glibc's getaddrinfo on a worker (unix_nss.c), at the
 * start or after the DNS path failed.  The caller's timeval keeps running
 * from the call; without one glibc's own timeouts apply, as under stock
 * Wine, and the resolver's DNS budget no longer does. */
static void start_system( struct resolution *res )
{
    struct resolver *resolver = res->resolver;

    cancel_queries( res );
    list_unlink( &res->entry );
    res->nss_fallback = 0;
    res->deadline_hit = 0;
    if (!res->timeout_ms)
    {
        if (res->deadline_scheduled)
        {
            getdns_eventloop *base = epoll_loop_base( resolver->loop );
            base->vmt->clear( base, &res->deadline_event );
            res->deadline_scheduled = 0;
        }
        res->deadline = UINT64_MAX;
    }
    else if (!res->deadline_scheduled && !schedule_deadline( res, res->submit_time + res->timeout_ms ))
    {
        resolution_finish_status( res, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY );
        return;
    }
    if ((!resolver->nss_pool && !(resolver->nss_pool = nss_pool_create( resolver->event_fd )))
        || !nss_pool_submit( resolver->nss_pool, res ))
    {
        resolution_finish_status( res, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY );
        return;
    }
    TRACE( "handle %#llx name %s: to getaddrinfo\n", (unsigned long long)res->handle, debugstr_a(res->name) );
    res->state = RESOLUTION_SYSTEM;
}

/* the DNS path ended without an answer */
static void finish_dns_failure( struct resolution *res, UINT32 status )
{
    if (res->nss_fallback) start_system( res );
    else resolution_finish_status( res, status );
}

static void start_candidate( struct resolution *res )
{
    struct resolver *resolver = res->resolver;
    struct upstream_set *set = res->set ? res->set : resolver->upstreams;
    unsigned int i, first = upstream_first( resolver, set );

    /* Without a timeval from the caller, the resolver's own budget (every
     * try on every server, as glibc) runs from the first candidate's start:
     * a lookup queued behind the window loses none of it, as a stock Wine
     * lookup queued for a thread-pool thread loses none. */
    if (!res->deadline_scheduled
        && !schedule_deadline( res, loop_now_ms() + (uint64_t)resolver->conf.attempts
                                    * set->count * resolver->conf.timeout_s * 1000 ))
    {
        resolution_finish_status( res, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY );
        return;
    }
    res->state = RESOLUTION_ACTIVE;
    for (i = 0; i < 2; i++)
    {
        struct query *q = &res->queries[i];

        if (!q->used) continue;
        q->result = QUERY_PENDING;
        q->busy_retries = 0;
        q->busy_released = 0;
        q->servfail_held = 0;
        q->early_resent = 0;
        q->loss_resends = 0;
        /* every attempt on every server, as glibc, starting at the preferred one */
        q->attempts_left = resolver->conf.attempts * set->count;
        q->server = first;
        q->deferred = 0;
        q->tc_retry = 0;
        q->bogus = 0;
        query_clear_answer( q );
        query_take_slot( q );
    }
    /* "options single-request": A alone, AAAA once A has its result, for
     * the middleboxes that drop one of two queries sent at once (glibc
     * sends A first too) */
    if (resolver->conf.single_request && res->queries[0].used && res->queries[1].used)
        res->queries[0].deferred = 1;
    for (i = 0; i < 2; i++)
        if (res->queries[i].used && !res->queries[i].deferred) query_submit( &res->queries[i] );
}

/* glibc's res_search order of preference when no candidate answered */
static int failure_rank( UINT32 status )
{
    switch (status)
    {
    case WS2GETDNS_WSANO_DATA: return 3;
    case WS2GETDNS_WSATRY_AGAIN: return 2;
    case WS2GETDNS_WSAHOST_NOT_FOUND: return 1;
    default: return 0;
    }
}

static void evaluate_candidate( struct resolution *res )
{
    struct query *aaaa = &res->queries[0], *a = &res->queries[1];
    struct addr_list all, merged;
    int nxdomain = 0, nodata = 0, try_again = 0, nomem = 0, bogus = 0, ok = 1;
    UINT32 status, ttl = UINT32_MAX;
    unsigned int i;

    addr_list_init( &all );
    addr_list_init( &merged );
    for (i = 0; i < 2; i++)
    {
        struct query *q = &res->queries[i];
        unsigned int j;

        if (!q->used) continue;
        for (j = 0; j < q->addrs.count && ok; j++) ok = addr_list_add( &all, &q->addrs.addrs[j] );
        if (q->result == QUERY_NXDOMAIN) nxdomain = 1;
        if (q->result == QUERY_NODATA) nodata = 1;
        if (q->result == QUERY_TRY_AGAIN) try_again = 1;
        if (q->result == QUERY_NO_MEMORY) nomem = 1;
        if (q->result == QUERY_BOGUS) bogus = 1;
    }
    /* A forged or broken answer ends the lookup: not the other family's
     * addresses, not the next search domain, not glibc (which would take
     * the answer without validating it).  Never "not found": the name
     * may well exist. */
    if (bogus && !nomem)
    {
        addr_list_free( &all );
        resolution_finish_status( res, WS2GETDNS_WSANO_RECOVERY );
        return;
    }
    if (!ok || !addr_list_filter( res->family, res->flags, all.addrs, all.count, &merged )) nomem = 1;
    addr_list_free( &all );

    if (!nomem && merged.count)
    {
        const struct query *source = (aaaa->used && aaaa->addrs.count) ? aaaa : a;
        const char *canon;

        for (i = 0; i < 2; i++)
        {
            struct query *q = &res->queries[i];

            if (!q->used || !q->addrs.count) continue;
            if (q->info.ttl < ttl) ttl = q->info.ttl;
        }
        /* the name at the end of the CNAME chain, else the name asked;
         * none at all when the chain ends in a name we refuse to pass on */
        if (source->info.canon_bad) canon = NULL;
        else if (source->info.canon) canon = source->info.canon;
        else canon = res->candidate;
        resolution_finish( res, 0, &merged, ttl, canon, res->candidate );
        addr_list_free( &merged );
        return;
    }
    addr_list_free( &merged );
    if (nomem)
    {
        resolution_finish_status( res, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY );
        return;
    }

    /* NXDOMAIN covers the whole name; otherwise an unanswered family may
     * hold addresses, so "try again" beats "no data" (as glibc) */
    if (nxdomain) status = WS2GETDNS_WSAHOST_NOT_FOUND;
    else if (try_again || !nodata) status = WS2GETDNS_WSATRY_AGAIN;
    else status = WS2GETDNS_WSANO_DATA;
    if (failure_rank( status ) > failure_rank( res->best_failure )) res->best_failure = status;

    if (res->candidate_index + 1 >= res->candidate_count)
    {
        finish_dns_failure( res, res->best_failure );
        return;
    }
    res->candidate_index++;
    res->candidate += strlen( res->candidate ) + 1;
    for (i = 0; i < 2; i++)
    {
        query_cancel_attempts( &res->queries[i] );
        query_clear_answer( &res->queries[i] );
    }
    res->state = RESOLUTION_WAITING;
    list_add_tail( &res->resolver->waiting, &res->entry );
}

static void resolution_deadline( struct resolution *res )
{
    unsigned int i, j;
    int nomem = 0;

    if (res->timeout_ms)
    {
        resolution_finish_status( res, res->timeout_status );
        return;
    }
    /* The resolver's own budget ran out: what has arrived counts, what has
     * not is "no reply", and no further candidate is tried. */
    if (res->state == RESOLUTION_WAITING)
    {
        finish_dns_failure( res, res->best_failure ? res->best_failure : WS2GETDNS_WSATRY_AGAIN );
        return;
    }
    for (i = 0; i < 2; i++)
    {
        struct query *q = &res->queries[i];

        if (!q->used || q->result != QUERY_PENDING) continue;
        /* a query whose event could not be scheduled is never called back */
        for (j = 0; j < MAX_LIVE_ATTEMPTS; j++)
            if (q->attempts[j].live
                && epoll_loop_alloc_failures( res->resolver->loop ) != q->attempts[j].loop_failures)
                nomem = 1;
        query_cancel_attempts( q );
        query_set_result( q, nomem ? QUERY_NO_MEMORY : q->bogus ? QUERY_BOGUS : QUERY_TRY_AGAIN );
    }
    res->candidate_index = res->candidate_count - 1;
    evaluate_candidate( res );
}

void resolution_start( struct resolution *res )
{
    struct resolver *resolver = res->resolver;
    char candidates[MAX_CANDIDATES * (WS2GETDNS_MAX_NAME + 1)];
    unsigned int count, want_aaaa, want_a, i, j;
    size_t size;

    TRACE( "handle %#llx name %s family %u flags %#x timeout %u\n",
           (unsigned long long)res->handle, debugstr_a(res->name), res->family, res->flags, res->timeout_ms );
    if (local_answer( res )) return;
    /* A DNS-over-TLS setting we cannot honour fails DNS rather than send
     * it in plaintext.  In strict mode no name goes to glibc: its dns
     * source would ask resolv.conf's servers in plaintext; nor to a
     * program's own custom servers, which are plain DNS. */
    if (resolver->tls.broken || resolver->dnssec.broken)
    {
        resolution_finish_status( res, WS2GETDNS_WSANO_RECOVERY );
        return;
    }
    /* Custom servers: DNS through them, never glibc's getaddrinfo, which
     * would ask resolv.conf's servers.  Numbers, localhost and the hosts
     * file have answered above, as Windows answers them before DNS. */
    if (res->custom_count)
    {
        UINT32 status = 0;

        if (resolver->tls.mode == TLS_STRICT)
        {
            resolution_finish_status( res, WS2GETDNS_WSAEOPNOTSUPP );
            return;
        }
        if (!(res->set = custom_set_acquire( resolver, res->custom, res->custom_count, res->custom_flags,
                                             &status )))
        {
            resolution_finish_status( res, status );
            return;
        }
    }
    else switch (resolver->tls.mode == TLS_STRICT ? NSS_ROUTE_DNS : nss_route_for( resolver, res->name ))
    {
    case NSS_ROUTE_SYSTEM:
        start_system( res );
        return;
    case NSS_ROUTE_DNS_THEN_SYSTEM:
        /* with DNSSEC validation on, glibc's dns source would hand back
         * what our validation refused, or an answer forged after ours
         * failed: the DNS path's outcome stands */
        res->nss_fallback = !dnssec_config_on( &resolver->dnssec );
        break;
    case NSS_ROUTE_DNS:
        break;
    }

    want_aaaa = res->family != WS2GETDNS_AF_INET;
    want_a = res->family != WS2GETDNS_AF_INET6 || (res->flags & WS2GETDNS_AI_V4MAPPED);
    /* "options no-aaaa" (glibc 2.36): DNS is never asked for IPv6
     * addresses; the hosts file still gives them (local_answer, above) */
    if (resolver->conf.no_aaaa && want_aaaa)
    {
        want_aaaa = 0;
        if (!want_a)
        {
            resolution_finish_status( res, WS2GETDNS_WSANO_DATA );
            return;
        }
    }
    if (res->flags & WS2GETDNS_AI_ADDRCONFIG)
    {
        config_check_interfaces( resolver );
        /* a loopback-only machine (the test sandbox) filters nothing */
        if (resolver->have_v4 || resolver->have_v6)
        {
            if (!resolver->have_v6) want_aaaa = 0;
            if (!resolver->have_v4) want_a = 0;
        }
    }
    if (!want_a && !want_aaaa)
    {
        resolution_finish_status( res, WS2GETDNS_WSAHOST_NOT_FOUND );
        return;
    }

    /* built at full size on the stack, kept at the size used: a lookup may
     * wait a long time, and ten thousand of them may */
    if (!(count = name_search_candidates( res->name, &resolver->conf, candidates, sizeof(candidates) )))
    {
        resolution_finish_status( res, WS2GETDNS_WSAHOST_NOT_FOUND );
        return;
    }
    for (size = 0, i = 0; i < count; i++) size += strlen( candidates + size ) + 1;
    if (!(res->candidates = malloc( size )))
    {
        resolution_finish_status( res, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY );
        return;
    }
    memcpy( res->candidates, candidates, size );
    res->candidate_count = count;
    res->candidate = res->candidates;
    for (i = 0; i < 2; i++)
    {
        res->queries[i].res = res;
        for (j = 0; j < MAX_LIVE_ATTEMPTS; j++) res->queries[i].attempts[j].query = &res->queries[i];
    }
    res->queries[0].rrtype = GETDNS_RRTYPE_AAAA;
    res->queries[1].rrtype = GETDNS_RRTYPE_A;
    res->queries[0].used = want_aaaa;
    res->queries[1].used = want_a;

    /* the caller's timeval runs from the call, queued or not; without one,
     * the deadline is set when the lookup leaves the queue (start_candidate) */
    res->deadline = UINT64_MAX;
    if (res->timeout_ms && !schedule_deadline( res, res->submit_time + res->timeout_ms ))
    {
        resolution_finish_status( res, WS2GETDNS_WSA_NOT_ENOUGH_MEMORY );
        return;
    }
    res->state = RESOLUTION_WAITING;
    list_add_tail( &resolver->waiting, &res->entry );
}

/* the next try of the query goes over UDP: it waits for the pace (a
 * stream, TCP or TLS, has no receive buffer to overflow) */
static int query_paced( const struct query *q )
{
    struct resolver *resolver = q->res->resolver;
    const struct upstream *up = upstream_for_attempt( q->res->set ? q->res->set : resolver->upstreams, q->server );

    return !q->tc_retry && !resolver->conf.use_vc && !q->busy_released && !up->tls;
}

static void pace_callback( void *userarg )
{
    struct resolver *resolver = userarg;

    resolver->pace_armed = 0;
    /* only wakes the loop: resolutions_advance sends what may go */
}

/* lookups or tries wait for the pace: the loop wakes when they may go */
static void schedule_pace( struct resolver *resolver )
{
    getdns_eventloop *base = epoll_loop_base( resolver->loop );
    unsigned int needed = 1;
    uint64_t ms;

    if (list_empty( &resolver->transport.retry_queue ))
    {
        if (list_empty( &resolver->waiting ) && resolver->pace_armed)
        {
            /* nothing left to let out: as the loss timer, it would only
             * keep the loop busy */
            base->vmt->clear( base, &resolver->pace_event );
            resolver->pace_armed = 0;
        }
        if (list_empty( &resolver->waiting ) || !list_empty( &resolver->busy_waiting )) return;
        needed = slots_needed( LIST_ENTRY( resolver->waiting.next, struct resolution, entry ) );
    }
    ms = transport_pace_wait_ms( &resolver->transport, needed, list_empty( &resolver->transport.retry_queue ),
                                 loop_now_ms(), resolver->conf.timeout_s * 1000 );
    if (!ms) return;
    if (resolver->pace_event.ev && resolver->pace_armed)
    {
        /* A wait taken earlier may be longer than this one: the oldest
         * query out stalling, or the window growing blind, before answers
         * opened it and set the pace. */
        if (resolver->pace_due <= loop_now_ms() + ms) return;
        base->vmt->clear( base, &resolver->pace_event );
        resolver->pace_armed = 0;
    }
    resolver->pace_event.userarg = resolver;
    resolver->pace_event.timeout_cb = pace_callback;
    /* without memory for the timer, the next answer lets them out */
    resolver->pace_armed = !base->vmt->schedule( base, -1, ms, &resolver->pace_event );
    resolver->pace_due = loop_now_ms() + ms;
}

/* retries keep their slots, so they go before new candidates */
static void pump_retries( struct resolver *resolver )
{
    while (!list_empty( &resolver->transport.retry_queue ))
    {
        struct query *q = LIST_ENTRY( resolver->transport.retry_queue.next, struct query, retry_entry );
        uint64_t now = loop_now_ms();

        if (transport_sockets_full( &resolver->transport, now )
            || (query_paced( q ) && !transport_pace_allows( &resolver->transport, 1, now )))
            break;
        list_unlink( &q->retry_entry );
        if (now >= q->res->deadline)
        {
            q->res->deadline_hit = 1;
            mark_dirty( q->res );
        }
        else query_submit( q );
    }
}

/* queries paused after a REFUSED under load take the free overflow
 * connections, the one that waited longest first */
static void pump_overflow( struct resolver *resolver )
{
    struct query *q, *next;

    LIST_FOR_EACH_ENTRY_SAFE( q, next, &resolver->busy_waiting, struct query, busy_entry )
        if (query_overflow( q ) == OVERFLOW_SERVER_FULL) break;
}

/* whether NEEDED more queries may go out without a forwarder's recursion
 * quota aborting one whose lookup is too old to send it again and have it
 * answered in time */
static int quota_room( struct resolver *resolver, unsigned int needed )
{
    uint64_t oldest = transport_oldest_sent( &resolver->transport ), budget;

    if (resolver->transport.inflight + needed <= QUOTA_SAFE_INFLIGHT || !oldest) return 1;
    budget = (uint64_t)resolver->conf.attempts * (resolver->upstreams ? resolver->upstreams->count : 1)
             * resolver->conf.timeout_s * 1000;
    return loop_now_ms() - oldest + SERVFAIL_HOLD_MS + transport_usual_answer_ms( &resolver->transport )
           + QUOTA_HOLD_MARGIN_MS < budget;
}

static void pump_waiting( struct resolver *resolver )
{
    while (!list_empty( &resolver->waiting ))
    {
        struct resolution *res = LIST_ENTRY( resolver->waiting.next, struct resolution, entry );

        /* A server full up (REFUSED under load) takes the queries it
         * refused first, one per answer: new lookups sent meanwhile would
         * only take those places and be refused themselves. */
        if (!list_empty( &resolver->busy_waiting )) break;
        /* past the quota's level an answer lets the next one out */
        if (!quota_room( resolver, slots_needed( res ) )) break;
        if (!transport_can_start( &resolver->transport, slots_needed( res ), loop_now_ms(),
                                  resolver->conf.timeout_s * 1000 ))
            break;
        list_unlink( &res->entry );
        start_candidate( res );
    }
}

static void process_dirty( struct resolver *resolver )
{
    while (!list_empty( &resolver->dirty ))
    {
        struct resolution *res = LIST_ENTRY( resolver->dirty.next, struct resolution, dirty );
        unsigned int i, pending = 0;

        list_unlink( &res->dirty );
        /* glibc has it: only the caller's deadline can end it here */
        if (res->state == RESOLUTION_SYSTEM)
        {
            if (res->deadline_hit) resolution_finish_status( res, res->timeout_status );
            continue;
        }
        if (res->state != RESOLUTION_ACTIVE && res->state != RESOLUTION_WAITING) continue;
        if (res->deadline_hit)
        {
            resolution_deadline( res );
            continue;
        }
        if (res->state != RESOLUTION_ACTIVE) continue;
        for (i = 0; i < 2; i++)
        {
            struct query *q = &res->queries[i];

            if (!q->used) continue;
            /* an earlier try of a query that has its answer */
            if (q->result != QUERY_PENDING) query_cancel_attempts( q );
            if (q->retry && list_empty( &q->retry_entry ))
            {
                uint64_t now = loop_now_ms();

                /* the deadline passed: its outcome, not "try again" (the
                 * attempt's own timeout can fire before the deadline timer) */
                if (now >= res->deadline)
                {
                    res->deadline_hit = 1;
                    break;
                }
                /* attempts moved back to UDP after a TCP failure must stay
                 * within the UDP bound (the descriptor budget) */
                else if (transport_sockets_full( &resolver->transport, now )
                         || (query_paced( q ) && !transport_pace_allows( &resolver->transport, 1, now )))
                    list_add_tail( &resolver->transport.retry_queue, &q->retry_entry );
                else query_submit( q );
            }
            if (q->result == QUERY_PENDING) pending++;
        }
        if (!res->deadline_hit && res->queries[0].deferred && res->queries[1].result != QUERY_PENDING)
        {
            res->queries[0].deferred = 0;
            query_submit( &res->queries[0] );
        }
        if (res->deadline_hit) resolution_deadline( res );
        else if (!pending) evaluate_candidate( res );
    }
}

void resolutions_advance( struct resolver *resolver )
{
    do
    {
        check_losses( resolver );
        process_dirty( resolver );
        pump_overflow( resolver );
        pump_retries( resolver );
        pump_waiting( resolver );
    } while (!list_empty( &resolver->dirty ));
    schedule_pace( resolver );
    /* outside every callback: pool contexts given back for good go now */
    upstreams_sweep( resolver );
}
