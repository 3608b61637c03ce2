#!/bin/sh
# run.sh - runs netlab's benchmarks against their peers and writes
# bench/RESULTS.md. `make bench` installs the peers, builds netlab and
# runs this. Each benchmark is one script printing its table rows
# (lines starting with "|") and notes (lines starting with "-"):
#   startup.sh      netlab -e '' vs lua5.4 -e '': wall time, peak RSS
#   tcp_stream.sh   4 GiB over loopback TCP vs iperf3
#   udp_pingpong.sh 32-byte UDP ping-pong on one CPU vs a C program
#   lab_setup.sh    a two-host lab built and torn down vs an ip netns script
#   lab_switch100.sh 100 hosts on a switch built and torn down vs an ip netns script
#   lab_scale.sh    the host-count curve: 10 to 10,000 hosts on switches vs an
#                   ip netns script, per host; bench/lab_scale.svg
#   pcap.sh         a 500k-packet capture printed vs tcpdump, read vs a C
#                   libpcap loop and Scapy
#   craft_syn.sh    crafted SYNs sent from a Lua loop vs a C sendmmsg loop,
#                   hping3 and Scapy
#   handshake.sh    labs/handshake.lua start to exit vs an ip netns + tcpdump + nc script
#   repl_pipe.sh    netlab -i < file vs lua5.4 -i < file, 1/2/10 MiB lines
#   wire.sh         a wire link (TCP, 64-byte frames) vs a veth pair; its
#                   delay and loss accuracy; netem's where the kernel has it
#   web_stream.sh   a lab's UDP ping-pong with lab:web streaming 10k packets/s vs without
#   capture_flood.sh 1M small frames captured to a pcap file vs tcpdump -w (rate,
#                   kernel drops, peak RSS); a capture's open and close vs libpcap from C
#   capture_burst.sh a burst a capture is not read during (2000 small, 500 full-size
#                   datagrams on any, eth0, lo) vs libpcap's immediate mode from C
# Exits non-zero if a benchmark could not run (not when a goal fails,
# unless BENCH_STRICT=1).
. "$(dirname "$0")/lib.sh"

RESULTS="$BENCH/RESULTS.md"
[ -x "$NETLAB" ] || die "build netlab first (make)"

# One line naming the machine, the tools and the commit measured.
machine() {
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
	printf 'Machine: %s, %s cores, %s %s, %s; netlab %s, %s, %s, %s.\n' \
		"${cpu:-unknown CPU}" "$(nproc)" "$(uname -s)" "$(uname -r)" \
		"$(date -u '+%Y-%m-%d %H:%M UTC')" "$rev" "$(lua5.4 -v 2>&1 | cut -d' ' -f1,2)" \
		"$(iperf3 --version 2>/dev/null | head -n1 | cut -d' ' -f1,2)" \
		"$(hyperfine --version 2>/dev/null)"
}

MACHINE=$(machine)
BENCHES="startup tcp_stream udp_pingpong lab_setup lab_switch100 lab_scale pcap craft_syn handshake repl_pipe wire web_stream capture_flood capture_burst machine"
failed=""
for b in $BENCHES; do
	say "== $b"
	start=$(date +%s)
	if sh "$BENCH/$b.sh" >"$WORK/$b.out"; then
		say "== $b done in $(($(date +%s) - start)) s"
	else
		failed="$failed $b"
		echo "| $b | did not run (see the log of make bench) | | | | ERROR |" >>"$WORK/$b.out"
	fi
done

{
	echo "# netlab benchmarks"
	echo
	echo "Written by \`make bench\` (bench/run.sh); do not edit by hand."
	echo
	echo "$MACHINE"
	echo
	echo "| Benchmark | netlab | peer (same run) | ratio | goal | result |"
	echo "|---|---|---|---|---|---|"
	for b in $BENCHES; do grep '^|' "$WORK/$b.out"; done
	echo
	for b in $BENCHES; do grep '^- ' "$WORK/$b.out"; done
	cat <<'EOF'
- Start-up: hyperfine -N (no shell), 50 warm-up runs; ratio of medians.
  Peak RSS is wait4's ru_maxrss (bench/maxrss.c).
- TCP: two netlab processes (bench/tcp_stream.lua: a receiver doing
  receive_into of a 64 KiB netlab.buffer, a sender doing send of one), as
  iperf3 runs its client and server as two processes; each side then has
  its own CPU.
  netlab's figure is the receiver's, from accept to the last byte;
  iperf3's is end.sum_received of `iperf3 -c 127.0.0.1 -n 4G -l 64K -J`
  against `iperf3 -s -1`. Rounds alternate netlab and iperf3.
- UDP: bench/udp_pingpong.lua (receivefrom_into/sendto of one reused
  netlab.buffer on the server, sendto/receive_into on the client, 5 s
  timeouts) against
  bench/udp_pingpong.c (the same with blocking recvfrom/sendto and
  SO_RCVTIMEO); 10k warm-up round trips, then the timed count.
- Lab set-up: whole processes under hyperfine -N: `netlab
  bench/lab_two_hosts.lua` (two hosts, a veth pair with addresses, up,
  waited until both ends can send, then lab:close()) against
  bench/lab_two_hosts_ip.sh (ip netns add x2, lo up, veth, addresses, up,
  ip netns del x2).
- 100 hosts on a switch: `netlab bench/lab_switch100.lua` (lab:switch,
  100 hosts each linked to it with an address, all up, lab:close())
  against bench/lab_switch100_ip.sh (the same with ip netns / ip link /
  ip addr, the bridge in a namespace of its own, then ip netns del x101).
- Host-count curve: bench/lab_scale.lua N (at most 100 hosts a switch,
  the switches on a core switch, ipv6 = false on the hosts' links)
  against bench/lab_scale_ip.sh N (the same with ip netns, ip link, ip
  addr, addrgenmode none), one after the other, 3 rounds up to 100
  hosts, 1 above; set-up is to the last link up, teardown the rest of
  the process; the kernel's freeing of the namespaces afterwards (the
  net_namespace slab count) is noted, not counted. The script's 10,000
  is cut at 120 s and rated by the hosts it had made.
- Wire: bench/wire.lua, one lab with hosts a - b on a veth pair and c - d
  on a wire link (engine = "wire"), rounds in turn in one netlab process
  (the wire's pump runs there). TCP: `iperf3 -c -t 3 -J` against
  `iperf3 -s -1` started in the far host, end.sum_received; ratio of
  medians. Frames: bench/wire_blast.c in both hosts at once, 64-byte
  frames (EtherType 0x88b5, which the far kernel drops once counted) by
  sendmmsg at a paced rate; each host's eth0 rx_packets over the middle
  half of the run. Delay: datagrams 1 ms apart each carrying its send
  time (netlab.now()), the receiver's time on arrival less it and the
  delay. Loss: numbered datagrams in bursts of 32, counted by the
  receiver (the wire's own count beside it).
- Web stream: bench/web_stream.lua, one lab, netlab on CPU 0: hosts a - b
  carry WEB_RATE (10,000) UDP packets/s from a paced task, c - d the
  measured UDP ping-pong (32-byte messages, two tasks); each round times
  it without a page, then with `curl -sN` (CPU 1) on the event stream of
  a/eth0, which the page's stream captures, prints and sends. The ratio
  is with-page over without, per round; the machine is shared, so single
  rounds scatter: the verdict takes their median.
EOF
} >"$RESULTS"

# Nothing of ours may outlive the run.
left=$(ps -eo pid=,args= 2>/dev/null | grep -E 'netlab-bench\.|bench/(tcp_stream|udp_pingpong|wire|web_stream)|iperf3 -s -1 --forceflush' | grep -v grep)
[ -z "$left" ] || say "warning: processes left behind: $left"

cat "$RESULTS"
[ -z "$failed" ] || die "benchmarks that did not run:$failed"
if [ "${BENCH_STRICT:-0}" = 1 ] && grep -q '| FAIL |' "$RESULTS"; then
	die "some goals were not met (BENCH_STRICT=1)"
fi
exit 0
