#!/bin/sh
# pcap.sh - the packet benchmarks, on one capture of real mixed traffic
# (bench/mkpcap.lua: PCAP_COUNT packets between two lab hosts: short TCP
# connections over IPv4 and IPv6, UDP, ICMP, ICMPv6, ARP and neighbour
# discovery, written by tcpdump inside the lab):
#  - printing every packet as tcpdump text to /dev/null: netlab.tcpdump
#    against `TZ=UTC tcpdump -nn -r` (goal >= 2x) and tcpdump with TZ
#    unset (goal >= 3x), the outputs compared byte for byte; the same
#    with -v against `TZ=UTC tcpdump -nn -v -r` (goal >= 2x), the lines
#    that differ counted;
#  - touching a few fields of every packet (SYNs per destination):
#    bench/pcap_fields.lua (goal >= 2M packets/s; a reused packet and
#    field getters, and for context the plain loop) against a C libpcap
#    loop touching the same fields (bench/pcap_fields.c, goal >= 0.5x,
#    the same counts) and Scapy's
#    bench/pcap_fields.py (goal >= 300x), on the first SCAPY_COUNT
#    packets for Scapy, whose counts must equal netlab's on those.
# Prints RESULTS.md table rows (|) and notes (-).
. "$(dirname "$0")/lib.sh"

COUNT=${PCAP_COUNT:-500000}
SCAPY_COUNT=${SCAPY_COUNT:-50000}
ROUNDS=${PCAP_ROUNDS:-5}
PY=/usr/bin/python3
FILE="$WORK/mixed.pcap"

say "pcap: capturing $COUNT packets of mixed traffic"
timeout 150 "$NETLAB" "$BENCH/mkpcap.lua" "$FILE" "$COUNT" || die "mkpcap failed"
got=$(tcpdump -nn -r "$FILE" 2>/dev/null | wc -l)
[ "$got" -ge "$COUNT" ] || die "the capture holds $got packets, not $COUNT"

# secs CMD...: wall seconds CMD takes, output to /dev/null.
secs() {
	s=$(date +%s.%N)
	"$@" >/dev/null 2>&1 || die "failed: $*"
	calc "$(date +%s.%N) - $s"
}

# The outputs must be identical before any time counts.
(unset TZ; "$NETLAB" "$BENCH/pcap_print.lua" "$FILE" >"$WORK/netlab.txt" 2>&1)
TZ=UTC "$NETLAB" "$BENCH/pcap_print.lua" "$FILE" >"$WORK/netlab-utc.txt" 2>&1
(unset TZ; tcpdump -nn -r "$FILE" >"$WORK/tcpdump.txt" 2>/dev/null)
TZ=UTC tcpdump -nn -r "$FILE" >"$WORK/tcpdump-utc.txt" 2>/dev/null
same=yes
cmp -s "$WORK/netlab.txt" "$WORK/tcpdump.txt" || same=no
cmp -s "$WORK/netlab-utc.txt" "$WORK/tcpdump-utc.txt" || same=no

nl_all="" utc_all="" local_all=""
for round in $(seq "$ROUNDS"); do
	say "pcap printing: round $round/$ROUNDS"
	nl_all="$nl_all $(unset TZ; secs "$NETLAB" "$BENCH/pcap_print.lua" "$FILE")"
	utc_all="$utc_all $(export TZ=UTC; secs tcpdump -nn -r "$FILE")"
	local_all="$local_all $(unset TZ; secs tcpdump -nn -r "$FILE")"
done
nl=$(median $nl_all) utc=$(median $utc_all) loc=$(median $local_all)
r_utc=$(calc "$utc / $nl") r_loc=$(calc "$loc / $nl")
ok_utc=$(verdict "$r_utc" '>=' 2.0) ok_loc=$(verdict "$r_loc" '>=' 3.0)
[ $same = yes ] || { ok_utc=FAIL ok_loc=FAIL; }
printf '| Printing %dk packets as tcpdump -nn text to /dev/null, median of %s | %.3f s | %.3f s, TZ=UTC tcpdump -nn -r | %.2fx faster | >= 2x | %s |\n' \
	$((COUNT / 1000)) "$ROUNDS" "$nl" "$utc" "$r_utc" "$ok_utc"
printf '| The same, tcpdump with TZ unset | %.3f s | %.3f s, tcpdump -nn -r | %.2fx faster | >= 3x | %s |\n' \
	"$nl" "$loc" "$r_loc" "$ok_loc"
printf -- '- Printing: output identical to tcpdump'"'"'s, local time and UTC: %s (%s lines).\n' "$same" "$got"

# The same with -v (TZ=UTC): its lines should be identical to tcpdump's
# (ICMPv6's too); those that differ are counted in a note.
TZ=UTC "$NETLAB" "$BENCH/pcap_print.lua" "$FILE" "-nn -v" >"$WORK/netlab-v.txt" 2>&1
TZ=UTC tcpdump -nn -v -r "$FILE" >"$WORK/tcpdump-v.txt" 2>/dev/null
v_lines=$(wc -l <"$WORK/tcpdump-v.txt")
v_diff=$(diff "$WORK/tcpdump-v.txt" "$WORK/netlab-v.txt" | grep -c '^<')
v_nl="" v_td=""
for round in $(seq "$ROUNDS"); do
	say "pcap printing -v: round $round/$ROUNDS"
	v_nl="$v_nl $(export TZ=UTC; secs "$NETLAB" "$BENCH/pcap_print.lua" "$FILE" "-nn -v")"
	v_td="$v_td $(export TZ=UTC; secs tcpdump -nn -v -r "$FILE")"
done
vn=$(median $v_nl) vt=$(median $v_td)
r_v=$(calc "$vt / $vn")
printf '| The same with -v, TZ=UTC, median of %s | %.3f s | %.3f s, TZ=UTC tcpdump -nn -v -r | %.2fx faster | >= 2x | %s |\n' \
	"$ROUNDS" "$vn" "$vt" "$r_v" "$(verdict "$r_v" '>=' 2.0)"
printf -- '- Printing -v: %s of tcpdump'"'"'s %s lines differ; rounds netlab%s, tcpdump%s.\n' \
	"$v_diff" "$v_lines" "$v_nl" "$v_td"

say "pcap fields: netlab"
"$NETLAB" "$BENCH/pcap_fields.lua" "$FILE" >"$WORK/fields-netlab.out" || die "pcap_fields.lua failed"
pps=$(field packets_per_sec "$WORK/fields-netlab.out")
"$NETLAB" "$BENCH/pcap_fields.lua" "$FILE" "$SCAPY_COUNT" >"$WORK/fields-netlab-part.out" || die "pcap_fields.lua failed"
say "pcap fields: scapy on $SCAPY_COUNT packets"
timeout 600 $PY "$BENCH/pcap_fields.py" "$FILE" "$SCAPY_COUNT" >"$WORK/fields-scapy.out" || die "scapy failed"
spps=$(field packets_per_sec "$WORK/fields-scapy.out")
agree=yes
[ "$(grep -v per_sec "$WORK/fields-netlab-part.out")" = "$(grep -v per_sec "$WORK/fields-scapy.out")" ] || agree=no
r=$(calc "$pps / $spps")
ok_abs=$(verdict "$pps" '>=' 2000000) ok_rel=$(verdict "$r" '>=' 300)
[ $agree = yes ] || { ok_abs=FAIL ok_rel=FAIL; }
printf '| Touching fields of every packet from Lua (SYNs per destination), %dk packets | %.2fM packets/s | | | >= 2M/s | %s |\n' \
	$((COUNT / 1000)) "$(calc "$pps / 1000000")" "$ok_abs"
printf '| The same against Scapy (PcapReader), first %dk packets | %.2fM packets/s | %.0f packets/s, Scapy %s | %.0fx | >= 300x | %s |\n' \
	$((SCAPY_COUNT / 1000)) "$(calc "$pps / 1000000")" "$spps" \
	"$($PY -c 'import scapy; print(scapy.VERSION)' 2>/dev/null)" "$r" "$ok_rel"
# The C libpcap loop on the whole file, rounds alternating with netlab's.
cc_bench pcap_fields -lpcap
fl_all="" fc_all="" fp_all="" r_all="" rp_all="" c_agree=yes
for round in $(seq "$ROUNDS"); do
	say "pcap fields: round $round/$ROUNDS, netlab (reused packet, field getters; plain) and C libpcap"
	"$NETLAB" "$BENCH/pcap_fields.lua" "$FILE" >"$WORK/fields-l.out" || die "pcap_fields.lua failed"
	"$WORK/pcap_fields" "$FILE" >"$WORK/fields-c.out" || die "pcap_fields (C) failed"
	"$NETLAB" "$BENCH/pcap_fields.lua" "$FILE" inf plain >"$WORK/fields-p.out" || die "pcap_fields.lua plain failed"
	[ "$(grep -v per_sec "$WORK/fields-l.out")" = "$(grep -v per_sec "$WORK/fields-c.out")" ] || c_agree=no
	[ "$(grep -v per_sec "$WORK/fields-p.out")" = "$(grep -v per_sec "$WORK/fields-c.out")" ] || c_agree=no
	l=$(field packets_per_sec "$WORK/fields-l.out") c=$(field packets_per_sec "$WORK/fields-c.out")
	pl=$(field packets_per_sec "$WORK/fields-p.out")
	fl_all="$fl_all $l" fc_all="$fc_all $c" fp_all="$fp_all $pl"
	r_all="$r_all $(calc "$l / $c")" rp_all="$rp_all $(calc "$pl / $c")"
done
fl=$(median $fl_all) fc=$(median $fc_all) fp=$(median $fp_all)
r_c=$(median $r_all) r_p=$(median $rp_all)
ok_c=$(verdict "$r_c" '>=' 0.5)
[ $c_agree = yes ] || ok_c=FAIL
mpps() { for v in "$@"; do printf '%.2f ' "$(calc "$v / 1000000")"; done | sed 's/ $//'; }
ratios() { for v in "$@"; do printf '%.2f ' "$v"; done | sed 's/ $//'; }
printf '| The same against a C libpcap loop (bench/pcap_fields.c: pcap_next_ex, the same fields), netlab through r:packets{reuse = true} and netlab.packet.field getters, %dk packets, median of %s, ratio the median of per-round ratios (all) | %.2fM packets/s (%s) | %.2fM packets/s (%s), C libpcap | %.2fx (%s) | >= 0.5x | %s |\n' \
	$((COUNT / 1000)) "$ROUNDS" "$(calc "$fl / 1000000")" "$(mpps $fl_all)" "$(calc "$fc / 1000000")" "$(mpps $fc_all)" "$r_c" "$(ratios $r_all)" "$ok_c"
printf -- '- Context, no goal: the same loop written plainly (a packet object each, p.tcp.flags, p.ip.dst): %.2fM packets/s (%s), %.2fx the C loop (%s).\n' \
	"$(calc "$fp / 1000000")" "$(mpps $fp_all)" "$r_p" "$(ratios $rp_all)"
printf -- '- Fields: netlab and the C libpcap loop found the same SYN counts: %s.\n' "$c_agree"
printf -- '- Fields: netlab and Scapy found the same SYN counts on the first %dk packets: %s.\n' $((SCAPY_COUNT / 1000)) "$agree"
