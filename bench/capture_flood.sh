#!/bin/sh
# capture_flood.sh - captures under a flood, and their opening and closing:
#  - 1M 64-byte frames sent as fast as bench/wire_blast.c can from host a
#    to host b, captured on b's eth0 to a pcap file by netlab
#    (b:capture{write = FILE}, bench/capture_flood.lua) and, in the same
#    run, by `tcpdump -w FILE`, rounds alternating: the flood's rate with
#    each capturing (frames / the sender's time), the kernel's drops, the
#    packets in the file, and the peak RSS (netlab: bench/maxrss.c over
#    the whole process; tcpdump: its VmHWM). Goals: no kernel drop in any
#    netlab round, netlab's rate >= 1.0x tcpdump's (median of per-round
#    ratios), netlab's RSS <= 64 MiB; the same with 3M frames shows the
#    RSS does not grow with the length;
#  - b:capture{iface = "eth0"} opened and closed 50 times (bench/
#    capture_open.lua) against the same through libpcap from C
#    (bench/capture_open.c): medians, goal <= 5 ms each.
# Prints RESULTS.md table rows (|) and notes (-).
. "$(dirname "$0")/lib.sh"

COUNT=${FLOOD_COUNT:-1000000}
LONG=${FLOOD_LONG:-3000000}
ROUNDS=${FLOOD_ROUNDS:-3}
OPENS=${CAPTURE_OPENS:-50}
RATE=5000000 # more than the sender reaches: as fast as it can

cc_bench wire_blast
cc_bench maxrss
${CC:-cc} -O2 -Wall -Wextra -o "$WORK/capture_open" "$BENCH/capture_open.c" -lpcap ||
	die "cannot compile bench/capture_open.c"

# flood MODE COUNT: one round; sets RATE_OUT (frames/s), DROPS, SAVED,
# RSS (KiB) from the output file.
flood() {
	out="$WORK/$1.out"
	rm -f "$WORK/$1.pcap" "$out"
	"$WORK/maxrss" 1 "$NETLAB" "$BENCH/capture_flood.lua" "$1" "$out" "$WORK/$1.pcap" \
		"$WORK/wire_blast" "$RATE" "$2" >"$WORK/$1.rss" || die "capture_flood.lua $1 failed"
	sent=$(field sent "$out")
	[ "$sent" = "$2" ] || die "$1: the sender sent $sent frames, not $2"
	RATE_OUT=$(calc "$sent / $(field secs "$out")")
	DROPS=$(calc "$(field dropped "$out") + $(field ifdropped "$out")")
	SAVED=$(field captured "$out")
	RSS=$(field maxrss_kib "$WORK/$1.rss")
	[ "$1" = tcpdump ] && RSS=$(field rss_kib "$out")
	# tcpdump -r is the oracle: it reads every packet the file claims
	read=$(tcpdump -nn -r "$WORK/$1.pcap" 2>/dev/null | grep -c "^[0-9]")
	[ "$read" = "$SAVED" ] || die "$1: tcpdump -r reads $read packets, the capture wrote $SAVED"
}

krate() { for v in "$@"; do printf '%.0fk ' "$(calc "$v / 1000")"; done | sed 's/ $//'; }

nl_all="" td_all="" ratios="" nl_drops="" td_drops="" nl_rss=0 td_rss=0 saved_all=""
for round in $(seq "$ROUNDS"); do
	say "capture flood: round $round/$ROUNDS"
	flood netlab "$COUNT"
	nl=$RATE_OUT nl_drops="$nl_drops $DROPS" saved_all="$saved_all $SAVED"
	[ "$RSS" -gt "$nl_rss" ] && nl_rss=$RSS
	flood tcpdump "$COUNT"
	td=$RATE_OUT td_drops="$td_drops $DROPS"
	[ "$RSS" -gt "$td_rss" ] && td_rss=$RSS
	nl_all="$nl_all $nl" td_all="$td_all $td"
	ratios="$ratios $(calc "$nl / $td")"
done
ratio=$(median $ratios)
drops_total=$(calc "$(echo $nl_drops | tr ' ' '+')")
ok=$(verdict "$ratio" '>=' 1.0)
[ "$drops_total" = 0 ] || ok=FAIL
printf '| A flood of %dk 64-byte frames captured to a pcap file, as fast as the sender goes, median of %s per-round ratios (all) | %.0f frames/s (%s), kernel drops %s | %.0f frames/s (%s), kernel drops %s, tcpdump -w | %.2fx (%s) | >= 1.0x, no drop | %s |\n' \
	$((COUNT / 1000)) "$ROUNDS" "$(median $nl_all)" "$(krate $nl_all)" "$(echo $nl_drops)" \
	"$(median $td_all)" "$(krate $td_all)" "$(echo $td_drops)" "$ratio" \
	"$(printf '%.2f ' $ratios | sed 's/ $//')" "$ok"
printf '| ... peak RSS over those rounds | %d KiB | %d KiB, tcpdump -w | | <= 65536 KiB | %s |\n' \
	"$nl_rss" "$td_rss" "$(verdict "$nl_rss" '<=' 65536)"

say "capture flood: $LONG frames"
flood netlab "$LONG"
long_rss=$RSS long_drops=$DROPS
ok=$(verdict "$long_rss" '<=' 65536)
[ "$long_drops" = 0 ] || ok=FAIL
printf '| ... the same with %dk frames: peak RSS | %d KiB, kernel drops %s | | | <= 65536 KiB, no drop | %s |\n' \
	$((LONG / 1000)) "$long_rss" "$long_drops" "$ok"
printf -- '- Capture flood: packets in netlab'"'"'s file per round%s (the frames, and the hosts'"'"' own IPv6 neighbour discovery); every file read back by tcpdump -r, as many packets as written. The rate is the sender'"'"'s (bench/wire_blast.c, flat out on the same 2 cores as the capture): what a capture costs shows as a slower flood. The machine is shared and noisy.\n' \
	"$saved_all"

say "capture open/close: $OPENS times"
"$NETLAB" "$BENCH/capture_open.lua" "$OPENS" "$WORK/capture_open" >"$WORK/open.out" ||
	die "capture_open.lua failed"
row() { awk -v k="$1" '$1 == k { $1 = ""; print }' "$WORK/open.out"; }
for k in open close; do
	nl=$(median $(row ${k}_ms)) peer=$(median $(row peer_${k}_ms))
	most=$(printf '%s\n' $(row ${k}_ms) | sort -g | tail -n1)
	printf '| Capture %s on a lab host, median of %s (most) | %.2f ms (%.2f) | %.2f ms, libpcap from C | %.3fx | <= 5 ms | %s |\n' \
		"$( [ $k = open ] && echo opened || echo closed)" "$OPENS" "$nl" "$most" "$peer" \
		"$(calc "$nl / $peer")" "$(verdict "$nl" '<=' 5)"
done
printf -- '- Capture open/close: the C peer'"'"'s time is the kernel'"'"'s. Opening, PACKET_RX_RING waits for an RCU grace period (packet_set_ring'"'"'s synchronize_net, even on a socket bound to no protocol yet, as libpcap 1.10'"'"'s is), and the socket takes no packet before its ring is set; netlab returns once a plain packet socket (no ring) takes packets: this capture (immediate mode, no file) keeps it for good; a batched one (writing files) is alone in a fanout group, and libpcap'"'"'s ring joins the group and takes over on a thread of its own (every packet to exactly one of them: ARCHITECTURE.md, Opening a capture). Closing, packet_release waits for two more grace periods, which netlab leaves to a short-lived thread (cap:close returns at once).\n'
