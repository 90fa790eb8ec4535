/*
 * Host builds of the Unix side: Wine's debug output without ntdll.so
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

/* Under Wine, ntdll.so provides these four functions to every unix
 * library; the host tests, fuzzers and benchmarks link the resolver
 * without Wine, so they get this small stand-in.  It follows WINEDEBUG
 * roughly as Wine does: err and fixme are on, "+ws2getdns" (or "+all")
 * turns every class on, "-ws2getdns" (or "-all") every class off. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windef.h"
#include "winbase.h"
#include "wine/debug.h"

static unsigned char channel_flags(const char *name)
{
    const char *spec = getenv("WINEDEBUG");
    unsigned char flags = (1 << __WINE_DBCL_ERR) | (1 << __WINE_DBCL_FIXME);
    char on[32], off[32];

    if (!spec) return flags;
    snprintf(on, sizeof(on), "+%s", name);
    snprintf(off, sizeof(off), "-%s", name);
    if (strstr(spec, "-all") || strstr(spec, off)) flags = 0;
    if (strstr(spec, "+all") || strstr(spec, on)) flags = 0xff & ~(1 << __WINE_DBCL_INIT);
    return flags;
}

unsigned char __cdecl __wine_dbg_get_channel_flags(struct __wine_debug_channel *channel)
{
    if (channel->flags & (1 << __WINE_DBCL_INIT))
        channel->flags = channel_flags(channel->name);
    return channel->flags;
}

const char * __cdecl __wine_dbg_strdup(const char *str)
{
    static __thread char ring[4096];
    static __thread size_t pos;
    size_t len = strlen(str) + 1;

    if (len > sizeof(ring)) return "...";
    if (pos + len > sizeof(ring)) pos = 0;
    memcpy(ring + pos, str, len);
    pos += len;
    return ring + pos - len;
}

int __cdecl __wine_dbg_output(const char *str)
{
    return fputs(str, stderr) < 0 ? -1 : (int)strlen(str);
}

int __cdecl __wine_dbg_header(enum __wine_debug_class cls, struct __wine_debug_channel *channel,
                              const char *function)
{
    static const char * const classes[] = { "fixme", "err", "warn", "trace" };

    if (!(__wine_dbg_get_channel_flags(channel) & (1 << cls))) return -1;
    return fprintf(stderr, "%s:%s:%s ", cls < 4 ? classes[cls] : "?", channel->name, function ? function : "");
}
