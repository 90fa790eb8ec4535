/*
 * ws2getdns Unix side: host name syntax, numeric addresses, search candidates
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

#ifndef __WS2GETDNS_UNIX_NAMES_H
#define __WS2GETDNS_UNIX_NAMES_H

#include <stddef.h>
#include "unix_types.h"

#define MAX_SEARCH_DOMAINS 6    /* as glibc (MAXDNSRCH) */
#define MAX_CANDIDATES (MAX_SEARCH_DOMAINS + 1)

struct resolv_config;

/* A name we are willing to put into a DNS query: labels of 1-63 characters
 * from [A-Za-z0-9_-], at most 253 characters (255 bytes on the wire), one
 * optional trailing dot.  Anything else (spaces, control characters,
 * backslash escapes, non-ASCII) is refused before a query is made, so a
 * "\." in the input can never become a label separator (CVE-2016-5180). */
int name_is_valid( const char *name );

/* "localhost", "localhost." and any name under .localhost */
int name_is_localhost( const char *name );

/* A host name that is an address, as GetAddrInfoEx reads it: IPv4 in the
 * inet_addr forms (127.0.0.1, 127.1, 0x7f.1, 2130706433), an IPv6 literal
 * with an optional %scope (number or interface name), or one in brackets,
 * "[v6]" or "[v6]:port".  Returns 1 and fills *addr (Windows family
 * values) when it is one. */
int name_parse_numeric( const char *name, struct result_addr *addr );

/* The same for configuration files (hosts, resolv.conf nameserver), which
 * glibc reads strictly: an IPv4 dotted quad (inet_pton rules) or an IPv6
 * literal with an optional %scope, no brackets. */
int name_parse_literal( const char *name, struct result_addr *addr );

/* The query names for `name` in the order glibc tries them: a trailing dot
 * makes the name absolute (no search); a name with at least ndots dots is
 * tried as given first, then with each search suffix; otherwise the
 * suffixes come first and the name as given last.  The root as a suffix
 * ("search .") stands for the name as given, which is never asked twice.
 * Writes NUL-separated names (without trailing dot) into buf; returns the
 * count (0 if none fit). */
unsigned int name_search_candidates( const char *name, const struct resolv_config *conf,
                                     char *buf, size_t size );

/* Wire-format name -> text without the trailing dot.  Returns 0 (and an
 * empty string) when the name is malformed or has a character that
 * name_is_valid() would refuse. */
int name_wire_to_text( const BYTE *wire, size_t len, char *text, size_t size );

/* case-insensitive comparison of two well-formed wire names */
int name_wire_equal( const BYTE *a, size_t alen, const BYTE *b, size_t blen );

/* lower-case copy without trailing dot; returns 0 if it does not fit */
int name_normalize( const char *name, char *out, size_t size );

#endif /* __WS2GETDNS_UNIX_NAMES_H */
