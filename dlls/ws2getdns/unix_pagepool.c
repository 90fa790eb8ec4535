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

/* 1 GB of address space: 65,536 slots, a query each */
#define POOL_RESERVE ((size_t)1 << 30)
/* made writable in steps of this much */
#define POOL_GROW ((size_t)2 << 20)
#define SLOT_PAGES 2

/* The allocation-failure test (tests/unit/oom_test.c) fails the engine's
 * own allocations, not getdns': getdns 1.6 does not survive all of its own
 * (getdns_context_destroy of a context whose creation failed reads through
 * a NULL pointer).  Its build sends getdns' blocks to the real allocator. */
#ifdef WS2GETDNS_OOM_TEST
void *__real_malloc(size_t size);
void *__real_realloc(void *ptr, size_t size);
#define getdns_block_malloc __real_malloc
#define getdns_block_realloc __real_realloc
#else
#define getdns_block_malloc malloc
#define getdns_block_realloc realloc
#endif

struct page_pool
{
    pthread_mutex_t lock;
    size_t page_size;
    size_t slot_size;
    char *base;             /* the reservation, NULL if there is none */
    char *end;
    char *used;             /* slots below this were handed out at least once */
    char *writable;         /* read-write below this */
    void *free_slots;       /* each free slot's first word links to the next */
    size_t in_use;
};

struct page_pool *page_pool_create(void)
{
    struct page_pool *pool = calloc(1, sizeof(*pool));
    long page = sysconf(_SC_PAGESIZE);
    void *base;

    if (!pool) return NULL;
    pthread_mutex_init(&pool->lock, NULL);
    pool->page_size = page > 0 ? (size_t)page : 4096;
    pool->slot_size = SLOT_PAGES * pool->page_size;
    base = mmap(NULL, POOL_RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base != MAP_FAILED)
    {
        pool->base = pool->used = pool->writable = base;
        pool->end = pool->base + POOL_RESERVE;
    }
    return pool;
}

void page_pool_destroy(struct page_pool *pool)
{
    if (!pool) return;
    if (pool->base) munmap(pool->base, POOL_RESERVE);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}

static int in_pool(const struct page_pool *pool, const void *ptr)
{
    return pool->base && (const char *)ptr >= pool->base && (const char *)ptr < pool->end;
}

static void *slot_alloc(struct page_pool *pool)
{
    void *slot = NULL;

    pthread_mutex_lock(&pool->lock);
    if ((slot = pool->free_slots)) pool->free_slots = *(void **)slot;
    else if (pool->base && pool->end - pool->used >= (ptrdiff_t)pool->slot_size)
    {
        if (pool->used + pool->slot_size > pool->writable)
        {
            size_t grow = pool->end - pool->writable < (ptrdiff_t)POOL_GROW
                          ? (size_t)(pool->end - pool->writable) : POOL_GROW;

            if (!mprotect(pool->writable, grow, PROT_READ | PROT_WRITE)) pool->writable += grow;
        }
        if (pool->used + pool->slot_size <= pool->writable)
        {
            slot = pool->used;
            pool->used += pool->slot_size;
        }
    }
    if (slot) pool->in_use++;
    pthread_mutex_unlock(&pool->lock);
    return slot;
}

static void slot_free(struct page_pool *pool, void *slot)
{
    pthread_mutex_lock(&pool->lock);
    *(void **)slot = pool->free_slots;
    pool->free_slots = slot;
    pool->in_use--;
    pthread_mutex_unlock(&pool->lock);
}

void *page_pool_malloc(void *arg, size_t size)
{
    struct page_pool *pool = arg;
    void *ptr;

    if (size > pool->page_size && size <= pool->slot_size && (ptr = slot_alloc(pool))) return ptr;
    return getdns_block_malloc(size);
}

void *page_pool_realloc(void *arg, void *ptr, size_t size)
{
    struct page_pool *pool = arg;
    void *moved;

    if (!in_pool(pool, ptr)) return getdns_block_realloc(ptr, size);
    if (size && size <= pool->slot_size) return ptr;
    if (!size)
    {
        slot_free(pool, ptr);
        return NULL;
    }
    if (!(moved = getdns_block_malloc(size))) return NULL;
    memcpy(moved, ptr, pool->slot_size);
    slot_free(pool, ptr);
    return moved;
}

void page_pool_free(void *arg, void *ptr)
{
    struct page_pool *pool = arg;

    if (in_pool(pool, ptr)) slot_free(pool, ptr);
    else free(ptr);
}

size_t page_pool_slots_in_use(const struct page_pool *pool)
{
    return pool->in_use;
}
