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

static int lookup_service(const char *name, const char *proto, UINT16 *port)
{
    struct servent ent, *result = NULL;
    char buf[4096];

    if (getservbyname_r(name, proto, &ent, buf, sizeof(buf), &result) || !result) return 0;
    *port = ntohs((unsigned short)result->s_port);
    return 1;
}

void port_lookup(struct port_params *params)
{
    const char *service = params->service;
    size_t len = strnlen(service, sizeof(params->service)), i;
    int udp, tcp;

    params->port = 0;
    params->status = 0;
    if (len == sizeof(params->service) || !len)
    {
        params->status = WS2GETDNS_WSATYPE_NOT_FOUND;
        return;
    }
    for (i = 0; i < len && service[i] >= '0' && service[i] <= '9'; i++) ;
    if (i == len)
    {
        unsigned long value = 0;

        for (i = 0; i < len && value <= 65535; i++) value = value * 10 + (service[i] - '0');
        if (value <= 65535) params->port = (UINT16)value;
        else params->status = WS2GETDNS_WSATYPE_NOT_FOUND;
        return;
    }
    udp = params->socktype == WS_SOCK_DGRAM || params->protocol == WS_IPPROTO_UDP;
    tcp = params->socktype == WS_SOCK_STREAM || params->protocol == WS_IPPROTO_TCP;
    if (udp && !tcp)
    {
        if (lookup_service(service, "udp", &params->port)) return;
    }
    else if (tcp && !udp)
    {
        if (lookup_service(service, "tcp", &params->port)) return;
    }
    else if (lookup_service(service, "tcp", &params->port) || lookup_service(service, "udp", &params->port))
        return;
    params->status = WS2GETDNS_WSATYPE_NOT_FOUND;
}
