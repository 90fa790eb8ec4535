/*
 * ws2getdns Unix side: /etc/resolv.conf parser (nameserver, search, domain, options)
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

#ifndef __WS2GETDNS_UNIX_RESOLVCONF_H
#define __WS2GETDNS_UNIX_RESOLVCONF_H

#include <stddef.h>
#include "unix_types.h"
#include "unix_names.h"

#define MAX_NAMESERVERS 3       /* as glibc (MAXNS) */

struct resolv_server
{
    int family;                 /* host AF_INET or AF_INET6 */
    BYTE addr[16];
    UINT32 scope_id;
    UINT16 port;                /* 0: 53 (always, from resolv.conf) */
};

struct resolv_config
{
    struct resolv_server servers[MAX_NAMESERVERS];
    unsigned int server_count;
    char search[MAX_SEARCH_DOMAINS][254];
    unsigned int search_count;
    unsigned int ndots;         /* default 1, at most 15 */
    unsigned int timeout_s;     /* per query attempt; default 5, 1..30 */
    unsigned int attempts;      /* default 2, 1..5 */
    /* the options of glibc's resolver that change what we send (the others
     * are read and ignored: see "resolv.conf" in README.md) */
    unsigned int rotate : 1;         /* each lookup starts at the next server */
    unsigned int use_vc : 1;         /* every query over TCP */
    unsigned int single_request : 1; /* A, then AAAA once A is answered (and -reopen) */
    unsigned int no_aaaa : 1;        /* no AAAA queries (glibc 2.36) */
};

/* Parse resolv.conf text of `len` bytes (NULs and garbage allowed: a line
 * holding a NUL is ignored as a whole, unknown keywords and options are
 * skipped).  With no usable nameserver, 127.0.0.1 is used, as glibc does. */
void resolv_config_parse( struct resolv_config *conf, const char *text, size_t len );

/* read and parse a file; a missing file gives the defaults.  Then, as
 * glibc, the environment: LOCALDOMAIN replaces the search list and
 * RES_OPTIONS adds options.  Returns 0 (and leaves *conf alone) when out
 * of memory. */
int resolv_config_load( struct resolv_config *conf, const char *path );

#endif /* __WS2GETDNS_UNIX_RESOLVCONF_H */
