/*
 * ws2getdns: the getaddrinfo/GetAddrInfoW lists we handed out, so that freeing finds their owner
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

#include "private.h"

/* freeaddrinfo and FreeAddrInfoW get lists of two makers: ours (a private
 * prefix) and Wine's (any other), which allocates them its own way.  The
 * setting may change between the lookup and the free, so the free cannot
 * ask it; it asks this set of the heads we handed out.  Looking at the
 * memory around a pointer instead would read the inside of Wine's blocks,
 * or of whatever a program passes.
 *
 * An open-addressing hash table with linear probing; removal shifts the
 * entries after the hole back, so that no tombstones pile up in a program
 * that makes and frees lists all day.  It holds at most half its slots. */

#define MIN_SLOTS 64

static SRWLOCK owned_lock = SRWLOCK_INIT;
static const void **slots;
static SIZE_T slot_count, used;

static SIZE_T slot_of( const void *ptr, SIZE_T count )
{
    UINT64 key = (UINT64)(ULONG_PTR)ptr;

    /* heap blocks are 16-aligned: the low bits say nothing */
    key = (key >> 4) * 0x9e3779b97f4a7c15ull;
    return (SIZE_T)(key >> 32) & (count - 1);
}

/* Called with owned_lock held. */
static void insert( const void **table, SIZE_T count, const void *ptr )
{
    SIZE_T i = slot_of( ptr, count );

    while (table[i]) i = (i + 1) & (count - 1);
    table[i] = ptr;
}

/* Called with owned_lock held. */
static BOOL grow(void)
{
    SIZE_T count = slot_count ? slot_count * 2 : MIN_SLOTS, i;
    const void **table;

    if (!(table = HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, count * sizeof(*table) ))) return FALSE;
    for (i = 0; i < slot_count; i++) if (slots[i]) insert( table, count, slots[i] );
    HeapFree( GetProcessHeap(), 0, slots );
    slots = table;
    slot_count = count;
    return TRUE;
}

BOOL owned_list_add( const void *head )
{
    BOOL ret = TRUE;

    AcquireSRWLockExclusive( &owned_lock );
    if ((used + 1) * 2 > slot_count) ret = grow();
    if (ret)
    {
        insert( slots, slot_count, head );
        used++;
    }
    ReleaseSRWLockExclusive( &owned_lock );
    return ret;
}

/* TRUE when head was ours: it is no longer in the set, the caller frees it. */
BOOL owned_list_remove( const void *head )
{
    SIZE_T i, j, home;
    BOOL found = FALSE;

    if (!head) return FALSE;
    AcquireSRWLockExclusive( &owned_lock );
    if (slot_count)
    {
        for (i = slot_of( head, slot_count ); slots[i]; i = (i + 1) & (slot_count - 1))
            if (slots[i] == head)
            {
                found = TRUE;
                break;
            }
    }
    if (found)
    {
        /* close the hole: move back each later entry of the run whose home
         * slot is not between the hole and itself (cyclically) */
        slots[i] = NULL;
        for (j = (i + 1) & (slot_count - 1); slots[j]; j = (j + 1) & (slot_count - 1))
        {
            home = slot_of( slots[j], slot_count );
            if (i <= j ? (home > i && home <= j) : (home > i || home <= j)) continue;
            slots[i] = slots[j];
            slots[j] = NULL;
            i = j;
        }
        used--;
    }
    ReleaseSRWLockExclusive( &owned_lock );
    return found;
}
