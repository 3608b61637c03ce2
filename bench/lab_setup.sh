#!/bin/sh
# lab_setup.sh - a two-host lab built and torn down: netlab
# (bench/lab_two_hosts.lua) against the same topology made by an
# `ip netns` / `ip link` / `ip addr` script (bench/lab_two_hosts_ip.sh),
# each a whole process, timed by hyperfine. Goal: netlab <= 1/3 of the
# script's wall time. Needs root (network namespaces).
. "$(dirname "$0")/lib.sh"

RUNS=${LAB_RUNS:-100}
if [ "$(id -u)" -ne 0 ]; then
	echo "| Two-host lab set-up and tear-down | not run: needs root | | | | SKIP |"
	exit 0
fi
hyperfine_pair lab 5 "$RUNS" "$NETLAB $BENCH/lab_two_hosts.lua" "sh $BENCH/lab_two_hosts_ip.sh"
nl=$NL_MS ip=$PEER_MS
ratio=$(calc "$nl / $ip")
printf '| Two-host lab built and torn down, median of %s runs | %.1f ms | %.1f ms, ip netns script | %.2fx | <= 0.33x | %s |\n' \
	"$RUNS" "$nl" "$ip" "$ratio" "$(verdict "$ratio" '<=' 0.33)"
