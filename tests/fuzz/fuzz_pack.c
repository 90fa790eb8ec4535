/*
 * ws2getdns fuzz target: DNS replies (wire format) through getdns dicts into result records
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
#include <getdns/getdns.h>
#include <getdns/getdns_extra.h>

#include "unix_pack.h"
#include "unix_names.h"
#include "unix_wire.h"
#include "fuzz_check.h"

/* The input is one DNS reply in wire format, or several back to back (a
 * search candidate or a retry can leave more than one reply in a
 * response).  getdns' own parser turns each into a message dict, which is
 * exactly the shape of a replies_tree entry; they are wrapped in a
 * response dict (with the wire bytes in replies_full, as getdns does) and
 * handed to reply_extract() as the resolver does, for A and AAAA, then
 * merged and packed as evaluate_candidate() does. */

#define MAX_REPLIES 4
#define GETDNS_SLACK 65536

static getdns_dict *make_response(const uint8_t *data, size_t size, size_t *reply_count)
{
    getdns_dict *response = getdns_dict_create();
    getdns_list *replies = getdns_list_create(), *wires = getdns_list_create();
    const uint8_t *pos = data, *starts[MAX_REPLIES + 1];
    size_t left = size, i;

    fuzz_check(response && replies && wires);
    *reply_count = 0;
    /* getdns 1.6's scan "consumes" 12 bytes of a shorter buffer and
     * returns GOOD, leaving `left` wrapped around; its stub drops replies
     * shorter than a header before making dicts, so do the same */
    while (left >= 12 && *reply_count < MAX_REPLIES)
    {
        getdns_dict *msg = NULL;
        const uint8_t *start = pos;

        if (getdns_wire2msg_dict_scan(&pos, &left, &msg) || !msg) break;
        fuzz_check(pos > start && pos <= data + size && left == (size_t)(data + size - pos));
        starts[*reply_count] = start;
        fuzz_check(!getdns_list_set_dict(replies, (*reply_count)++, msg));
        getdns_dict_destroy(msg);
    }
    /* replies_full holds each reply as received: the last one keeps
     * whatever trailing bytes follow it */
    starts[*reply_count] = data + size;
    for (i = 0; i < *reply_count; i++)
    {
        getdns_bindata wire;

        wire.data = (uint8_t *)starts[i];
        wire.size = (i + 1 == *reply_count ? data + size : starts[i + 1]) - starts[i];
        fuzz_check(!getdns_list_set_bindata(wires, i, &wire));
    }
    fuzz_check(!getdns_dict_set_list(response, "replies_tree", replies));
    fuzz_check(!getdns_dict_set_list(response, "replies_full", wires));
    getdns_list_destroy(replies);
    getdns_list_destroy(wires);
    /* the rest of a real response, which the packer must not depend on */
    fuzz_check(!getdns_dict_set_int(response, "status", GETDNS_RESPSTATUS_GOOD));
    fuzz_check(!getdns_dict_set_int(response, "answer_type", GETDNS_NAMETYPE_DNS));
    return response;
}

/* ASCII case-insensitive, byte for byte (wire names may hold NULs) */
static int same_name(const getdns_bindata *a, const getdns_bindata *b)
{
    size_t i;

    if (a->size != b->size) return 0;
    for (i = 0; i < a->size; i++)
    {
        uint8_t x = a->data[i], y = b->data[i];

        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y) return 0;
    }
    return 1;
}

/* Independent of reply_extract: does some well-formed reply whose
 * question is qname (NULL = any) carry an address of rrtype owned by the
 * question name itself?  Then the extraction must find at least one. */
static int has_direct_answer(getdns_dict *response, UINT32 rrtype, const char *qname)
{
    getdns_list *replies, *wires, *answers;
    size_t count = 0, i, j, answer_count;

    if (getdns_dict_get_list(response, "replies_tree", &replies)
        || getdns_dict_get_list(response, "replies_full", &wires)
        || getdns_list_get_length(replies, &count))
        return 0;
    for (i = 0; i < count; i++)
    {
        getdns_dict *reply;
        getdns_bindata *question, *wire;
        char text[WS2GETDNS_MAX_NAME];

        if (getdns_list_get_bindata(wires, i, &wire)
            || !dns_message_is_well_formed(wire->data, wire->size)
            || getdns_list_get_dict(replies, i, &reply)
            || getdns_dict_get_bindata(reply, "/question/qname", &question)
            || getdns_dict_get_list(reply, "answer", &answers)
            || getdns_list_get_length(answers, &answer_count))
            continue;
        if (qname && (!name_wire_to_text(question->data, question->size, text, sizeof(text))
                      || strcasecmp(text, qname)))
            continue;
        for (j = 0; j < answer_count; j++)
        {
            getdns_dict *rr;
            getdns_bindata *owner, *addr;
            uint32_t type;

            if (getdns_list_get_dict(answers, j, &rr) || getdns_dict_get_int(rr, "type", &type)
                || type != rrtype || getdns_dict_get_bindata(rr, "name", &owner)
                || !same_name(owner, question)
                || getdns_dict_get_bindata(rr, rrtype == GETDNS_RRTYPE_A ? "/rdata/ipv4_address"
                                                                         : "/rdata/ipv6_address", &addr))
                continue;
            if (addr->size == (rrtype == GETDNS_RRTYPE_A ? 4 : 16)) return 1;
        }
    }
    return 0;
}

static void check_extract(getdns_dict *response, size_t reply_count, UINT32 rrtype, const char *qname,
                          struct reply_info *info, struct addr_list *list)
{
    unsigned int i, j;

    addr_list_init(list);
    fuzz_check(reply_extract(response, rrtype, qname, info, list));
    fuzz_check(info->replies >= 0 && (size_t)info->replies <= reply_count);
    fuzz_check(list->count <= list->size && list->count <= MAX_RESULT_ADDRS);
    fuzz_check(!list->count || info->replies);
    /* the TTL only moves when an address is taken */
    if (!list->count) fuzz_check(info->ttl == UINT32_MAX);
    for (i = 0; i < list->count; i++)
    {
        const struct result_addr *addr = &list->addrs[i];

        fuzz_check(addr->family == (rrtype == GETDNS_RRTYPE_A ? WS2GETDNS_AF_INET : WS2GETDNS_AF_INET6));
        fuzz_check(!addr->flags && !addr->scope_id);
        if (rrtype == GETDNS_RRTYPE_A) for (j = 4; j < 16; j++) fuzz_check(!addr->addr[j]);
        for (j = 0; j < i; j++) fuzz_check(!addr_same(addr, &list->addrs[j]));
        /* the answer's TTL is its addresses' smallest (0: the record had none) */
        fuzz_check(!addr->ttl || info->ttl <= addr->ttl);
    }
    /* a canonical name reaches Windows programs: clean or nothing */
    fuzz_check(fuzz_terminated(info->canon, sizeof(info->canon)));
    if (info->canon[0]) fuzz_check(name_is_valid(info->canon) && strlen(info->canon) <= 253);
    if (info->canon_bad) fuzz_check(!info->canon[0]);
    if (has_direct_answer(response, rrtype, qname)) fuzz_check(list->count >= 1);
}

static void check_string(const char *ptr, UINT16 len, const char *expect)
{
    if (!expect || !*expect)
    {
        fuzz_check(!len);
        return;
    }
    fuzz_check(len == strlen(expect) + 1);
    fuzz_check(!ptr[len - 1] && strlen(ptr) == len - 1u && !strcmp(ptr, expect));
}

static void check_record(const struct addr_list *list, UINT32 status, UINT32 ttl,
                         const char *canon, const char *fqdn)
{
    unsigned int count = status ? 0 : list->count;
    size_t size = record_size(count, canon, fqdn), used;
    struct result_record *record;
    const char *ptr;

    fuzz_check(size % 8 == 0);
    /* unixlib.h promises any single record fits the minimum run buffer */
    fuzz_check(size <= WS2GETDNS_MIN_RUN_BUFFER);
    /* exact size, not rounded by us: ASan catches a write past it */
    fuzz_check((record = malloc(size)) != NULL);
    record_write(record, 0x1234, status, ttl, count ? list->addrs : NULL, count, canon, fqdn);
    fuzz_check(record->handle == 0x1234 && record->status == status && record->ttl == ttl);
    fuzz_check(record->size == size && record->addr_count == count);
    fuzz_check(!record->reserved[0] && !record->reserved[1] && !record->reserved[2]);
    used = sizeof(*record) + count * sizeof(struct result_addr) + record->canon_len + record->fqdn_len;
    fuzz_check(used <= size && size - used < 8);
    fuzz_check(!count || !memcmp(record + 1, list->addrs, count * sizeof(struct result_addr)));
    ptr = (const char *)(record + 1) + count * sizeof(struct result_addr);
    check_string(ptr, record->canon_len, canon);
    check_string(ptr + record->canon_len, record->fqdn_len, fqdn);
    free(record);
}

/* what evaluate_candidate() packs: IPv6 answers before IPv4, no
 * duplicates, optionally IPv4 as v4-mapped IPv6 */
static void check_merge_and_pack(const struct reply_info *info6, const struct addr_list *aaaa,
                                 const struct reply_info *info4, const struct addr_list *a,
                                 const char *qname, int v4mapped)
{
    const struct reply_info *source = aaaa->count ? info6 : info4;
    struct addr_list merged;
    char fqdn[WS2GETDNS_MAX_NAME];
    const char *canon;
    UINT32 ttl = info6->ttl < info4->ttl ? info6->ttl : info4->ttl;
    unsigned int i;

    addr_list_init(&merged);
    for (i = 0; i < aaaa->count; i++) fuzz_check(addr_list_add(&merged, &aaaa->addrs[i]));
    for (i = 0; i < a->count; i++)
    {
        struct result_addr mapped;

        if (v4mapped) addr_map_v4(&a->addrs[i], &mapped);
        fuzz_check(addr_list_add(&merged, v4mapped ? &mapped : &a->addrs[i]));
    }
    fuzz_check(merged.count <= MAX_RESULT_ADDRS && merged.count <= aaaa->count + a->count);
    if (!v4mapped) fuzz_check(merged.count == (aaaa->count + a->count < MAX_RESULT_ADDRS
                                               ? aaaa->count + a->count : MAX_RESULT_ADDRS));

    if (source->canon_bad) canon = NULL;
    else if (source->canon[0]) canon = source->canon;
    else canon = qname;
    if (!qname || !name_normalize(qname, fqdn, sizeof(fqdn))) fqdn[0] = 0;
    if (ttl == UINT32_MAX) ttl = 0;
    check_record(&merged, 0, ttl, canon, fqdn);
    check_record(&merged, WS2GETDNS_WSAHOST_NOT_FOUND, 0, NULL, NULL);
    addr_list_free(&merged);
}

static void run_one(getdns_dict *response, size_t reply_count, const char *qname, int v4mapped)
{
    struct reply_info info6, info4;
    struct addr_list aaaa, a;

    check_extract(response, reply_count, GETDNS_RRTYPE_AAAA, qname, &info6, &aaaa);
    check_extract(response, reply_count, GETDNS_RRTYPE_A, qname, &info4, &a);
    check_merge_and_pack(&info6, &aaaa, &info4, &a, qname, v4mapped);
    addr_list_free(&aaaa);
    addr_list_free(&a);
}

static uint8_t padded[2 * 65536 + GETDNS_SLACK];
static size_t padded_used;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    getdns_dict *response;
    getdns_bindata *question;
    size_t reply_count;
    char qname[WS2GETDNS_MAX_NAME];
    uint8_t *copy;

    /* getdns 1.6 itself reads up to an rdlength past the end of some
     * malformed replies (see README); in its stub the reply sits in a
     * bigger buffer, so it gets a copy with zeroed slack like that.  Our
     * own validator gets an exact-size heap copy that ASan watches. */
    if (size > sizeof(padded) - GETDNS_SLACK) return 0;
    memcpy(padded, data, size);
    memset(padded + size, 0, padded_used > size ? padded_used - size : 0);
    padded_used = size;
    if (!(copy = malloc(size ? size : 1))) return 0;
    memcpy(copy, data, size);
    response = make_response(padded, size, &reply_count);

    /* what our validator accepts, getdns must be able to parse */
    if (dns_message_is_well_formed(copy, size))
    {
        getdns_dict *msg = NULL;

        fuzz_check(!getdns_wire2msg_dict(padded, size, &msg) && msg);
        getdns_dict_destroy(msg);
    }

    /* as the resolver asks: the candidate name is the first question; then
     * with no question filter, and with a name nobody asked */
    if (!getdns_dict_get_bindata(response, "/replies_tree/0/question/qname", &question)
        && name_wire_to_text(question->data, question->size, qname, sizeof(qname)))
        run_one(response, reply_count, qname, reply_count & 1);
    run_one(response, reply_count, NULL, 0);
    run_one(response, reply_count, "not-asked.invalid", 1);

    /* a NULL response (getdns' ERROR callback) is no reply at all */
    {
        struct reply_info info;
        struct addr_list list;

        addr_list_init(&list);
        fuzz_check(reply_extract(NULL, GETDNS_RRTYPE_A, NULL, &info, &list) && !info.replies && !list.count);
    }
    getdns_dict_destroy(response);
    free(copy);
    return 0;
}
