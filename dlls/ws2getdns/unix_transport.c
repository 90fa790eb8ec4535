/*
 * ws2getdns Unix side: the transport budget (queries in flight, UDP bound, TCP overflow)
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

#include <stdlib.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "unix_transport.h"

WINE_DEFAULT_DEBUG_CHANNEL(ws2getdns);

/* An interactive program has a few queries in flight at most: they all go
 * over UDP, as glibc sends them.  The bound is also what keeps a burst of
 * datagrams within what a server's receive buffer holds. */
#define DEFAULT_MAX_INFLIGHT 64
/* Over TCP a query costs no descriptor and no socket()/close() of its own,
 * and the server's listen queue, not its receive buffer, absorbs a burst:
 * 10,000 AF_UNSPEC lookups at once (20,000 queries) all fit. */
#define DEFAULT_MAX_TCP_INFLIGHT 32768
/* after a TCP failure the overflow waits for UDP slots this long */
#define TCP_RETRY_MS 30000

void transport_init(struct transport *transport)
{
    const char *value;

    transport->inflight = transport->udp_inflight = 0;
    transport->tcp_broken_until = 0;
    list_init(&transport->retry_queue);
    transport->max_inflight = DEFAULT_MAX_INFLIGHT;
    if ((value = getenv("WS2GETDNS_MAX_INFLIGHT")) && atoi(value) >= 2)
        transport->max_inflight = atoi(value);
    /* at or below the UDP bound, TCP never carries the overflow */
    transport->max_tcp_inflight = DEFAULT_MAX_TCP_INFLIGHT;
    if ((value = getenv("WS2GETDNS_MAX_TCP_INFLIGHT")) && *value)
        transport->max_tcp_inflight = atoi(value);
}

int transport_tcp_usable(const struct transport *transport, uint64_t now)
{
    return transport->max_tcp_inflight > transport->max_inflight && now >= transport->tcp_broken_until;
}

int transport_can_start(const struct transport *transport, unsigned int needed, uint64_t now)
{
    unsigned int limit = transport_tcp_usable(transport, now) ? transport->max_tcp_inflight
                                                              : transport->max_inflight;

    return !transport->inflight || transport->inflight + needed <= limit;
}

int transport_attempt_uses_tcp(const struct transport *transport, uint64_t now)
{
    return transport->inflight > transport->max_inflight && transport_tcp_usable(transport, now);
}

int transport_udp_full(const struct transport *transport, uint64_t now)
{
    return transport->udp_inflight >= transport->max_inflight && !transport_tcp_usable(transport, now);
}

void transport_tcp_failed(struct transport *transport, uint64_t now)
{
    transport->tcp_broken_until = now + TCP_RETRY_MS;
    TRACE("TCP failed, UDP only for %u ms\n", TCP_RETRY_MS);
}
