#!/bin/sh
# lab_scale.sh - the host-count curve: 10, 100, 1,000 and 10,000 hosts
# on switches (bench/lab_scale.lua: at most 100 hosts a switch, the
# switches on one core switch) made and torn down by netlab, against the
# same lab made by an ip netns script (bench/lab_scale_ip.sh), one size
# after the other in one run. Each figure is wall time per host, from
# the start of the process until the kernel has freed the namespaces
# again (the net_namespace slab's count back where it was: both tools
# leave that work to the kernel once they are done). The script's
# 10,000 is cut at LAB_SCALE_IP_LIMIT seconds (120) and rated by the
# hosts it had made by then. Then the same hosts in a tree of routers
# (lab_scale.lua's "routers": a router per switch, a core router, a
# default route in every host), netlab alone, at 100 hosts and at the
# largest size, one round each (LAB_SCALE_TREE=0: not run). Writes
# bench/lab_scale.svg (netlab.plot). Goals: per host at 1,000 and 10,000
# <= 1.5x netlab's at 100 (in the tree too); at 1,000 netlab <= 1/10 of
# the script. Needs root.
. "$(dirname "$0")/lib.sh"

SIZES=${LAB_SCALE_SIZES:-10 100 1000 10000}
IP_LIMIT=${LAB_SCALE_IP_LIMIT:-120}
TREE=${LAB_SCALE_TREE:-1}
SVG="$BENCH/lab_scale.svg"
if [ "$(id -u)" -ne 0 ]; then
	echo "| Host-count curve | not run: needs root | | | | SKIP |"
	exit 0
fi
NLSC_TAG=$$
export NLSC_TAG
cleanup_ns() {
	ip netns list 2>/dev/null | awk -v p="nlsc-$NLSC_TAG-" 'index($1, p) == 1 { print $1 }' |
		while read -r ns; do ip netns del "$ns" 2>/dev/null; done
}
trap 'cleanup_ns; cleanup' EXIT

# The kernel's count of network namespaces alive.
ns_alive() { awk '$1 == "net_namespace" { print $2 }' /proc/slabinfo; }

# now: seconds since the epoch, to the nanosecond.
now() { date +%s.%N; }

# settle BASE: waits (at most 10 s) until at most BASE + 5 namespaces
# are alive (the machine is shared: others make a few meanwhile).
settle() {
	i=0
	while [ "$(ns_alive)" -gt $(($1 + 5)) ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

# A size's rounds: 3 up to 100 hosts, 1 above (the machine is shared).
rounds() { if [ "$1" -le 100 ]; then echo 3; else echo 1; fi; }

# netlab_round N [SHAPE]: one netlab round; sets NL_SETUP and NL_DOWN
# (ms per host: set-up; lab:close and exit), NL_FREE (s the kernel then
# took) and NL_KIB (kernel KiB per host).
netlab_round() {
	base=$(ns_alive)
	t0=$(now)
	# 1 fd a host (its namespace): the hard limit
	(ulimit -n "$(ulimit -Hn)" && "$NETLAB" "$BENCH/lab_scale.lua" "$1" 100 "${2:-switches}") >"$WORK/nl.out" ||
		die "netlab's $1-host lab (${2:-switches}) failed"
	t1=$(now)
	settle "$base"
	NL_FREE=$(calc "$(now) - $t1")
	setup=$(field setup "$WORK/nl.out")
	NL_SETUP=$(calc "$setup * 1000 / $1")
	NL_DOWN=$(calc "($t1 - $t0 - $setup) * 1000 / $1")
	NL_KIB=$(field kib_per_host "$WORK/nl.out")
}

# ip_round N: one round of the script, cut at IP_LIMIT seconds; sets
# IP_SETUP and IP_DOWN (ms per host made), IP_FREE and IP_MADE.
ip_round() {
	base=$(ns_alive)
	t0=$(now)
	timeout -s TERM "$IP_LIMIT" sh "$BENCH/lab_scale_ip.sh" "$1" >"$WORK/ip.out" 2>&1 &
	pid=$!
	# count what it makes while it runs, for a cut-short round
	IP_MADE=0
	while kill -0 $pid 2>/dev/null; do
		made=$(ip netns list 2>/dev/null | grep -c "^nlsc-$NLSC_TAG-[0-9]*-h")
		[ "$made" -gt "$IP_MADE" ] && IP_MADE=$made
		sleep 0.5
	done
	wait $pid || true
	t1=$(now)
	cleanup_ns # what a cut-short round left
	settle "$base"
	IP_FREE=$(calc "$(now) - $t1")
	setup=$(field setup "$WORK/ip.out")
	if [ -n "$setup" ]; then
		IP_MADE=$1
	else
		[ "$IP_MADE" -gt 0 ] || die "the ip netns script failed: $(cat "$WORK/ip.out")"
		setup=$IP_LIMIT
	fi
	IP_SETUP=$(calc "$setup * 1000 / $IP_MADE")
	IP_DOWN=$(calc "($t1 - $t0 - $setup) * 1000 / $IP_MADE")
}

# The most hosts netlab's open files allow (1 a host, a switch and a
# router hosts too: two per 100 and the core; 16 netlink sockets and 64
# more to spare): a size above is cut to it, and the row says so.
MAXHOSTS=$((($(ulimit -Hn) - 80) * 100 / 102 - 1))
: >"$WORK/curve"
for n in $SIZES; do
	if [ "$n" -gt "$MAXHOSTS" ]; then
		echo "- Host-count curve: $n hosts cut to $MAXHOSTS, what an open-file limit of $(ulimit -Hn) allows (1 fd a host; the hard limit, which this process may not raise)."
		n=$MAXHOSTS
	fi
	r=$(rounds "$n")
	nl_s="" nl_d="" ip_s="" ip_d="" free=""
	k=0
	while [ $k -lt "$r" ]; do
		say "lab_scale: $n hosts, round $((k + 1)) of $r"
		netlab_round "$n"
		nl_s="$nl_s $NL_SETUP" nl_d="$nl_d $NL_DOWN" kib=$NL_KIB
		ip_round "$n"
		ip_s="$ip_s $IP_SETUP" ip_d="$ip_d $IP_DOWN"
		free="$free $NL_FREE/$IP_FREE"
		k=$((k + 1))
	done
	# shellcheck disable=SC2086
	echo "$n $(median $nl_s) $(median $nl_d) $(median $ip_s) $(median $ip_d) $IP_MADE $kib" >>"$WORK/curve"
	printf -- '- Host-count curve, %s hosts, every round in ms per host: netlab set-up%s, teardown%s; ip netns script set-up%s, teardown%s%s; the kernel then freed the namespaces in (s, netlab/script)%s; netlab took %s KiB of the kernel'"'"'s memory per host (MemAvailable).\n' \
		"$n" "$nl_s" "$nl_d" "$ip_s" "$ip_d" \
		"$([ "$IP_MADE" -lt "$n" ] && echo " (cut at ${IP_LIMIT} s with $IP_MADE hosts made)")" "$free" "$kib"
done

# The table, one row per size, and the goals.
at() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$WORK/curve"; }
ref=$(at 100 2)
while read -r n nls nld ips ipd made kib; do
	ratio=$(calc "$nls / $ips")
	note=""
	[ "$made" -lt "$n" ] && note="; cut at ${IP_LIMIT} s, $made made"
	goal="<= 0.10x" result=$(verdict "$ratio" '<=' 0.10)
	printf '| %s hosts on switches: set-up per host (teardown per host), median of %s | %.2f ms (%.2f) | %.2f ms (%.2f), ip netns script%s | %.3fx | %s | %s |\n' \
		"$n" "$(rounds "$n")" "$nls" "$nld" "$ips" "$ipd" "$note" "$ratio" "$goal" "$result"
	if [ -n "$ref" ] && [ "$n" -gt 100 ]; then
		growth=$(calc "$nls / $ref")
		printf '| ... netlab set-up per host at %s hosts against at 100 | %.2f ms | %.2f ms at 100 hosts | %.2fx | <= 1.5x | %s |\n' \
			"$n" "$nls" "$ref" "$growth" "$(verdict "$growth" '<=' 1.5)"
	fi
done <"$WORK/curve"

# The tree of routers: netlab at 100 hosts and at the largest size.
if [ "$TREE" != 0 ]; then
	big=$(awk 'END { print $1 }' "$WORK/curve")
	for n in 100 "$big"; do
		say "lab_scale: $n hosts in a tree of routers"
		netlab_round "$n" routers
		echo "$n $NL_SETUP $NL_DOWN $NL_FREE $NL_KIB" >>"$WORK/tree"
		printf -- '- Host-count curve, %s hosts in a tree of routers (a router and a switch per 100 hosts, a core router, a default route in every host), one round, ms per host: netlab set-up %s, teardown %s; the kernel then freed the namespaces in %s s; netlab took %s KiB of the kernel'"'"'s memory per host (MemAvailable).\n' \
			"$n" "$NL_SETUP" "$NL_DOWN" "$NL_FREE" "$NL_KIB"
	done
	t100=$(awk 'NR == 1 { print $2 }' "$WORK/tree")
	tbig=$(awk 'NR == 2 { print $2 }' "$WORK/tree")
	growth=$(calc "$tbig / $t100")
	printf '| %s hosts in a tree of routers: netlab set-up per host against at 100, one round each | %.2f ms | %.2f ms at 100 hosts | %.2fx | <= 1.5x | %s |\n' \
		"$big" "$tbig" "$t100" "$growth" "$(verdict "$growth" '<=' 1.5)"
fi

# The plot: ms per host against log10 of the host count.
CURVE="$WORK/curve" SVG="$SVG" "$NETLAB" -e '
local plot = require "netlab.plot"
plot.UNITS.netlab, plot.UNITS.script = "ms per host", "ms per host"
local rows = {}
for line in io.lines(os.getenv("CURVE")) do
  local n, nl, _, ip = line:match("^(%S+) (%S+) (%S+) (%S+)")
  rows[#rows + 1] = {time = math.log(tonumber(n), 10), netlab = tonumber(nl), script = tonumber(ip)}
end
netlab.plot(rows, {"netlab", "script"}, {svg = os.getenv("SVG"), title = "set-up per host against log10(hosts)"})
' >/dev/null || say "lab_scale: cannot write $SVG"
echo "- Host-count curve: plotted in bench/lab_scale.svg (x: log10 of the host count; y: set-up ms per host)."
