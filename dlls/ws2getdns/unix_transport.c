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

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "unix_eventloop.h"
#include "unix_transport.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

/* The window starts here, all of it sent at once: a burst this large fits
 * any server's receive buffer (256 at once to unbound on a busy machine
 * lost datagrams), and it is above what an interactive program ever has in
 * flight. */
#define INITIAL_WINDOW 128
/* Until the first answer says how fast the server is, the window grows
 * with time instead: by this many tries every 100 ms (a pace a forwarder
 * on a busy machine takes), up to BLIND_WINDOW_MAX. */
#define BLIND_GROWTH_PER_100MS 256
#define BLIND_WINDOW_MAX 512
/* The pace: the window per usual answer time, times this (in percent)
 * while the window doubles each round trip (slow start), and times this
 * once it no longer does (a loss set the threshold, or the window reached
 * the budget): a little above the rate answers come at, so that the window
 * can still grow and a clump of answers still lets its tries out soon. */
#define PACE_GAIN_START 200
#define PACE_GAIN_STEADY 125
/* The pace's credit builds up for this long when nothing waits for it (a
 * burst after a pause), and for this long while tries wait for it (the
 * loop can be late to wake up, and credit lost then would slow the pace);
 * never less than PACE_BURST_MIN tries. */
#define PACE_IDLE_MS 10
#define PACE_BEHIND_MS 50
#define PACE_BURST_MIN 8
/* A loss (unix_resolution.c, detect_losses) shrinks the window, once per
 * round trip, to this share of it (percent), and to no more than this many
 * times what the server answered while the lost try waited (a server that
 * takes only a fraction of what is sent), never below LOSS_WINDOW_MIN. */
#define LOSS_WINDOW_SHARE 70
#define LOSS_DELIVERED_FACTOR 2
#define LOSS_WINDOW_MIN 32
/* A try is lost once it has waited as long as the answer to a try sent
 * after it, plus half the usual answer time (a forwarder answers in about
 * the order it receives, give or take its own work), and at least the
 * usual answer time; a loss that was not one doubles that allowance, up
 * to the usual answer time. */
#define REORDER_SHARE_DIV 2
/* a server that lost a query this recently is still taken to drop them */
#define DROPPING_MS 5000
#define REORDER_MIN_MS 2
#define REORDER_MULT_MAX 64
/* The descriptor budget's bounds: never fewer sockets than this, and never
 * more than stock Wine can have in flight (500 thread-pool threads, each in
 * a glibc lookup with its A and AAAA queries out), whatever RLIMIT_NOFILE
 * allows: a server's own limits (unbound's request list holds about a
 * thousand queries, and drops what does not fit) are then met as they are
 * under stock Wine. */
#define MIN_WINDOW_MAX 64
#define MAX_WINDOW_MAX 1000
/* descriptors left to Wine and the program before the budget is counted */
#define RESERVED_DESCRIPTORS 512
/* the early resend: this many times the average answer time, not before
 * so many answers were timed, never sooner than this.  Twice: through a
 * forwarder whose answers take 200 ms, a datagram lost in its receive
 * buffer then costs 400 ms, and an answer slower than that gets at most
 * one extra copy of its query. */
#define EARLY_RESEND_FACTOR 2
#define EARLY_RESEND_SAMPLES 16
#define EARLY_RESEND_MIN_MS 100
/* a REFUSED with at most this many queries in flight is a real refusal
 * (the next server is tried), not a sign of load */
#define BUSY_MIN_INFLIGHT 16
/* a query refused under load waits for another answer at most twice the
 * usual answer time, and never longer than this (nor when none was timed
 * yet): a server that refuses a name keeps its lookup waiting no longer */
#define BUSY_WAIT_MAX_MS 1000
/* a query unanswered this long at least stops counting against the
 * window (stall_ms): a fast server's answers are never that late
 * unless the query was lost */
#define STALL_MIN_MS 250
/* after a TCP failure the overflow waits for UDP slots this long */
#define TCP_RETRY_MS 30000

static unsigned int descriptor_budget(void)
{
    struct rlimit limit;
    rlim_t budget;

    if (getrlimit( RLIMIT_NOFILE, &limit )) return MIN_WINDOW_MAX;
    if (limit.rlim_cur == RLIM_INFINITY) return MAX_WINDOW_MAX;
    budget = limit.rlim_cur > 2 * RESERVED_DESCRIPTORS ? (limit.rlim_cur - RESERVED_DESCRIPTORS) / 2
                                                       : limit.rlim_cur / 4;
    if (budget < MIN_WINDOW_MAX) return MIN_WINDOW_MAX;
    if (budget > MAX_WINDOW_MAX) return MAX_WINDOW_MAX;
    return budget;
}

void transport_init( struct transport *transport )
{
    const char *value;

    memset( transport, 0, sizeof(*transport) );
    list_init( &transport->retry_queue );
    list_init( &transport->slots );
    transport->window_max = descriptor_budget();
    if ((value = getenv( "WS2GETDNS_MAX_INFLIGHT" )) && atoi( value ) >= 2)
        transport->window_max = atoi( value );
    transport->window_min = transport->window_max < INITIAL_WINDOW ? transport->window_max : INITIAL_WINDOW;
    transport->window = transport->window_min;
    transport->ssthresh = transport->window_max;
    transport->reorder_mult = 1;
    if ((value = getenv( "WS2GETDNS_MAX_TCP_INFLIGHT" )) && *value)
        transport->max_tcp_inflight = atoi( value );
    TRACE( "UDP window %u, up to %u; TCP pipelining up to %u\n", transport->window,
           transport->window_max, transport->max_tcp_inflight );
}


/* ----------------------------------------------------------------- pace */

/* tries per ms, in 1/1000; 0 before any answer was timed */
static uint64_t pace_rate( const struct transport *transport )
{
    unsigned int gain = transport->window < transport->ssthresh ? PACE_GAIN_START : PACE_GAIN_STEADY;

    if (!transport->answers_timed || !transport->answer_ms_avg) return 0;
    /* answer_ms_avg is in 1/8 ms */
    return (uint64_t)transport->window * 8 * 1000 * gain / 100 / transport->answer_ms_avg;
}

static void pace_refill( struct transport *transport, uint64_t rate, uint64_t now )
{
    uint64_t credit, cap;

    if (now <= transport->pace_last) return;
    cap = rate * (transport->pace_behind ? PACE_BEHIND_MS : PACE_IDLE_MS);
    if (cap < PACE_BURST_MIN * 1000) cap = PACE_BURST_MIN * 1000;
    credit = transport->pace_credit + rate * (now - transport->pace_last);
    transport->pace_credit = credit > cap ? cap : credit;
    transport->pace_last = now;
    transport->pace_behind = 0;
}

int transport_pace_allows( struct transport *transport, unsigned int needed, uint64_t now )
{
    uint64_t rate = pace_rate( transport );

    if (!transport->inflight || !rate) return 1;
    pace_refill( transport, rate, now );
    if (transport->pace_credit >= needed * 1000) return 1;
    transport->pace_behind = 1;
    return 0;
}

void transport_pace_sent( struct transport *transport )
{
    transport->pace_credit = transport->pace_credit > 1000 ? transport->pace_credit - 1000 : 0;
}

/* the window while no answer has come yet */
static int blind( const struct transport *transport )
{
    return transport->blind_start && !transport->blind_over;
}

static unsigned int current_window( const struct transport *transport, uint64_t now )
{
    uint64_t window;

    if (!blind( transport )) return transport->window;
    window = transport->window + (now - transport->blind_start) * BLIND_GROWTH_PER_100MS / 100;
    if (window > BLIND_WINDOW_MAX) window = BLIND_WINDOW_MAX;
    if (window > transport->window_max) window = transport->window_max;
    return window > transport->window ? window : transport->window;
}

/* the first answer, loss or REFUSED under load: the window stops growing
 * with time */
static void blind_end( struct transport *transport, uint64_t now )
{
    if (!blind( transport )) return;
    transport->window = current_window( transport, now );
    transport->blind_over = 1;
    TRACE( "window %u after %llu ms without an answer\n", transport->window,
           (unsigned long long)(now - transport->blind_start) );
}

int transport_tcp_usable( const struct transport *transport, uint64_t now )
{
    return transport->max_tcp_inflight > current_window( transport, now ) && now >= transport->tcp_broken_until;
}

/* How long a query may go unanswered before it stops counting against the
 * window: twice the time after which a try counts as lost, at least
 * STALL_MIN_MS; the per-try timeout at most, and before any answer was
 * timed. */
static uint64_t stall_ms( const struct transport *transport, uint64_t timeout_ms )
{
    uint64_t ms;

    if (!transport->answers_timed) return timeout_ms;
    ms = 2 * transport_loss_min_ms( transport );
    if (ms < STALL_MIN_MS) ms = STALL_MIN_MS;
    return ms < timeout_ms ? ms : timeout_ms;
}

/* the queries out longer than that stop counting against the window */
static void find_stalled( struct transport *transport, uint64_t now, uint64_t timeout_ms )
{
    uint64_t ms = stall_ms( transport, timeout_ms );
    unsigned int before = transport->stalled;

    /* a server shedding load counts every query it holds */
    if (transport->shedding_at && now - transport->shedding_at < timeout_ms) return;

    while (!list_empty( &transport->slots ))
    {
        struct transport_slot *slot = LIST_ENTRY( list_head( &transport->slots ), struct transport_slot, entry );

        if (now - slot->since < ms) break;
        list_remove( &slot->entry );
        slot->stalled = 1;
        transport->stalled++;
    }
    if (transport->stalled != before)
        TRACE( "%u more queries unanswered after %llu ms: %u of %u in flight count against the window\n",
               transport->stalled - before, (unsigned long long)ms, transport_load( transport ),
               transport->inflight );
}

uint64_t transport_pace_wait_ms( const struct transport *transport, unsigned int needed, int start, uint64_t now,
                                 uint64_t timeout_ms )
{
    uint64_t rate = pace_rate( transport ), at, wait = 0;
    unsigned int window = current_window( transport, now ), load = transport_load( transport );

    if (start && load + needed > window)
    {
        /* the oldest query out stops counting once it is stalled */
        if (!list_empty( &transport->slots ) && transport->inflight + needed <= transport->window_max)
        {
            const struct transport_slot *slot = LIST_ENTRY( list_head( &transport->slots ),
                                                            const struct transport_slot, entry );

            at = slot->since + stall_ms( transport, timeout_ms );
            /* none stalls while the server sheds load (find_stalled) */
            if (transport->shedding_at && at < transport->shedding_at + timeout_ms)
                at = transport->shedding_at + timeout_ms;
            wait = at > now ? at - now : 1;
        }
        /* the blind window grows with time; answers open the others */
        if (blind( transport ) && window < BLIND_WINDOW_MAX && window < transport->window_max)
        {
            at = transport->blind_start
                 + ((uint64_t)(load + needed - transport->window) * 100 + BLIND_GROWTH_PER_100MS - 1)
                   / BLIND_GROWTH_PER_100MS;
            at = at > now ? at - now : 1;
            if (!wait || at < wait) wait = at;
        }
        return wait;
    }
    if (!rate || transport->pace_credit >= needed * 1000) return 0;
    return (needed * 1000 - transport->pace_credit + rate - 1) / rate;
}

int transport_can_start( struct transport *transport, unsigned int needed, uint64_t now, uint64_t timeout_ms )
{
    if (!transport->inflight)
    {
        if (!transport->answers_timed && !transport->blind_start) transport->blind_start = now;
        return 1;
    }
    /* the pipelined overflow costs no descriptors and is bounded as it is */
    if (transport_tcp_usable( transport, now ))
        return transport->inflight + needed <= transport->max_tcp_inflight
               && transport_pace_allows( transport, needed, now );
    find_stalled( transport, now, timeout_ms );
    return transport_load( transport ) + needed <= current_window( transport, now )
           && transport->inflight + needed <= transport->window_max && transport_pace_allows( transport, needed, now );
}

uint64_t transport_oldest_sent( const struct transport *transport )
{
    if (list_empty( &transport->slots )) return 0;
    return LIST_ENTRY( list_head( &transport->slots ), const struct transport_slot, entry )->since;
}

int transport_attempt_uses_tcp( const struct transport *transport, uint64_t now )
{
    return transport->inflight > current_window( transport, now ) && transport_tcp_usable( transport, now );
}

int transport_sockets_full( const struct transport *transport, uint64_t now )
{
    /* a query has two tries out at most: only queries let in by the
     * pipelined overflow can take sockets past their budget when it fails */
    return transport->sockets_inflight >= 2 * transport->window_max && !transport_tcp_usable( transport, now );
}

void transport_tcp_failed( struct transport *transport, uint64_t now )
{
    transport->tcp_broken_until = now + TCP_RETRY_MS;
    TRACE( "TCP failed, UDP only for %u ms\n", TCP_RETRY_MS );
}

uint64_t transport_early_resend_ms( const struct transport *transport )
{
    uint64_t ms = transport->answer_ms_avg / 8 * EARLY_RESEND_FACTOR;

    if (transport->answers_timed < EARLY_RESEND_SAMPLES) return 0;
    return ms < EARLY_RESEND_MIN_MS ? EARLY_RESEND_MIN_MS : ms;
}

uint64_t transport_busy_wait_ms( const struct transport *transport )
{
    uint64_t ms = transport->answer_ms_avg / 8 * 2;

    if (transport->answers_timed < EARLY_RESEND_SAMPLES) return BUSY_WAIT_MAX_MS;
    return ms < BUSY_WAIT_MAX_MS ? ms : BUSY_WAIT_MAX_MS;
}

void transport_answered( struct transport *transport, unsigned int level, int timed, uint64_t latency_ms,
                         int limited )
{
    if (timed)
    {
        unsigned int sample = latency_ms > 60000 ? 60000 * 8 : latency_ms * 8;

        if (!transport->answers_timed) blind_end( transport, loop_now_ms() );
        /* exponential moving averages, weights 1/8 and 1/4, as TCP's */
        if (!transport->answers_timed++)
        {
            transport->answer_ms_avg = sample;
            transport->answer_ms_dev = sample / 2;
        }
        else
        {
            int diff = (int)sample - (int)transport->answer_ms_avg;

            transport->answer_ms_dev += ((diff < 0 ? -diff : diff) - (int)transport->answer_ms_dev) / 4;
            transport->answer_ms_avg += diff / 8;
        }
    }
    if (level > transport->answered_level) transport->answered_level = level;
    transport->delivered++;
    /* a window that limits nothing would let a later burst out at once */
    if (!limited || transport->window >= transport->window_max) return;
    if (transport->window < transport->ssthresh) transport->window++;
    else if (++transport->growth >= transport->window)
    {
        transport->growth = 0;
        transport->window++;
    }
}

/* ---------------------------------------------------------------- losses */

uint64_t transport_reorder_ms( const struct transport *transport )
{
    uint64_t usual = transport->answer_ms_avg / 8;
    uint64_t ms = usual * transport->reorder_mult / REORDER_SHARE_DIV;

    if (ms > usual) ms = usual;
    return ms < REORDER_MIN_MS ? REORDER_MIN_MS : ms;
}

int transport_dropping( const struct transport *transport, uint64_t now )
{
    return transport->recovery_start && now - transport->recovery_start < DROPPING_MS;
}

uint64_t transport_loss_min_ms( const struct transport *transport )
{
    return (transport->answer_ms_avg + 4 * (uint64_t)transport->answer_ms_dev) / 8;
}

void transport_loss( struct transport *transport, uint64_t sent, unsigned int delivered, uint64_t now )
{
    unsigned int window, answered = transport->delivered - delivered;

    blind_end( transport, now );
    transport->episode_losses++;
    /* one cut per round trip: tries sent before the last cut went out under
     * the window it cut */
    if (sent < transport->recovery_start) return;
    transport->recovery_start = now;
    window = transport->window * LOSS_WINDOW_SHARE / 100;
    if (window > answered * LOSS_DELIVERED_FACTOR) window = answered * LOSS_DELIVERED_FACTOR;
    if (window < LOSS_WINDOW_MIN) window = LOSS_WINDOW_MIN;
    if (window > transport->window) window = transport->window;
    TRACE( "loss: window %u -> %u (%u answered while the lost try waited)\n", transport->window, window,
           answered );
    transport->undo_window = transport->window;
    transport->undo_ssthresh = transport->ssthresh;
    transport->episode_losses = 1;
    transport->episode_spurious = 0;
    transport->window = transport->ssthresh = window;
    transport->growth = 0;
}

void transport_spurious_loss( struct transport *transport, int confirmed )
{
    if (transport->reorder_mult < REORDER_MULT_MAX) transport->reorder_mult *= 2;
    /* most losses since the cut were answers late: the cut is undone */
    if (confirmed && ++transport->episode_spurious * 4 >= transport->episode_losses * 3 && transport->undo_window)
    {
        if (transport->window < transport->undo_window) transport->window = transport->undo_window;
        transport->ssthresh = transport->undo_ssthresh;
        transport->undo_window = 0;
    }
    TRACE( "a try taken for lost was answered: reordering allowance %llu ms, window %u\n",
           (unsigned long long)transport_reorder_ms( transport ), transport->window );
}

/* -------------------------------------------------------- REFUSED, timeouts */

int transport_refused_busy( struct transport *transport, unsigned int level )
{
    unsigned int window = level * 3 / 4;

    if (level <= BUSY_MIN_INFLIGHT) return 0;
    blind_end( transport, loop_now_ms() );
    /* above any load the server has answered at, it is overwhelmed: fewer
     * queries from now on */
    if (level <= transport->answered_level) return 1;
    if (window < BUSY_MIN_INFLIGHT) window = BUSY_MIN_INFLIGHT;
    if (window < transport->window)
    {
        TRACE( "refused with %u in flight: window %u -> %u\n", level, transport->window, window );
        transport->window = window;
    }
    return 1;
}

int transport_servfail_busy( struct transport *transport, unsigned int level, uint64_t now )
{
    unsigned int window = level * 3 / 4;

    if (level <= BUSY_MIN_INFLIGHT) return 0;
    blind_end( transport, now );
    transport->shedding_at = now;
    if (window < BUSY_MIN_INFLIGHT) window = BUSY_MIN_INFLIGHT;
    if (window < transport->window)
    {
        TRACE( "SERVFAIL under load with %u in flight: window %u -> %u\n", level, transport->window, window );
        transport->window = window;
    }
    if (transport->ssthresh > transport->window) transport->ssthresh = transport->window;
    return 1;
}

void transport_lost( struct transport *transport, uint64_t now, uint64_t timeout_ms )
{
    unsigned int window;

    blind_end( transport, now );
    window = transport->window / 2;
    if (transport->last_shrink && now - transport->last_shrink < timeout_ms) return;
    transport->last_shrink = now;
    if (window < transport->window_min) window = transport->window_min;
    if (window < transport->window)
    {
        TRACE( "no reply within %llu ms: window %u -> %u\n", (unsigned long long)timeout_ms,
               transport->window, window );
        transport->window = transport->ssthresh = window;
    }
}
