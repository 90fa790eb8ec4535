/*
 * ws2getdns Unix side: answers out of getdns replies, address lists, result records
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

#ifndef __WS2GETDNS_UNIX_PACK_H
#define __WS2GETDNS_UNIX_PACK_H

#include <stddef.h>
#include <string.h>
#include <getdns/getdns.h>
#include "unix_types.h"

/* A record always fits WS2GETDNS_MIN_RUN_BUFFER: 32 + 2000 * 28 + 2 * 256
 * bytes.  Answers bigger than that (a 64k TCP answer holds ~4000 A
 * records) are cut, and nothing beyond the cap is kept in memory. */
#define MAX_RESULT_ADDRS 2000

struct addr_list
{
    struct result_addr *addrs;
    unsigned int count, size;
};

/* What one getdns response says, for one query type. */
struct reply_info
{
    int replies;            /* replies received */
    int nxdomain;           /* some reply had rcode 3 */
    int noerror;            /* some reply had rcode 0 */
    int refused;            /* some reply had rcode 5 (REFUSED) */
    int servfail;           /* some reply had rcode 2 (SERVFAIL) */
    UINT32 ttl;             /* smallest TTL of its addresses (CNAMEs included), UINT32_MAX if none */
    int canon_bad;          /* the chain ends in a name we refuse to show */
    char canon[WS2GETDNS_MAX_NAME]; /* end of the CNAME chain, "" if none or refused */
};

/* the same address: family, scope and bytes (not what is said about it) */
static inline int addr_same( const struct result_addr *a, const struct result_addr *b )
{
    return a->family == b->family && a->scope_id == b->scope_id && !memcmp( a->addr, b->addr, sizeof(a->addr) );
}

void addr_list_init( struct addr_list *list );
void addr_list_free( struct addr_list *list );
/* appends unless already present (then the smaller TTL is kept) or the list
 * is full; 0 = out of memory */
int addr_list_add( struct addr_list *list, const struct result_addr *addr );

/* ::ffff:a.b.c.d for an IPv4 address */
void addr_map_v4( const struct result_addr *v4, struct result_addr *mapped );

/* appends to `out` the addresses of `in` a lookup of `family` with `flags`
 * (WS2GETDNS_AI_*) returns, in the order it returns them; 0 = out of memory */
int addr_list_filter( UINT32 family, UINT32 flags, const struct result_addr *in, unsigned int count,
                      struct addr_list *out );

/* Addresses of type rrtype (1 or 28) found in `response`, following the
 * CNAME chain from the question name (RRs owned by other names are
 * ignored).  A reply whose question is not `qname` (text, no trailing dot;
 * NULL = any) is ignored as a whole: getdns 1.6 passes such replies on.
 * Returns 0 when out of memory. */
int reply_extract( getdns_dict *response, UINT32 rrtype, const char *qname,
                   struct reply_info *info, struct addr_list *list );

size_t record_size( unsigned int addr_count, const char *canon, const char *fqdn );

/* write one record into buf (record_size() bytes) */
void record_write( void *buf, UINT64 handle, UINT32 status, UINT32 ttl,
                   const struct result_addr *addrs, unsigned int addr_count,
                   const char *canon, const char *fqdn );

#endif /* __WS2GETDNS_UNIX_PACK_H */
