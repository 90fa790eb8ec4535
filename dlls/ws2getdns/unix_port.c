/*
 * ws2getdns Unix side: service name or number to port (unix_get_port)
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

#include <netdb.h>
#include <string.h>
#include <arpa/inet.h>

#include "unix_port.h"

#define WS_SOCK_STREAM 1
#define WS_SOCK_DGRAM 2
#define WS_IPPROTO_TCP 6
#define WS_IPPROTO_UDP 17

static int lookup_service( const char *name, const char *proto, UINT16 *port )
{
    struct servent ent, *result = NULL;
    char buf[4096];

    if (getservbyname_r( name, proto, &ent, buf, sizeof(buf), &result ) || !result) return 0;
    *port = ntohs( (unsigned short)result->s_port );
    return 1;
}

/* A number as strtoul reads it (leading blanks, an optional '+'), as
 * stock Wine's glibc and Microsoft's own wspiapi.h read a service: the port
 * is its low 16 bits.  Returns 0 when the string is not a number. */
static int parse_port_number( const char *service, UINT16 *port )
{
    unsigned long long value = 0;
    const char *p = service;

    while (*p == ' ' || (*p >= '\t' && *p <= '\r')) p++;
    if (*p == '+') p++;
    if (*p < '0' || *p > '9') return 0;
    for (; *p >= '0' && *p <= '9'; p++)
        if ((value = value * 10 + (*p - '0')) > 0xffffffffULL) return 0;
    if (*p) return 0;
    *port = (UINT16)value;
    return 1;
}

void port_lookup( struct port_params *params )
{
    const char *service = params->service;
    size_t len = strnlen( service, sizeof(params->service) );
    int udp, tcp;

    params->port = 0;
    params->status = 0;
    if (len == sizeof(params->service))
    {
        params->status = WS2GETDNS_WSATYPE_NOT_FOUND;
        return;
    }
    /* "" is port 0 on Windows, like "0" (Wine's test_GetAddrInfoW) */
    if (!len || parse_port_number( service, &params->port )) return;
    udp = params->socktype == WS_SOCK_DGRAM || params->protocol == WS_IPPROTO_UDP;
    tcp = params->socktype == WS_SOCK_STREAM || params->protocol == WS_IPPROTO_TCP;
    if (udp && !tcp)
    {
        if (lookup_service( service, "udp", &params->port )) return;
    }
    else if (tcp && !udp)
    {
        if (lookup_service( service, "tcp", &params->port )) return;
    }
    else if (lookup_service( service, "tcp", &params->port ) || lookup_service( service, "udp", &params->port ))
        return;
    params->status = WS2GETDNS_WSATYPE_NOT_FOUND;
}
