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

#ifndef __WS2GETDNS_UNIX_WIRE_H
#define __WS2GETDNS_UNIX_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* Nonzero if every name and record of the message lies inside it: getdns
 * 1.6 hands on replies whose rdlength runs past the end or whose counts
 * promise more records than there are (RFC 9267 lists the classes). */
int dns_message_is_well_formed( const uint8_t *msg, size_t len );

#endif /* __WS2GETDNS_UNIX_WIRE_H */
