#!/bin/sh
# mk/testes.sh TESTES [LUA...]: runs each file of Lua's own test suite
# (TESTES: the testes/ folder of Lua 5.4.4's sources) alone under ./netlab
# and each LUA (default lua5.4, if installed), with _U=true and without,
# and prints one line per file and mode, then each interpreter's count.
# heavy.lua (gigabytes of memory; all.lua does not run it) is left out;
# big.lua runs inside a coroutine, as all.lua runs it. Each run is
# limited to 300 s. See docs/api.md, "Compatibility with lua".
set -u
[ $# -ge 1 ] || { echo "usage: mk/testes.sh TESTES [LUA...]" >&2; exit 2; }
dir=$1; shift
netlab=$(cd "$(dirname "$0")/.." && pwd)/netlab
[ $# -gt 0 ] || { command -v lua5.4 >/dev/null && set -- lua5.4; }
big="local f = coroutine.wrap(assert(loadfile('big.lua')))
assert(f() == 'b') assert(f() == 'a')"
cd "$dir" || exit 2

# Runs file $3 under interpreter $1 after the -e code $2 (a pipe on stdin:
# files.lua wants one it cannot seek).
run_one() {
  if [ "$3" = big.lua ]; then
    true | timeout 300 "$1" -e "$2" -e "$big" >/dev/null 2>&1
  else
    true | timeout 300 "$1" -e "$2" "$3" >/dev/null 2>&1
  fi
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
