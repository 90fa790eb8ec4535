/*
 * faultdns: a binary min-heap of delayed replies, ordered by deadline
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

#define _POSIX_C_SOURCE 200809L   /* clock_gettime under strict -std=c99 */
#include <stdlib.h>
#include <time.h>

#include "faultdns.h"

uint64_t monotonic_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Equal deadlines fire in the order they were scheduled, so that
 * "wrongid-then-ok" style pairs keep their order when delayed. */
static int earlier(const struct timer_entry *a, const struct timer_entry *b)
{
    if (a->deadline_ns != b->deadline_ns) return a->deadline_ns < b->deadline_ns;
    return a->seq < b->seq;
}

int timer_heap_push(struct timer_heap *heap, struct timer_entry *entry)
{
    size_t i;

    if (heap->count == heap->cap)
    {
        size_t cap = heap->cap ? heap->cap * 2 : 1024;
        struct timer_entry **items = realloc(heap->items, cap * sizeof(*items));

        if (!items) return -1;
        heap->items = items;
        heap->cap = cap;
    }
    entry->seq = heap->next_seq++;
    i = heap->count++;
    while (i > 0)
    {
        size_t parent = (i - 1) / 2;

        if (!earlier(entry, heap->items[parent])) break;
        heap->items[i] = heap->items[parent];
        i = parent;
    }
    heap->items[i] = entry;
    return 0;
}

struct timer_entry *timer_heap_peek(const struct timer_heap *heap)
{
    return heap->count ? heap->items[0] : NULL;
}

struct timer_entry *timer_heap_pop(struct timer_heap *heap)
{
    struct timer_entry *top, *last;
    size_t i = 0;

    if (!heap->count) return NULL;
    top = heap->items[0];
    last = heap->items[--heap->count];
    for (;;)
    {
        size_t child = 2 * i + 1;

        if (child >= heap->count) break;
        if (child + 1 < heap->count && earlier(heap->items[child + 1], heap->items[child]))
            child++;
        if (!earlier(heap->items[child], last)) break;
        heap->items[i] = heap->items[child];
        i = child;
    }
    if (heap->count) heap->items[i] = last;
    return top;
}

void timer_heap_free(struct timer_heap *heap)
{
    size_t i;

    for (i = 0; i < heap->count; i++) free(heap->items[i]);
    free(heap->items);
    heap->items = NULL;
    heap->count = heap->cap = 0;
}
