/*
 * ws2getdns Unix-side test: the unixlib call table of ws2getdns.so, without Wine
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

/* Loads the built ws2getdns.so like ntdll does (dlopen + the
 * __wine_unix_call_funcs table) and calls every entry in enum order.  Only
 * numeric and localhost names are looked up: no DNS query is sent, so this
 * runs outside the sandbox too.
 *     tests/unit/unixlib_test path/to/ws2getdns.so */

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit_check.h"
#include "unix_types.h"

typedef int32_t NTSTATUS;
typedef NTSTATUS (*unixlib_entry_t)(void *args);

int main(int argc, char **argv)
{
    const unixlib_entry_t *funcs;
    struct init_params init = { 12345 };
    struct submit_params submit;
    struct cancel_params cancel;
    struct port_params port;
    struct run_params run;
    struct reverse_params reverse;
    char hosts[] = "/tmp/ws2getdns-unixlib-hosts-XXXXXX";
    int fd;
    struct result_record *rec;
    char *buffer = malloc(WS2GETDNS_MIN_RUN_BUFFER);
    void *lib;
    NTSTATUS status;
    UINT32 total = 0;

    if (argc < 2 || !(lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL)))
    {
        check(0, "dlopen %s: %s", argc > 1 ? argv[1] : "(no path)", dlerror());
        return check_summary();
    }
    funcs = dlsym(lib, "__wine_unix_call_funcs");
    check(funcs != NULL, "__wine_unix_call_funcs exported");
    if (!funcs) return check_summary();

    status = funcs[unix_init](&init);
    check(!status && !init.status, "unix_init: %#x status %u", status, init.status);
    status = funcs[unix_init](&init);
    check(!status && !init.status, "unix_init again (idempotent): %#x status %u", status, init.status);

    memset(&port, 0, sizeof(port));
    strcpy(port.service, "8080");
    status = funcs[unix_get_port](&port);
    check(!status && !port.status && port.port == 8080, "unix_get_port 8080: %u", port.port);

    memset(&submit, 0, sizeof(submit));
    submit.handle = 0x100;
    strcpy(submit.name, "192.0.2.33");
    check(!funcs[unix_submit](&submit), "unix_submit numeric");
    submit.handle = 0x200;
    strcpy(submit.name, "localhost");
    submit.family = WS2GETDNS_AF_INET6;
    check(!funcs[unix_submit](&submit), "unix_submit localhost");
    cancel.handle = 0x200;
    check(!funcs[unix_cancel](&cancel), "unix_cancel localhost");
    submit.handle = 0x300;
    submit.family = WS2GETDNS_AF_INET;
    check(!funcs[unix_submit](&submit), "unix_submit localhost v4");

    while (total < 2)
    {
        UINT32 i, offset = 0;

        run.buffer = buffer;
        run.size = WS2GETDNS_MIN_RUN_BUFFER;
        status = funcs[unix_run](&run);
        if (status) break;
        for (i = 0; i < run.count; i++, offset += rec->size)
        {
            rec = (struct result_record *)(buffer + offset);
            if (rec->handle == 0x100)
                check(!rec->status && rec->addr_count == 1 && !memcmp(((struct result_addr *)(rec + 1))->addr, "\xc0\x00\x02\x21", 4),
                      "record 0x100: status %u count %u", rec->status, rec->addr_count);
            else if (rec->handle == 0x300)
                check(!rec->status && rec->addr_count == 1, "record 0x300: status %u count %u", rec->status, rec->addr_count);
            else check(0, "unexpected record %#llx", (unsigned long long)rec->handle);
        }
        total += run.count;
    }
    check(total == 2, "two records, the cancelled one dropped: %u", total);

    /* a reverse lookup the hosts file answers: no DNS either */
    if ((fd = mkstemp(hosts)) >= 0)
    {
        static const char line[] = "192.0.2.77 seventy-seven.ws2getdns.test seventy-seven\n";

        check(write(fd, line, sizeof(line) - 1) == sizeof(line) - 1, "hosts file written");
        close(fd);
        setenv("WS2GETDNS_HOSTS", hosts, 1);
        memset(&reverse, 0, sizeof(reverse));
        reverse.family = WS2GETDNS_AF_INET;
        memcpy(reverse.addr, "\xc0\x00\x02\x4d", 4);
        status = funcs[unix_reverse_lookup](&reverse);
        check(!status && !reverse.status && !strcmp(reverse.name, "seventy-seven.ws2getdns.test")
              && reverse.flags == WS2GETDNS_ADDR_HOSTS_FILE, "unix_reverse_lookup: %#x status %u name %s flags %#x",
              status, reverse.status, reverse.name, reverse.flags);
        unlink(hosts);
    }
    else check(0, "mkstemp for the hosts file");
    free(buffer);
    return check_summary();
}
