/*
 * ws2getdns Unix side: the chain of CNAMEs from a question to its answer
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

#include "unix_cname_chain.h"
#include "unix_names.h"

int cname_chain_find( const struct cname_chain *chain, const getdns_bindata *name )
{
    unsigned int i;

    for (i = 0; i < chain->count; i++)
        if (name_wire_equal( chain->names[i]->data, chain->names[i]->size, name->data, name->size )) return i;
    return -1;
}

void cname_chain_walk( struct cname_chain *chain, getdns_bindata *qname, getdns_list *answers )
{
    getdns_bindata *owner, *target;
    size_t count = 0, i;
    uint32_t type, ttl;
    int grown, from;

    chain->names[0] = qname;
    chain->ttl[0] = UINT32_MAX;
    chain->count = 1;
    if (!answers || getdns_list_get_length( answers, &count )) return;

    /* a pass over the section for each link: a server may list a chain's
     * CNAMEs in any order */
    do
    {
        grown = 0;
        for (i = 0; i < count && chain->count < CNAME_CHAIN_MAX; i++)
        {
            getdns_dict *rr;

            if (getdns_list_get_dict( answers, i, &rr ) || getdns_dict_get_int( rr, "type", &type )
                || type != GETDNS_RRTYPE_CNAME || getdns_dict_get_bindata( rr, "name", &owner )
                || getdns_dict_get_bindata( rr, "/rdata/cname", &target ))
                continue;
            if ((from = cname_chain_find( chain, owner )) < 0 || cname_chain_find( chain, target ) >= 0)
                continue;
            if (getdns_dict_get_int( rr, "ttl", &ttl )) ttl = UINT32_MAX;
            chain->ttl[chain->count] = ttl < chain->ttl[from] ? ttl : chain->ttl[from];
            chain->names[chain->count++] = target;
            grown = 1;
        }
    } while (grown && chain->count < CNAME_CHAIN_MAX);
}
