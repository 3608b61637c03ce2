#!/bin/sh
# handshake.sh - `netlab labs/handshake.lua` from start to exit (two
# hosts, a capture, an HTTP exchange, the capture printed like tcpdump and
# drawn as a ladder, the lab torn down), timed by hyperfine next to
# bench/handshake_ip.sh (the same with ip netns, tcpdump and nc). Goal:
# netlab <= 150 ms wall. Needs root, tcpdump and nc (netcat-openbsd).
. "$(dirname "$0")/lib.sh"

RUNS=${HANDSHAKE_RUNS:-30}
if [ "$(id -u)" -ne 0 ]; then
	echo "| labs/handshake.lua start to exit | not run: needs root | | | | SKIP |"
	exit 0
fi
for tool in tcpdump nc hyperfine; do
	command -v "$tool" >/dev/null || die "$tool is missing (make bench installs it)"
done
# each must work once before it is timed
"$NETLAB" "$ROOT/labs/handshake.lua" >"$WORK/nl.out" 2>&1 || die "labs/handshake.lua failed: $(tail -n 5 "$WORK/nl.out")"
sh "$BENCH/handshake_ip.sh" >"$WORK/ip.out" 2>&1 || die "handshake_ip.sh failed: $(tail -n 5 "$WORK/ip.out")"

hyperfine_pair handshake 3 "$RUNS" "$NETLAB $ROOT/labs/handshake.lua" "sh $BENCH/handshake_ip.sh"
nl=$NL_MS ip=$PEER_MS
printf '| labs/handshake.lua start to exit, median of %s runs | %.1f ms | %.1f ms, ip netns + tcpdump + nc script | %.2fx | <= 150 ms | %s |\n' \
	"$RUNS" "$nl" "$ip" "$(calc "$nl / $ip")" "$(verdict "$nl" '<=' 150)"
echo "- Handshake: hyperfine -N, 3 warm-up runs; labs/handshake.lua against bench/handshake_ip.sh (two namespaces, a veth pair, tcpdump -w, nc -l, nc sending curl's request, tcpdump -r)."
