/*
 * ws2getdns Unix side: fixed-width types and error codes shared by the unix_* files
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

#ifndef __WS2GETDNS_UNIX_TYPES_H
#define __WS2GETDNS_UNIX_TYPES_H

#include <stdint.h>

/* unixlib.h uses Windows' fixed-width type names.  The files that need
 * Wine's headers (unix_lib.c for NTSTATUS, the resolver's files for Wine's
 * debug channels) include windef.h first; the parsers and the host tests
 * of them are plain C and get the same types from stdint.h.  On i386,
 * Wine's UINT64 is 8-byte aligned inside structures, as on Windows, where
 * uint64_t is only 4-byte aligned: ours must be Wine's, or a structure
 * holding one has two layouts in one library. */
#ifndef _WINDEF_
typedef uint8_t  BYTE;
typedef uint16_t UINT16;
typedef uint32_t UINT32;
typedef uint64_t UINT64 __attribute__((aligned(8)));
#endif

#include "unixlib.h"

/* Winsock error codes, as numbers: the Unix side never includes winsock2.h. */
#define WS2GETDNS_WSA_NOT_ENOUGH_MEMORY 8
#define WS2GETDNS_WSAEOPNOTSUPP         10045
#define WS2GETDNS_WSAENOBUFS            10055
#define WS2GETDNS_WSAETIMEDOUT          10060
#define WS2GETDNS_WSASYSNOTREADY        10091
#define WS2GETDNS_WSATYPE_NOT_FOUND     10109
#define WS2GETDNS_WSAHOST_NOT_FOUND     11001
#define WS2GETDNS_WSATRY_AGAIN          11002
#define WS2GETDNS_WSANO_RECOVERY        11003
#define WS2GETDNS_WSANO_DATA            11004

#endif /* __WS2GETDNS_UNIX_TYPES_H */
