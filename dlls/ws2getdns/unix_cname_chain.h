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

#ifndef __WS2GETDNS_UNIX_CNAME_CHAIN_H
#define __WS2GETDNS_UNIX_CNAME_CHAIN_H

#include <stdint.h>
#include <getdns/getdns.h>

/* A longer chain is cut there; a loop ends by itself (a name already in
 * the chain is not added again). */
#define CNAME_CHAIN_MAX 16

/* The names an answer section leads to from the question's name: names[0]
 * is the question, names[i] the target of a CNAME owned by an earlier one.
 * The names point into the reply, which must outlive the chain. */
struct cname_chain
{
    getdns_bindata *names[CNAME_CHAIN_MAX];
    uint32_t ttl[CNAME_CHAIN_MAX];  /* smallest TTL of the CNAMEs leading to names[i]; UINT32_MAX for the question */
    unsigned int count;
};

/* Follows the CNAMEs of `answers` from `qname`, in whatever order the
 * server put them. */
void cname_chain_walk( struct cname_chain *chain, getdns_bindata *qname, getdns_list *answers );

/* the index of `name` in the chain (names compared as DNS does, without
 * regard to case), or -1 */
int cname_chain_find( const struct cname_chain *chain, const getdns_bindata *name );

#endif /* __WS2GETDNS_UNIX_CNAME_CHAIN_H */
