/*
 * ws2getdns Unix-side resolver benchmark: a burst of concurrent lookups,
 * or a steady load to profile
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

/* `make bench` builds it as tests/bench/engine_bench and runs it beside the
 * Windows program, to show what the engine costs outside Wine; by hand:
 *     top=$PWD; . tests/unit/host-build.sh
 *     gcc -O2 -g $host_cflags -o resolver_bench tests/unit/resolver_bench.c $resolver_sources -lgetdns -lpthread
 * and run inside the sandbox only:
 *     tests/sandbox/run -- ./resolver_bench COUNT NAME-PATTERN [FAMILY [WINDOW]]
 * NAME-PATTERN may hold one %u (the lookup's number), e.g.
 * "h%u.bench.fault.test" for distinct names or "a.ws2getdns.test" for one.
 * Without WINDOW all COUNT lookups are submitted at once (a burst); with
 * it, WINDOW lookups are kept outstanding until COUNT are done (a steady
 * load, the shape to profile the resolver under: `perf record` this).
 * WS2GETDNS_MAX_INFLIGHT sets the resolver's bound on queries in flight.
 * Prints one line: count, successes, failures by status, wall time and
 * CPU time (user + system) per lookup; then the same as a RESULT line of
 * tests/bench/run-bench (mode engine). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "unix_resolver.h"
#include "unix_eventloop.h"

int main(int argc, char **argv)
{
    struct resolver *resolver;
    struct run_params params;
    unsigned int count, family, window, i, submitted = 0, done = 0, ok = 0, timeouts = 0, other = 0;
    struct rusage usage;
    uint64_t start, elapsed;
    double cpu_us;
    char *buffer;

    if (argc < 3)
    {
        fprintf(stderr, "usage: %s COUNT NAME-PATTERN [FAMILY [WINDOW]]\n", argv[0]);
        return 2;
    }
    if (!getenv("WS2GETDNS_SANDBOX"))
    {
        fprintf(stderr, "engine_bench: run it inside tests/sandbox/run\n");
        return 2;
    }
    count = strtoul(argv[1], NULL, 10);
    family = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
    window = argc > 4 ? strtoul(argv[4], NULL, 10) : count;
    if (resolver_create(&resolver)) return 1;
    buffer = malloc(WS2GETDNS_MIN_RUN_BUFFER);

    start = loop_now_ms();
    while (done < count)
    {
        UINT32 offset = 0;

        while (submitted < count && submitted - done < window)
        {
            struct submit_params submit;

            memset(&submit, 0, sizeof(submit));
            submit.handle = submitted + 1;
            submit.family = family;
            submit.timeout_status = 10060;
            snprintf(submit.name, sizeof(submit.name), argv[2], submitted);
            if (resolver_submit(resolver, &submit)) return 1;
            submitted++;
        }

        params.buffer = buffer;
        params.size = WS2GETDNS_MIN_RUN_BUFFER;
        resolver_run(resolver, &params);
        for (i = 0; i < params.count; i++)
        {
            struct result_record *rec = (struct result_record *)(buffer + offset);

            if (!rec->status) ok++;
            else if (rec->status == 11002) timeouts++;
            else other++;
            offset += rec->size;
        }
        done += params.count;
    }
    elapsed = loop_now_ms() - start;
    getrusage(RUSAGE_SELF, &usage);
    cpu_us = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6
             + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
    printf("bench: %u lookups of %s, window %u, %u ok, %u try-again, %u other errors, %llu ms, "
           "%.1f us CPU per lookup, max_inflight %s\n",
           count, argv[2], window, ok, timeouts, other, (unsigned long long)elapsed, cpu_us / count,
           getenv("WS2GETDNS_MAX_INFLIGHT") ? getenv("WS2GETDNS_MAX_INFLIGHT") : "default");
    printf("RESULT impl=ws2getdns mode=engine count=%u window=%u ok=%u failed=%u wall_ms=%llu lookups_per_s=%.0f "
           "cpu_us_per_lookup=%.1f\n", count, window, ok, timeouts + other, (unsigned long long)elapsed,
           elapsed ? count * 1000.0 / elapsed : 0.0, cpu_us / count);
#ifdef WS2GETDNS_TESTS
    resolver_stop(resolver);
    resolver_destroy(resolver);
#endif
    /* else built as the unixlib is, which cannot stop: the exit ends it */
    free(buffer);
    return ok == count ? 0 : 1;
}
