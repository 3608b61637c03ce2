#!/bin/sh
# startup.sh - start-up cost: `netlab -e ''` against `lua5.4 -e ''`.
#   wall time: hyperfine, no shell (-N), warm-up, STARTUP_RUNS runs each;
#              goal netlab median <= 2x lua5.4's
#   peak RSS:  ru_maxrss from wait4 (bench/maxrss.c), the largest of 20
#              runs; goal <= 4 MiB
# Prints the rows of RESULTS.md's table on stdout.
. "$(dirname "$0")/lib.sh"

RUNS=${STARTUP_RUNS:-500}
command -v hyperfine >/dev/null || die "hyperfine is missing (apt-get install hyperfine)"
command -v lua5.4 >/dev/null || die "lua5.4 is missing (apt-get install lua5.4)"

hyperfine_pair startup 50 "$RUNS" "$NETLAB -e ''" "lua5.4 -e ''"
nl_med=$NL_MS lua_med=$PEER_MS
nl_mean=$(json_stat "$WORK/startup.json" 1 mean) lua_mean=$(json_stat "$WORK/startup.json" 2 mean)
ratio=$(calc "$nl_med / $lua_med")

say "start-up: peak RSS"
cc_bench maxrss
"$WORK/maxrss" 20 "$NETLAB" -e '' >"$WORK/rss.netlab" || die "netlab -e '' failed"
"$WORK/maxrss" 20 lua5.4 -e '' >"$WORK/rss.lua" || die "lua5.4 -e '' failed"
nl_rss=$(field maxrss_kib "$WORK/rss.netlab") lua_rss=$(field maxrss_kib "$WORK/rss.lua")

printf '| Start-up wall time, median of %s runs (mean) | %.2f ms (%.2f) | %.2f ms (%.2f), lua5.4 | %.2fx | <= 2x | %s |\n' \
	"$RUNS" "$nl_med" "$nl_mean" "$lua_med" "$lua_mean" "$ratio" "$(verdict "$ratio" '<=' 2)"
printf '| Start-up peak RSS, largest of 20 runs | %s KiB | %s KiB, lua5.4 | %.2fx | <= 4096 KiB | %s |\n' \
	"$nl_rss" "$lua_rss" "$(calc "$nl_rss / $lua_rss")" "$(verdict "$nl_rss" '<=' 4096)"
