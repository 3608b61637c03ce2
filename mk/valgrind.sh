#!/bin/sh
# valgrind.sh [SPEC...] - the suite (or the spec files named, as for
# spec/run.lua) with every netlab process under valgrind's memcheck.
#
# Every netlab the specs start runs under valgrind: NETLAB_SPEC_BIN
# (spec/helper.lua) names a wrapper script that runs ./netlab under it.
# The runner, ./netlab spec/run.lua, runs under valgrind too if a netlab
# under it can run a program (netlab.sh); valgrind 3.19 (Debian 12's)
# does not know pidfd_open (syscall 434), and netlab then waits for its
# children by polling /proc (scripts/netlab/proc.lua). NETLAB_SPEC_EXE
# names the real binary for the specs that check arg[-1] or copy it.
# Programs netlab execs (ip,
# tcpdump, sh...) are not traced (--trace-children=no), and a forked
# child, which only sets itself up and execs, writes no log of its own
# (--child-silent-after-fork=yes): in a host it is pid 1 of a pid
# namespace, and every such child would want the same vg.1.log.
#
# Each process writes its own log (LOGDIR/vg.PID.log). A process fails if
# memcheck saw a memory error or a definitely lost block that
# mk/valgrind.supp does not explain (third-party one-time allocations
# only; never netlab's own frames). "Possibly lost" and "still reachable"
# blocks are not errors: Lua's state lives until exit.
#
# NETLAB_SLOW=4 (the default here) tells the specs that everything runs
# slower: spec/helper.lua multiplies its time limits by it.
#
# Exits 0 when the suite passed and no process had a memcheck error.
# VALGRIND_LOGS=DIR keeps the logs there (a fresh directory by default,
# removed when everything passed).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed" >&2; exit 1; }
[ -x ./netlab ] || { echo "valgrind.sh: build netlab first (make)" >&2; exit 1; }

LOGDIR=${VALGRIND_LOGS:-$(mktemp -d "${TMPDIR:-/tmp}/netlab-valgrind.XXXXXX")}
mkdir -p "$LOGDIR"
chmod 1777 "$LOGDIR" # rootless specs run netlab as nobody: they log here too
WRAP="$LOGDIR/netlab-vg"

# valgrind's launcher: Debian's /usr/bin/valgrind is a script around
# valgrind.bin, which the wrapper runs itself so that it can name the
# process "netlab" (exec -a): tools that read /proc/PID/cmdline (netstat
# -p) then see the name netlab sees for itself under valgrind.
VG=$(command -v valgrind.bin || command -v valgrind)

# The wrapper: ./netlab under memcheck, one log per process.
cat >"$WRAP" <<EOF
#!/bin/bash
exec -a "$ROOT/netlab" "$VG" --tool=memcheck --leak-check=full \\
  --errors-for-leak-kinds=definite --show-leak-kinds=definite \\
  --error-exitcode=99 --trace-children=no --child-silent-after-fork=yes \\
  --suppressions="$ROOT/mk/valgrind.supp" --num-callers=30 \\
  --log-file="$LOGDIR/vg.%p.log" "$ROOT/netlab" "\$@"
EOF
chmod 755 "$WRAP"

echo "valgrind.sh: logs in $LOGDIR" >&2
# The runner under valgrind only if a netlab under it can run a program.
RUNNER="$WRAP"
if ! "$WRAP" -e 'assert(netlab.sh("true"))' >/dev/null 2>&1; then
	echo "valgrind.sh: $(valgrind --version) lacks pidfd_open: the runner runs without it" >&2
	RUNNER=./netlab
fi
rm -f "$LOGDIR"/vg.*.log
NETLAB_SPEC_BIN="$WRAP" NETLAB_SPEC_EXE="$ROOT/netlab" NETLAB_SLOW=${NETLAB_SLOW:-4} "$RUNNER" spec/run.lua "$@" \
	>"$LOGDIR/suite.out" 2>&1
suite=$?
tail -n 1 "$LOGDIR/suite.out"
grep -E '^(FAIL|ERROR|Failed|[0-9]+\) )' "$LOGDIR/suite.out" | head -n 40

# A log is bad if memcheck counted an error (a definite leak counts) or
# holds an error but no summary (the process was killed).
bad=0 total=0
for log in "$LOGDIR"/vg.*.log; do
	[ -e "$log" ] || continue
	total=$((total + 1))
	if grep -q 'ERROR SUMMARY: [1-9]' "$log" ||
		{ ! grep -q 'ERROR SUMMARY' "$log" && grep -qE '^==[0-9]+== +(at|by) ' "$log"; }; then
		bad=$((bad + 1))
		echo "valgrind.sh: memcheck errors in $log:" >&2
		sed -n '1,80p' "$log" >&2
	fi
done
missing=$(grep -h 'unhandled amd64-linux syscall' "$LOGDIR"/vg.*.log 2>/dev/null |
	sed 's/^--[0-9]*-- //' | sort | uniq -c)
[ -n "$missing" ] && echo "valgrind.sh: syscalls valgrind does not know (they fail with ENOSYS under it):" >&2 &&
	echo "$missing" >&2
echo "valgrind.sh: $total netlab processes checked, $bad with memcheck errors; suite exit $suite"
if [ "$bad" -eq 0 ] && [ "$suite" -eq 0 ] && [ -z "${VALGRIND_LOGS:-}" ]; then
	rm -rf "$LOGDIR"
fi
[ "$bad" -eq 0 ] && [ "$suite" -eq 0 ]
