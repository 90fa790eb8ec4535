/*
 * ws2getdns Unix side: a getdns_eventloop on epoll with a binary-heap timer queue
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

#ifndef __WS2GETDNS_UNIX_EVENTLOOP_H
#define __WS2GETDNS_UNIX_EVENTLOOP_H

#include <stdint.h>
#include <getdns/getdns.h>
#include <getdns/getdns_extra.h>

/* getdns' own loop is poll() based: every wake walks every descriptor, and
 * with thousands of UDP sockets in flight that dominates.  This loop keeps
 * descriptors in epoll and timers in a binary heap, so a wake costs
 * O(ready + log timers).  The engine uses the same loop, through the same
 * vmt, for its own timers (deadlines) and for its eventfd.
 *
 * A ready descriptor's callback is called again, without a new epoll_wait,
 * while it moves data and its event stays scheduled (at most 64 times), so
 * every descriptor given to this loop must be non-blocking, as getdns'
 * sockets and the engine's eventfd are. */

struct epoll_loop;

struct epoll_loop *epoll_loop_create(void);
void epoll_loop_destroy( struct epoll_loop *loop );
getdns_eventloop *epoll_loop_base( struct epoll_loop *loop );
/* the same loop for a getdns context that sends nothing but UDP: it spares
 * each query an epoll_ctl and a round of the loop (unix_eventloop.c) */
getdns_eventloop *epoll_loop_udp_base( struct epoll_loop *loop );
/* while on, the UDP sockets that view gets are polled by themselves, not
 * added to epoll: for a synchronous caller's lookup, a few sockets at most.
 * Turned off, those still waiting go to epoll for whoever runs the loop
 * next. */
void epoll_loop_direct( struct epoll_loop *loop, int on );

/* one round: wait (at most timeout_ms, -1 = until the next timer or event)
 * and fire what is ready */
void epoll_loop_run_once_timeout( struct epoll_loop *loop, int timeout_ms );

/* descriptors and timers currently scheduled (the resolver's loop is idle
 * when only its eventfd is left) */
unsigned int epoll_loop_fd_count( const struct epoll_loop *loop );
unsigned int epoll_loop_timer_count( const struct epoll_loop *loop );
/* when the earliest timer fires (loop_now_ms), 0 without one */
uint64_t epoll_loop_next_due( const struct epoll_loop *loop );

/* how many schedule calls failed for lack of memory: getdns does not
 * always report such a failure, so the engine compares this count */
unsigned int epoll_loop_alloc_failures( const struct epoll_loop *loop );

/* monotonic milliseconds */
uint64_t loop_now_ms(void);

#define LOOP_TIMEOUT_FOREVER ((uint64_t)-1)

#endif /* __WS2GETDNS_UNIX_EVENTLOOP_H */
