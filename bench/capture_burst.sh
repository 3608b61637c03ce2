#!/bin/sh
# capture_burst.sh - a burst the script does not wait for: a capture on
# "any", eth0 or lo of host b (filter udp port 9999) is opened, a burst
# of 2000 small or 500 full-size (1514-byte frames) UDP datagrams is
# sent to b without reading, then what the capture kept is read
# (bench/capture_burst.lua): netlab's b:capture against libpcap's
# default immediate-mode capture from C in the same run (bench/
# capture_burst.c: 2 MiB buffer, snapshot length 262144, not reading
# meanwhile), rounds alternating. Goal: netlab keeps every datagram of
# every round (no kernel drop).
# Prints RESULTS.md table rows (|) and notes (-).
. "$(dirname "$0")/lib.sh"

ROUNDS=${BURST_ROUNDS:-3}

cc_bench capture_burst -lpcap
"$NETLAB" "$BENCH/capture_burst.lua" "$WORK/capture_burst" "$ROUNDS" >"$WORK/burst.out" ||
	die "capture_burst.lua failed"

# row CASE TEXT N: the table row of case CASE (TEXT describes it, N
# datagrams were sent each round).
row() {
	nl=$(grep "^$1 netlab " "$WORK/burst.out") pr=$(grep "^$1 peer " "$WORK/burst.out")
	[ -n "$nl" ] && [ -n "$pr" ] || die "no result for $1"
	nl_got=$(echo "$nl" | sed 's/.* got \(.*\) dropped .*/\1/') nl_drop=${nl##* dropped }
	pr_got=$(echo "$pr" | sed 's/.* got \(.*\) dropped .*/\1/') pr_drop=${pr##* dropped }
	ok=PASS
	for g in $nl_got; do [ "$g" = "$3" ] || ok=FAIL; done
	for d in $nl_drop; do [ "$d" = 0 ] || ok=FAIL; done
	printf '| %s, %d rounds (all) | kept %s of %d, kernel drops %s | kept %s, kernel drops %s, libpcap immediate mode from C | %.2fx | all kept, no drop | %s |\n' \
		"$2" "$ROUNDS" "$(echo $nl_got)" "$3" "$(echo $nl_drop)" "$(echo $pr_got)" "$(echo $pr_drop)" \
		"$(calc "$(median $nl_got) / ($(median $pr_got) > 0 ? $(median $pr_got) : 1)")" "$ok"
}

row any_2000x16 'A burst of 2000 small UDP datagrams to a capture on "any" the script does not read meanwhile' 2000
row eth0_2000x16 '... on eth0' 2000
row lo_2000x16 '... on lo' 2000
row any_500x1472 'A burst of 500 full-size datagrams (1514-byte frames) on "any"' 500
row eth0_500x1472 '... on eth0' 500
opens=$(sed -n "s/^open_ms //p" "$WORK/burst.out")
printf -- '- Capture bursts: the capture keeps what the kernel holds for it while the script runs: netlab'"'"'s immediate-mode capture a plain packet socket up to its 2 MiB buffer (the kernel counts 4 MiB of packets: about 5000 small frames, 1800 full-size ones), libpcap'"'"'s a TPACKET_V2 ring of slots (on "any" snaplen-sized: 8; on lo 64 KiB: 16; on eth0 MTU-sized: 1310). netlab'"'"'s opens in that run: median %s ms; its peak RSS %s KiB.\n' \
	"$(median $opens)" "$(field hwm_kib "$WORK/burst.out")"
