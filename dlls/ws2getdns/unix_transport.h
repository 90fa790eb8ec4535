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

/* How many queries may be in flight, and over which transport each attempt
 * goes.  getdns opens one UDP socket per query and closes it after the
 * reply, so UDP costs a descriptor and several system calls per query, and
 * a large burst of datagrams overflows a server's receive buffer.  UDP
 * therefore carries up to max_inflight queries; beyond that, while TCP
 * works, new attempts are pipelined over one kept-open TCP connection per
 * server (unix_upstream.c: a getdns context of its own), and beyond
 * max_tcp_inflight (or while TCP is broken) lookups wait in a FIFO queue.
 *
 * The counters below are changed only through the functions of this
 * header, called from unix_resolution.c at the points named here.  With
 * `q` ranging over the queries of every resolution (struct query):
 *   inflight      == the number of q with q->slot set.  A query takes its
 *                    slot when its candidate starts (start_candidate) and
 *                    gives it back when it has a result or is dropped.
 *   udp_inflight  == the number of q with q->live && q->udp: a getdns
 *                    transaction over UDP is outstanding.
 *   retry_queue   holds exactly the q with q->retry set, q->slot set and
 *                    q->live clear whose next attempt waits for a UDP
 *                    slot because UDP is full and TCP is not usable.
 * Each upstream set counts its own live transactions (unix_upstream.h). */
struct transport
{
    unsigned int inflight;          /* queries holding a slot */
    unsigned int udp_inflight;      /* live attempts over UDP */
    unsigned int max_inflight;      /* the UDP bound (WS2GETDNS_MAX_INFLIGHT) */
    unsigned int max_tcp_inflight;  /* bound on all slots while TCP works */
    uint64_t tcp_broken_until;      /* no TCP before this time (loop_now_ms) */
    struct list retry_queue;        /* struct query.retry_entry */
};

/* reads WS2GETDNS_MAX_INFLIGHT and WS2GETDNS_MAX_TCP_INFLIGHT */
void transport_init(struct transport *transport);

int transport_tcp_usable(const struct transport *transport, uint64_t now);

/* may a candidate needing `needed` slots start now?  (one always may when
 * nothing is in flight, so a lookup never waits for nothing) */
int transport_can_start(const struct transport *transport, unsigned int needed, uint64_t now);

/* the transport of an attempt that starts now: nonzero for TCP.  Past the
 * UDP bound in all slots, not only UDP ones, so that a steady load moves
 * to TCP as a whole and the quickly recycled UDP slots do not keep most
 * of it on UDP. */
int transport_attempt_uses_tcp(const struct transport *transport, uint64_t now);

/* must a retry wait in retry_queue for a UDP slot? */
int transport_udp_full(const struct transport *transport, uint64_t now);

/* a TCP attempt failed without a reply (no TCP on the server, a reset):
 * the overflow waits for UDP slots for a while */
void transport_tcp_failed(struct transport *transport, uint64_t now);

static inline void transport_take_slot(struct transport *transport)
{
    transport->inflight++;
}

static inline void transport_release_slot(struct transport *transport)
{
    transport->inflight--;
}

static inline void transport_udp_started(struct transport *transport)
{
    transport->udp_inflight++;
}

static inline void transport_udp_ended(struct transport *transport)
{
    transport->udp_inflight--;
}

#endif /* __WS2GETDNS_UNIX_TRANSPORT_H */
