/*
 * ws2getdns: the interface between the PE side and the Unix side (getdns)
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

#ifndef __WS2GETDNS_UNIXLIB_H
#define __WS2GETDNS_UNIXLIB_H

/* Only fixed-width types cross this boundary.  Addresses families and error
 * codes are Windows values (AF_INET6 = 23, WSA* codes): the Unix side
 * translates, the PE side never sees a host value.
 *
 * Life of a request:
 *   PE thread        unix_submit   -> queued, loop woken (eventfd), returns at once
 *   PE thread        unix_cancel   -> queued, loop woken; the result is dropped
 *   PE thread        unix_run_sync -> a synchronous lookup: runs on the calling
 *                                     thread and returns its record when the
 *                                     loop is free, else queued as unix_submit
 *   completion thr.  unix_run      -> blocks in the getdns event loop until at
 *                                     least one result is ready, then returns
 *                                     a batch of packed results
 * Every submitted handle produces exactly one result record, unless it was
 * cancelled before its result was packed, in which case it produces none.
 */

#define WS2GETDNS_AF_UNSPEC   0
#define WS2GETDNS_AF_INET     2
#define WS2GETDNS_AF_INET6    23

/* lookup flags (a subset of the Windows AI_* values, same bits) */
#define WS2GETDNS_AI_PASSIVE      0x00000001
#define WS2GETDNS_AI_CANONNAME    0x00000002
#define WS2GETDNS_AI_NUMERICHOST  0x00000004
#define WS2GETDNS_AI_ALL          0x00000100
#define WS2GETDNS_AI_ADDRCONFIG   0x00000400
#define WS2GETDNS_AI_V4MAPPED     0x00000800
#define WS2GETDNS_AI_FQDN         0x00020000

#define WS2GETDNS_MAX_NAME 256   /* 255 characters of DNS name + NUL */

/* Custom DNS servers of one lookup (ADDRINFOEX6 ai_servers, plain DNS
 * only): at most WS2GETDNS_MAX_SERVERS, each asked over UDP (TCP for a
 * truncated answer) as a resolv.conf nameserver is. */
#define WS2GETDNS_MAX_SERVERS 8
/* server_flags */
#define WS2GETDNS_SERVERS_EXCLUSIVE 0x0001  /* only these servers; else after resolv.conf's */

/* 24 bytes, 4-byte aligned, the same on every ABI */
struct server_addr
{
    UINT16 family;          /* WS2GETDNS_AF_INET or WS2GETDNS_AF_INET6 */
    UINT16 port;            /* host byte order; 0 = 53 */
    UINT32 scope_id;        /* AF_INET6 only */
    BYTE   addr[16];        /* 4 bytes used for AF_INET */
};

struct init_params
{
    UINT32 status;          /* out: 0, or a WSA code explaining why getdns is unusable */
};

struct submit_params
{
    UINT64 handle;          /* PE-side handle, echoed in the result */
    UINT32 family;          /* WS2GETDNS_AF_* */
    UINT32 flags;           /* WS2GETDNS_AI_* */
    UINT32 timeout_ms;      /* caller's deadline from now; 0 = none (resolver default) */
    UINT32 timeout_status;  /* WSA code to report at the caller's deadline */
    char   name[WS2GETDNS_MAX_NAME];  /* ASCII (already punycode), NUL-terminated */
    UINT32 server_count;    /* custom servers in `servers`; 0 = resolv.conf's */
    UINT32 server_flags;    /* WS2GETDNS_SERVERS_* */
    struct server_addr servers[WS2GETDNS_MAX_SERVERS];
};  /* 480 bytes on every ABI: no member needs more than 4-byte alignment past `handle` */

struct cancel_params
{
    UINT64 handle;
};

/* One result record in the unix_run buffer.  Records are 8-byte aligned and
 * `size` bytes long; they are followed by `addr_count` struct result_addr,
 * then the canonical name (canon_len bytes, NUL included, 0 if none), then
 * the fully qualified name (fqdn_len bytes, NUL included, 0 if none). */
#define WS2GETDNS_ADDR_HOSTS_FILE 0x0001  /* the address comes from the hosts file */
#define WS2GETDNS_ADDR_SECURE     0x0002  /* answered over authenticated DNS over TLS */

/* An address and what the answer said about it.  Two entries are the same
 * address when family, scope_id and addr match; flags and ttl describe it. */
struct result_addr
{
    UINT16 family;          /* WS2GETDNS_AF_INET or WS2GETDNS_AF_INET6 */
    UINT16 flags;           /* WS2GETDNS_ADDR_* */
    UINT32 scope_id;
    BYTE   addr[16];        /* 4 bytes used for AF_INET */
    UINT32 ttl;             /* seconds: the smallest TTL along the CNAME chain
                             * to this address record; 0 when not from DNS */
};

struct result_record
{
    UINT64 handle;
    UINT32 status;          /* 0 or a WSA error code */
    UINT32 size;            /* whole record, including what follows it */
    UINT32 ttl;             /* smallest TTL of its addresses, 0 if unknown */
    UINT16 addr_count;
    UINT16 canon_len;
    UINT16 fqdn_len;
    UINT16 reserved[3];
};

struct run_params
{
    void  *buffer;          /* in: PE buffer for result records */
    UINT32 size;            /* in: its size (at least WS2GETDNS_MIN_RUN_BUFFER) */
    UINT32 count;           /* out: records written */
};

#define WS2GETDNS_MIN_RUN_BUFFER 65536  /* any single record fits in this */

struct run_sync_params
{
    struct submit_params submit;  /* in: the lookup, as for unix_submit */
    void  *buffer;          /* in: PE buffer for its record */
    UINT32 size;            /* in: its size (at least WS2GETDNS_MIN_RUN_BUFFER) */
    UINT32 done;            /* out: 1 = the record is in buffer; 0 = queued as by
                             * unix_submit, the record comes from unix_run */
};

struct port_params
{
    char   service[256];    /* in: service name or decimal number, ASCII */
    UINT32 socktype;        /* in: Windows SOCK_* (0 = any) */
    UINT32 protocol;        /* in: Windows IPPROTO_* (0 = any) */
    UINT32 status;          /* out: 0 or WSATYPE_NOT_FOUND */
    UINT16 port;            /* out: host byte order */
};

/* What the prefix's settings ask of every lookup: the older calls
 * (getaddrinfo, gethostbyname, ...) that otherwise go to Wine's own code
 * then come through getdns too. */
#define WS2GETDNS_PRIVATE_TLS    0x0001  /* DNS over TLS, strict or opportunistic */
#define WS2GETDNS_PRIVATE_DNSSEC 0x0002  /* DNSSEC validation */

struct privacy_params
{
    UINT32 flags;           /* out: WS2GETDNS_PRIVATE_* */
};

/* A reverse lookup (unix_reverse_lookup) for getnameinfo, GetNameInfoW
 * and gethostbyaddr in a prefix that asks for private DNS: the hosts file,
 * then a PTR query through getdns with the prefix's settings.  It runs on
 * the calling thread and does not start the engine. */
struct reverse_params
{
    UINT32 family;          /* in: WS2GETDNS_AF_INET or WS2GETDNS_AF_INET6 */
    BYTE   addr[16];        /* in: 4 bytes used for AF_INET */
    UINT32 status;          /* out: 0, or WSAHOST_NOT_FOUND (no such name), WSANO_DATA (no PTR
                             * record), WSATRY_AGAIN (no server answered), WSANO_RECOVERY (a
                             * DNSSEC-bogus answer, or a setting that cannot be honoured),
                             * WSA_NOT_ENOUGH_MEMORY */
    UINT32 flags;           /* out: WS2GETDNS_ADDR_HOSTS_FILE, WS2GETDNS_ADDR_SECURE */
    char   name[WS2GETDNS_MAX_NAME];  /* out: the name (no trailing dot), ASCII */
};  /* 284 bytes on every ABI: nothing wider than 4 bytes */

enum ws2getdns_funcs
{
    unix_init,              /* create the engine; idempotent */
    unix_submit,
    unix_cancel,
    unix_run,
    unix_get_port,
    unix_run_sync,
    unix_get_privacy,
    unix_reverse_lookup,
    unix_funcs_count
};

#endif /* __WS2GETDNS_UNIXLIB_H */
