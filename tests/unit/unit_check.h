/*
 * ws2getdns Unix-side tests: a tiny check harness (one line per check)
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

#ifndef __WS2GETDNS_UNIT_CHECK_H
#define __WS2GETDNS_UNIT_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* c-ares style: every check prints one line, failures say where and what;
 * the last line is "unit: N passed, N failed" and the exit status is
 * nonzero when anything failed. */

static unsigned int checks_passed, checks_failed;

#define check(cond, ...) check_at(__FILE__, __LINE__, !!(cond), __VA_ARGS__)

static void __attribute__((format(printf, 4, 5)))
check_at(const char *file, int line, int ok, const char *fmt, ...)
{
    va_list args;

    if (ok) checks_passed++;
    else checks_failed++;
    printf(ok ? "ok   " : "FAIL %s:%d: ", file, line);
    va_start(args, fmt);
    vprintf(fmt, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);
}

static int check_summary(void)
{
    printf("unit: %u passed, %u failed\n", checks_passed, checks_failed);
    return checks_failed ? 1 : 0;
}

#endif /* __WS2GETDNS_UNIT_CHECK_H */
