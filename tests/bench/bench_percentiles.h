/*
 * Latency percentiles in the RESULT line, shared by gaibench.exe (mingw)
 * and the native anchors (anchor_common.h)
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

/* Plain C (stdio, stdlib), so that the Windows program and the Linux ones
 * compute and print percentiles the same way: run-bench compares them. */

#ifndef __WS2GETDNS_BENCH_PERCENTILES_H
#define __WS2GETDNS_BENCH_PERCENTILES_H

#include <stdio.h>
#include <stdlib.h>

static int compare_double( const void *a, const void *b )
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* sorts v; prints PREFIX_n, _p50_us, _p99_us, _max_us, _mean_us */
static void print_percentiles( const char *prefix, double *v, int n )
{
    double sum = 0;
    int i;

    if (!n)
    {
        printf( " %s_n=0", prefix );
        return;
    }
    qsort( v, n, sizeof(*v), compare_double );
    for (i = 0; i < n; i++) sum += v[i];
    printf( " %s_n=%d %s_p50_us=%.1f %s_p99_us=%.1f %s_max_us=%.1f %s_mean_us=%.1f", prefix, n,
            prefix, v[n / 2], prefix, v[(int)((n - 1) * 0.99)], prefix, v[n - 1], prefix, sum / n );
}

#endif /* __WS2GETDNS_BENCH_PERCENTILES_H */
