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

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "unix_pack.h"
#include "unix_cname_chain.h"
#include "unix_wire.h"
#include "unix_names.h"

void addr_list_init( struct addr_list *list )
{
    memset( list, 0, sizeof(*list) );
}

void addr_list_free( struct addr_list *list )
{
    free( list->addrs );
    addr_list_init( list );
}

int addr_list_add( struct addr_list *list, const struct result_addr *addr )
{
    unsigned int i;

    /* linear: at most MAX_RESULT_ADDRS entries, once per request.  The same
     * address twice (two replies, or an RRset repeated) is valid as long as
     * its shortest-lived copy. */
    for (i = 0; i < list->count; i++)
    {
        if (!addr_same( &list->addrs[i], addr )) continue;
        if (addr->ttl < list->addrs[i].ttl) list->addrs[i].ttl = addr->ttl;
        return 1;
    }
    if (list->count == MAX_RESULT_ADDRS) return 1;
    if (list->count == list->size)
    {
        unsigned int size = list->size ? list->size * 2 : 8;
        struct result_addr *addrs;

        if (size > MAX_RESULT_ADDRS) size = MAX_RESULT_ADDRS;
        if (!(addrs = realloc( list->addrs, size * sizeof(*addrs) ))) return 0;
        list->addrs = addrs;
        list->size = size;
    }
    list->addrs[list->count++] = *addr;
    return 1;
}

void addr_map_v4( const struct result_addr *v4, struct result_addr *mapped )
{
    memset( mapped, 0, sizeof(*mapped) );
    mapped->family = WS2GETDNS_AF_INET6;
    mapped->flags = v4->flags;
    mapped->ttl = v4->ttl;
    mapped->addr[10] = mapped->addr[11] = 0xff;
    memcpy( mapped->addr + 12, v4->addr, 4 );
}

/* Windows' order is RFC 6724; this keeps a simplified form: IPv6 before
 * IPv4 (as the default policy table does for global addresses), server
 * order within a family, no duplicates.  AF_INET6 with AI_V4MAPPED adds
 * the IPv4 answers as ::ffff:a.b.c.d when there is no IPv6 answer, or
 * always with AI_ALL. */
int addr_list_filter( UINT32 family, UINT32 flags, const struct result_addr *in, unsigned int count,
                      struct addr_list *out )
{
    unsigned int i;

    if (family != WS2GETDNS_AF_INET)
        for (i = 0; i < count; i++)
            if (in[i].family == WS2GETDNS_AF_INET6 && !addr_list_add( out, &in[i] )) return 0;
    if (family == WS2GETDNS_AF_INET6)
    {
        if ((flags & WS2GETDNS_AI_V4MAPPED) && ((flags & WS2GETDNS_AI_ALL) || !out->count))
        {
            for (i = 0; i < count; i++)
            {
                struct result_addr mapped;

                if (in[i].family != WS2GETDNS_AF_INET) continue;
                addr_map_v4( &in[i], &mapped );
                if (!addr_list_add( out, &mapped )) return 0;
            }
        }
        return 1;
    }
    for (i = 0; i < count; i++)
        if (in[i].family == WS2GETDNS_AF_INET && !addr_list_add( out, &in[i] )) return 0;
    return 1;
}

static int extract_one( getdns_dict *reply, UINT32 rrtype, const char *qname,
                        struct reply_info *info, struct addr_list *list )
{
    getdns_bindata *qname_wire, *owner, *data;
    struct cname_chain chain;
    getdns_list *answers = NULL;
    size_t count = 0, i;
    uint32_t rcode, type, ttl;
    char text[WS2GETDNS_MAX_NAME];
    int from;

    if (getdns_dict_get_bindata( reply, "/question/qname", &qname_wire )) return 1;
    if (qname && (!name_wire_to_text( qname_wire->data, qname_wire->size, text, sizeof(text) )
                  || strcasecmp( text, qname )))
        return 1;
    info->replies++;
    if (!getdns_dict_get_int( reply, "/header/rcode", &rcode ))
    {
        if (rcode == 3) info->nxdomain = 1;
        else if (rcode == 0) info->noerror = 1;
        else if (rcode == 5) info->refused = 1;
        else if (rcode == 2) info->servfail = 1;
    }
    if (getdns_dict_get_list( reply, "answer", &answers ) || getdns_list_get_length( answers, &count ))
        return 1;
    cname_chain_walk( &chain, qname_wire, answers );

    for (i = 0; i < count; i++)
    {
        struct result_addr addr;
        getdns_dict *rr;

        if (getdns_list_get_dict( answers, i, &rr ) || getdns_dict_get_int( rr, "type", &type )
            || type != rrtype || getdns_dict_get_bindata( rr, "name", &owner )
            || (from = cname_chain_find( &chain, owner )) < 0)
            continue;
        if (getdns_dict_get_bindata( rr, rrtype == GETDNS_RRTYPE_A ? "/rdata/ipv4_address"
                                                                   : "/rdata/ipv6_address", &data ))
            continue;
        memset( &addr, 0, sizeof(addr) );
        if (rrtype == GETDNS_RRTYPE_A && data->size == 4) addr.family = WS2GETDNS_AF_INET;
        else if (rrtype == GETDNS_RRTYPE_AAAA && data->size == 16) addr.family = WS2GETDNS_AF_INET6;
        else continue;
        memcpy( addr.addr, data->data, data->size );
        /* an address is valid as long as every record that led to it */
        if (getdns_dict_get_int( rr, "ttl", &ttl )) ttl = UINT32_MAX;
        addr.ttl = ttl < chain.ttl[from] ? ttl : chain.ttl[from];
        if (addr.ttl < info->ttl) info->ttl = addr.ttl;
        if (addr.ttl == UINT32_MAX) addr.ttl = 0;
        if (!addr_list_add( list, &addr )) return 0;
    }
    if (!info->canon[0] && !info->canon_bad && chain.count > 1)
    {
        getdns_bindata *last = chain.names[chain.count - 1];
        if (!name_wire_to_text( last->data, last->size, info->canon, sizeof(info->canon) ))
            info->canon_bad = 1;
    }
    return 1;
}

int reply_extract( getdns_dict *response, UINT32 rrtype, const char *qname,
                   struct reply_info *info, struct addr_list *list )
{
    getdns_list *replies, *wires = NULL;
    size_t count = 0, i;

    memset( info, 0, sizeof(*info) );
    info->ttl = UINT32_MAX;
    if (!response || getdns_dict_get_list( response, "replies_tree", &replies )
        || getdns_list_get_length( replies, &count ))
        return 1;
    /* replies_full holds the same replies in wire format, in the same order */
    if (getdns_dict_get_list( response, "replies_full", &wires )) wires = NULL;
    for (i = 0; i < count; i++)
    {
        getdns_bindata *wire;
        getdns_dict *reply;

        if (getdns_list_get_dict( replies, i, &reply )) continue;
        /* a malformed reply counts as no reply at all */
        if (wires && !getdns_list_get_bindata( wires, i, &wire )
            && !dns_message_is_well_formed( wire->data, wire->size ))
            continue;
        if (!extract_one( reply, rrtype, qname, info, list )) return 0;
    }
    return 1;
}

static size_t string_size( const char *str )
{
    return str && *str ? strlen( str ) + 1 : 0;
}

size_t record_size( unsigned int addr_count, const char *canon, const char *fqdn )
{
    size_t size = sizeof(struct result_record) + addr_count * sizeof(struct result_addr)
                  + string_size( canon ) + string_size( fqdn );

    return (size + 7) & ~(size_t)7;
}

void record_write( void *buf, UINT64 handle, UINT32 status, UINT32 ttl,
                   const struct result_addr *addrs, unsigned int addr_count,
                   const char *canon, const char *fqdn )
{
    struct result_record *record = buf;
    size_t size = record_size( addr_count, canon, fqdn );
    char *ptr = (char *)(record + 1);

    memset( record, 0, size );
    record->handle = handle;
    record->status = status;
    record->size = size;
    record->ttl = ttl;
    record->addr_count = addr_count;
    record->canon_len = string_size( canon );
    record->fqdn_len = string_size( fqdn );
    if (addr_count) memcpy( ptr, addrs, addr_count * sizeof(*addrs) );
    ptr += addr_count * sizeof(*addrs);
    if (record->canon_len) memcpy( ptr, canon, record->canon_len );
    ptr += record->canon_len;
    if (record->fqdn_len) memcpy( ptr, fqdn, record->fqdn_len );
}
