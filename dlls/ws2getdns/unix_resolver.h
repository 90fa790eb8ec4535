/*
 * ws2getdns Unix side: the resolver's interface for unix_lib.c and the host tests
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

#ifndef __WS2GETDNS_UNIX_RESOLVER_H
#define __WS2GETDNS_UNIX_RESOLVER_H

#include "unix_types.h"

/* The resolver knows nothing about Wine's calling conventions: unix_lib.c
 * wraps it for the PE side, and the host tests and benchmarks drive it
 * directly.  docs/design.md describes it as a whole.
 *
 * Threads: resolver_submit, resolver_cancel and resolver_run_sync may be
 * called from any thread.  resolver_run is called by one thread at a time
 * (the PE completion thread).  The getdns contexts are touched by one
 * thread at a time: the one that runs the loop, which is resolver_run's, or
 * a resolver_run_sync caller's while the loop would otherwise be idle.
 * resolver_destroy is called when no other call is running.
 *
 * Environment (read by resolver_create):
 *   WS2GETDNS_RESOLV_CONF   resolv.conf to use instead of /etc/resolv.conf
 *   WS2GETDNS_HOSTS         hosts file to use instead of /etc/hosts
 *   WS2GETDNS_MAX_INFLIGHT, WS2GETDNS_MAX_TCP_INFLIGHT
 *                           the transport's bounds (unix_transport.h)
 * Traces go to Wine's debug channel ws2getdns (WINEDEBUG=+ws2getdns). */

struct resolver;

/* returns 0, or a WSA code (and *resolver NULL) when getdns is unusable */
UINT32 resolver_create( struct resolver **resolver );
void resolver_destroy( struct resolver *resolver );

/* Copies *params; the deadline runs from this call.  0, or
 * WSA_NOT_ENOUGH_MEMORY (then no record will ever come for the handle). */
UINT32 resolver_submit( struct resolver *resolver, const struct submit_params *params );

/* drops the lookup and its record (if not yet returned by resolver_run);
 * unknown handles are ignored.  0 or WSA_NOT_ENOUGH_MEMORY. */
UINT32 resolver_cancel( struct resolver *resolver, UINT64 handle );

/* A synchronous lookup.  When no thread runs the loop, runs it on the
 * calling thread until the lookup's record is ready, copies the record to
 * params->buffer (a WSA_NOT_ENOUGH_MEMORY record if it does not fit) and
 * sets params->done; gives the loop back to resolver_run as soon as another
 * lookup comes in, the record then coming from resolver_run.  Otherwise as
 * resolver_submit.  0 or WSA_NOT_ENOUGH_MEMORY (then no record will come). */
UINT32 resolver_run_sync( struct resolver *resolver, struct run_sync_params *params );

/* Blocks until at least one record is ready, then packs as many ready
 * records as fit params->buffer.  Returns nonzero, with no record, once
 * resolver_stop was called: only test builds can stop a resolver (the DLL's
 * lives as long as its process). */
int resolver_run( struct resolver *resolver, struct run_params *params );

#ifdef WS2GETDNS_TESTS
/* cancels everything; resolver_run returns nonzero now or next time, so a
 * test's collector thread can be joined before resolver_destroy */
void resolver_stop( struct resolver *resolver );
#endif

#endif /* __WS2GETDNS_UNIX_RESOLVER_H */
