/*
 * ws2getdns Unix side: host name syntax, numeric addresses, search candidates
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

#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdlib.h>

#include "unix_names.h"
#include "unix_resolvconf.h"

static int is_name_char( unsigned char c )
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_';
}

int name_is_valid( const char *name )
{
    size_t len = strnlen( name, WS2GETDNS_MAX_NAME ), label = 0, i;

    if (len == WS2GETDNS_MAX_NAME) return 0;
    if (len && name[len - 1] == '.') len--;
    if (!len || len > 253) return 0;
    for (i = 0; i < len; i++)
    {
        unsigned char c = name[i];

        if (c == '.')
        {
            if (!label) return 0;
            label = 0;
        }
        else if (!is_name_char( c ) || ++label > 63) return 0;
    }
    return label != 0;
}

int name_normalize( const char *name, char *out, size_t size )
{
    size_t len = strlen( name ), i;

    if (len && name[len - 1] == '.') len--;
    if (len >= size) return 0;
    for (i = 0; i < len; i++)
    {
        char c = name[i];
        out[i] = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
    }
    out[len] = 0;
    return 1;
}

int name_is_localhost( const char *name )
{
    size_t len = strlen( name );

    if (len && name[len - 1] == '.') len--;
    if (len == 9) return !strncasecmp( name, "localhost", 9 );
    return len > 10 && !strncasecmp( name + len - 10, ".localhost", 10 );
}

/* One part of an IPv4 address in the classic inet_addr forms: decimal,
 * octal with a leading 0, hexadecimal with 0x. */
static const char *parse_v4_part( const char *p, unsigned long long *value )
{
    unsigned int base = 10, digits = 0;

    *value = 0;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    {
        base = 16;
        p += 2;
    }
    else if (p[0] == '0') base = 8;
    for (;; p++, digits++)
    {
        unsigned int digit;

        if (*p >= '0' && *p <= '9') digit = *p - '0';
        else if (base == 16 && *p >= 'a' && *p <= 'f') digit = *p - 'a' + 10;
        else if (base == 16 && *p >= 'A' && *p <= 'F') digit = *p - 'A' + 10;
        else break;
        if (digit >= base) return NULL;
        if ((*value = *value * base + digit) > 0xffffffffULL) return NULL;
    }
    return digits ? p : NULL;
}

/* a, a.b, a.b.c and a.b.c.d, each part in any base, the last one filling
 * the bytes left: what stock Wine's glibc (inet_aton) and Windows' own
 * inet_addr and WSAStringToAddress accept ("127.1", "0x7f.1", "2130706433");
 * nothing may follow. */
static int parse_v4( const char *name, BYTE out[4] )
{
    unsigned long long parts[4];
    unsigned int count = 0, i;
    UINT32 addr;
    const char *p = name;

    for (;;)
    {
        if (count == 4 || !(p = parse_v4_part( p, &parts[count] ))) return 0;
        count++;
        if (!*p) break;
        if (*p++ != '.') return 0;
    }
    for (i = 0; i < count - 1; i++) if (parts[i] > 0xff) return 0;
    if (parts[count - 1] > (0xffffffffULL >> (8 * (count - 1)))) return 0;
    addr = (UINT32)parts[count - 1];
    for (i = 0; i < count - 1; i++) addr |= (UINT32)parts[i] << (24 - 8 * i);
    out[0] = addr >> 24;
    out[1] = addr >> 16;
    out[2] = addr >> 8;
    out[3] = addr;
    return 1;
}

static int parse_v6( const char *name, size_t len, struct result_addr *addr )
{
    char buf[WS2GETDNS_MAX_NAME];
    const char *percent;

    if (len >= sizeof(buf)) return 0;
    memcpy( buf, name, len );
    buf[len] = 0;
    if ((percent = strchr( buf, '%' )))
    {
        const char *scope = percent + 1;
        char *end;
        unsigned long long value;  /* unsigned long saturates at 2^32 - 1 on i386 */

        buf[percent - buf] = 0;
        if (!*scope) return 0;
        value = strtoull( scope, &end, 10 );
        if (*end || scope[0] < '0' || scope[0] > '9')
        {
            if (!(value = if_nametoindex( scope ))) return 0;
        }
        else if (value > 0xffffffffULL) return 0;
        addr->scope_id = (UINT32)value;
    }
    if (inet_pton( AF_INET6, buf, addr->addr ) != 1) return 0;
    addr->family = WS2GETDNS_AF_INET6;
    return 1;
}

int name_parse_numeric( const char *name, struct result_addr *addr )
{
    const char *close;

    memset( addr, 0, sizeof(*addr) );
    if (parse_v4( name, addr->addr ))
    {
        addr->family = WS2GETDNS_AF_INET;
        return 1;
    }
    /* "[v6]" and "[v6]:port" are IPv6 addresses to Windows; the port is not
     * used (Wine's Windows-validated test_getaddrinfo) */
    if (name[0] == '[' && (close = strchr( name, ']' )))
    {
        const char *p = close + 1;

        if (*p == ':')
        {
            if (!*++p) return 0;
            for (; *p; p++) if (*p < '0' || *p > '9') return 0;
        }
        else if (*p) return 0;
        if (!parse_v6( name + 1, close - name - 1, addr ))
        {
            memset( addr, 0, sizeof(*addr) );
            return 0;
        }
        return 1;
    }
    if (!parse_v6( name, strlen( name ), addr ))
    {
        memset( addr, 0, sizeof(*addr) );
        return 0;
    }
    return 1;
}

int name_parse_literal( const char *name, struct result_addr *addr )
{
    memset( addr, 0, sizeof(*addr) );
    if (inet_pton( AF_INET, name, addr->addr ) == 1)
    {
        addr->family = WS2GETDNS_AF_INET;
        return 1;
    }
    if (parse_v6( name, strlen( name ), addr )) return 1;
    memset( addr, 0, sizeof(*addr) );
    return 0;
}

static int append_candidate( char *buf, size_t size, size_t *used, const char *name,
                             size_t name_len, const char *suffix )
{
    size_t suffix_len = suffix ? strlen( suffix ) : 0;
    size_t total = name_len + (suffix ? 1 + suffix_len : 0);

    if (total > 253 || *used + total + 1 > size) return 0;
    memcpy( buf + *used, name, name_len );
    if (suffix)
    {
        buf[*used + name_len] = '.';
        memcpy( buf + *used + name_len + 1, suffix, suffix_len );
    }
    buf[*used + total] = 0;
    *used += total + 1;
    return 1;
}

unsigned int name_search_candidates( const char *name, const struct resolv_config *conf,
                                     char *buf, size_t size )
{
    size_t len = strlen( name ), used = 0, i;
    unsigned int count = 0, dots = 0;
    int as_is = 0;

    if (len && name[len - 1] == '.')
        return append_candidate( buf, size, &used, name, len - 1, NULL );

    for (i = 0; i < len; i++) if (name[i] == '.') dots++;
    if (dots >= conf->ndots)
    {
        count += append_candidate( buf, size, &used, name, len, NULL );
        as_is = 1;
    }
    for (i = 0; i < conf->search_count; i++)
    {
        /* the root as a search domain ("search ." of systemd-resolved's
         * stub) is the name itself, in the root's place; glibc would ask a
         * name that reached ndots a second time there, we ask it once */
        if (!conf->search[i][0])
        {
            if (!as_is) count += append_candidate( buf, size, &used, name, len, NULL );
            as_is = 1;
        }
        else count += append_candidate( buf, size, &used, name, len, conf->search[i] );
    }
    if (!as_is) count += append_candidate( buf, size, &used, name, len, NULL );
    return count;
}

int name_wire_to_text( const BYTE *wire, size_t len, char *text, size_t size )
{
    size_t pos = 0, out = 0;

    if (size) text[0] = 0;
    while (pos < len)
    {
        size_t label = wire[pos++], i;

        if (!label)
        {
            if (pos != len || !out) break;
            text[out] = 0;
            return 1;
        }
        if (label > 63 || pos + label > len) break;
        if (out && out + 1 >= size) break;
        if (out) text[out++] = '.';
        for (i = 0; i < label; i++)
        {
            if (!is_name_char( wire[pos + i] ) || out + 1 >= size) goto bad;
            text[out++] = wire[pos + i];
        }
        pos += label;
        if (out > 253) break;
    }
bad:
    if (size) text[0] = 0;
    return 0;
}

int name_wire_equal( const BYTE *a, size_t alen, const BYTE *b, size_t blen )
{
    size_t i;

    if (alen != blen) return 0;
    for (i = 0; i < alen; i++)
    {
        BYTE x = a[i], y = b[i];

        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y) return 0;
    }
    return 1;
}
