#!/bin/sh
# tcp_stream.sh - TCP throughput over 127.0.0.1: a netlab receiver and a
# netlab sender (two processes, bench/tcp_stream.lua, receive_into and
# send of a reusable 64 KiB netlab.buffer) against iperf3's server and
# client (-l 64K, one stream), both moving TCP_BYTES in 64 KiB chunks.
# Rounds alternate netlab and iperf3 so both see the same machine state,
# then netlab with strings (receive(65536), a new string each: no goal,
# for context), then the zero-copy pair: netlab.sendfile of a 64 KiB file
# against iperf3 -Z (its own row, never the copy row's); each figure is the median of TCP_ROUNDS rounds, the
# ratio the median of each round's.
# Goal: netlab >= 1.0x iperf3. Prints the rows of RESULTS.md's table.
. "$(dirname "$0")/lib.sh"

BYTES=${TCP_BYTES:-4294967296} # 4 GiB
CHUNK=65536
ROUNDS=${TCP_ROUNDS:-5}
LIMIT=60 # seconds any one process may run
command -v iperf3 >/dev/null || die "iperf3 is missing (apt-get install iperf3)"

# netlab_round API: one netlab transfer with API "buffer" or "string";
# sets BPS to the receiver's bits per second.
netlab_round() {
	rm -f "$WORK/port"
	start_bg "$WORK/recv.out" $LIMIT "$NETLAB" "$BENCH/tcp_stream.lua" recv "$WORK/port" $BYTES $CHUNK "$1"
	recv_pid=$BG_PID
	wait_file "$WORK/port"
	timeout $LIMIT "$NETLAB" "$BENCH/tcp_stream.lua" send "$(cat "$WORK/port")" $BYTES $CHUNK "$1" \
		>"$WORK/send.out" || die "netlab sender failed: $(cat "$WORK/send.out")"
	wait_bg "$recv_pid" || die "netlab receiver failed: $(cat "$WORK/recv.out.err")"
	BPS=$(field bits_per_second "$WORK/recv.out")
}

# A TCP port nobody listens on now, for iperf3's server.
free_port() {
	"$NETLAB" -e 's = netlab.tcp(); assert(s:bind("127.0.0.1", 0)); print(select(2, s:getsockname()))'
}

# One iperf3 transfer; sets BPS to the receiver's bits per second.
iperf3_round() {
	port=$(free_port)
	start_bg "$WORK/iperf3-s.out" $LIMIT iperf3 -s -1 --forceflush -B 127.0.0.1 -p "$port"
	server_pid=$BG_PID
	wait_file "$WORK/iperf3-s.out" "listening"
	timeout $LIMIT iperf3 -c 127.0.0.1 -p "$port" -n $BYTES -l 64K -J >"$WORK/iperf3.json" ||
		die "iperf3 client failed: $(cat "$WORK/iperf3.json")"
	wait_bg "$server_pid" || die "iperf3 server failed: $(cat "$WORK/iperf3-s.out.err")"
	# end.sum_received.bits_per_second
	BPS=$(awk '/"sum_received"/ { on = 1 }
	     on && /"bits_per_second"/ { gsub(/[^0-9.eE+]/, "", $2); print $2; exit }' "$WORK/iperf3.json")
}

# One iperf3 -Z transfer (the client sendfiles its file, 64 KiB a call);
# sets BPS.
iperf3_zc_round() {
	port=$(free_port)
	start_bg "$WORK/iperf3-s.out" $LIMIT iperf3 -s -1 --forceflush -B 127.0.0.1 -p "$port"
	server_pid=$BG_PID
	wait_file "$WORK/iperf3-s.out" "listening"
	timeout $LIMIT iperf3 -c 127.0.0.1 -p "$port" -n $BYTES -l 64K -Z -J >"$WORK/iperf3.json" ||
		die "iperf3 -Z client failed: $(cat "$WORK/iperf3.json")"
	wait_bg "$server_pid" || die "iperf3 server failed: $(cat "$WORK/iperf3-s.out.err")"
	BPS=$(awk '/"sum_received"/ { on = 1 }
	     on && /"bits_per_second"/ { gsub(/[^0-9.eE+]/, "", $2); print $2; exit }' "$WORK/iperf3.json")
}

# netlab_zc_round: the sender netlab.sendfile of a 64 KiB file, 64 KiB a
# call, the receiver receive_into as in netlab_round; sets BPS.
netlab_zc_round() {
	rm -f "$WORK/port"
	start_bg "$WORK/recv.out" $LIMIT "$NETLAB" "$BENCH/tcp_stream.lua" recv "$WORK/port" $BYTES $CHUNK buffer
	recv_pid=$BG_PID
	wait_file "$WORK/port"
	timeout $LIMIT "$NETLAB" "$BENCH/tcp_stream.lua" send "$(cat "$WORK/port")" $BYTES $CHUNK sendfile \
		>"$WORK/send.out" || die "netlab sendfile sender failed: $(cat "$WORK/send.out")"
	wait_bg "$recv_pid" || die "netlab receiver failed: $(cat "$WORK/recv.out.err")"
	BPS=$(field bits_per_second "$WORK/recv.out")
}

nl_all="" ip_all="" st_all="" r_all="" zn_all="" zi_all="" zr_all=""
for round in $(seq "$ROUNDS"); do
	say "tcp stream: round $round/$ROUNDS, netlab"
	netlab_round buffer
	nl=$BPS
	say "tcp stream: round $round/$ROUNDS, iperf3"
	iperf3_round
	ip=$BPS
	say "tcp stream: round $round/$ROUNDS, netlab with strings"
	netlab_round string
	st=$BPS
	say "tcp stream: round $round/$ROUNDS, netlab.sendfile"
	netlab_zc_round
	zn=$BPS
	say "tcp stream: round $round/$ROUNDS, iperf3 -Z"
	iperf3_zc_round
	zi=$BPS
	[ -n "$nl" ] && [ -n "$ip" ] && [ -n "$st" ] && [ -n "$zn" ] && [ -n "$zi" ] || die "tcp stream: missing figure"
	say "tcp stream: netlab.sendfile $(calc "$zn / 1e9") Gbit/s, iperf3 -Z $(calc "$zi / 1e9") Gbit/s"
	zn_all="$zn_all $zn" zi_all="$zi_all $zi" zr_all="$zr_all $(calc "$zn / $zi")"
	say "tcp stream: netlab $(calc "$nl / 1e9") Gbit/s, iperf3 $(calc "$ip / 1e9") Gbit/s, netlab strings $(calc "$st / 1e9") Gbit/s"
	nl_all="$nl_all $nl" ip_all="$ip_all $ip" st_all="$st_all $st" r_all="$r_all $(calc "$nl / $ip")"
done
nl=$(median $nl_all) ip=$(median $ip_all) st=$(median $st_all)
ratio=$(median $r_all) # within a round the machine's load drifts less than between rounds
ratios() { for v in "$@"; do printf '%.2f ' "$v"; done | sed 's/ $//'; }
gbits() { for v in "$@"; do printf '%.1f ' "$(calc "$v / 1e9")"; done | sed 's/ $//'; }

printf '| TCP loopback, %s GiB in 64 KiB chunks (receive_into and send of a netlab.buffer), 2 processes, median of %s, ratio the median of per-round ratios (all) | %.2f Gbit/s (%s) | %.2f Gbit/s (%s), iperf3 -l 64K | %.2fx (%s) | >= 1.0x | %s |\n' \
	"$(calc "$BYTES / 1073741824")" "$ROUNDS" "$(calc "$nl / 1e9")" "$(gbits $nl_all)" \
	"$(calc "$ip / 1e9")" "$(gbits $ip_all)" "$ratio" "$(ratios $r_all)" "$(verdict "$ratio" '>=' 1.0)"
printf -- '- Context, no goal: the same TCP stream with strings (receive(65536), a new Lua string each; send of a string) made %.2f Gbit/s (%s), %.2fx iperf3.\n' \
	"$(calc "$st / 1e9")" "$(gbits $st_all)" "$(calc "$st / $ip")"
zn=$(median $zn_all) zi=$(median $zi_all) zr=$(median $zr_all)
printf '| TCP loopback zero-copy send, %s GiB: netlab.sendfile of a 64 KiB file 64 KiB a call, the receiver receive_into a netlab.buffer, median of %s, ratio the median of per-round ratios (all) | %.2f Gbit/s (%s) | %.2f Gbit/s (%s), iperf3 -l 64K -Z | %.2fx (%s) | >= 1.0x | %s |\n' \
	"$(calc "$BYTES / 1073741824")" "$ROUNDS" "$(calc "$zn / 1e9")" "$(gbits $zn_all)" \
	"$(calc "$zi / 1e9")" "$(gbits $zi_all)" "$zr" "$(ratios $zr_all)" "$(verdict "$zr" '>=' 1.0)"
