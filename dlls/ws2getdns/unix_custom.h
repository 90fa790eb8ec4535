/*
 * ws2getdns Unix side: the upstream sets of lookups with custom servers (ADDRINFOEX6)
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

#ifndef __WS2GETDNS_UNIX_CUSTOM_H
#define __WS2GETDNS_UNIX_CUSTOM_H

#include <stdint.h>
#include "unixlib.h"

/* A lookup with custom servers runs on an upstream set of its own
 * (unix_upstream.h), made from its server list: with
 * WS2GETDNS_SERVERS_EXCLUSIVE only those servers, else resolv.conf's
 * servers and then those (Microsoft: the custom servers are a fallback to
 * the system's).  Lookups with the same list share one set, so its
 * failover preference holds for them all, as resolv.conf's does.  A set
 * costs two getdns contexts per server (about 600 KB), so at most
 * MAX_CUSTOM_SETS exist; one no lookup holds is destroyed after
 * CUSTOM_SET_IDLE_MS, or at once when a new list needs its place.  With
 * every set held, a lookup with yet another list fails with WSAENOBUFS.
 * Everything here runs on the loop thread; sets are destroyed only
 * between rounds (custom_sets_sweep), never inside a getdns callback. */

#define MAX_CUSTOM_SETS 8
#define CUSTOM_SET_IDLE_MS 10000

struct resolver;
struct upstream_set;

/* the set for these servers, held for the caller (custom_set_release);
 * NULL with a WSA code in *status when none can be had */
struct upstream_set *custom_set_acquire( struct resolver *resolver, const struct server_addr *servers,
                                         unsigned int count, UINT32 flags, UINT32 *status );
/* a lookup is done with its set */
void custom_set_release( struct upstream_set *set );
/* destroys the sets idle too long; between rounds only */
void custom_sets_sweep( struct resolver *resolver, uint64_t now );
/* every set, at the resolver's end (nothing holds one) */
void custom_sets_free( struct resolver *resolver );

#endif /* __WS2GETDNS_UNIX_CUSTOM_H */
