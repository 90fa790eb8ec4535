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

#ifndef __WS2GETDNS_UNIX_RESOLUTION_H
#define __WS2GETDNS_UNIX_RESOLUTION_H

#include <getdns/getdns.h>
#include <getdns/getdns_extra.h>
#include "wine/list.h"
#include "unix_pack.h"
#include "unix_upstream.h"

/* How a resolution moves (all on the loop thread):
 *   resolution_start: an immediate answer (unix_local.c: numeric, localhost,
 *     hosts file, the empty name (the local host), an invalid name), or
 *     glibc's getaddrinfo on a worker when an nsswitch source we do not
 *     implement owns the name (unix_nss.c), or the DNS path:
 *     the search candidates one after the other (unix_names.c); for each
 *     candidate the A and/or AAAA queries run concurrently, each with its
 *     own attempts (every attempt on every server, as glibc).
 *   getdns callbacks only record what happened and mark the resolution
 *     dirty; every decision (retry, next candidate, finish) is taken by
 *     resolutions_advance outside any callback, so getdns is never
 *     re-entered from its own callback and a resolution is never freed
 *     under getdns' feet.
 *   resolution_finish packs the result record at once and puts the
 *     resolution on resolver->ready, for resolver_run to copy out. */

struct resolver;
struct resolution;

enum query_result
{
    QUERY_PENDING,
    QUERY_ADDRS,
    QUERY_NXDOMAIN,
    QUERY_NODATA,
    QUERY_TRY_AGAIN,
    QUERY_NO_MEMORY,
    QUERY_BOGUS,        /* DNSSEC validation failed on every try (unix_dnssec.h) */
};

/* What a query keeps of its replies: struct reply_info without its name
 * buffer, which thousands of pending queries would carry for nothing; the
 * end of a CNAME chain is allocated when there is one. */
struct answer_info
{
    int replies;
    int nxdomain;
    int noerror;
    int refused;
    int servfail;
    int canon_bad;
    UINT32 ttl;
    char *canon;
};

/* How an attempt goes: over UDP; over TCP on a context of the server's
 * pool, a connection of its own (use-vc, or after a truncated reply); or
 * pipelined over TCP (the opt-in overflow, unix_transport.h). */
enum attempt_kind
{
    ATTEMPT_UDP,
    ATTEMPT_TCP,
    ATTEMPT_PIPELINED,
};

/* One getdns transaction of a query: a try sent to one server.
 *   live        the transaction is outstanding: tid and context are valid,
 *               upstream is set and counted in upstream->set->live, and
 *               unless it is pipelined or of the overflow it counts in
 *               transport.sockets_inflight; an ATTEMPT_TCP holds `pooled`,
 *               given back when it ends.
 *   cancelling  our own getdns_cancel_callback is calling back: the
 *               callback ignores it.
 *   flight_entry  a live ATTEMPT_UDP try (not over TLS) is on its
 *               upstream's flight list, in the order sent, until it ends
 *               or is taken for lost (detect_losses). */
struct attempt
{
    struct query *query;
    struct upstream *upstream;
    getdns_context *context;
    struct tcp_context *pooled;
    getdns_transaction_t tid;
    uint64_t sent;                  /* loop_now_ms() when it went out */
    unsigned int level;             /* attempts with a socket in flight then, itself included */
    unsigned int delivered;         /* transport.delivered then */
    enum attempt_kind kind;
    struct list flight_entry;       /* in upstream->flight */
    unsigned int live : 1;
    unsigned int cancelling : 1;
    unsigned int lost : 1;          /* taken for lost: later tries were answered first */
    unsigned int confirmed : 1;     /* ... and a copy sent after it was answered in the usual time */
    unsigned int resend : 1;        /* another try of the query was out when it went: not timed */
    unsigned int overflow : 1;      /* an ATTEMPT_TCP of the REFUSED overflow (query_overflow): not in
                                     * transport.sockets_inflight */
    unsigned int loop_failures;     /* epoll_loop_alloc_failures() at submit */
};

/* A query keeps listening to an earlier try while it sends the next one,
 * as glibc does: every try lives until the resolution's deadline, so a
 * late answer to the first try still counts after the second was sent.
 * Two are enough: a third try replaces the oldest. */
#define MAX_LIVE_ATTEMPTS 2

/* One A or AAAA query of the current candidate.
 * Invariants (the counters they feed are described in unix_transport.h):
 *   slot        counted in transport.inflight: from the candidate's start
 *               until result != QUERY_PENDING (or the resolution is dropped).
 *   retry       the next try is due (the previous one failed, or got no
 *               reply within the resolver's timeout): resolutions_advance
 *               sends it; if the socket budget is full the query waits
 *               in transport.retry_queue meanwhile.
 *   resend_*    the timer that makes the next try due after `timeout`
 *               seconds without a reply, while attempts are left.
 * A query with a result has no live attempt once resolutions_advance has
 * seen it: the ones still outstanding are cancelled there, never from
 * inside a getdns callback. */
struct query
{
    struct resolution *res;
    UINT16 rrtype;
    unsigned int used : 1;          /* part of this resolution's plan */
    unsigned int slot : 1;
    unsigned int retry : 1;
    unsigned int resend_scheduled : 1;
    unsigned int busy_retries : 2;  /* REFUSED under load, sent again without counting */
    unsigned int early_resend : 1;  /* the resend timer is an early one (transport_early_resend_ms) */
    unsigned int busy_wait : 1;     /* the resend timer ends a pause after a REFUSED or SERVFAIL under load */
    unsigned int busy_released : 1; /* this try went out because the server answered another */
    unsigned int overflow_off_list : 1; /* its REFUSED pause runs off busy_waiting, while its overflow
                                         * try is out (unix_resolution.c, query_overflow) */
    unsigned int servfail_held : 1; /* this candidate's SERVFAIL under load was held and sent again */
    unsigned int early_resent : 1;  /* this candidate's early resend is used */
    unsigned int deferred : 1;      /* single-request: sent once the other query has its result */
    unsigned int tc_retry : 1;      /* a truncated UDP reply: the next try is over TCP, same server */
    unsigned int bogus : 1;         /* a try's answer failed DNSSEC validation */
    unsigned int loss_resends : 3;  /* tries sent again after a loss, this candidate */
    struct transport_slot slot_hold; /* while slot is set: in transport.slots until stalled */
    struct list retry_entry;        /* in transport.retry_queue */
    struct list busy_entry;         /* in resolver->busy_waiting while paused after a REFUSED under
                                     * load and no overflow try of it is out */
    struct attempt attempts[MAX_LIVE_ATTEMPTS];
    getdns_eventloop_event resend_event;
    unsigned int server;            /* server of the next attempt (modulo the current count) */
    unsigned int attempts_left;
    enum query_result result;
    struct answer_info info;
    struct addr_list addrs;
};

enum resolution_state
{
    RESOLUTION_NEW,         /* submitted, not yet seen by the loop */
    RESOLUTION_WAITING,     /* on resolver->waiting: needs slots for its next candidate */
    RESOLUTION_ACTIVE,      /* its candidate's queries are in flight */
    RESOLUTION_SYSTEM,      /* glibc's getaddrinfo has it (unix_nss.c), nss_job set */
    RESOLUTION_READY,       /* record packed, on resolver->ready for resolver_run */
};

/* The input queue (unix_resolver.c): a submit is the resolution's own
 * node, a cancel a small allocated one; one queue keeps them in call order. */
struct input
{
    struct input *next;
    struct resolution *res;         /* NULL for a cancel */
    UINT64 handle;
};

struct resolution
{
    struct resolver *resolver;
    struct input input;
    struct resolution *hash_next;   /* in resolver->buckets once the loop has it */
    struct list entry;              /* in resolver->waiting or ->ready, by state */
    struct list dirty;              /* in resolver->dirty: decisions to take */
    UINT64 handle;
    UINT32 family, flags, timeout_ms, timeout_status;  /* as submitted */
    uint64_t submit_time;
    uint64_t deadline;
    getdns_eventloop_event deadline_event;
    unsigned int deadline_scheduled : 1;    /* deadline_event is on the loop */
    unsigned int deadline_hit : 1;          /* the deadline passed: end it from resolutions_advance */
    unsigned int nss_fallback : 1;          /* DNS failed: ask glibc (a source after dns owns the name) */
    struct nss_job *nss_job;                /* its getaddrinfo, while RESOLUTION_SYSTEM */
    /* custom servers as submitted (in the resolution's own block), and
     * their set (unix_custom.c) once started; without them resolv.conf's
     * current set */
    struct server_addr *custom;
    UINT32 custom_count, custom_flags;
    struct upstream_set *set;
    enum resolution_state state;
    char *candidates;               /* NUL-separated */
    const char *candidate;          /* current one */
    unsigned int candidate_count, candidate_index;
    UINT32 best_failure;
    struct query queries[2];        /* [0] AAAA, [1] A */
    void *record;
    size_t record_size;
    struct result_record small_record;  /* when a bigger one cannot be allocated */
    char name[];                    /* as submitted, allocated at its length */
};

/* the loop has taken a new resolution from the input queue */
void resolution_start( struct resolution *res );

/* packs the outcome and moves the resolution to resolver->ready;
 * the names may point into the resolution's own queries */
void resolution_finish( struct resolution *res, UINT32 status, const struct addr_list *addrs,
                        UINT32 ttl, const char *canon, const char *fqdn );
void resolution_finish_status( struct resolution *res, UINT32 status );

/* cancels its queries and deadline and takes it off every list, before it
 * is freed (unix_resolver.c) */
void resolution_detach( struct resolution *res );

/* takes every decision pending after callbacks, retries and starts
 * waiting candidates, until nothing is dirty */
void resolutions_advance( struct resolver *resolver );

/* unix_local.c: answers that need no DNS.  Returns nonzero when `res` was
 * finished (with addresses or an error), 0 to go on to DNS. */
int local_answer( struct resolution *res );

#endif /* __WS2GETDNS_UNIX_RESOLUTION_H */
