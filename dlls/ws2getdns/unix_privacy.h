/*
 * ws2getdns Unix side: whether the prefix wants private DNS
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

#ifndef __WS2GETDNS_UNIX_PRIVACY_H
#define __WS2GETDNS_UNIX_PRIVACY_H

#include "unix_types.h"

/* unix_get_privacy: whether the prefix's settings ask for DNS over TLS or
 * for DNSSEC validation (WS2GETDNS_PRIVATE_*) */
void privacy_query( struct privacy_params *params );

#endif /* __WS2GETDNS_UNIX_PRIVACY_H */
