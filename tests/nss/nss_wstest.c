/*
 * libnss_wstest.so.2: a glibc NSS hosts module for the ws2getdns tests
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

/* A source no DNS server knows, so that a test can tell a name glibc
 * resolved through nsswitch from one we resolved ourselves.  It answers
 * names under "wstest." only, everything else is NOTFOUND (glibc goes on
 * to the next source):
 *   missing.wstest          NOTFOUND
 *   sleepN.wstest, sleepN-anything.wstest
 *                           sleeps N milliseconds, then answers
 *   any other *.wstest      answers
 * The answer is 192.0.2.77 and 2001:db8::77, whichever the family asks.
 * It is found through LD_LIBRARY_PATH by the test drivers, inside the
 * sandbox whose nsswitch.conf names it (tests/sandbox/run --nsswitch-hosts);
 * nothing installs it. */

#include <errno.h>
#include <netdb.h>
#include <nss.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#define SUFFIX "wstest"

static const unsigned char addr4[4] = {192, 0, 2, 77};
static const unsigned char addr6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x77};

/* 1: answer, 0: not ours or missing */
static int lookup( const char *name )
{
    size_t len = strlen( name ), suffix = strlen( SUFFIX );

    if (len && name[len - 1] == '.') len--;
    if (len <= suffix + 1 || name[len - suffix - 1] != '.' || strncasecmp( name + len - suffix, SUFFIX, suffix ))
        return 0;
    if (!strncasecmp( name, "missing.", 8 )) return 0;
    if (!strncasecmp( name, "sleep", 5 ))
    {
        long ms = strtol( name + 5, NULL, 10 );
        struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

        while (nanosleep( &ts, &ts ) == -1 && errno == EINTR) ;
    }
    return 1;
}

static void *take( char **buffer, size_t *left, size_t size )
{
    void *ret;
    size_t pad = (sizeof(void *) - ((uintptr_t)*buffer % sizeof(void *))) % sizeof(void *);

    if (*left < pad + size) return NULL;
    ret = *buffer + pad;
    *buffer += pad + size;
    *left -= pad + size;
    return ret;
}

enum nss_status _nss_wstest_gethostbyname4_r( const char *name, struct gaih_addrtuple **pat, char *buffer,
                                              size_t buflen, int *errnop, int *h_errnop, int32_t *ttlp )
{
    struct gaih_addrtuple *t6, *t4;
    char *copy;

    if (!lookup( name ))
    {
        *errnop = ENOENT;
        *h_errnop = HOST_NOT_FOUND;
        return NSS_STATUS_NOTFOUND;
    }
    if (!(copy = take( &buffer, &buflen, strlen( name ) + 1 ))
        || !(t4 = take( &buffer, &buflen, sizeof(*t4) ))
        || (!*pat && !(*pat = take( &buffer, &buflen, sizeof(**pat) ))))
    {
        *errnop = ERANGE;
        *h_errnop = NETDB_INTERNAL;
        return NSS_STATUS_TRYAGAIN;
    }
    strcpy( copy, name );
    t6 = *pat;
    memset( t6, 0, sizeof(*t6) );
    memset( t4, 0, sizeof(*t4) );
    t6->next = t4;
    t6->name = copy;
    t6->family = AF_INET6;
    memcpy( t6->addr, addr6, 16 );
    t4->name = NULL;
    t4->family = AF_INET;
    memcpy( t4->addr, addr4, 4 );
    if (ttlp) *ttlp = 60;
    return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_wstest_gethostbyname3_r( const char *name, int af, struct hostent *result, char *buffer,
                                              size_t buflen, int *errnop, int *h_errnop, int32_t *ttlp,
                                              char **canonp )
{
    size_t size = af == AF_INET6 ? 16 : 4;
    char *copy, *addr, **addrs, **aliases;

    if ((af != AF_INET && af != AF_INET6) || !lookup( name ))
    {
        *errnop = ENOENT;
        *h_errnop = HOST_NOT_FOUND;
        return NSS_STATUS_NOTFOUND;
    }
    if (!(copy = take( &buffer, &buflen, strlen( name ) + 1 ))
        || !(addr = take( &buffer, &buflen, size ))
        || !(addrs = take( &buffer, &buflen, 2 * sizeof(char *) ))
        || !(aliases = take( &buffer, &buflen, sizeof(char *) )))
    {
        *errnop = ERANGE;
        *h_errnop = NETDB_INTERNAL;
        return NSS_STATUS_TRYAGAIN;
    }
    strcpy( copy, name );
    memcpy( addr, af == AF_INET6 ? addr6 : addr4, size );
    addrs[0] = addr;
    addrs[1] = NULL;
    aliases[0] = NULL;
    result->h_name = copy;
    result->h_aliases = aliases;
    result->h_addrtype = af;
    result->h_length = size;
    result->h_addr_list = addrs;
    if (ttlp) *ttlp = 60;
    if (canonp) *canonp = copy;
    return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_wstest_gethostbyname2_r( const char *name, int af, struct hostent *result, char *buffer,
                                              size_t buflen, int *errnop, int *h_errnop )
{
    return _nss_wstest_gethostbyname3_r( name, af, result, buffer, buflen, errnop, h_errnop, NULL, NULL );
}

enum nss_status _nss_wstest_gethostbyname_r( const char *name, struct hostent *result, char *buffer,
                                             size_t buflen, int *errnop, int *h_errnop )
{
    return _nss_wstest_gethostbyname3_r( name, AF_INET, result, buffer, buflen, errnop, h_errnop, NULL, NULL );
}
