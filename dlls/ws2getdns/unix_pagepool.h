/*
 * ws2getdns Unix side: page-aligned blocks for getdns' request regions
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

#ifndef __WS2GETDNS_UNIX_PAGEPOOL_H
#define __WS2GETDNS_UNIX_PAGEPOOL_H

#include <stddef.h>

/* getdns 1.6 puts each query in one region of about 6 KB (6,176 bytes
 * with our settings): its structures and the query at the front, then
 * room for the longest query with options and for a UDP reply, which a
 * pending query (and any query over TCP) never writes.  glibc packs such
 * blocks end to end, so the written fronts land on nearly every page; in
 * a page-aligned slot of two pages only the first is ever touched: four
 * resident kilobytes per pending query instead of five.
 *
 * The pool hands out such slots for blocks of more than one page and up to
 * two, one-page slots for blocks of more than half a page (getdns' 4 KB
 * TCP read buffer, one per reply: from glibc, each of those makes it
 * consolidate every small block freed since the last one), and passes
 * everything else to malloc.  These are getdns' memory
 * functions (getdns_context_create_with_extended_memory_functions); they
 * may be called from any thread.  Slots come from one reservation of
 * address space, made readable and writable as the pool grows and kept for
 * reuse; once it is used up, blocks come from malloc again.  When the last
 * slot of a class is freed after a burst (more than 4 MB of slots), its
 * pages go back to the system. */

struct page_pool;

/* NULL when out of memory; a pool without its reservation still works
 * (everything from malloc) */
struct page_pool *page_pool_create(void);
/* after every block has been freed */
void page_pool_destroy( struct page_pool *pool );

void *page_pool_malloc( void *pool, size_t size );
void *page_pool_realloc( void *pool, void *ptr, size_t size );
void page_pool_free( void *pool, void *ptr );

#ifdef WS2GETDNS_TESTS
/* slots handed out now */
size_t page_pool_slots_in_use( const struct page_pool *pool );
#endif

#endif /* __WS2GETDNS_UNIX_PAGEPOOL_H */
