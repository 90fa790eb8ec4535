/*
 * ws2getdns fuzz targets: invariant checks that abort, so libFuzzer reports them
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

#ifndef __WS2GETDNS_FUZZ_CHECK_H
#define __WS2GETDNS_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken invariant is a bug just like a sanitizer report: print what
 * broke and abort, which libFuzzer records as a crash with a reproducer. */
#define fuzz_check(cond) \
    do { if (!(cond)) fuzz_fail(__FILE__, __LINE__, #cond); } while (0)

static void __attribute__((noreturn)) fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", file, line, what);
    abort();
}

/* a string stored in a fixed array must end inside it */
static inline int fuzz_terminated(const char *str, size_t size)
{
    return memchr(str, 0, size) != NULL;
}

#endif /* __WS2GETDNS_FUZZ_CHECK_H */
