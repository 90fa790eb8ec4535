/*
 * ws2getdns: the loopback (or wildcard) addresses, for both sides of the DLL
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

#ifndef __WS2GETDNS_LOOPBACK_H
#define __WS2GETDNS_LOOPBACK_H

#include <string.h>
#include "unixlib.h"

/* ::1 and 127.0.0.1, or :: and 0.0.0.0 with `wildcard`, IPv6 first as
 * Windows orders them, for `family` (a WS2GETDNS_AF_* value; AF_UNSPEC
 * gives both).  Used for a missing node name (addrinfo.c), "localhost"
 * and a machine without addresses (unix_local.c).  Returns the count. */
static inline unsigned int loopback_addresses( struct result_addr addrs[2], UINT32 family, int wildcard )
{
    unsigned int count = 0;

    memset( addrs, 0, 2 * sizeof(*addrs) );
    if (family != WS2GETDNS_AF_INET)
    {
        addrs[count].family = WS2GETDNS_AF_INET6;
        if (!wildcard) addrs[count].addr[15] = 1;
        count++;
    }
    if (family != WS2GETDNS_AF_INET6)
    {
        addrs[count].family = WS2GETDNS_AF_INET;
        if (!wildcard)
        {
            addrs[count].addr[0] = 127;
            addrs[count].addr[3] = 1;
        }
        count++;
    }
    return count;
}

#endif /* __WS2GETDNS_LOOPBACK_H */
