/*
 * ws2getdns fuzz target: name syntax, numeric addresses, search candidates, wire names
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

#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "unix_names.h"
#include "unix_resolvconf.h"
#include "fuzz_check.h"

/* Input: one knob byte (output buffer sizes), then "NAME\nRESOLV.CONF".
 * NAME (up to its first NUL) feeds the text functions; every byte after
 * the knob is also tried as a wire-format name. */

/* the documented rule, written out independently of unix_names.c */
static int oracle_name_valid(const char *name)
{
    size_t len = strlen(name), label = 0, i;

    if (len && name[len - 1] == '.') len--;
    if (!len || len > 253) return 0;
    for (i = 0; i < len; i++)
    {
        char c = name[i];

        if (c == '.')
        {
            if (!label) return 0;
            label = 0;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '-' || c == '_'))
            return 0;
        if (++label > 63) return 0;
    }
    return label != 0;     /* "a.." ends in an empty label */
}

static void check_text_name(const char *name, size_t out_size)
{
    size_t len = strlen(name), bare = len && name[len - 1] == '.' ? len - 1 : len, i;
    struct result_addr addr;
    char *out = malloc(out_size);

    fuzz_check(out != NULL);
    fuzz_check(name_is_valid(name) == oracle_name_valid(name));
    name_is_localhost(name);

    if (name_normalize(name, out, out_size))
    {
        fuzz_check(bare < out_size && strlen(out) == bare);
        for (i = 0; i < bare; i++)
            fuzz_check(out[i] == ((name[i] >= 'A' && name[i] <= 'Z') ? name[i] - 'A' + 'a' : name[i]));
    }
    else fuzz_check(bare >= out_size);

    /* the strict configuration-file form is a subset of the lookup form */
    if (name_parse_literal(name, &addr))
    {
        struct result_addr loose;

        fuzz_check(name_parse_numeric(name, &loose) && !memcmp(&loose, &addr, sizeof(addr)));
    }
    if (name_parse_numeric(name, &addr))
    {
        char text[INET6_ADDRSTRLEN];
        BYTE again[16];

        fuzz_check(addr.family == WS2GETDNS_AF_INET || addr.family == WS2GETDNS_AF_INET6);
        fuzz_check(!addr.flags && !addr.ttl);
        if (addr.family == WS2GETDNS_AF_INET)
        {
            fuzz_check(!addr.scope_id);
            for (i = 4; i < 16; i++) fuzz_check(!addr.addr[i]);
        }
        /* what we parsed prints and parses back to the same bytes */
        fuzz_check(inet_ntop(addr.family == WS2GETDNS_AF_INET ? AF_INET : AF_INET6,
                             addr.addr, text, sizeof(text)));
        fuzz_check(inet_pton(addr.family == WS2GETDNS_AF_INET ? AF_INET : AF_INET6, text, again) == 1);
        fuzz_check(!memcmp(again, addr.addr, addr.family == WS2GETDNS_AF_INET ? 4 : 16));
    }
    free(out);
}

static void check_candidates(const char *name, const struct resolv_config *conf, size_t size)
{
    char *buf = malloc(size ? size : 1);
    unsigned int count, i;
    size_t used = 0;

    fuzz_check(buf != NULL);
    count = name_search_candidates(name, conf, buf, size);
    fuzz_check(count <= MAX_CANDIDATES && count <= conf->search_count + 1);
    for (i = 0; i < count; i++)
    {
        const char *candidate = buf + used;
        const char *nul = memchr(candidate, 0, size - used);

        fuzz_check(used < size && nul != NULL);
        fuzz_check((size_t)(nul - candidate) <= 253);
        /* a valid name glued to valid suffixes stays a valid query name */
        if (name_is_valid(name))
        {
            fuzz_check(name_is_valid(candidate));
            fuzz_check(candidate[strlen(candidate) - 1] != '.');
        }
        used += nul - candidate + 1;
    }
    /* with room for all of them, a valid name always gives itself */
    if (name_is_valid(name) && size >= MAX_CANDIDATES * 254) fuzz_check(count >= 1);
    free(buf);
}

static void check_wire_name(const BYTE *data, size_t len, size_t text_size)
{
    BYTE *wire = malloc(len ? len : 1), *upper = malloc(len ? len : 1), *again;
    char *text = malloc(text_size ? text_size : 1);
    size_t i, pos = 0;

    fuzz_check(wire && upper && text);
    memcpy(wire, data, len);
    for (i = 0; i < len; i++)
        upper[i] = (data[i] >= 'a' && data[i] <= 'z') ? data[i] - 'a' + 'A' : data[i];
    fuzz_check(name_wire_equal(wire, len, wire, len));
    /* case folding is only meant for names: accept either answer on
     * arbitrary bytes, but it must not read out of bounds (ASan) */
    name_wire_equal(wire, len, upper, len);

    if (name_wire_to_text(wire, len, text, text_size))
    {
        const char *label;

        fuzz_check(fuzz_terminated(text, text_size));
        fuzz_check(strlen(text) <= 253);
        fuzz_check(name_is_valid(text));
        fuzz_check(name_wire_equal(wire, len, upper, len));
        /* encode the text again: it must be the input, byte for byte */
        fuzz_check((again = malloc(strlen(text) + 2)) != NULL);
        for (label = text; ; )
        {
            const char *dot = strchr(label, '.');
            size_t label_len = dot ? (size_t)(dot - label) : strlen(label);

            again[pos++] = label_len;
            memcpy(again + pos, label, label_len);
            pos += label_len;
            if (!dot) break;
            label = dot + 1;
        }
        again[pos++] = 0;
        fuzz_check(pos == len && !memcmp(again, wire, len));
        free(again);
    }
    else if (text_size) fuzz_check(!text[0]);
    free(text);
    free(upper);
    free(wire);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t sizes[] = { 1, 2, 16, 64, 253, 254, 255, 256, 1024, MAX_CANDIDATES * 254 };
    struct resolv_config conf;
    const uint8_t *body, *newline;
    size_t body_len, name_len, out_size;
    char *name;

    if (!size) return 0;
    out_size = sizes[data[0] % (sizeof(sizes) / sizeof(sizes[0]))];
    body = data + 1;
    body_len = size - 1;
    newline = memchr(body, '\n', body_len);
    name_len = newline ? (size_t)(newline - body) : body_len;

    fuzz_check((name = malloc(name_len + 1)) != NULL);
    memcpy(name, body, name_len);
    name[name_len] = 0;
    if (newline) resolv_config_parse(&conf, (const char *)newline + 1, body_len - name_len - 1);
    else resolv_config_parse(&conf, "search a.example b-c.example example\n", 37);

    check_text_name(name, out_size);
    check_candidates(name, &conf, out_size);
    check_candidates(name, &conf, MAX_CANDIDATES * 254);
    check_wire_name(body, body_len, out_size);
    check_wire_name(body, body_len, WS2GETDNS_MAX_NAME);
    free(name);
    return 0;
}
