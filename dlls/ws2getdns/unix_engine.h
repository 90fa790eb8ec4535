/*
 * ws2getdns Unix side: the resolver engine (getdns context, loop, requests)
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

#ifndef __WS2GETDNS_UNIX_ENGINE_H
#define __WS2GETDNS_UNIX_ENGINE_H

#include "unix_types.h"

/* The engine knows nothing about Wine: unix_lib.c wraps it for the PE side,
 * and the host tests and benchmarks drive it directly.
 *
 * Threads: engine_submit, engine_cancel and engine_stop may be called from
 * any thread.  engine_run is called by one thread at a time (the PE
 * completion thread); that thread alone touches the getdns context.
 * engine_destroy is called when no other call is running.
 *
 * Environment (read by engine_create):
 *   WS2GETDNS_RESOLV_CONF   resolv.conf to use instead of /etc/resolv.conf
 *   WS2GETDNS_HOSTS         hosts file to use instead of /etc/hosts
 *   WS2GETDNS_MAX_INFLIGHT  the UDP bound: with more DNS queries than this
 *                           in flight, new ones go over TCP, and never more
 *                           than this many over UDP (default 64)
 *   WS2GETDNS_MAX_TCP_INFLIGHT  bound on all queries in flight while TCP works:
 *                           the overflow above the UDP bound is pipelined
 *                           on one TCP connection per server (default 32768;
 *                           <= the UDP bound turns TCP off)
 *   WINEDEBUG               containing "ws2getdns": trace to stderr */

struct engine;

/* returns 0, or a WSA code (and *engine NULL) when getdns is unusable */
UINT32 engine_create(struct engine **engine);
void engine_destroy(struct engine *engine);

/* Copies *params; the deadline runs from this call.  0, or
 * WSA_NOT_ENOUGH_MEMORY (then no record will ever come for the handle). */
UINT32 engine_submit(struct engine *engine, const struct submit_params *params);

/* drops the request and its record (if not yet returned by engine_run);
 * unknown handles are ignored.  0 or WSA_NOT_ENOUGH_MEMORY. */
UINT32 engine_cancel(struct engine *engine, UINT64 handle);

/* Blocks until at least one record is ready or engine_stop was called;
 * then packs as many ready records as fit params->buffer. */
void engine_run(struct engine *engine, struct run_params *params);

/* cancels everything; engine_run returns (now or next time) with stopping set */
void engine_stop(struct engine *engine);

/* unix_get_port */
void port_lookup(struct port_params *params);

#endif /* __WS2GETDNS_UNIX_ENGINE_H */
