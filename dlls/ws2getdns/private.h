/*
 * ws2getdns: declarations shared by the PE side
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

#ifndef __WS2GETDNS_PRIVATE_H
#define __WS2GETDNS_PRIVATE_H

#define WINSOCK_API_LINKAGE
#include <winsock2.h>
#include <ws2tcpip.h>
#include <winternl.h>
#include "ws2getdns_compat.h"
#include "unixlib.h"

/* Debian ships no wine/unixlib.h: these come from libwinecrt0.a. */
typedef UINT64 unixlib_handle_t;
extern unixlib_handle_t __wine_unixlib_handle;
extern NTSTATUS (WINAPI *__wine_unix_call_dispatcher)( unixlib_handle_t, unsigned int, void * );
extern NTSTATUS WINAPI __wine_init_unix_call(void);

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(array) (sizeof(array) / sizeof((array)[0]))
#endif

#define UNIX_CALL( func, params ) __wine_unix_call_dispatcher( __wine_unixlib_handle, unix_ ## func, params )

/* The custom DNS servers of the hints (ADDRINFOEX6), converted for the
 * Unix side. */
struct lookup_servers
{
    UINT32 count;
    UINT32 flags;                /* WS2GETDNS_SERVERS_* */
    struct server_addr addrs[WS2GETDNS_MAX_SERVERS];
};

/* What the caller asked for, copied at submission: the caller may free its
 * strings and hints as soon as GetAddrInfoExW returns. */
struct lookup_query
{
    int    family;
    int    socktype;
    int    protocol;
    int    flags;                /* caller's ai_flags */
    USHORT port;                 /* network byte order */
    int    version;              /* AI_EXTENDED: the hints' ai_version (2 to 6), else 0 */
    /* the name as given, for the AI_CANONNAME/AI_FQDN fallbacks: the
     * caller's string during the call, a copy once a lookup is pending
     * (and NULL without those flags: nothing keeps 512 bytes per lookup) */
    const WCHAR *name;
    /* custom servers, or NULL: during the call only (they go to the Unix
     * side with the submission) */
    const struct lookup_servers *servers;
};

/* A lookup outcome converted for the caller, built on the completion thread. */
struct lookup_outcome
{
    int          status;
    ADDRINFOEXW *result;
};

/* workers.c: threads for completion routines */
struct work_item
{
    struct work_item *next;
    void (*run)( struct work_item *item );
};
extern void workers_queue( struct work_item *item );
extern void workers_retry(void);

/* stock.c: Wine's own ws2_32 (ws2_32_wine.dll) */
struct stock_ws2_32
{
    int (WINAPI *WSAStartup)( WORD, WSADATA * );
    int (WINAPI *WSACleanup)(void);
    int (WINAPI *getaddrinfo)( const char *, const char *, const ADDRINFOA *, ADDRINFOA ** );
    int (WINAPI *GetAddrInfoW)( const WCHAR *, const WCHAR *, const ADDRINFOW *, ADDRINFOW ** );
    void (WINAPI *freeaddrinfo)( ADDRINFOA * );
    void (WINAPI *FreeAddrInfoW)( ADDRINFOW * );
    struct hostent *(WINAPI *gethostbyname)( const char * );
    int (WINAPI *gethostname)( char *, int );
    HANDLE (WINAPI *WSAAsyncGetHostByName)( HWND, UINT, const char *, char *, int );
    HANDLE (WINAPI *WSAAsyncGetHostByAddr)( HWND, UINT, const char *, int, int, char *, int );
    int (WINAPI *getnameinfo)( const SOCKADDR *, socklen_t, char *, DWORD, char *, DWORD, int );
    int (WINAPI *GetNameInfoW)( const SOCKADDR *, socklen_t, WCHAR *, DWORD, WCHAR *, DWORD, int );
    struct hostent *(WINAPI *gethostbyaddr)( const char *, int, int );
};
extern const struct stock_ws2_32 *stock_ws2_32(void);

/* startup.c */
extern BOOL winsock_started(void);
extern void cancel_all_requests(void);

/* engine.c: the completion thread and the unix side */
extern int engine_start(void);
extern BOOL engine_dead(void);
extern int engine_submit( UINT64 handle, const struct lookup_query *query, const char *ascii_name,
                          DWORD timeout_ms, int timeout_status );
extern int engine_run_sync( UINT64 handle, const struct lookup_query *query, const char *ascii_name,
                            DWORD timeout_ms, int timeout_status, void *buffer, UINT32 size, BOOL *done );
extern void engine_cancel( UINT64 handle );
extern UINT32 engine_privacy(void);
extern int engine_reverse_lookup( struct reverse_params *params );
extern int engine_get_port( const WCHAR *service, int socktype, int protocol, USHORT *port );

/* request.c: the table of lookups in flight */
struct request;
extern int request_submit_async( const struct lookup_query *query, const char *ascii_name, DWORD timeout_ms,
                                 ADDRINFOEXW **result, OVERLAPPED *overlapped,
                                 lookup_completion_routine routine, HANDLE *handle );
extern int request_run_sync( const struct lookup_query *query, const char *ascii_name, DWORD timeout_ms,
                             ADDRINFOEXW **result );
extern int request_cancel( HANDLE handle );
extern void request_complete( const struct result_record *record );
extern void fail_all_requests( int status );

/* addrinfo.c: result lists */
extern int build_result_list( const struct lookup_query *query, const struct result_record *record,
                              ADDRINFOEXW **result );
extern int build_passive_list( const struct lookup_query *query, ADDRINFOEXW **result );
extern void free_result_list( ADDRINFOEXW *list );
extern int convert_list_to_ansi( const struct lookup_query *query, const ADDRINFOEXW *list, ADDRINFOEXA **result );
extern int convert_list_to_plain( const ADDRINFOEXW *list, BOOL wide, ADDRINFOW **result );
extern void free_plain_list( ADDRINFOW *list );

/* ownedlists.c: the heads of the getaddrinfo/GetAddrInfoW lists we made */
extern BOOL owned_list_add( const void *head );
extern BOOL owned_list_remove( const void *head );

/* hostent.c: hostent blocks, per thread or in a caller's buffer */
extern size_t hostent_size( const struct hostent *src );
extern struct hostent *hostent_write( const struct hostent *src, void *buffer );
extern struct hostent *hostent_for_thread( const struct hostent *src );

/* async_host.c: WSAAsyncGetHostByName and WSAAsyncGetHostByAddr.  The
 * caller allocates (HeapAlloc) a block that starts with this and sets
 * lookup (on a pool thread: fills the hostent, returns 0 or an error) and
 * done (called after a lookup that returned 0, may be NULL);
 * async_host_start fills the rest and frees the block in every case. */
struct async_host
{
    HWND   hwnd;
    UINT   msg;
    HANDLE handle;
    char  *buffer;
    int    size;
    int  (*lookup)( struct async_host *query, struct hostent *he );
    void (*done)( struct async_host *query );
};
extern HANDLE async_host_start( struct async_host *query, HWND hwnd, UINT msg, char *buffer, int size );

/* getaddrinfoex.c: a synchronous lookup for the older calls (hints in
 * ADDRINFOEXW layout, of ADDRINFOEX2W size) */
extern int lookup_sync_a( const char *name, const char *service, const ADDRINFOEXW *hints, ADDRINFOEXW **result );
extern int lookup_sync_w( const WCHAR *name, const WCHAR *service, const ADDRINFOEXW *hints, ADDRINFOEXW **result );

#endif /* __WS2GETDNS_PRIVATE_H */
