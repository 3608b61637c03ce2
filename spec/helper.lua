-- spec/helper.lua: what several spec files share.
local lu = require "luaunit"
local M = {}

-- The netlab binary under test (make asan runs the sanitizer build).
M.bin = os.getenv("NETLAB_SPEC_BIN") or "./netlab"
-- The netlab executable itself, as arg[-1] names it: M.bin unless that
-- is a wrapper (make valgrind's), which says so in NETLAB_SPEC_EXE.
M.exe = os.getenv("NETLAB_SPEC_EXE") or M.bin

-- Whether M.bin is a sanitizer build (make asan's netlab-asan, linked
-- with libasan): its LeakSanitizer checks for leaks as it exits.
M.sanitized = os.execute(("ldd %s 2>/dev/null | grep -q libasan"):format(M.bin)) == true

-- The command that runs netlab binary BIN (a path) inside a lab host's
-- command. There each command is a pid namespace of its own while /proc
-- is the machine's (ARCHITECTURE.md: what a host shares with the
-- machine), and LeakSanitizer finds the threads it stops in
-- /proc/<its own pid>/task: its pid in the namespace (9) names no
-- process there, or another one, and the check fails ("Can't open
-- /proc/9/task for reading"). So a sanitizer build runs in a mount
-- namespace of its own whose /proc is its pid namespace's (unshare
-- --mount-proc), where the leak check works as it does outside hosts.
function M.in_host(bin)
  if not M.sanitized then return bin end
  return "unshare --mount --mount-proc " .. bin
end

local tmpfiles = {}

-- Returns a fresh temporary path, removed when the suite ends.
function M.tmpname(suffix)
  local base = os.tmpname() -- creates the file: remove it too
  tmpfiles[#tmpfiles + 1] = base
  if not suffix or suffix == "" then return base end
  tmpfiles[#tmpfiles + 1] = base .. suffix
  return base .. suffix
end

-- Writes TEXT to a temporary file and returns its path.
function M.tmpfile(text, suffix)
  local p = M.tmpname(suffix or ".lua")
  local f = assert(io.open(p, "w"))
  f:write(text)
  f:close()
  return p
end

-- Quotes S for /bin/sh.
function M.shquote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- NETLAB_SLOW=N (mk/valgrind.sh sets it): everything runs N times slower,
-- so the time limits of run and netlab grow N times.
M.slow = math.max(1, tonumber(os.getenv("NETLAB_SLOW")) or 1)

-- Runs a shell command with a time limit; returns stdout, stderr, code.
function M.run(cmd, timeout)
  timeout = math.ceil((timeout or 20) * M.slow)
  return netlab.sh("timeout -s KILL " .. timeout .. " " .. cmd, {timeout = timeout + 5})
end

-- Runs the netlab binary with ARGS (a shell-quoted string); opts.env:
-- variables to set for it (name -> value).
function M.netlab(args, opts)
  opts = opts or {}
  local timeout = math.ceil((opts.timeout or 20) * M.slow)
  local env = {}
  for k, v in pairs(opts.env or {}) do env[#env + 1] = k .. "=" .. M.shquote(v) .. " " end
  local cmd = ("%stimeout -s KILL %d %s %s"):format(table.concat(env), timeout, M.bin, args)
  return netlab.sh(cmd, {stdin = opts.stdin, timeout = timeout + 5})
end

-- Runs Lua source CODE in a fresh netlab; returns stdout, stderr, code.
function M.script(code, args, opts)
  return M.netlab(M.tmpfile(code) .. " " .. (args or ""), opts)
end

-- Runs CMD in the machine's own namespace, asserting it exits 0; returns
-- its stdout.
function M.sh(cmd)
  local out, err, code = netlab.sh(cmd, {timeout = 10})
  lu.assertEquals(code, 0, cmd .. ": " .. tostring(err))
  return out
end

-- The stdout of each shell command of CMDS (M.sh), under the same keys: a
-- snapshot of the machine's own network, which netlab must never change.
function M.snapshot(cmds)
  local out = {}
  for k, cmd in pairs(cmds) do out[k] = M.sh(cmd) end
  return out
end

-- A lab with hosts a and b on one link, addressed ADDR_A and ADDR_B
-- (10.0.0.1/24 and 10.0.0.2/24 by default): returns lab, a, b, link.
function M.two_hosts(addr_a, addr_b)
  local lab = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local link = assert(lab:link(a, b, addr_a or "10.0.0.1/24", addr_b or "10.0.0.2/24"))
  return lab, a, b, link
end

-- Asserts that calling FN(...) raises an error whose message contains TEXT.
function M.raises(text, fn, ...)
  local ok, err = pcall(fn, ...)
  lu.assertFalse(ok, "no error, expected: " .. text)
  lu.assertStrContains(tostring(err), text)
end

-- For a spec file's sockets: keep(s) remembers socket S, gives it a
-- TIMEOUT-second wait and returns it; close_kept() closes all it kept.
function M.keeper(timeout)
  local opened = {}
  local function keep(s)
    opened[#opened + 1] = s
    s:settimeout(timeout)
    return s
  end
  local function close_kept()
    for _, s in ipairs(opened) do s:close() end
    opened = {}
  end
  return keep, close_kept
end

-- The smallest of N round trips (UDP ping-pong) from host A to IP:PORT,
-- in seconds; nil if a reply did not come within WAIT seconds.
function M.udp_rtt(a, ip, port, n, wait)
  local c <close> = assert(a:udp())
  assert(c:setpeername(ip, port))
  c:settimeout(wait)
  local best = math.huge
  for i = 1, n do
    local t0 = netlab.now()
    assert(c:send("ping " .. i))
    if not c:receive() then return nil end
    best = math.min(best, netlab.now() - t0)
  end
  return best
end

-- Counts this process's open fds, after a full collection: an earlier
-- test's garbage (a lab left to the collector) must not close its fds
-- between a test's two counts.
function M.fd_count()
  collectgarbage()
  collectgarbage()
  return #netlab.fd.list()
end

-- Rootless specs run netlab as nobody: as root (as CI runs the suite),
-- through setpriv; run by an ordinary user, the children already are one.
M.root = netlab.sh("id -u"):match("^%d+") == "0"
local SETPRIV = "setpriv --reuid=65534 --regid=65534 --clear-groups"

-- The copy of the checkout nobody runs from (nil until made).
local readable

-- What netlab runs from (its binary, scripts/, build/luac/, labs/, mk/),
-- copied to a temporary directory everyone may read: the checkout itself
-- may lie where nobody cannot (root's home, mode 700). Made once, removed
-- by cleanup(); returns its path.
local function readable_copy()
  if readable then return readable end
  local dir = assert(netlab.sh("mktemp -d")):match("[^\n]+")
  local parts = {"scripts", "labs", "mk", "build/luac"}
  for _, bin in ipairs({M.bin, M.exe}) do
    if not bin:match("^/") then parts[#parts + 1] = bin end
  end
  local files = {}
  for _, p in ipairs(parts) do
    local f = io.open(p) -- build/luac/ only once `make` ran
    if f then f:close(); files[#files + 1] = M.shquote(p) end
  end
  M.sh(("mkdir -p %s/build && cp -a --parents %s %s 2>&1 && chmod -R a+rX %s"):format(
    M.shquote(dir), table.concat(files, " "), M.shquote(dir), M.shquote(dir)))
  readable = dir
  return dir
end

-- Shell command CMD (a command line whose paths are relative to the
-- checkout: helper.bin, labs/..., mk/...) run as nobody: as root, from a
-- copy nobody can read (readable_copy); otherwise as it is.
function M.as_nobody(cmd)
  if not M.root then return cmd end
  return ("%s env -C %s %s"):format(SETPRIV, M.shquote(readable_copy()), cmd)
end

function M.cleanup()
  for _, p in ipairs(tmpfiles) do os.remove(p) end
  tmpfiles = {}
  if readable then netlab.sh("rm -rf " .. M.shquote(readable)) end
  readable = nil
end

-- A string no other process has in its environment: put in a run's
-- environment, it marks every process the run starts.
function M.new_mark()
  local f = assert(io.open("/proc/sys/kernel/random/uuid"))
  local id = f:read("l")
  f:close()
  return "netlab-spec-" .. id
end

-- Pids of the processes whose environment holds MARK (a run's children
-- inherit it, so any left running after the run ended show up here).
function M.marked(mark)
  local pids = {}
  local ls = assert(io.popen("ls /proc"))
  for pid in ls:lines() do
    local f = pid:match("^%d+$") and io.open("/proc/" .. pid .. "/environ")
    if f then
      local env = f:read("a") or ""
      f:close()
      if env:find(mark, 1, true) then pids[#pids + 1] = pid end
    end
  end
  ls:close()
  return pids
end

-- The 4 bytes of dotted quad A ("10.0.0.1"), for specs that build packets.
function M.ip4_bytes(a)
  local b = {a:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")}
  return string.char(tonumber(b[1]), tonumber(b[2]), tonumber(b[3]), tonumber(b[4]))
end

-- The 16 bytes of IPv6 address A (full, or with one "::").
function M.ip6_bytes(a)
  local head, tail = a:match("^(.-)::(.*)$")
  local function words(s)
    local t = {}
    for w in s:gmatch("[^:]+") do t[#t + 1] = tonumber(w, 16) end
    return t
  end
  local h, t = words(head or a), words(tail or "")
  local all = {}
  for _, w in ipairs(h) do all[#all + 1] = w end
  for _ = 1, 8 - #h - #t do all[#all + 1] = 0 end
  for _, w in ipairs(t) do all[#all + 1] = w end
  return string.pack(">" .. ("I2"):rep(8), table.unpack(all))
end

-- The Fletcher checksum (ISO 8473) the field at CKOFF of S should hold,
-- as tcpdump's create_osi_cksum works it out (C's truncating %).
function M.osi_fletcher(s, ckoff)
  local c0, c1 = 0, 0
  for i = 1, #s do
    if i - 1 ~= ckoff and i - 1 ~= ckoff + 1 then c0 = c0 + s:byte(i) end
    c1 = c1 + c0
  end
  c0, c1 = c0 % 255, c1 % 255
  local function cmod(a) return a >= 0 and a % 255 or -((-a) % 255) end
  local mul = (#s - ckoff) * c0
  local x, y = mul - c0 - c1, c1 - mul - 1
  if y >= 0 then y = y + 1 end
  if x < 0 then x = x - 1 end
  x, y = cmod(x), cmod(y)
  if x == 0 then x = 255 end
  if y == 0 then y = 255 end
  return ((x << 8) | (y & 0xff)) & 0xffff
end

return M
