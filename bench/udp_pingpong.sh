#!/bin/sh
# udp_pingpong.sh - UDP ping-pong of 32-byte messages over 127.0.0.1,
# client and server both pinned to CPU 0 (taskset -c 0): netlab scripts
# (bench/udp_pingpong.lua: receivefrom_into, receive_into and sendto of
# reused netlab.buffers) against our C program with blocking sockets
# (bench/udp_pingpong.c), UDP_COUNT timed round trips after a warm-up.
# LuaSocket under lua5.4 runs too, for context (no goal). Rounds
# alternate the programs; each figure is the median of UDP_ROUNDS, the
# ratio the median of each round's.
# Goal: netlab >= 0.95x the C program. Prints RESULTS.md table rows
# (lines starting with |) and notes (lines starting with -).
. "$(dirname "$0")/lib.sh"

COUNT=${UDP_COUNT:-200000}
WARMUP=10000
ROUNDS=${UDP_ROUNDS:-5}
LIMIT=60 # seconds any one process may run
CPU=0

# pair NAME CMD...: one ping-pong between a server and a client both
# run as CMD; sets RTS to the client's round trips per second.
pair() {
	name=$1
	shift
	rm -f "$WORK/port"
	start_bg "$WORK/server.out" $LIMIT taskset -c $CPU "$@" server "$WORK/port" $((WARMUP + COUNT))
	server_pid=$BG_PID
	wait_file "$WORK/port"
	timeout $LIMIT taskset -c $CPU "$@" client "$(cat "$WORK/port")" $WARMUP "$COUNT" \
		>"$WORK/client.out" || die "$name client failed"
	wait_bg "$server_pid" || die "$name server failed: $(cat "$WORK/server.out.err")"
	RTS=$(field roundtrips_per_sec "$WORK/client.out")
	say "udp ping-pong: $name $RTS round trips/s"
}

cc_bench udp_pingpong
have_luasocket=no
lua5.4 -e 'require "socket"' 2>/dev/null && have_luasocket=yes

c_all="" nl_all="" ls_all="" r_all=""
for round in $(seq "$ROUNDS"); do
	say "udp ping-pong: round $round/$ROUNDS"
	pair C "$WORK/udp_pingpong"
	c_all="$c_all $RTS"
	c_rts=$RTS
	pair netlab "$NETLAB" "$BENCH/udp_pingpong.lua"
	nl_all="$nl_all $RTS" r_all="$r_all $(calc "$RTS / $c_rts")"
	if [ $have_luasocket = yes ]; then
		pair LuaSocket lua5.4 "$BENCH/udp_pingpong_luasocket.lua"
		ls_all="$ls_all $RTS"
	fi
done
c=$(median $c_all) nl=$(median $nl_all)
ratio=$(median $r_all) # within a round the machine's load drifts less than between rounds
ratios() { for v in "$@"; do printf '%.2f ' "$v"; done | sed 's/ $//'; }
krt() { for v in "$@"; do printf '%.0fk ' "$(calc "$v / 1000")"; done | sed 's/ $//'; }

printf '| UDP ping-pong, 32 B, %sk round trips, both on CPU %s, median of %s, ratio the median of per-round ratios (all) | %.0f rt/s (%s) | %.0f rt/s (%s), C blocking sockets | %.2fx (%s) | >= 0.95x | %s |\n' \
	"$((COUNT / 1000))" $CPU "$ROUNDS" "$nl" "$(krt $nl_all)" "$c" "$(krt $c_all)" "$ratio" "$(ratios $r_all)" \
	"$(verdict "$ratio" '>=' 0.95)"
if [ $have_luasocket = yes ]; then
	ls=$(median $ls_all)
	printf -- '- Context, no goal: the same UDP ping-pong with LuaSocket under lua5.4 (blocking-style calls, no scheduler) made %.0f round trips/s (%s), %.2fx the C program.\n' \
		"$ls" "$(krt $ls_all)" "$(calc "$ls / $c")"
fi
