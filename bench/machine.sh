#!/bin/sh
# machine.sh - labs across machines (lab:machine) on two simulated
# machines (bench/machine.lua: a network namespace each, an underlay
# veth, netlab --worker in each launched by ip netns exec):
#   - a TCP stream (iperf3, MACHINE_TCP_SECONDS each) over a VXLAN link
#     between a host on each machine and over a veth pair in one lab,
#     rounds in turn; goal: VXLAN >= 0.5x the veth pair
#   - MACHINE_HOSTS hosts built in one lab, then half on each machine;
#     goal: two machines no slower than one (<= 1.0x)
#   - the same stream over the rootless UDP carriage (netlab --worker
#     run as nobody on both machines: the wire's frames as datagrams
#     between the machines), in the same rounds; goal: >= 0.3x the veth
#     pair
# Needs root (named network namespaces). Prints RESULTS.md's rows.
. "$(dirname "$0")/lib.sh"

ROUNDS=${MACHINE_ROUNDS:-5}
SECS=${MACHINE_TCP_SECONDS:-3}
HOSTS=${MACHINE_HOSTS:-1000}
LIMIT=600
if [ "$(id -u)" -ne 0 ]; then
	echo "| Labs across two simulated machines | not run: needs root | | | | SKIP |"
	exit 0
fi
command -v iperf3 >/dev/null || die "iperf3 is missing (apt-get install iperf3)"

# run NAME ARGS...: netlab bench/machine.lua ARGS, its lines in WORK/NAME.
run() {
	name=$1
	shift
	say "machine: $name"
	timeout $LIMIT "$NETLAB" "$BENCH/machine.lua" "$@" >"$WORK/$name" 2>"$WORK/$name.err" ||
		die "machine.lua $* failed: $(tail -n 5 "$WORK/$name.err")"
}
col() { awk -v k="$2" -v n="$3" '$3 == k { print $n }' "$1"; }
gbits() { for v in "$@"; do printf '%.1f ' "$(calc "$v / 1e9")"; done | sed 's/ $//'; }
ratios() { paste -d' ' "$1" "$2" | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 / $2 }'; }
list() { tr '\n' ' ' <"$1" | sed 's/ $//'; }

run tcp tcp "$ROUNDS" "$SECS"
col "$WORK/tcp" veth 4 >"$WORK/m.veth"
col "$WORK/tcp" vxlan 4 >"$WORK/m.vxlan"
ratio_all=$(ratios "$WORK/m.vxlan" "$WORK/m.veth")
ratio=$(median $ratio_all)
vx=$(median $(cat "$WORK/m.vxlan")) ve=$(median $(cat "$WORK/m.veth"))
printf '| TCP stream over a VXLAN link between two simulated machines (offloads off, as on lab cables), iperf3 %s s, median of %s (all) | %.2f Gbit/s (%s) | %.2f Gbit/s (%s), a veth pair in one lab | %.2fx (%s) | >= 0.5x | %s |\n' \
	"$SECS" "$ROUNDS" "$(calc "$vx / 1e9")" "$(gbits $(cat "$WORK/m.vxlan"))" \
	"$(calc "$ve / 1e9")" "$(gbits $(cat "$WORK/m.veth"))" "$ratio" "$ratio_all" "$(verdict "$ratio" '>=' 0.5)"

col "$WORK/tcp" udp 4 >"$WORK/m.udp"
ratio_all=$(ratios "$WORK/m.udp" "$WORK/m.veth")
ratio=$(median $ratio_all)
ud=$(median $(cat "$WORK/m.udp"))
printf '| TCP stream over the rootless UDP carriage between two simulated machines (workers run as nobody; the wire, each frame a datagram, GSO/GRO trains), iperf3 %s s, median of %s (all) | %.2f Gbit/s (%s) | %.2f Gbit/s (%s), a veth pair in one lab | %.2fx (%s) | >= 0.3x | %s |\n' \
	"$SECS" "$ROUNDS" "$(calc "$ud / 1e9")" "$(gbits $(cat "$WORK/m.udp"))" \
	"$(calc "$ve / 1e9")" "$(gbits $(cat "$WORK/m.veth"))" "$ratio" "$ratio_all" "$(verdict "$ratio" '>=' 0.3)"

run hosts hosts 3 "$HOSTS"
col "$WORK/hosts" one 4 >"$WORK/m.one"
col "$WORK/hosts" two 4 >"$WORK/m.two"
ratio_all=$(ratios "$WORK/m.two" "$WORK/m.one")
ratio=$(median $ratio_all)
printf '| %s hosts come up: %s on each of two simulated machines (4 calls in flight each) against all in one lab, median of 3 (all) | %.2f s (%s) | %.2f s (%s), one lab | %.2fx (%s) | <= 1.0x | %s |\n' \
	"$HOSTS" "$((HOSTS / 2))" "$(median $(cat "$WORK/m.two"))" "$(list "$WORK/m.two")" \
	"$(median $(cat "$WORK/m.one"))" "$(list "$WORK/m.one")" "$ratio" "$ratio_all" "$(verdict "$ratio" '<=' 1.0)"
echo "- Machines: bench/machine.lua on two simulated machines (named network namespaces joined by a veth underlay, one kernel: the two workers share its locks and the machine's 2 cores with the controller). TCP: iperf3 between c on m1 and d on m2 over VXLAN (MTU 1450, offloads off), and between e and f of the rootless workers r1 and r2 (nobody, setpriv) over the UDP carriage (MTU 1448, offloads off), against a and b of the same lab on a veth pair, rounds in turn. Hosts: lab:host calls over the protocol, each round after 1 s for the kernel to free the last round's namespaces, the order alternating."
