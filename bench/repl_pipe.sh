#!/bin/sh
# repl_pipe.sh - the REPL reading piped input: `netlab -i < file` against
# `lua5.4 -i < file` on the same file, one long line (x = "aaa...") of
# 1, 2 and 10 MiB and then `#x`. Wall time, median of REPL_RUNS runs
# (default 3) of each; both must print the length.
#   goal: linear, netlab's 10 MiB time <= 15x its 1 MiB time (a
#         quadratic reader is 100x); and no slower than lua5.4
# Prints the rows of RESULTS.md's table on stdout.
. "$(dirname "$0")/lib.sh"

RUNS=${REPL_RUNS:-3}
command -v lua5.4 >/dev/null || die "lua5.4 is missing (apt-get install lua5.4)"

# make_input MIB: writes $WORK/lineMIB.lua.
make_input() {
	{
		printf 'x = "'
		head -c $(($1 * 1048576)) /dev/zero | tr '\0' a
		printf '"\n#x\n'
	} >"$WORK/line$1.lua"
}

# time_once MIB CMD...: seconds one run of CMD takes on the input; fails
# unless it printed the line's length.
time_once() {
	mib=$1
	shift
	start=$(date +%s.%N)
	"$@" <"$WORK/line$mib.lua" >"$WORK/out" 2>&1 || die "$* failed"
	end=$(date +%s.%N)
	grep -q "$(($mib * 1048576))" "$WORK/out" || die "$* did not print the length"
	calc "$end - $start"
}

# time_median MIB CMD...: the median of RUNS runs.
time_median() {
	t=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		t="$t $(time_once "$@")"
		i=$((i + 1))
	done
	median $t
}

for mib in 1 2 10; do
	say "repl_pipe: $mib MiB line, $RUNS runs each"
	make_input $mib
	eval "nl_$mib=$(time_median $mib "$NETLAB" -i)"
	eval "lua_$mib=$(time_median $mib lua5.4 -i)"
done

for mib in 1 2 10; do
	eval "nl=\$nl_$mib lua=\$lua_$mib"
	ratio=$(calc "$nl / $lua")
	printf '| netlab -i < file, one %s MiB line, median of %s runs | %.3f s | %.3f s, lua5.4 -i | %.3fx | <= 1x | %s |\n' \
		"$mib" "$RUNS" "$nl" "$lua" "$ratio" "$(verdict "$ratio" '<=' 1)"
done
growth=$(calc "$nl_10 / $nl_1")
printf '| netlab -i: 10 MiB line time / 1 MiB line time (linear: ~10) | %.1fx | %.1fx, lua5.4 -i | | <= 15x | %s |\n' \
	"$growth" "$(calc "$lua_10 / $lua_1")" "$(verdict "$growth" '<=' 15)"
echo "- REPL on a pipe: \`netlab -i < file\` and \`lua5.4 -i < file\`, a file holding \`x = \"a...a\"\` (1, 2, 10 MiB) and \`#x\`; whole processes, wall time from date +%s.%N."
