/*
 * ws2getdns Unix side: whether the prefix wants private DNS (unix_get_privacy)
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

#include <pthread.h>
#include <stdint.h>

#include "unix_privacy.h"
#include "unix_dnssec.h"
#include "unix_eventloop.h"
#include "unix_file.h"
#include "unix_tls.h"

/* getaddrinfo and the other older calls ask before each lookup; a burst of
 * them must not read the files each time. */
#define PRIVACY_CHECK_INTERVAL_MS 1000

static pthread_mutex_t privacy_lock = PTHREAD_MUTEX_INITIALIZER;
static char tls_path[PATH_MAX], dnssec_path[PATH_MAX];
static struct file_stamp tls_stamp, dnssec_stamp;
static uint64_t last_check;
static int checked;
static UINT32 tls_flag, dnssec_flag;

/* A broken setting counts as wanted: the lookups then fail through getdns,
 * as the engine's do, instead of leaving in plaintext. */
static void check_tls(void)
{
    struct file_stamp stamp;
    static struct tls_config conf;  /* large: under privacy_lock */

    file_get_stamp( tls_path, &stamp );
    if (checked && file_stamp_equal( &stamp, &tls_stamp )) return;
    if (!tls_config_load( &conf, tls_path )) return;  /* out of memory: keep the old answer */
    tls_stamp = stamp;
    tls_flag = conf.mode != TLS_OFF ? WS2GETDNS_PRIVATE_TLS : 0;
}

static void check_dnssec(void)
{
    struct file_stamp stamp;
    struct dnssec_config conf;

    file_get_stamp( dnssec_path, &stamp );
    if (checked && file_stamp_equal( &stamp, &dnssec_stamp )) return;
    if (!dnssec_config_read( &conf, dnssec_path )) return;
    dnssec_stamp = stamp;
    dnssec_flag = conf.validate ? WS2GETDNS_PRIVATE_DNSSEC : 0;
}

void privacy_query( struct privacy_params *params )
{
    uint64_t now = loop_now_ms();

    pthread_mutex_lock( &privacy_lock );
    if (!checked || now - last_check >= PRIVACY_CHECK_INTERVAL_MS)
    {
        if (!checked)
        {
            tls_config_path( tls_path, sizeof(tls_path) );
            dnssec_config_path( dnssec_path, sizeof(dnssec_path) );
        }
        check_tls();
        check_dnssec();
        checked = 1;
        last_check = now;
    }
    params->flags = tls_flag | dnssec_flag;
    pthread_mutex_unlock( &privacy_lock );
}
