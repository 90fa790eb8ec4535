/*
 * ws2getdns Unix side: /etc/hosts parser and lookup
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

#ifndef __WS2GETDNS_UNIX_HOSTS_H
#define __WS2GETDNS_UNIX_HOSTS_H

#include <stddef.h>
#include "unix_types.h"

struct hosts_table;

/* Parse hosts-file text: "address name [alias...]" per line, '#' starts a
 * comment.  Lines with a NUL, a bad address or no name are skipped; bad
 * names on a line are skipped.  NULL only when out of memory. */
struct hosts_table *hosts_parse( const char *text, size_t len );

/* a missing or unreadable file gives an empty table; NULL only when out
 * of memory */
struct hosts_table *hosts_load( const char *path );

void hosts_free( struct hosts_table *table );

/* Addresses of `name` (exact, case-insensitive, trailing dot ignored) in
 * file order, both families, without duplicates; *canon receives the first
 * name of the first matching line.  Returns the count written (at most max). */
unsigned int hosts_lookup( const struct hosts_table *table, const char *name,
                           struct result_addr *addrs, unsigned int max, const char **canon );

/* The name of `addr` (family and bytes; the scope is not compared), as
 * glibc's files source gives it to gethostbyaddr: the first name of the
 * first line with that address.  NULL when no line has it. */
const char *hosts_lookup_addr( const struct hosts_table *table, const struct result_addr *addr );

#ifdef WS2GETDNS_TESTS
size_t hosts_entry_count( const struct hosts_table *table );
#endif

#endif /* __WS2GETDNS_UNIX_HOSTS_H */
