#!/bin/sh
# lab_switch100.sh - 100 hosts on one switch, with addresses, all up,
# then torn down: netlab (bench/lab_switch100.lua: lab:switch + 100
# lab:link) against the same made by an `ip netns` / `ip link` /
# `ip addr` script (bench/lab_switch100_ip.sh, the bridge in a namespace
# of its own), each a whole process, timed by hyperfine. Goal: netlab
# <= 1/5 of the script's wall time. Needs root (network namespaces).
. "$(dirname "$0")/lib.sh"

RUNS=${LAB_SWITCH_RUNS:-10}
if [ "$(id -u)" -ne 0 ]; then
	echo "| 100 hosts on a switch, set up and torn down | not run: needs root | | | | SKIP |"
	exit 0
fi
# The script's namespaces carry this tag; whatever an interrupted run
# left of them goes at exit (netlab's namespaces are never named).
NLSW_TAG=$$
export NLSW_TAG
cleanup_ns() {
	ip netns list 2>/dev/null | awk -v p="nlsw-$NLSW_TAG-" 'index($1, p) == 1 { print $1 }' |
		while read -r ns; do ip netns del "$ns" 2>/dev/null; done
}
trap 'cleanup_ns; cleanup' EXIT

hyperfine_pair switch100 2 "$RUNS" "$NETLAB $BENCH/lab_switch100.lua" "sh $BENCH/lab_switch100_ip.sh"
nl=$NL_MS ip=$PEER_MS
ratio=$(calc "$nl / $ip")
printf '| 100 hosts on a switch built and torn down, median of %s runs | %.1f ms | %.1f ms, ip netns script | %.2fx | <= 0.20x | %s |\n' \
	"$RUNS" "$nl" "$ip" "$ratio" "$(verdict "$ratio" '<=' 0.20)"
