-- spec/leftover.lua: runs a command (a netlab lab) in the background,
-- notes what it holds (the processes it started, the network and user
-- namespaces they hold) and says what of it outlives the run. Shared by
-- spec/kill_spec.lua and spec/rootless_spec.lua.
local helper = require "helper"

local M = {}

-- The watcher, run by /bin/sh with $1 = the command, $2 = milliseconds
-- before a signal ("" to let it end), $3 = the time limit in ms, $4 =
-- the mark its environment carries, $5 = the signal (KILL, TERM, INT:
-- then the command must end by itself within the limit). It prints "proc
-- PID STARTTIME" and "ns net:[INO]" (user:) for the command and all
-- its descendants (every 20 ms, or once just before the signal), then
-- "killed", "timeout" or nothing,
-- then "status CODE", "elapsed MS" and "err LINE" for the last 20 lines
-- the command printed (stdout and stderr: a failed lab's claims are on
-- stdout), so a failure says why.
local WATCHER = [=[
set -u
cmd=$1 kill_at=$2 limit=$3 sig=$5
T=$(mktemp) || exit 1
trap 'rm -f "$T" "$T.err"' EXIT
env NETLAB_SPEC_MARK="$4" sh -c "exec $cmd" >"$T.err" 2>&1 </dev/null &
p=$!
# starttime: field 22 of stat, the 20th after the ") " ending comm
starttime() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }
alive() { [ "$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -c1)" != Z ] && [ -e "/proc/$p" ]; }
snap() {
	ps -e -o pid=,ppid= >"$T"
	for x in $(awk -v root="$p" '{ par[$1] = $2 }
		END { for (x in par) { y = x; n = 0
			while (y != "" && y != root && n++ < 64) y = par[y]
			if (y == root) print x } }' "$T"); do
		st=$(starttime "$x")
		[ -n "$st" ] && echo "proc $x $st"
		find "/proc/$x/fd" "/proc/$x/ns/net" "/proc/$x/ns/user" \
			\( -lname 'net:*' -o -lname 'user:*' \) -printf 'ns %l\n' 2>/dev/null
		u=$(readlink "/proc/$x/ns/user" 2>/dev/null) &&
			echo "root $u $(awk 'NR == 1 { print $1 }' "/proc/$x/uid_map" 2>/dev/null)"
	done
}
now() { echo $(( ($(date +%s%N) - start) / 1000000 )); }
start=$(date +%s%N)
echo "own $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/user)"
if [ -n "$kill_at" ]; then
	sleep "$(awk -v ms="$kill_at" 'BEGIN { printf "%.3f", ms / 1000 }')"
	# frozen first, so the snapshot is what the signal hits
	if alive && kill -STOP "$p" 2>/dev/null; then
		snap || true
		kill -"$sig" "$p"
		[ "$sig" = KILL ] || kill -CONT "$p"
		echo killed
	fi
	# any other signal: it ends by itself, within the limit
	while [ "$sig" != KILL ] && alive; do
		[ "$(now)" -ge "$limit" ] && { kill -9 "$p"; echo timeout; break; }
		sleep 0.02
	done
else
	while alive; do
		snap
		[ "$(now)" -ge "$limit" ] && { kill -9 "$p"; echo timeout; break; }
		sleep 0.02
	done
fi
wait "$p"
echo "status $?"
echo "elapsed $(now)"
sed 's/^/err /' "$T.err" | tail -n 20
rm -f "$T.err"
]=]



-- The names of the links in the machine's own namespace.
function M.links()
  local out = assert(netlab.sh("ip -br link | awk '{ print $1 }' | sort; ip netns list"))
  return out
end

-- Runs CMD (a shell command line, exec'd) in the background from the
-- machine's namespace; KILL_MS: send it SIGNAL ("KILL" unless given:
-- "TERM", "INT") after that many ms (nil: let it end), LIMIT_MS: kill it
-- after that anyway. Returns the run: {procs = {[pid] = starttime}, ns =
-- {["net:[..]"] = true}, rooted = {["user:[..]"] = true: the user
-- namespaces where a process of the run was root}, killed, timeout, status, ms (how long it ran),
-- err, mark, links (the machine's links before)}.
function M.run(cmd, kill_ms, limit_ms, signal)
  local run = {procs = {}, ns = {}, rooted = {}, mark = helper.new_mark(), links = M.links()}
  -- the watcher's own namespaces (never a run's leftovers: rootless, a
  -- machine command has a user namespace of its own, not this process's)
  local own = {}
  local limit = limit_ms or 60000
  local script = helper.tmpfile(WATCHER, ".sh")
  local out, err = helper.run(("sh %s %s %s %d %s %s"):format(script, helper.shquote(cmd),
    kill_ms and ("%d"):format(kill_ms) or "''", limit, run.mark, signal or "KILL"), limit / 1000 + 10)
  assert(out, err)
  local errs = {}
  for line in out:gmatch("[^\n]+") do
    local pid, st = line:match("^proc (%d+) (%d+)$")
    local ns = line:match("^ns (%S+)$")
    local own_net, own_user = line:match("^own (%S+) (%S+)$")
    local user, inner = line:match("^root (%S+) (%d+)$")
    if own_net then own[own_net], own[own_user] = true, true end
    if pid then run.procs[tonumber(pid)] = st end
    if ns and not own[ns] then run.ns[ns] = true end
    if user and inner == "0" and not own[user] then run.rooted[user] = true end
    if line == "killed" then run.killed = true end
    if line == "timeout" then run.timeout = true end
    run.status = tonumber(line:match("^status (%d+)$")) or run.status
    run.ms = tonumber(line:match("^elapsed (%d+)$")) or run.ms
    if line:match("^err ") then errs[#errs + 1] = line:sub(5) end
  end
  run.err = table.concat(errs, "\n")
  return run
end

-- The run's processes still running: {[pid] = "process PID (comm)"}.
local function run_procs(run)
  local alive = {}
  for pid, st in pairs(run.procs) do
    local f = io.open("/proc/" .. pid .. "/stat")
    local stat = f and f:read("a") or ""
    if f then f:close() end
    local now = stat:match("%) (.*)")
    local fields = {}
    for w in (now or ""):gmatch("%S+") do fields[#fields + 1] = w end
    if fields[20] == st then alive[tostring(pid)] = "process " .. pid .. " (" .. (stat:match("%((.-)%)") or "?") .. ")" end
  end
  for _, pid in ipairs(helper.marked(run.mark)) do alive[pid] = "process " .. pid .. " with the run's mark" end
  return alive
end

-- What of RUN is still there now: a list of descriptions. A namespace the
-- run held counts when one of its processes holds it still: the kernel
-- reuses a freed namespace's number at once, and on a busy machine
-- another program's new namespace often has it a moment later.
local function still_there(run)
  local left, alive = {}, run_procs(run)
  for _, what in pairs(alive) do left[#left + 1] = what end
  local held = netlab.sh("find /proc/[0-9]*/fd /proc/[0-9]*/ns \\( -lname 'net:*' -o -lname 'user:*' \\)"
    .. " -printf '%h %l\\n' 2>/dev/null | sort -u")
  local seen = {}
  for pid, ns in held:gmatch("/proc/(%d+)/%S+ (%S+)") do
    if run.ns[ns] and alive[pid] and not seen[ns] then
      seen[ns] = true
      left[#left + 1] = "namespace " .. ns .. " (held by " .. alive[pid] .. ")"
    end
  end
  table.sort(left)
  local links = M.links()
  if links ~= run.links then left[#left + 1] = "links changed:\n" .. run.links .. "->\n" .. links end
  return left
end

-- What of RUN outlives it, given up to SECONDS (3) to go (a killed
-- netlab's children get their SIGKILL from the kernel, a moment later).
function M.left(run, seconds)
  local tries = math.ceil((seconds or 3) / 0.1)
  local left
  for _ = 1, tries do
    left = still_there(run)
    if #left == 0 then return left end
    netlab.sleep(0.1)
  end
  return left
end

-- The names of the labs in labs/ ("handshake", ...), sorted.
function M.labs()
  local names = {}
  local ls = assert(io.popen("ls labs"))
  for f in ls:lines() do names[#names + 1] = f:match("^(.+)%.lua$") end
  ls:close()
  table.sort(names)
  return names
end

return M
