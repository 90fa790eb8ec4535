/*
 * ws2getdns fuzz target: hosts file parser and lookups of names taken from the input
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

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "unix_hosts.h"
#include "unix_names.h"
#include "fuzz_check.h"

#define MAX_LOOKUPS 16
#define MAX_ADDRS 8

/* the project's token separators (unix_file.c) plus the line break */
static int is_separator(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n';
}

static void check_lookup(const struct hosts_table *table, const char *name)
{
    struct result_addr addrs[MAX_ADDRS + 1], one;
    const char *canon = (const char *)1, *canon_one;
    unsigned int count, count_one, i, j;

    /* a guard entry after the caller's array: lookup must respect max */
    memset(addrs, 0xa5, sizeof(addrs));
    count = hosts_lookup(table, name, addrs, MAX_ADDRS, &canon);
    fuzz_check(count <= MAX_ADDRS);
    fuzz_check(addrs[MAX_ADDRS].family == 0xa5a5);
    fuzz_check(!count == !canon);
    if (canon)
    {
        /* the canonical name comes from the file and will be shown to
         * Windows programs: it must be one we would put on the wire */
        fuzz_check(strlen(canon) < WS2GETDNS_MAX_NAME);
        fuzz_check(name_is_valid(canon));
    }
    for (i = 0; i < count; i++)
    {
        fuzz_check(addrs[i].family == WS2GETDNS_AF_INET || addrs[i].family == WS2GETDNS_AF_INET6);
        for (j = 0; j < i; j++) fuzz_check(memcmp(&addrs[i], &addrs[j], sizeof(addrs[i])));
    }

    /* with room for one, the first address and the name must not change */
    count_one = hosts_lookup(table, name, &one, 1, &canon_one);
    fuzz_check(count_one == (count ? 1 : 0));
    if (count)
    {
        fuzz_check(!memcmp(&one, &addrs[0], sizeof(one)));
        fuzz_check(canon_one == canon);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hosts_table *table;
    const char *pos, *end;
    unsigned int lookups = 0;
    size_t tokens = 0;
    char *text, name[WS2GETDNS_MAX_NAME + 8];

    if (!(text = malloc(size ? size : 1))) return 0;
    memcpy(text, data, size);
    table = hosts_parse(text, size);
    fuzz_check(table != NULL);

    /* look up every whitespace-separated token of the input (capped), as
     * written, upper-cased, and with a trailing dot: each one may be a
     * name of the file, or a near miss */
    pos = text;
    end = text + size;
    while (pos < end && lookups < MAX_LOOKUPS)
    {
        const char *start;
        size_t len, i;

        while (pos < end && is_separator(*pos)) pos++;
        start = pos;
        while (pos < end && !is_separator(*pos)) pos++;
        len = pos - start;
        if (!len) break;
        tokens++;
        if (len > WS2GETDNS_MAX_NAME + 2) continue;
        memcpy(name, start, len);
        name[len] = 0;
        check_lookup(table, name);
        for (i = 0; i < len; i++) if (name[i] >= 'a' && name[i] <= 'z') name[i] -= 'a' - 'A';
        check_lookup(table, name);
        name[len] = '.';
        name[len + 1] = 0;
        check_lookup(table, name);
        lookups++;
    }
    check_lookup(table, "");
    check_lookup(table, ".");
    /* every entry is a name token of some line */
    if (lookups < MAX_LOOKUPS) fuzz_check(hosts_entry_count(table) <= tokens);

    hosts_free(table);
    free(text);
    return 0;
}
