# lib.sh - helpers shared by the bench/*.sh scripts (sourced, not run).
#
# Sets ROOT (the source tree), NETLAB (the binary), WORK (a scratch
# directory removed at exit). Servers started with `start_bg` are killed
# by pid at exit if they are still running.

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NETLAB="$ROOT/netlab"
BENCH="$ROOT/bench"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/netlab-bench.XXXXXX")
BG_PIDS=""

# Kills what start_bg started and is still running, removes WORK.
cleanup() {
	for pid in $BG_PIDS; do
		# only a process that is still this shell's child
		[ "$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null)" = "$$" ] || continue
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	BG_PIDS=""
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prints a progress or error message on stderr.
say() { echo "bench: $*" >&2; }

# Stops the script with a message.
die() {
	say "$*"
	exit 1
}

# start_bg OUTFILE SECONDS CMD...: runs CMD in the background under
# `timeout SECONDS`, stdout to OUTFILE; its pid is in BG_PID.
start_bg() {
	out=$1 secs=$2
	shift 2
	timeout "$secs" "$@" >"$out" 2>"$out.err" &
	BG_PID=$!
	BG_PIDS="$BG_PIDS $BG_PID"
}

# wait_bg PID: waits for a background job; fails if it failed.
wait_bg() {
	wait "$1"
	rc=$?
	BG_PIDS=$(echo "$BG_PIDS" | tr ' ' '\n' | grep -vx "$1" | tr '\n' ' ')
	return $rc
}

# wait_file FILE [PATTERN]: waits up to 5 s for FILE to hold a line
# matching PATTERN (any non-empty line by default).
wait_file() {
	i=0
	while [ $i -lt 100 ]; do
		grep -q "${2:-.}" "$1" 2>/dev/null && return 0
		sleep 0.05
		i=$((i + 1))
	done
	die "timed out waiting for $1"
}

# field NAME FILE: the value of a "NAME value" line of FILE.
field() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }

# json_stat FILE N KEY: KEY ("median", "mean"...) of the Nth command in
# hyperfine's JSON export FILE, in ms.
json_stat() {
	awk -v n="$2" -v k="\"$3\":" '$1 == k { if (++seen == n) { gsub(/,/, "", $2); print $2 * 1000; exit } }' "$1"
}

# hyperfine_pair NAME WARMUP RUNS NETLAB_CMD PEER_CMD: times both whole
# commands with hyperfine (no shell), keeps its JSON as $WORK/NAME.json
# and sets NL_MS and PEER_MS to their medians in ms.
hyperfine_pair() {
	say "$1: hyperfine, $3 runs each"
	hyperfine -N --style basic --warmup "$2" --runs "$3" --export-json "$WORK/$1.json" \
		"$4" "$5" >&2 || die "hyperfine failed"
	NL_MS=$(json_stat "$WORK/$1.json" 1 median) PEER_MS=$(json_stat "$WORK/$1.json" 2 median)
	[ -n "$NL_MS" ] && [ -n "$PEER_MS" ] || die "cannot read hyperfine's JSON"
}

# calc EXPR: evaluates a floating-point awk expression.
calc() { awk "BEGIN { print $1 }"; }

# median N...: the median of the numbers given.
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# verdict VALUE OP LIMIT: PASS if VALUE OP LIMIT holds (OP is <= or >=).
verdict() {
	awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
		ok = (op == "<=") ? (v <= l) : (v >= l)
		print ok ? "PASS" : "FAIL" }'
}

# cc_bench NAME [LIBS...]: compiles bench/NAME.c into WORK/NAME.
cc_bench() {
	name=$1
	shift
	${CC:-cc} -O2 -Wall -Wextra -o "$WORK/$name" "$BENCH/$name.c" "$@" || die "cannot compile bench/$name.c"
}
