/*
 * Allocation-failure test build: the real allocator, under the malloc wrapper
 *
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

/* Included (-include) into every file of tests/unit/oom_test's build, which
 * links with --wrap=malloc,calloc,realloc: unix_pagepool.c then hands
 * getdns' blocks to the real allocator (see getdns_block_malloc there). */
#include <stddef.h>

void *__real_malloc(size_t size);
void *__real_realloc(void *ptr, size_t size);

#define getdns_block_malloc __real_malloc
#define getdns_block_realloc __real_realloc
