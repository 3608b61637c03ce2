#!/bin/sh
# wire.sh - the links netlab carries itself (lab:link's engine = "wire",
# core/net/wire.c) against a plain veth pair in the same lab and run
# (bench/wire.lua), and against netem where the kernel has it:
#   - a TCP stream (iperf3, WIRE_TCP_SECONDS each) over the wire and over
#     the veth pair, rounds in turn; goal: the wire >= 0.5x the veth pair
#   - 64-byte frames both ways at once (bench/wire_blast.c in each host,
#     WIRE_RATE offered each way, at real-time priority where allowed);
#     goal: >= 300k frames/s each way; and the same over a wire with
#     a rate set (17 Gbit/s: no limit to 64-byte frames), which its own
#     threads carry, as every impaired wire: against the veth pair in
#     rounds of their own, the senders as ordinary processes (real-time
#     senders would starve the wire's threads of the cores they share)
#   - a set delay of 10 ms and 100 ms, each frame's one-way time; goal:
#     median error <= 0.2 ms
#   - a set loss of 1%, 10% and 30% over 100k frames; goal: within 1 point
#   - where the kernel has netem, the delay and loss rows again with netem
#     on the veth pair (else one row saying why they were skipped)
# Prints the rows of RESULTS.md's table and its notes.
. "$(dirname "$0")/lib.sh"

ROUNDS=${WIRE_ROUNDS:-5}
SECS=${WIRE_TCP_SECONDS:-3}
RATE=${WIRE_RATE:-400000}
BLAST_SECS=2
DELAY_FRAMES=${WIRE_DELAY_FRAMES:-500}
LOSS_FRAMES=${WIRE_LOSS_FRAMES:-100000}
LIMIT=600 # seconds one netlab run may take
command -v iperf3 >/dev/null || die "iperf3 is missing (apt-get install iperf3)"

# run NAME ARGS...: netlab bench/wire.lua ARGS, its lines in WORK/NAME.
run() {
	name=$1
	shift
	say "wire: $name"
	timeout $LIMIT "$NETLAB" "$BENCH/wire.lua" "$@" >"$WORK/$name" 2>"$WORK/$name.err" ||
		die "wire.lua $* failed: $(tail -n 5 "$WORK/$name.err")"
}

# col FILE KIND N: column N of FILE's lines whose third column is KIND.
col() { awk -v k="$2" -v n="$3" '$3 == k { print $n }' "$1"; }

# gbits V...: each value in Gbit/s, one decimal.
gbits() { for v in "$@"; do printf '%.1f ' "$(calc "$v / 1e9")"; done | sed 's/ $//'; }

# thousands V...: each value in thousands, as 123k.
thousands() { for v in "$@"; do printf '%.0fk ' "$(calc "$v / 1000")"; done | sed 's/ $//'; }

# ratios A_LIST B_LIST: each A over its B, two decimals.
ratios() {
	paste -d' ' "$1" "$2" | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 / $2 }'
}

# The kernel's netem, if any: a netem qdisc on a veth of a scratch lab.
netem_reason() {
	"$NETLAB" -e 'local lab <close> = netlab.lab()
		local a, b = lab:host "a", lab:host "b"
		local l = assert(lab:link(a, b, "10.9.0.1/24", "10.9.0.2/24"))
		local ok, err = l:impair{delay = "1ms", engine = "netem"}
		print(ok and "" or err)' 2>&1 | head -n 1
}

# --- TCP
run tcp tcp "$ROUNDS" "$SECS"
col "$WORK/tcp" veth 4 >"$WORK/tcp.veth"
col "$WORK/tcp" wire 4 >"$WORK/tcp.wire"
ratio_all=$(ratios "$WORK/tcp.wire" "$WORK/tcp.veth")
ratio=$(median $ratio_all)
wire=$(median $(cat "$WORK/tcp.wire")) veth=$(median $(cat "$WORK/tcp.veth"))
printf '| TCP stream across a wire link with nothing set, iperf3 %s s, median of %s (all) | %.2f Gbit/s (%s) | %.2f Gbit/s (%s), the same over a veth pair | %.2fx (%s) | >= 0.5x | %s |\n' \
	"$SECS" "$ROUNDS" "$(calc "$wire / 1e9")" "$(gbits $(cat "$WORK/tcp.wire"))" \
	"$(calc "$veth / 1e9")" "$(gbits $(cat "$WORK/tcp.veth"))" "$ratio" "$ratio_all" \
	"$(verdict "$ratio" '>=' 0.5)"
echo "- Wire TCP: retransmits per round, wire $(col "$WORK/tcp" wire 5 | tr '\n' ' ')(veth $(col "$WORK/tcp" veth 5 | tr '\n' ' '| sed 's/ $//'))."

# --- 64-byte frames
# The senders run at real-time priority (SCHED_FIFO 10, chrt) where that
# is allowed, on the veth pair and on the wire alike: paced senders on a
# machine shared with other jobs otherwise offer what the scheduler
# leaves them, and the row measures the other jobs, not the link (the
# kernel's 95% real-time share leaves the rest its 5%). BLAST_PRIO="" to
# run them as any process.
cc_bench wire_blast
BLAST_PRIO=${BLAST_PRIO-chrt -f 10}
blast="$WORK/wire_blast"
if [ -n "$BLAST_PRIO" ] && $BLAST_PRIO true 2>/dev/null; then
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$BLAST_PRIO" "$WORK/wire_blast" >"$WORK/wire_blast_prio"
	chmod +x "$WORK/wire_blast_prio"
	blast="$WORK/wire_blast_prio"
else
	BLAST_PRIO=""
fi
run frames frames "$ROUNDS" "$BLAST_SECS" "$RATE" "$blast"
col "$WORK/frames" wire 4 >"$WORK/fr.ab"
col "$WORK/frames" wire 5 >"$WORK/fr.ba"
col "$WORK/frames" veth 4 >"$WORK/fr.vab"
col "$WORK/frames" veth 5 >"$WORK/fr.vba"
ab=$(median $(cat "$WORK/fr.ab")) ba=$(median $(cat "$WORK/fr.ba"))
vab=$(median $(cat "$WORK/fr.vab")) vba=$(median $(cat "$WORK/fr.vba"))
least=$(calc "($ab < $ba) ? $ab : $ba")
prio_note=${BLAST_PRIO:+, senders at real-time priority}
printf '| 64-byte frames both ways at once, %s offered each way%s, median of %s (all) | %s and %s frames/s (%s; %s) | %s and %s frames/s (%s; %s), veth pair | %.2fx | >= 300k/s each way | %s |\n' \
	"$(thousands "$RATE")" "$prio_note" "$ROUNDS" "$(thousands "$ab")" "$(thousands "$ba")" \
	"$(thousands $(cat "$WORK/fr.ab"))" "$(thousands $(cat "$WORK/fr.ba"))" \
	"$(thousands "$vab")" "$(thousands "$vba")" \
	"$(thousands $(cat "$WORK/fr.vab"))" "$(thousands $(cat "$WORK/fr.vba"))" \
	"$(calc "($ab + $ba) / ($vab + $vba)")" "$(verdict "$least" '>=' 300000)"
run framesthreads frames "$ROUNDS" "$BLAST_SECS" "$RATE" "$WORK/wire_blast" veth,threads
col "$WORK/framesthreads" threads 4 >"$WORK/fr.tab"
col "$WORK/framesthreads" threads 5 >"$WORK/fr.tba"
col "$WORK/framesthreads" veth 4 >"$WORK/fr.tvab"
col "$WORK/framesthreads" veth 5 >"$WORK/fr.tvba"
tab=$(median $(cat "$WORK/fr.tab")) tba=$(median $(cat "$WORK/fr.tba"))
tvab=$(median $(cat "$WORK/fr.tvab")) tvba=$(median $(cat "$WORK/fr.tvba"))
tleast=$(calc "($tab < $tba) ? $tab : $tba")
printf '| ... over a wire with a rate of 17 Gbit/s set, carried by its threads (as any impaired wire), senders as ordinary processes, median of %s (all) | %s and %s frames/s (%s; %s) | %s and %s frames/s (%s; %s), veth pair | %.2fx | >= 300k/s each way | %s |\n' \
	"$ROUNDS" "$(thousands "$tab")" "$(thousands "$tba")" \
	"$(thousands $(cat "$WORK/fr.tab"))" "$(thousands $(cat "$WORK/fr.tba"))" \
	"$(thousands "$tvab")" "$(thousands "$tvba")" \
	"$(thousands $(cat "$WORK/fr.tvab"))" "$(thousands $(cat "$WORK/fr.tvba"))" \
	"$(calc "($tab + $tba) / ($tvab + $tvba)")" "$(verdict "$tleast" '>=' 300000)"
echo "- Wire frames: the senders ran ${BLAST_PRIO:-as any process (no real-time priority allowed or asked)}${BLAST_PRIO:+ (real-time, both links alike)}; load average $(cut -d' ' -f1-3 /proc/loadavg) after the rounds."

# delay_rows ENGINE LABEL: the delay rows for ENGINE ("wire" or "netem").
delay_rows() {
	for ms in 10 100; do
		run "delay$1$ms" delay "$ms" "$DELAY_FRAMES" "$1"
		awk '{ print $3 }' "$WORK/delay$1$ms" >"$WORK/delay$1$ms.err_ms"
		err=$(median $(cat "$WORK/delay$1$ms.err_ms"))
		lo=$(sort -g "$WORK/delay$1$ms.err_ms" | head -n 1) hi=$(sort -g "$WORK/delay$1$ms.err_ms" | tail -n 1)
		printf '| Delay %s ms on %s: one-way time of %s datagrams 1 ms apart, less %s ms | median error %.3f ms (least %.3f, most %.3f) | | | <= 0.2 ms | %s |\n' \
			"$ms" "$2" "$DELAY_FRAMES" "$ms" "$err" "$lo" "$hi" "$(verdict "$err" '<=' 0.2)"
	done
}

# loss_rows ENGINE LABEL: the loss rows for ENGINE.
loss_rows() {
	for pct in 1 10 30; do
		run "loss$1$pct" loss "$pct" "$LOSS_FRAMES" "$1"
		read -r _ _ sent got dropped <"$WORK/loss$1$pct"
		measured=$(calc "100 * (1 - $got / $sent)")
		off=$(calc "($measured - $pct) < 0 ? $pct - $measured : $measured - $pct")
		dropped_note=""
		[ "$dropped" -ge 0 ] && dropped_note="; the wire dropped $dropped"
		printf '| Loss %s%% on %s over %s datagrams | %.2f%% lost (%s received%s) | | | within 1 point | %s |\n' \
			"$pct" "$2" "$sent" "$measured" "$got" "$dropped_note" "$(verdict "$off" '<=' 1)"
	done
}

delay_rows wire "a wire link"
loss_rows wire "a wire link"

# --- netem, where the kernel has it: the same delay and loss figures
reason=$(netem_reason)
if [ -n "$reason" ]; then
	echo "| The same delay and loss figures with netem (engine = \"netem\" on the veth pair) | skipped: $reason | | | | SKIP |"
else
	delay_rows netem "netem (veth pair)"
	loss_rows netem "netem (veth pair)"
fi
