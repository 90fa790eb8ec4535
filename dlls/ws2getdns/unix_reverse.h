/*
 * ws2getdns Unix side: reverse lookups of a prefix that asks for private DNS (unix_reverse_lookup)
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

#ifndef __WS2GETDNS_UNIX_REVERSE_H
#define __WS2GETDNS_UNIX_REVERSE_H

#include <stddef.h>
#include "unix_types.h"

/* getnameinfo and gethostbyaddr of a prefix with DNS over TLS or DNSSEC
 * validation (unix_privacy.h) come here instead of glibc, which would ask
 * resolv.conf's servers in plaintext and validate nothing.  As glibc with
 * "hosts: files dns": the hosts file first, then a PTR query.  The query
 * goes through getdns with the same settings as the engine's lookups
 * (unix_tls.h, unix_dnssec.h): the DNS-over-TLS servers in their mode, or
 * resolv.conf's servers; each server in turn, resolv.conf's attempts
 * times, each try waiting resolv.conf's timeout.  A bogus answer is never
 * used; a setting that cannot be honoured fails the lookup.  Other
 * nsswitch sources (mDNS, myhostname...) are not asked.
 *
 * A reverse lookup is rare: everything is read from the files and a getdns
 * context made for each try, on the calling thread, synchronously; the
 * engine and its loop are not involved.  Environment as the resolver's
 * (unix_resolver.h): WS2GETDNS_RESOLV_CONF, WS2GETDNS_HOSTS,
 * WS2GETDNS_DOT_CONF, WS2GETDNS_DNSSEC_CONF. */
void reverse_lookup( struct reverse_params *params );

/* the name a PTR query for the address asks (no trailing dot); IPv4
 * addresses mapped into IPv6 (::ffff:a.b.c.d, and ::a.b.c.d but ::1) are
 * asked under in-addr.arpa, as glibc's dns source asks them */
void reverse_query_name( UINT32 family, const BYTE *addr, char *buf, size_t size );

#endif /* __WS2GETDNS_UNIX_REVERSE_H */
