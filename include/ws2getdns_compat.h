/*
 * Windows SDK definitions for the GetAddrInfoEx family that mingw-w64 10
 * lacks or declares as reserved
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

#ifndef __WS2GETDNS_COMPAT_H
#define __WS2GETDNS_COMPAT_H

#include <winsock2.h>
#include <ws2tcpip.h>

/* Wine 10's wine/debug.h marks its declarations DECLSPEC_EXPORT, which only
 * Wine's own winnt.h defines, not mingw-w64's.  For a PE module built as part
 * of Wine (__WINESRC__) Wine defines it empty, because the .spec file says
 * what the module exports; ours does the same.  Wine 8's header does not use
 * it, and a header that does define it wins. */
#if defined(__WINESRC__) && !defined(WINE_UNIX_LIB) && !defined(DECLSPEC_EXPORT)
#define DECLSPEC_EXPORT
#endif

/* mingw-w64 10 types the completion routine as PVOID ("reserved"); this is
 * the real type on every Windows version that supports it. */
typedef void (CALLBACK *lookup_completion_routine)(DWORD error, DWORD bytes, WSAOVERLAPPED *overlapped);

#ifndef AI_DNS_ONLY
#define AI_DNS_ONLY                 0x00000010
#endif
#ifndef AI_RETURN_TTL
#define AI_RETURN_TTL               0x00000080
#endif
#ifndef AI_NON_AUTHORITATIVE
#define AI_NON_AUTHORITATIVE        0x00004000
#endif
#ifndef AI_SECURE
#define AI_SECURE                   0x00008000
#endif
#ifndef AI_RETURN_PREFERRED_NAMES
#define AI_RETURN_PREFERRED_NAMES   0x00010000
#endif
#ifndef AI_FQDN
#define AI_FQDN                     0x00020000
#endif
#ifndef AI_FILESERVER
#define AI_FILESERVER               0x00040000
#endif
#ifndef AI_DISABLE_IDN_ENCODING
#define AI_DISABLE_IDN_ENCODING     0x00080000
#endif
#ifndef AI_EXCLUSIVE_CUSTOM_SERVERS
#define AI_EXCLUSIVE_CUSTOM_SERVERS 0x00200000
#endif
#ifndef AI_RETURN_RESPONSE_FLAGS
#define AI_RETURN_RESPONSE_FLAGS    0x10000000
#endif
#ifndef AI_RESOLUTION_HANDLE
#define AI_RESOLUTION_HANDLE        0x40000000
#endif
#ifndef AI_EXTENDED
#define AI_EXTENDED                 0x80000000
#endif

#ifndef ADDRINFOEX_VERSION_2
#define ADDRINFOEX_VERSION_2 2
#endif

/* ADDRINFOEX2: ADDRINFOEX followed by a version and the fully qualified name.
 * Returned when the caller asks for AI_FQDN; the nodes then carry AI_EXTENDED. */
typedef struct addrinfoex2W
{
    int                  ai_flags;
    int                  ai_family;
    int                  ai_socktype;
    int                  ai_protocol;
    size_t               ai_addrlen;
    PWSTR                ai_canonname;
    struct sockaddr     *ai_addr;
    void                *ai_blob;
    size_t               ai_bloblen;
    GUID                *ai_provider;
    struct addrinfoex2W *ai_next;
    int                  ai_version;
    PWSTR                ai_fqdn;
} ADDRINFOEX2W, *PADDRINFOEX2W;

typedef struct addrinfoex2A
{
    int                  ai_flags;
    int                  ai_family;
    int                  ai_socktype;
    int                  ai_protocol;
    size_t               ai_addrlen;
    char                *ai_canonname;
    struct sockaddr     *ai_addr;
    void                *ai_blob;
    size_t               ai_bloblen;
    GUID                *ai_provider;
    struct addrinfoex2A *ai_next;
    int                  ai_version;
    char                *ai_fqdn;
} ADDRINFOEX2A, *PADDRINFOEX2A;

/* Windows 11's versioned results (ws2def.h of the Windows 11 SDK).  Each
 * version appends members to the previous one; a caller asks for one with
 * AI_EXTENDED and ai_version in its hints, which are then of that version
 * too.  Only wide structures exist past version 2. */
#ifndef ADDRINFOEX_VERSION_3
#define ADDRINFOEX_VERSION_3 3
#define ADDRINFOEX_VERSION_4 4
#define ADDRINFOEX_VERSION_5 5
#define ADDRINFOEX_VERSION_6 6

/* ai_servertype of ADDRINFO_DNS_SERVER */
#define AI_DNS_SERVER_TYPE_UDP 0x1
#define AI_DNS_SERVER_TYPE_DOH 0x2
/* its ai_flags */
#define AI_DNS_SERVER_UDP_FALLBACK 0x1

/* ai_responseflags with AI_RETURN_RESPONSE_FLAGS */
#define AI_DNS_RESPONSE_SECURE   0x1
#define AI_DNS_RESPONSE_HOSTFILE 0x2

typedef struct addrinfoex3
{
    int                 ai_flags;
    int                 ai_family;
    int                 ai_socktype;
    int                 ai_protocol;
    size_t              ai_addrlen;
    PWSTR               ai_canonname;
    struct sockaddr    *ai_addr;
    void               *ai_blob;
    size_t              ai_bloblen;
    GUID               *ai_provider;
    struct addrinfoex3 *ai_next;
    int                 ai_version;
    PWSTR               ai_fqdn;
    int                 ai_interfaceindex;
} ADDRINFOEX3, *PADDRINFOEX3;

typedef struct addrinfoex4
{
    int                 ai_flags;
    int                 ai_family;
    int                 ai_socktype;
    int                 ai_protocol;
    size_t              ai_addrlen;
    PWSTR               ai_canonname;
    struct sockaddr    *ai_addr;
    void               *ai_blob;
    size_t              ai_bloblen;
    GUID               *ai_provider;
    struct addrinfoex4 *ai_next;
    int                 ai_version;
    PWSTR               ai_fqdn;
    int                 ai_interfaceindex;
    HANDLE              ai_resolutionhandle;
} ADDRINFOEX4, *PADDRINFOEX4;

typedef struct addrinfoex5
{
    int                 ai_flags;
    int                 ai_family;
    int                 ai_socktype;
    int                 ai_protocol;
    size_t              ai_addrlen;
    PWSTR               ai_canonname;
    struct sockaddr    *ai_addr;
    void               *ai_blob;
    size_t              ai_bloblen;
    GUID               *ai_provider;
    struct addrinfoex5 *ai_next;
    int                 ai_version;
    PWSTR               ai_fqdn;
    int                 ai_interfaceindex;
    HANDLE              ai_resolutionhandle;
    unsigned int        ai_ttl;         /* seconds */
} ADDRINFOEX5, *PADDRINFOEX5;

typedef struct addrinfo_dns_server
{
    unsigned int     ai_servertype;     /* AI_DNS_SERVER_TYPE_* */
    ULONG64          ai_flags;          /* AI_DNS_SERVER_* */
    unsigned int     ai_addrlen;
    struct sockaddr *ai_addr;
    union
    {
        PWSTR ai_template;              /* DNS-over-HTTPS URI template */
        PWSTR ai_hostname;
    };
} ADDRINFO_DNS_SERVER;

/* The SDK declares ai_next as struct addrinfoex5 *, as here. */
typedef struct addrinfoex6
{
    int                  ai_flags;
    int                  ai_family;
    int                  ai_socktype;
    int                  ai_protocol;
    size_t               ai_addrlen;
    PWSTR                ai_canonname;
    struct sockaddr     *ai_addr;
    void                *ai_blob;
    size_t               ai_bloblen;
    GUID                *ai_provider;
    struct addrinfoex5  *ai_next;
    int                  ai_version;
    PWSTR                ai_fqdn;
    int                  ai_interfaceindex;
    HANDLE               ai_resolutionhandle;
    unsigned int         ai_ttl;
    unsigned int         ai_numservers;
    ADDRINFO_DNS_SERVER *ai_servers;
    ULONG64              ai_responseflags;  /* AI_DNS_RESPONSE_* */
} ADDRINFOEX6, *PADDRINFOEX6;
#endif

/* mingw-w64 10 has these in its import library but not in its headers. */
WINSOCK_API_LINKAGE int WSAAPI GetAddrInfoExCancel( LPHANDLE handle );
WINSOCK_API_LINKAGE int WSAAPI GetAddrInfoExOverlappedResult( LPOVERLAPPED overlapped );

#endif /* __WS2GETDNS_COMPAT_H */
