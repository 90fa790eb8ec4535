#!/bin/sh
#
# Makes the DNSSEC test zones in DIR, at test time (tests/sandbox/run
# --dnssec calls it): nothing of it is committed, least of all the keys.
#
#   DIR/dnssec.test.zone.signed   dnssec.test., signed with a fresh key:
#       secure.dnssec.test     A 192.0.2.101, AAAA 2001:db8::101  (secure)
#       bogus.dnssec.test      A 192.0.2.102, AAAA 2001:db8::102, the
#                              records changed after signing (bogus:
#                              the signatures no longer match)
#       nosig.dnssec.test      A 192.0.2.104, its signature removed
#                              (bogus: a signed zone's answer without one)
#       cname.dnssec.test      CNAME secure.dnssec.test (secure)
#       insecure.dnssec.test   NS, delegated without a DS record
#   DIR/intact.dnssec.test.zone.signed  the same zone as signed, before
#                              bogus and nosig were spoilt: a second server
#                              serves it, so that a client finding one
#                              server's answer bogus can get the real one
#                              from the next
#   DIR/insecure.dnssec.test.zone the unsigned child zone:
#       host.insecure.dnssec.test A 192.0.2.103 (insecure: proven unsigned)
#   DIR/2.0.192.in-addr.arpa.zone.signed  the names of those addresses,
#       signed with a key of its own:
#       192.0.2.101  PTR secure.dnssec.test   (secure)
#       192.0.2.102  PTR bogus.dnssec.test, changed after signing to
#                    forged.dnssec.test       (bogus)
#       192.0.2.104  PTR nosig.dnssec.test, its signature removed (bogus)
#       any other    no such name, signed     (secure)
#   DIR/intact.2.0.192.in-addr.arpa.zone.signed  the same before 102 and
#                              104 were spoilt, for the second server
#   DIR/trust-anchor              the DS records of both keys, the trust
#                                 anchors a validating client needs
#
# Needs ldns-keygen, ldns-signzone and ldns-key2ds (Debian's ldnsutils).
#
# Usage: tests/dns/gen-dnssec.sh DIR
#
# Copyright 2026 The ws2getdns authors
#
# This library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Lesser General Public
# License as published by the Free Software Foundation; either
# version 2.1 of the License, or (at your option) any later version.
#
# This library is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
# Lesser General Public License for more details.
#
# You should have received a copy of the GNU Lesser General Public
# License along with this library; if not, write to the Free Software
# Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA

set -eu

[ $# = 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
for tool in ldns-keygen ldns-signzone ldns-key2ds; do
    command -v $tool >/dev/null || { echo "$0: $tool is missing (Debian: ldnsutils)" >&2; exit 1; }
done
mkdir -p "$1"
cd "$1"

cat >dnssec.test.zone <<'ZONE'
$ORIGIN dnssec.test.
$TTL 300
@        IN SOA  localhost. hostmaster.dnssec.test. ( 2026010101 3600 600 86400 5 )
@        IN NS   localhost.
secure   IN A    192.0.2.101
secure   IN AAAA 2001:db8::101
bogus    IN A    192.0.2.102
bogus    IN AAAA 2001:db8::102
nosig    IN A    192.0.2.104
cname    IN CNAME secure.dnssec.test.
insecure IN NS   localhost.
ZONE

cat >insecure.dnssec.test.zone <<'ZONE'
$ORIGIN insecure.dnssec.test.
$TTL 300
@        IN SOA  localhost. hostmaster.dnssec.test. ( 2026010101 3600 600 86400 5 )
@        IN NS   localhost.
host     IN A    192.0.2.103
ZONE

# One key for everything (a KSK, so that the DS points at it); ECDSA P-256
# is quick to make and every validator knows it
key=$(ldns-keygen -a ECDSAP256SHA256 -k dnssec.test)
# valid from a day ago to ten days from now: a clock a little off does not
# turn the secure names bogus
now=$(date -u +%s)
ldns-signzone -i $((now - 86400)) -e $((now + 864000)) -f dnssec.test.zone.signed \
    dnssec.test.zone "$key" >/dev/null
ldns-key2ds -n -2 "$key.key" >trust-anchor
cp dnssec.test.zone.signed intact.dnssec.test.zone.signed

cat >2.0.192.in-addr.arpa.zone <<'ZONE'
$ORIGIN 2.0.192.in-addr.arpa.
$TTL 300
@        IN SOA  localhost. hostmaster.dnssec.test. ( 2026010101 3600 600 86400 5 )
@        IN NS   localhost.
101      IN PTR  secure.dnssec.test.
102      IN PTR  bogus.dnssec.test.
104      IN PTR  nosig.dnssec.test.
ZONE
rkey=$(ldns-keygen -a ECDSAP256SHA256 -k 2.0.192.in-addr.arpa)
ldns-signzone -i $((now - 86400)) -e $((now + 864000)) -f 2.0.192.in-addr.arpa.zone.signed \
    2.0.192.in-addr.arpa.zone "$rkey" >/dev/null
ldns-key2ds -n -2 "$rkey.key" >>trust-anchor
cp 2.0.192.in-addr.arpa.zone.signed intact.2.0.192.in-addr.arpa.zone.signed

# bogus: the addresses changed after signing
sed -i -e 's/192\.0\.2\.102$/192.0.2.66/' -e 's/2001:db8::102$/2001:db8::66/' dnssec.test.zone.signed
grep -q '192\.0\.2\.66$' dnssec.test.zone.signed && grep -q '2001:db8::66$' dnssec.test.zone.signed
# nosig: its A record's signature dropped
awk '!($1 == "nosig.dnssec.test." && $4 == "RRSIG" && $5 == "A")' dnssec.test.zone.signed >signed.tmp
mv signed.tmp dnssec.test.zone.signed
# the reverse zone: a forged name, and a name without its signature
sed -i -e 's/PTR\([[:space:]]*\)bogus\.dnssec\.test\.$/PTR\1forged.dnssec.test./' 2.0.192.in-addr.arpa.zone.signed
grep -q 'PTR[[:space:]]*forged\.dnssec\.test\.$' 2.0.192.in-addr.arpa.zone.signed
awk '!($1 == "104.2.0.192.in-addr.arpa." && $4 == "RRSIG" && $5 == "PTR")' 2.0.192.in-addr.arpa.zone.signed >signed.tmp
mv signed.tmp 2.0.192.in-addr.arpa.zone.signed
rm -f "$key.private" "$key.key" "$key.ds" "$rkey.private" "$rkey.key" "$rkey.ds"
