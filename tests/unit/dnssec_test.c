/*
 * ws2getdns Unix-side tests: DNSSEC validation (unix_dnssec.c) against a zone signed for the run
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

/* Run only inside the sandbox with its DNSSEC server:
 *     tests/sandbox/run --dnssec -- tests/unit/build/dnssec_test
 * unbound serves on 127.0.0.21 (WS2GETDNS_DNSSEC_ADDR) the zones
 * tests/dns/gen-dnssec.sh signed for this run, without validating them,
 * and on 127.0.0.22 (WS2GETDNS_DNSSEC_INTACT_ADDR) the same zones with
 * nothing spoilt; WS2GETDNS_DNSSEC_ANCHOR is their trust anchor. */

#define _GNU_SOURCE
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "unit_check.h"
#include "unix_resolver.h"
#include "unix_eventloop.h"
#include "unix_dnssec.h"
#include "unix_names.h"
#include "unix_reverse.h"

#include "resolver_driver.h"

#define WSAHOST_NOT_FOUND 11001
#define WSANO_RECOVERY 11003

static const char *dnssec_addr, *intact_addr, *anchor;

/* ------------------------------------------------------------ the parser */

static struct dnssec_config parsed;

static const struct dnssec_config *parse(const char *text)
{
    dnssec_config_parse(&parsed, text, strlen(text));
    return &parsed;
}

static void test_parse(void)
{
    const struct dnssec_config *conf;

    conf = parse("");
    check(!conf->validate && !conf->broken, "empty: off");
    conf = parse("# a comment\n\noff\n");
    check(!conf->validate && !conf->broken, "off");
    conf = parse("validate\n");
    check(conf->validate && !conf->broken && !conf->trust_anchor[0], "validate, the default anchor");
    conf = parse("  validate  \ntrust-anchor /etc/ws2/anchor.ds\n");
    check(conf->validate && !conf->broken && !strcmp(conf->trust_anchor, "/etc/ws2/anchor.ds"),
          "validate with an anchor file: broken %u anchor \"%s\"", conf->broken, conf->trust_anchor);
    conf = parse("validate\noff\n");
    check(!conf->validate && !conf->broken, "the last word counts");
    /* what we cannot honour fails closed */
    conf = parse("validtae\n");
    check(conf->validate && conf->broken && conf->line == 1, "misspelt: broken at line 1 (%u)", conf->line);
    conf = parse("validate\ntrust-anchor relative.ds\n");
    check(conf->broken && conf->line == 2, "relative anchor path: broken at line 2 (%u)", conf->line);
    conf = parse("validate\ntrust-anchor\n");
    check(conf->broken, "anchor without a path: broken");
    conf = parse("validate now\n");
    check(conf->broken, "trailing garbage: broken");
    conf = parse("off\nfrobnicate\n");
    check(conf->broken && conf->validate, "an unknown word may have meant validate: broken");
}

/* ------------------------------------------------------ getdns itself */

/* What getdns 1.6 does with a bogus answer in stub mode, which the
 * resolution relies on: with dnssec_return_status alone the bogus reply
 * is dropped and the response says NO_NAME (indistinguishable from no
 * reply); with dnssec_return_all_statuses too it stays, with status BOGUS. */
static void test_getdns_pins(void)
{
    getdns_context *context = NULL;
    getdns_dict *ext = getdns_dict_create(), *upstream = getdns_dict_create(), *response;
    getdns_list *upstreams = getdns_list_create(), *anchors = NULL, *replies;
    uint8_t addr[4];
    getdns_bindata data = { 4, addr };
    uint32_t status = 0, dnssec_status = 0;
    size_t count = 0;
    FILE *file = fopen(anchor, "r");

    inet_pton(AF_INET, dnssec_addr, addr);
    check(file && !getdns_fp2rr_list(file, &anchors, NULL, 3600), "pins: read the anchor");
    if (file) fclose(file);
    getdns_dict_set_bindata(upstream, "address_data", &data);
    getdns_list_set_dict(upstreams, 0, upstream);
    if (getdns_context_create(&context, 0) || getdns_context_set_resolution_type(context, GETDNS_RESOLUTION_STUB)
        || getdns_context_set_upstream_recursive_servers(context, upstreams)
        || dnssec_context_setup(context, anchors))
    {
        check(0, "pins: cannot make a validating stub context");
        goto done;
    }
    getdns_dict_set_int(ext, "dnssec_return_status", GETDNS_EXTENSION_TRUE);
    if (!getdns_general_sync(context, "bogus.dnssec.test", GETDNS_RRTYPE_A, ext, &response))
    {
        getdns_dict_get_int(response, "status", &status);
        if (!getdns_dict_get_list(response, "replies_tree", &replies)) getdns_list_get_length(replies, &count);
        check(status == GETDNS_RESPSTATUS_NO_NAME && !count,
              "pins: dnssec_return_status alone: a bogus answer is NO_NAME without replies (status %u, %zu replies)",
              status, count);
        getdns_dict_destroy(response);
    }
    else check(0, "pins: getdns_general_sync failed");
    getdns_dict_destroy(ext);
    ext = dnssec_extensions_create();
    count = 0;
    if (!getdns_general_sync(context, "bogus.dnssec.test", GETDNS_RRTYPE_A, ext, &response))
    {
        getdns_dict *reply;

        getdns_dict_get_int(response, "status", &status);
        if (!getdns_dict_get_list(response, "replies_tree", &replies)) getdns_list_get_length(replies, &count);
        if (count && !getdns_list_get_dict(replies, 0, &reply)) getdns_dict_get_int(reply, "dnssec_status", &dnssec_status);
        check(status == GETDNS_RESPSTATUS_GOOD && count == 1 && dnssec_status == GETDNS_DNSSEC_BOGUS,
              "pins: with all statuses the bogus reply stays (status %u, %zu replies, dnssec_status %u)",
              status, count, dnssec_status);
        check(dnssec_response_verdict(response) == DNSSEC_BOGUS, "pins: verdict bogus");
        getdns_dict_destroy(response);
    }
    else check(0, "pins: getdns_general_sync failed");
    if (!getdns_general_sync(context, "host.insecure.dnssec.test", GETDNS_RRTYPE_A, ext, &response))
    {
        check(dnssec_response_verdict(response) == DNSSEC_INSECURE, "pins: unsigned delegation: insecure");
        getdns_dict_destroy(response);
    }
    if (!getdns_general_sync(context, "secure.dnssec.test", GETDNS_RRTYPE_A, ext, &response))
    {
        check(dnssec_response_verdict(response) == DNSSEC_SECURE, "pins: signed: secure");
        getdns_dict_destroy(response);
    }
done:
    if (context) getdns_context_destroy(context);
    getdns_dict_destroy(ext);
    getdns_dict_destroy(upstream);
    getdns_list_destroy(upstreams);
    getdns_list_destroy(anchors);
}

/* ------------------------------------------------------------ lookups */

static int start_with_servers(const char *setting, const char *servers)
{
    char resolv[256];

    snprintf(resolv, sizeof(resolv), "%soptions timeout:1 attempts:2\n", servers);
    return write_config("WS2GETDNS_RESOLV_CONF", "dnssec-test-resolv.conf", resolv)
        && write_config("WS2GETDNS_DNSSEC_CONF", "dnssec-test.conf", setting)
        && start_driver();
}

static int start_with(const char *setting)
{
    char servers[64];

    snprintf(servers, sizeof(servers), "nameserver %s\n", dnssec_addr);
    return start_with_servers(setting, servers);
}

static int none_flagged(const struct result *res, UINT16 flag)
{
    unsigned int i;

    for (i = 0; res && i < res->rec.addr_count && i < MAX_KEEP_ADDRS; i++)
        if (res->addrs[i].flags & flag) return 0;
    return 1;
}

/* want_secure: 1 every address flagged, 0 none, -1 no addresses to look at */
static void lookup(const char *label, const char *name, UINT32 family, const char *want, int want_secure)
{
    struct result *res = wait_for(submit(name, family, 0, 0), 15000);

    check(res && !strcmp(summary(res), want), "%s: %s: got \"%s\" want \"%s\"", label, name, summary(res), want);
    if (want_secure == 1) check(all_flagged(res, WS2GETDNS_ADDR_SECURE), "%s: %s: secure flag on every address",
                                label, name);
    if (want_secure == 0) check(none_flagged(res, WS2GETDNS_ADDR_SECURE), "%s: %s: no secure flag", label, name);
}

static void test_validate(void)
{
    char setting[512];
    struct result *res;
    UINT64 h;

    snprintf(setting, sizeof(setting), "validate\ntrust-anchor %s\n", anchor);
    if (!start_with(setting)) return;
    lookup("validate", "secure.dnssec.test", WS2GETDNS_AF_UNSPEC, "0 2 2001:db8::101 192.0.2.101", 1);
    lookup("validate", "cname.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.101", 1);
    /* proven unsigned: as without validation, and not flagged */
    lookup("validate", "host.insecure.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.103", 0);
    /* a signed denial: the name does not exist */
    lookup("validate", "missing.dnssec.test", WS2GETDNS_AF_INET, "11001 0", -1);
    /* bogus: a clean failure, never the addresses */
    lookup("validate", "bogus.dnssec.test", WS2GETDNS_AF_INET, "11003 0", -1);
    lookup("validate", "bogus.dnssec.test", WS2GETDNS_AF_UNSPEC, "11003 0", -1);
    lookup("validate", "nosig.dnssec.test", WS2GETDNS_AF_INET, "11003 0", -1);
    /* at once: a bogus answer is an answer, not a wait for the budget */
    res = wait_for(submit("bogus.dnssec.test", WS2GETDNS_AF_INET6, 0, 0), 15000);
    check(res && res->rec.status == WSANO_RECOVERY && took(res) < 900,
          "validate: bogus fails without waiting out the 2 s budget: status %u after %llu ms",
          res ? res->rec.status : 0, (unsigned long long)took(res));
    /* cancelled: no record, as ever */
    h = submit("bogus.dnssec.test", WS2GETDNS_AF_INET, 0, 0);
    resolver_cancel(resolver, h);
    res = wait_for(submit("secure.dnssec.test", WS2GETDNS_AF_INET, 0, 0), 15000);
    check(res && !strcmp(summary(res), "0 1 192.0.2.101"), "validate: after a cancel: %s", summary(res));
    check(!results[h].seen, "validate: cancelled lookup: no record");
    /* names outside every anchor, and what is not DNS, answer as before */
    lookup("validate", "localhost", WS2GETDNS_AF_INET, "0 1 127.0.0.1", 0);
    stop_resolver();
}

/* A bogus answer is one server's (it may strip signatures, or the reply
 * was forged on its way): the next server's intact answer is taken, and
 * flagged.  The first server alone still fails the name. */
static void test_failover(void)
{
    char setting[512], servers[128];

    snprintf(setting, sizeof(setting), "validate\ntrust-anchor %s\n", anchor);
    snprintf(servers, sizeof(servers), "nameserver %s\nnameserver %s\n", dnssec_addr, intact_addr);
    if (!start_with_servers(setting, servers)) return;
    lookup("bogus, then intact", "bogus.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.102", 1);
    lookup("bogus, then intact", "bogus.dnssec.test", WS2GETDNS_AF_UNSPEC, "0 2 2001:db8::102 192.0.2.102", 1);
    lookup("bogus, then intact", "nosig.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.104", 1);
    lookup("bogus, then intact", "secure.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.101", 1);
    stop_resolver();
    /* the other way round: the intact server answers first */
    snprintf(servers, sizeof(servers), "nameserver %s\nnameserver %s\n", intact_addr, dnssec_addr);
    if (!start_with_servers(setting, servers)) return;
    lookup("intact, then bogus", "bogus.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.102", 1);
    stop_resolver();
    /* without validation the first server's spoilt answer is what comes */
    snprintf(servers, sizeof(servers), "nameserver %s\nnameserver %s\n", dnssec_addr, intact_addr);
    if (!start_with_servers("off\n", servers)) return;
    lookup("off, bogus first", "bogus.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.66", 0);
    stop_resolver();
}

/* validation off (no file, or "off"): what stock Wine gets, bogus or not */
static void test_off(void)
{
    static const char *const settings[] = { NULL, "off\n" };
    unsigned int i;

    for (i = 0; i < 2; i++)
    {
        const char *label = settings[i] ? "off" : "no setting";

        if (!start_with(settings[i] ? settings[i] : "")) return;
        lookup(label, "bogus.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.66", 0);
        lookup(label, "nosig.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.104", 0);
        lookup(label, "secure.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.101", 0);
        stop_resolver();
    }
}

/* a setting we cannot honour fails DNS closed, not open */
static void test_broken(void)
{
    if (!start_with("validate\ntrust-anchor /nonexistent/anchor.ds\n")) return;
    lookup("missing anchor file", "secure.dnssec.test", WS2GETDNS_AF_INET, "11003 0", -1);
    expect("localhost", WS2GETDNS_AF_INET, 0, "0 1 127.0.0.1");
    stop_resolver();
    if (!start_with("validtae\n")) return;
    lookup("misspelt setting", "bogus.dnssec.test", WS2GETDNS_AF_INET, "11003 0", -1);
    stop_resolver();
}

/* reverse lookups (unix_reverse.c) validate as the engine's lookups do:
 * a signed name is flagged, a bogus one fails, never "not found"; `intact`
 * puts the intact server after the spoilt one */
static void reverse(const char *label, const char *setting, int intact, const char *address, UINT32 want_status,
                    const char *want_name, UINT32 want_flags)
{
    struct reverse_params params;
    struct result_addr addr;
    char resolv[256];

    snprintf(resolv, sizeof(resolv), "nameserver %s\n%s%s%soptions timeout:1 attempts:2\n", dnssec_addr,
             intact ? "nameserver " : "", intact ? intact_addr : "", intact ? "\n" : "");
    if (!write_config("WS2GETDNS_RESOLV_CONF", "dnssec-test-resolv.conf", resolv)
        || !write_config("WS2GETDNS_DNSSEC_CONF", "dnssec-test.conf", setting))
        return;
    memset(&params, 0, sizeof(params));
    name_parse_literal(address, &addr);
    params.family = addr.family;
    memcpy(params.addr, addr.addr, sizeof(params.addr));
    reverse_lookup(&params);
    check(params.status == want_status && !strcmp(params.name, want_name) && params.flags == want_flags,
          "%s: reverse %s: status %u name \"%s\" flags %#x, want %u \"%s\" %#x", label, address,
          params.status, params.name, params.flags, want_status, want_name, want_flags);
}

static void test_reverse(void)
{
    char setting[512];

    snprintf(setting, sizeof(setting), "validate\ntrust-anchor %s\n", anchor);
    reverse("validate", setting, 0, "192.0.2.101", 0, "secure.dnssec.test", WS2GETDNS_ADDR_SECURE);
    reverse("validate, mapped", setting, 0, "::ffff:192.0.2.101", 0, "secure.dnssec.test", WS2GETDNS_ADDR_SECURE);
    reverse("validate, forged", setting, 0, "192.0.2.102", WSANO_RECOVERY, "", 0);
    reverse("validate, no signature", setting, 0, "192.0.2.104", WSANO_RECOVERY, "", 0);
    /* a signed denial */
    reverse("validate, no such name", setting, 0, "192.0.2.105", WSAHOST_NOT_FOUND, "", 0);
    /* the next server passes the signed name on intact */
    reverse("forged, then intact", setting, 1, "192.0.2.102", 0, "bogus.dnssec.test", WS2GETDNS_ADDR_SECURE);
    reverse("no signature, then intact", setting, 1, "192.0.2.104", 0, "nosig.dnssec.test", WS2GETDNS_ADDR_SECURE);
    /* without validation: what the server says, forged or not */
    reverse("off", "off\n", 0, "192.0.2.102", 0, "forged.dnssec.test", 0);
    reverse("off", "off\n", 0, "192.0.2.101", 0, "secure.dnssec.test", 0);
    /* a setting we cannot honour fails closed */
    reverse("missing anchor file", "validate\ntrust-anchor /nonexistent/anchor.ds\n", 0, "192.0.2.101",
            WSANO_RECOVERY, "", 0);
}

/* the setting is read again when it changes */
static void test_reload(void)
{
    char setting[512];

    if (!start_with("off\n")) return;
    lookup("reload, off", "bogus.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.66", 0);
    sleep(1);
    snprintf(setting, sizeof(setting), "validate\ntrust-anchor %s\n", anchor);
    write_config("WS2GETDNS_DNSSEC_CONF", "dnssec-test.conf", setting);
    usleep(1100000);
    lookup("reload, validate", "bogus.dnssec.test", WS2GETDNS_AF_INET, "11003 0", -1);
    lookup("reload, validate", "secure.dnssec.test", WS2GETDNS_AF_INET, "0 1 192.0.2.101", 1);
    stop_resolver();
}

int main(void)
{
    test_parse();
    if (!getenv("WS2GETDNS_SANDBOX") || !(dnssec_addr = getenv("WS2GETDNS_DNSSEC_ADDR"))
        || !(intact_addr = getenv("WS2GETDNS_DNSSEC_INTACT_ADDR"))
        || !(anchor = getenv("WS2GETDNS_DNSSEC_ANCHOR")))
    {
        /* never let this query the machine's own resolver */
        check(0, "dnssec_test must run inside tests/sandbox/run --dnssec");
        return check_summary();
    }
    unsetenv("WS2GETDNS_HOSTS");
    test_getdns_pins();
    test_validate();
    test_failover();
    test_off();
    test_broken();
    test_reload();
    test_reverse();
    check(!bad_records, "all records well-formed (%u bad)", bad_records);
    return check_summary();
}
