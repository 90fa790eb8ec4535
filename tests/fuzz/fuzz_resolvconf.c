/*
 * ws2getdns fuzz target: resolv.conf parser (buffer API and file loader must agree)
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

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "unix_resolvconf.h"
#include "unix_names.h"
#include "fuzz_check.h"

static void check_config(const struct resolv_config *conf)
{
    unsigned int i;

    fuzz_check(conf->server_count >= 1 && conf->server_count <= MAX_NAMESERVERS);
    for (i = 0; i < conf->server_count; i++)
        fuzz_check(conf->servers[i].family == AF_INET || conf->servers[i].family == AF_INET6);
    fuzz_check(conf->search_count <= MAX_SEARCH_DOMAINS);
    for (i = 0; i < conf->search_count; i++)
    {
        /* every suffix is later glued to a query name: it must be a clean,
         * lower-case name without trailing dot */
        const char *domain = conf->search[i];
        size_t j;

        fuzz_check(fuzz_terminated(domain, sizeof(conf->search[i])));
        /* the root ("search .") is kept as the empty suffix */
        if (!*domain) continue;
        fuzz_check(name_is_valid(domain));
        fuzz_check(domain[strlen(domain) - 1] != '.');
        for (j = 0; domain[j]; j++) fuzz_check(domain[j] < 'A' || domain[j] > 'Z');
    }
    fuzz_check(conf->ndots <= 15);
    fuzz_check(conf->timeout_s >= 1 && conf->timeout_s <= 30);
    fuzz_check(conf->attempts >= 1 && conf->attempts <= 5);
}

/* The resolver reads the real file through resolv_config_load: the same
 * bytes through a memfd must give the same configuration. */
static void load_through_file(const uint8_t *data, size_t size, struct resolv_config *conf)
{
    char path[64];
    int fd = memfd_create("fuzz_resolvconf", MFD_CLOEXEC);

    fuzz_check(fd != -1);
    fuzz_check(write(fd, data, size) == (ssize_t)size);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    fuzz_check(resolv_config_load(conf, path));
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct resolv_config *parsed, *loaded;
    char *text;

    /* exact-size heap copy: ASan sees any read past the end */
    if (!(text = malloc(size ? size : 1))) return 0;
    memcpy(text, data, size);
    parsed = malloc(sizeof(*parsed));
    loaded = malloc(sizeof(*loaded));
    fuzz_check(parsed && loaded);

    resolv_config_parse(parsed, text, size);
    check_config(parsed);
    load_through_file(data, size, loaded);
    fuzz_check(!memcmp(parsed, loaded, sizeof(*parsed)));

    free(loaded);
    free(parsed);
    free(text);
    return 0;
}
