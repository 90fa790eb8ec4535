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

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "unix_pagepool.h"

/* made writable in steps of this much */
#define POOL_GROW ((size_t)2 << 20)
/* once a class has no slot in use, pages beyond this much go back to the
 * system: a burst's memory does not stay, and a trickle of single lookups
 * (a few slots) does not pay for a madvise each time */
#define POOL_TRIM ((size_t)4 << 20)

/* getdns' blocks that fit no slot come from these.  The allocation-failure
 * test (tests/unit/oom_test.c) fails the resolver's own allocations, not
 * getdns' (getdns 1.6 does not survive all of its own), so its build
 * defines them as the real allocator under its malloc wrapper. */
#ifndef getdns_block_malloc
#define getdns_block_malloc malloc
#define getdns_block_realloc realloc
#endif

/* Slots of one size, from their own part of the reservation. */
struct slot_class
{
    size_t slot_size;
    char *base, *end;
    char *used;             /* slots below this were handed out at least once */
    char *writable;         /* read-write below this */
    void *free_slots;       /* each free slot's first word links to the next */
    size_t in_use;
};

/* [0] one page: getdns' 4 KB TCP read buffer, one per reply, whose malloc
 *     made glibc consolidate every small block freed since the last one;
 * [1] two pages: the request regions, 64 MB and 1 GB of address space. */
static const struct { size_t pages; size_t reserve; } class_sizes[2] =
{
    { 1, (size_t)64 << 20 },
    { 2, (size_t)1 << 30 },
};

struct page_pool
{
    pthread_mutex_t lock;
    size_t page_size;
    char *base;             /* the reservation, NULL if there is none */
    size_t reserve;
    struct slot_class classes[2];
};

struct page_pool *page_pool_create(void)
{
    struct page_pool *pool = calloc( 1, sizeof(*pool) );
    long page = sysconf( _SC_PAGESIZE );
    char *next;
    int i;

    if (!pool) return NULL;
    pthread_mutex_init( &pool->lock, NULL );
    pool->page_size = page > 0 ? (size_t)page : 4096;
    for (i = 0; i < 2; i++)
    {
        pool->classes[i].slot_size = class_sizes[i].pages * pool->page_size;
        pool->reserve += class_sizes[i].reserve;
    }
    pool->base = mmap( NULL, pool->reserve, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0 );
    if (pool->base == MAP_FAILED)
    {
        pool->base = NULL;
        return pool;
    }
    for (i = 0, next = pool->base; i < 2; i++)
    {
        struct slot_class *class = &pool->classes[i];

        class->base = class->used = class->writable = next;
        class->end = next += class_sizes[i].reserve;
    }
    return pool;
}

void page_pool_destroy( struct page_pool *pool )
{
    if (!pool) return;
    if (pool->base) munmap( pool->base, pool->reserve );
    pthread_mutex_destroy( &pool->lock );
    free( pool );
}

/* the class a block of this size goes to, or NULL for malloc */
static struct slot_class *class_for_size( struct page_pool *pool, size_t size )
{
    if (!pool->base || size <= pool->page_size / 2) return NULL;
    if (size <= pool->classes[0].slot_size) return &pool->classes[0];
    if (size <= pool->classes[1].slot_size) return &pool->classes[1];
    return NULL;
}

/* the class a block belongs to, or NULL if it came from malloc */
static struct slot_class *class_of( struct page_pool *pool, const void *ptr )
{
    int i;

    for (i = 0; pool->base && i < 2; i++)
        if ((const char *)ptr >= pool->classes[i].base && (const char *)ptr < pool->classes[i].end)
            return &pool->classes[i];
    return NULL;
}

static void *slot_alloc( struct page_pool *pool, struct slot_class *class )
{
    void *slot = NULL;

    pthread_mutex_lock( &pool->lock );
    if ((slot = class->free_slots)) class->free_slots = *(void **)slot;
    else if (class->end - class->used >= (ptrdiff_t)class->slot_size)
    {
        if (class->used + class->slot_size > class->writable)
        {
            size_t grow = class->end - class->writable < (ptrdiff_t)POOL_GROW
                          ? (size_t)(class->end - class->writable) : POOL_GROW;

            if (!mprotect( class->writable, grow, PROT_READ | PROT_WRITE )) class->writable += grow;
        }
        if (class->used + class->slot_size <= class->writable)
        {
            slot = class->used;
            class->used += class->slot_size;
        }
    }
    if (slot) class->in_use++;
    pthread_mutex_unlock( &pool->lock );
    return slot;
}

static void slot_free( struct page_pool *pool, struct slot_class *class, void *slot )
{
    pthread_mutex_lock( &pool->lock );
    *(void **)slot = class->free_slots;
    class->free_slots = slot;
    if (!--class->in_use && (size_t)(class->used - class->base) > POOL_TRIM)
    {
        /* the last slot of a burst: give its pages back, start over */
        madvise( class->base, class->used - class->base, MADV_DONTNEED );
        class->used = class->base;
        class->free_slots = NULL;
    }
    pthread_mutex_unlock( &pool->lock );
}

void *page_pool_malloc( void *arg, size_t size )
{
    struct page_pool *pool = arg;
    struct slot_class *class = class_for_size( pool, size );
    void *ptr;

    if (class && (ptr = slot_alloc( pool, class ))) return ptr;
    return getdns_block_malloc( size );
}

void *page_pool_realloc( void *arg, void *ptr, size_t size )
{
    struct page_pool *pool = arg;
    struct slot_class *class = class_of( pool, ptr );
    void *moved;

    if (!class) return getdns_block_realloc( ptr, size );
    if (size && size <= class->slot_size) return ptr;
    if (!size)
    {
        slot_free( pool, class, ptr );
        return NULL;
    }
    if (!(moved = page_pool_malloc( pool, size ))) return NULL;
    memcpy( moved, ptr, class->slot_size );
    slot_free( pool, class, ptr );
    return moved;
}

void page_pool_free( void *arg, void *ptr )
{
    struct page_pool *pool = arg;
    struct slot_class *class = class_of( pool, ptr );

    if (class) slot_free( pool, class, ptr );
    else free( ptr );
}

#ifdef WS2GETDNS_TESTS
size_t page_pool_slots_in_use( const struct page_pool *pool )
{
    return pool->classes[0].in_use + pool->classes[1].in_use;
}
#endif
