#!/bin/sh
# handshake_ip.sh - the peer of labs/handshake.lua: what a course's shell
# script does for the same lesson. Two namespaces and a veth pair,
# `tcpdump -w` on the client's end, `nc -l` as the web server, `nc` as the
# client sending curl's request, tcpdump stopped, `tcpdump -r` printing
# the handshake, the namespaces deleted. Needs root, tcpdump and the
# OpenBSD nc (Debian: netcat-openbsd). Whatever happens, the trap kills
# what it started (by pid) and deletes its namespaces (unique names).
set -eu
c=nlhs-client-$$ s=nlhs-server-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/nlhs.XXXXXX")
td="" srv=""

# Kills what is still running (only this script's children), deletes
# the namespaces and the scratch directory.
cleanup() {
	for pid in $td $srv; do
		[ "$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null)" = "$$" ] || continue
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	ip netns del "$c" 2>/dev/null || true
	ip netns del "$s" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# until_ok CMD...: retries CMD every 10 ms, 500 times at most (5 s).
until_ok() {
	i=0
	until "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 500 ] || { echo "handshake_ip.sh: timed out: $*" >&2; exit 1; }
		sleep 0.01
	done
}

# The cable: client 10.0.0.1, server 10.0.0.2.
ip netns add "$c"
ip netns add "$s"
ip -n "$c" link set lo up
ip -n "$s" link set lo up
ip -n "$c" link add eth0 type veth peer name eth0 netns "$s"
ip -n "$c" addr add 10.0.0.1/24 dev eth0
ip -n "$s" addr add 10.0.0.2/24 dev eth0
ip -n "$c" link set eth0 up
ip -n "$s" link set eth0 up

# tcpdump on the client's end (ip netns exec execs it: $! is tcpdump).
ip netns exec "$c" tcpdump -nn -U --immediate-mode -i eth0 -w "$work/hs.pcap" tcp port 80 2>"$work/td.err" &
td=$!
until_ok grep -q 'listening on' "$work/td.err"

# The server: one answer to one request, then it closes.
body='<html><body>hello from the lab</body></html>'
printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\n' \
	$((${#body} + 1)) "$body" >"$work/response"
ip netns exec "$s" nc -N -w 5 -l 10.0.0.2 80 <"$work/response" >"$work/request" &
srv=$!
until_ok sh -c "ip netns exec '$s' ss -Hltn 'sport = :80' | grep -q LISTEN"

# The client: curl's request; the answer must come back.
printf 'GET / HTTP/1.1\r\nHost: www.baidu.com\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n' |
	ip netns exec "$c" nc -N -w 5 10.0.0.2 80 >"$work/answer"
grep -q 'hello from the lab' "$work/answer"
wait "$srv"
srv=""

# Stop the capture (tcpdump flushes on SIGINT), then print it.
sleep 0.05 # the last ACK reaches the capture
kill -INT "$td"
wait "$td" || true
td=""
tcpdump -nn -r "$work/hs.pcap" 2>/dev/null | grep -q 'Flags \[S\]'
tcpdump -nn -r "$work/hs.pcap" 2>/dev/null
