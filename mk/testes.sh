#!/bin/sh
# mk/testes.sh TESTES [LUA...]: runs each file of Lua's own test suite
# (TESTES: the testes/ folder of Lua 5.4.4's sources) alone under ./netlab
# and each LUA (default lua5.4, if installed), with _U=true and without,
# and prints one line per file and mode, then each interpreter's count.
# heavy.lua (gigabytes of memory; all.lua does not run it) is left out;
# big.lua runs inside a coroutine, as all.lua runs it. Each run is
# limited to 300 s; the background scripts of a failed main.lua are
# ended. See docs/api.md, "Compatibility with lua".
set -u
[ $# -ge 1 ] || { echo "usage: mk/testes.sh TESTES [LUA...]" >&2; exit 2; }
dir=$1; shift
netlab=$(cd "$(dirname "$0")/.." && pwd)/netlab
[ $# -gt 0 ] || { command -v lua5.4 >/dev/null && set -- lua5.4; }
big="local f = coroutine.wrap(assert(loadfile('big.lua')))
assert(f() == 'b') assert(f() == 'a')"
cd "$dir" || exit 2

out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Ends the scripts a failed main.lua left running: its Ctrl-C tests print
# the pid of each one they start in the background ("..., pid N)").
end_leftovers() {
  for pid in $(sed -n 's/.*in background, pid \([0-9]*\)).*/\1/p' "$out"); do
    case $(ps -o args= -p "$pid" 2>/dev/null) in
      *" -e "*) kill -9 "$pid" ;;
    esac
  done
}

# Runs file $3 under interpreter $1 after the -e code $2 (a pipe on stdin:
# files.lua wants one it cannot seek).
run_one() {
  if [ "$3" = big.lua ]; then
    true | timeout 300 "$1" -e "$2" -e "$big" >"$out" 2>&1
  else
    true | timeout 300 "$1" -e "$2" "$3" >"$out" 2>&1
  fi || { end_leftovers; return 1; }
}

for interp in "$netlab" "$@"; do
  pass=0 runs=0
  for mode in _U=true _U=nil; do
    for f in *.lua; do
      case $f in all.lua|heavy.lua) continue ;; esac
      if run_one "$interp" "$mode" "$f"; then
        result=pass pass=$((pass + 1))
      else
        result=FAIL
      fi
      runs=$((runs + 1))
      printf '%-16s %-8s %-14s %s\n' "$(basename "$interp")" "$mode" "$f" "$result"
    done
  done
  echo "$(basename "$interp"): $pass of $runs runs pass"
done
