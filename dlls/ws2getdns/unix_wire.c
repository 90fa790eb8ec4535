/*
 * ws2getdns Unix side: structural checks of DNS messages in wire format
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

#include "unix_wire.h"

#define HEADER_SIZE     12
#define MAX_NAME_WIRE   255
#define MAX_POINTERS    32      /* a real name needs a handful; loops need more */

/* Walks the name at *pos; pointers must go strictly backwards, so a loop
 * cannot exist, and the name expanded may not exceed 255 bytes. */
static int skip_name( const uint8_t *msg, size_t len, size_t *pos )
{
    size_t cur = *pos, end = 0, name_len = 0, limit = *pos;
    unsigned int pointers = 0;

    for (;;)
    {
        uint8_t label;

        if (cur >= len) return 0;
        label = msg[cur];
        if ((label & 0xc0) == 0xc0)
        {
            size_t target;

            if (cur + 1 >= len || ++pointers > MAX_POINTERS) return 0;
            target = ((size_t)(label & 0x3f) << 8) | msg[cur + 1];
            if (target >= limit) return 0;
            if (!end) end = cur + 2;
            limit = target;
            cur = target;
            continue;
        }
        if (label & 0xc0) return 0;         /* 0x40/0x80: obsolete or reserved */
        name_len += label + 1;
        if (name_len > MAX_NAME_WIRE) return 0;
        if (!label)
        {
            *pos = end ? end : cur + 1;
            return 1;
        }
        if (cur + 1 + label > len) return 0;
        cur += 1 + label;
    }
}

static unsigned int get16( const uint8_t *p )
{
    return (p[0] << 8) | p[1];
}

static int check_rdata( const uint8_t *msg, size_t len, unsigned int type, size_t start, size_t rdlength )
{
    size_t pos = start;

    switch (type)
    {
    case 1:  /* A */
        return rdlength == 4;
    case 28: /* AAAA */
        return rdlength == 16;
    case 5:  /* CNAME, PTR: exactly one name filling the rdata */
    case 12:
        return skip_name( msg, len, &pos ) && pos == start + rdlength;
    default:
        return 1;
    }
}

int dns_message_is_well_formed( const uint8_t *msg, size_t len )
{
    unsigned int counts[4], section, i;
    size_t pos = HEADER_SIZE;

    if (!msg || len < HEADER_SIZE) return 0;
    for (section = 0; section < 4; section++) counts[section] = get16( msg + 4 + 2 * section );

    for (i = 0; i < counts[0]; i++)
    {
        if (!skip_name( msg, len, &pos ) || pos + 4 > len) return 0;
        pos += 4;
    }
    for (section = 1; section < 4; section++)
    {
        for (i = 0; i < counts[section]; i++)
        {
            unsigned int type;
            size_t rdlength;

            if (!skip_name( msg, len, &pos ) || pos + 10 > len) return 0;
            type = get16( msg + pos );
            rdlength = get16( msg + pos + 8 );
            pos += 10;
            if (rdlength > len - pos) return 0;
            if (!check_rdata( msg, len, type, pos, rdlength )) return 0;
            pos += rdlength;
        }
    }
    return 1;
}
