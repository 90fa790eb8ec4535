/*
 * ws2getdns Unix side: /etc/hosts parser and lookup
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

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "unix_hosts.h"
#include "unix_file.h"
#include "unix_names.h"

#define MAX_HOSTS_SIZE (64 * 1024 * 1024)

struct hosts_entry
{
    const char *name;       /* lower case, no trailing dot */
    const char *canon;      /* first name of the line, as written */
    size_t order;           /* position in the file: keeps file order after sorting */
    struct result_addr addr;
};

struct hosts_table
{
    struct hosts_entry *entries;
    size_t count, size;
    char *strings;          /* all names, NUL-separated */
    size_t strings_used, strings_size;
};

static int compare_entries( const void *a, const void *b )
{
    const struct hosts_entry *x = a, *y = b;
    int ret = strcmp( x->name, y->name );

    if (ret) return ret;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* strings are referenced by offset while parsing: the pool may move */
static size_t add_string( struct hosts_table *table, const char *str )
{
    size_t len = strlen( str ) + 1, offset = table->strings_used;

    if (table->strings_used + len > table->strings_size)
    {
        size_t size = table->strings_size ? table->strings_size : 4096;
        char *strings;

        while (size < table->strings_used + len) size *= 2;
        if (!(strings = realloc( table->strings, size ))) return (size_t)-1;
        table->strings = strings;
        table->strings_size = size;
    }
    memcpy( table->strings + offset, str, len );
    table->strings_used += len;
    return offset;
}

static int add_entry( struct hosts_table *table, size_t name, size_t canon, const struct result_addr *addr )
{
    struct hosts_entry *entry;

    if (table->count == table->size)
    {
        size_t size = table->size ? table->size * 2 : 64;
        struct hosts_entry *entries = realloc( table->entries, size * sizeof(*entries) );

        if (!entries) return 0;
        table->entries = entries;
        table->size = size;
    }
    entry = &table->entries[table->count];
    entry->name = (const char *)name;
    entry->canon = (const char *)canon;
    entry->order = table->count++;
    entry->addr = *addr;
    return 1;
}

static int parse_line( struct hosts_table *table, const char *line, size_t len )
{
    const char *pos = line, *end = line, *token;
    size_t token_len, canon = (size_t)-1;
    char buf[WS2GETDNS_MAX_NAME], lower[WS2GETDNS_MAX_NAME];
    struct result_addr addr;
    const char *hash = memchr( line, '#', len );

    end = hash ? hash : line + len;
    if (!text_next_token( &pos, end, &token, &token_len )) return 1;
    if (token_len >= sizeof(buf)) return 1;
    memcpy( buf, token, token_len );
    buf[token_len] = 0;
    if (!name_parse_literal( buf, &addr )) return 1;

    while (text_next_token( &pos, end, &token, &token_len ))
    {
        size_t name;

        if (token_len >= sizeof(buf)) continue;
        memcpy( buf, token, token_len );
        buf[token_len] = 0;
        if (!name_is_valid( buf ) || !name_normalize( buf, lower, sizeof(lower) )) continue;
        if (canon == (size_t)-1 && (canon = add_string( table, buf )) == (size_t)-1) return 0;
        if ((name = add_string( table, lower )) == (size_t)-1) return 0;
        if (!add_entry( table, name, canon, &addr )) return 0;
    }
    return 1;
}

struct hosts_table *hosts_parse( const char *text, size_t len )
{
    struct hosts_table *table = calloc( 1, sizeof(*table) );
    const char *pos = text, *end = text + len, *line;
    size_t line_len, i;

    if (!table) return NULL;
    while (text_next_line( &pos, end, &line, &line_len ))
    {
        if (!parse_line( table, line, line_len ))
        {
            hosts_free( table );
            return NULL;
        }
    }
    for (i = 0; i < table->count; i++)
    {
        table->entries[i].name = table->strings + (size_t)table->entries[i].name;
        table->entries[i].canon = table->strings + (size_t)table->entries[i].canon;
    }
    if (table->count) qsort( table->entries, table->count, sizeof(*table->entries), compare_entries );
    return table;
}

struct hosts_table *hosts_load( const char *path )
{
    size_t len = 0;
    char *text = file_read_all( path, MAX_HOSTS_SIZE, &len );
    struct hosts_table *table;

    if (!text && errno == ENOMEM) return NULL;
    table = hosts_parse( text ? text : "", len );
    free( text );
    return table;
}

void hosts_free( struct hosts_table *table )
{
    if (!table) return;
    free( table->entries );
    free( table->strings );
    free( table );
}

#ifdef WS2GETDNS_TESTS
size_t hosts_entry_count( const struct hosts_table *table )
{
    return table ? table->count : 0;
}
#endif

unsigned int hosts_lookup( const struct hosts_table *table, const char *name,
                           struct result_addr *addrs, unsigned int max, const char **canon )
{
    char key[WS2GETDNS_MAX_NAME];
    size_t lo = 0, hi, i;
    unsigned int count = 0, j;

    *canon = NULL;
    if (!table || !table->count || !name_normalize( name, key, sizeof(key) )) return 0;
    hi = table->count;
    while (lo < hi)
    {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp( table->entries[mid].name, key ) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (i = lo; i < table->count && !strcmp( table->entries[i].name, key ); i++)
    {
        const struct result_addr *addr = &table->entries[i].addr;

        if (!*canon) *canon = table->entries[i].canon;
        for (j = 0; j < count; j++)
            if (addrs[j].family == addr->family && addrs[j].scope_id == addr->scope_id
                && !memcmp( addrs[j].addr, addr->addr, sizeof(addr->addr) ))
                break;
        if (j < count) continue;
        if (count == max) break;
        addrs[count] = *addr;
        addrs[count++].flags |= WS2GETDNS_ADDR_HOSTS_FILE;
    }
    return count;
}

const char *hosts_lookup_addr( const struct hosts_table *table, const struct result_addr *addr )
{
    const struct hosts_entry *first = NULL;
    size_t len = addr->family == WS2GETDNS_AF_INET ? 4 : 16, i;

    /* sorted by name: a reverse lookup is rare enough to look at them all */
    for (i = 0; table && i < table->count; i++)
    {
        const struct hosts_entry *entry = &table->entries[i];

        if (entry->addr.family != addr->family || memcmp( entry->addr.addr, addr->addr, len )) continue;
        if (!first || entry->order < first->order) first = entry;
    }
    return first ? first->canon : NULL;
}
