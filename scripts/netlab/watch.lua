-- netlab.watch: a connection's TCP states as they change, for a lab to
-- show the kernel's states next to the ladder drawn from a capture.
--   local w = netlab.watch(sock, function(row, old, new) print(old, "->", new) end)
--   ... connect, send, close ...
--   w:wait(2)                 -- until the socket leaves the table (CLOSED)
--   w:states()                -- {"SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", ...}
--   w:stop()
--
-- The kernel sends no event when a socket changes state (not to an
-- unprivileged process), so a daemon task polls the host's sock_diag
-- table (host:sockets' source) every `interval` seconds (1 ms by
-- default). A state shorter than that can be missed: on a lab link a
-- handshake takes microseconds, so give the link a delay (link:impair)
-- to see SYN_SENT. The watcher stops on w:stop(), when the watched
-- socket has gone from the table (after reporting "CLOSED"), when its
-- host closes (the lab stops a host's watchers at once), when the socket
-- is closed before the table ever showed it, or after `timeout` seconds
-- (120 by default: TIME_WAIT lasts 60). A watcher holds its socket, so
-- a socket only the watcher refers to is not collected under it.
local cdiag = require "netlab.c.diag"
local clab = require "netlab.c.lab"
local csock = require "netlab.c.socket"
local lab = require "netlab.lab"
local sched = require "netlab.sched"
local selfcheck = require "netlab.selfcheck"
local blame = require "netlab.blame"
local now = require("netlab.c.loop").now

local M = {}

local Watcher = {__name = "netlab.watcher"}
Watcher.__index = Watcher
M.Watcher = Watcher

local argerror, typename = lab.argerror, lab.typename

-- A connection's name in a timeline: "10.0.0.1:40000->10.0.0.2:8080".
local function conn_key(r)
  local function ep(ip, port)
    return (r.family == "inet6" and "[" .. ip .. "]" or ip) .. ":" .. port
  end
  return ep(r["local"], r.local_port) .. "->" .. ep(r.remote, r.remote_port)
end

-- The TCP rows D sees now in FAMILIES ({"inet", "inet6"}) | nil,
-- message, errno. Each dump walks the kernel's whole connection table
-- (tens of ms on a big machine), so a socket's watcher asks for its
-- socket's family only.
local function tcp_rows(d, families)
  local rows = {}
  for _, family in ipairs(families) do
    local some, err, code = d:dump(family, "tcp")
    if not some then return nil, err, code end
    table.move(some, 1, #some, #rows + 1, rows)
  end
  return rows
end

-- Notes that connection KEY (row R) went from OLD to NEW: the timeline,
-- then the script's function.
local function report(w, r, key, old, new)
  local t = now() - w._start
  w._timeline[#w._timeline + 1] = {time = t, conn = key, old = old, state = new}
  w._fn(r, old, new)
end

-- One poll of a socket watcher: finds its row (by inode while the
-- socket has one, then by its four-tuple); false once it has gone.
local function poll_socket(w, rows)
  local found
  for _, r in ipairs(rows) do
    local key = conn_key(r)
    if (w._inode ~= 0 and r.inode == w._inode) or (w._key and key == w._key and r.inode == 0) then
      found = r
      w._key = key
      break
    end
  end
  if found and found.state ~= w._state then
    report(w, found, w._key, w._state, found.state)
    w._state, w._last = found.state, found
  elseif not found and w._state then
    report(w, w._last, w._key, w._state, "CLOSED")
    return false
  elseif not found and w._sock:getfd() < 0 then
    return false -- closed before the table ever showed it: it never will
  end
  if found then w._last = found end
  return true
end

-- One poll of a host watcher: every connection's change, appearance
-- and disappearance (as "CLOSED").
local function poll_host(w, rows)
  local seen = {}
  for _, r in ipairs(rows) do
    local key = conn_key(r)
    if not seen[key] then
      seen[key] = r
      local old = w._states[key]
      if old ~= r.state then report(w, r, key, old, r.state) end
      w._states[key], w._rows[key] = r.state, r
    end
  end
  for key, old in pairs(w._states) do
    if not seen[key] then
      report(w, w._rows[key], key, old, "CLOSED")
      w._states[key], w._rows[key] = nil, nil
    end
  end
  return true
end

-- The watcher's task: polls until stopped, gone, failed or timed out.
local function run(w)
  local d <close> = w._diag -- closed however the task ends (fn may raise)
  local deadline = w._start + w._timeout
  while not w._stopped and now() < deadline do
    local rows, err = tcp_rows(d, w._families)
    if not rows then
      w._error = err
      break
    end
    if not w._poll(w, rows) then break end
    sched.sleep(w._interval)
  end
  w._ended = true
end

-- Checks watch's options (argument 3): interval and timeout, seconds.
local function check_opts(opts)
  if opts == nil then return 0.001, 120 end
  if type(opts) ~= "table" then argerror(3, "watch", "table expected, got " .. typename(opts), 3) end
  for k, v in pairs(opts) do
    if k ~= "interval" and k ~= "timeout" then
      argerror(3, "watch", ("unknown option '%s'"):format(tostring(k)), 3)
    end
    if type(v) ~= "number" or v ~= v or v <= 0 then
      argerror(3, "watch", ("option '%s': positive number of seconds expected"):format(k), 3)
    end
  end
  return opts.interval or 0.001, opts.timeout or 120
end

-- Opens the diag socket for TARGET (a socket or a host): the diag, the
-- socket's inode (0 for a host) | raises on a bad or closed target.
local function open_for(target)
  if getmetatable(target) == csock.meta then
    return cdiag.socket(target) -- raises "attempt to use a closed socket"
  end
  if getmetatable(target) == clab.meta then
    lab.check_host(target, "watch", 1, 1)
    local d, err, code = cdiag.open(target)
    if not d then return nil, err, code end
    return d, 0
  end
  argerror(1, "watch", "socket or host expected, got " .. typename(target), 3)
end

-- netlab.watch(sock_or_host, fn[, {interval =, timeout =}]) -> watcher |
-- nil, message, errno: calls fn(row, old_state, new_state) at each TCP
-- state change seen (old_state nil when first seen, new_state "CLOSED"
-- when gone from the table). TARGET may be on another machine
-- (lab:machine; watch_remote.lua).
function M.watch(target, fn, opts)
  if type(fn) ~= "function" then argerror(2, "watch", "function expected, got " .. typename(fn)) end
  local interval, timeout = check_opts(opts)
  local machines = package.loaded["netlab.lab_machine"]
  local machine = machines and machines.machine_of(target)
  if machine then
    local w, err, code = require("netlab.watch_remote").watch(machine, target, fn, opts)
    return w, err, code
  end
  local d, inode, code = open_for(target)
  if not d then return nil, "cannot read the socket table: " .. inode, code end
  local w = setmetatable({_fn = fn, _diag = d, _inode = inode, _interval = interval,
                          _timeout = timeout, _start = now(), _timeline = {},
                          _states = {}, _rows = {}, _stopped = false, _ended = false,
                          _poll = inode == 0 and poll_host or poll_socket,
                          _families = inode == 0 and {"inet", "inet6"} or {target:getfamily()},
                          _sock = inode ~= 0 and target or nil}, Watcher) -- held while watched
  w._task = sched.spawn(run, true, w)
  if inode == 0 then lab.host_state(target).sockets[w] = true end -- lab:close() stops it
  return w
end

-- watcher:stop(): stops polling (the next poll does not happen); again
-- is harmless.
function Watcher:stop()
  selfcheck.check(self, Watcher, "stop")
  self._stopped = true
  if not self._ended and self._task:status() ~= "running" then
    self._task:cancel() -- closes its diag socket
    self._ended = true
  end
end
Watcher.__close = Watcher.stop
function Watcher:close() -- what lab:close() calls
  selfcheck.check(self, Watcher, "close")
  self:stop()
end

-- watcher:wait([timeout]) -> true | nil, "timeout": waits until the
-- watcher has ended (its socket gone, stopped, timed out).
function Watcher:wait(timeout)
  selfcheck.check(self, Watcher, "wait")
  if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
    local got = type(timeout) == "number" and "NaN" or type(timeout)
    blame.argerror(1, "wait", "timeout in seconds expected, got " .. got)
  end
  if self._ended then return true end
  local done, ok, err = pcall(self._task.join, self._task, timeout)
  if self._ended then return true end -- stopped meanwhile (its task cancelled)
  if not done then error(ok, 0) end -- the script's function raised
  return ok, err
end

-- watcher:timeline() -> {{time =, conn =, old =, state =}, ...}: every
-- change seen, time in seconds since the watch began.
function Watcher:timeline()
  selfcheck.check(self, Watcher, "timeline")
  return table.move(self._timeline, 1, #self._timeline, 1, {})
end

-- watcher:states([conn]) -> {"SYN_SENT", "ESTABLISHED", ...}: the states
-- seen in order (of connection CONN only, when given).
function Watcher:states(conn)
  selfcheck.check(self, Watcher, "states")
  if conn ~= nil and type(conn) ~= "string" then
    blame.argerror(1, "states", "connection string expected, got " .. type(conn))
  end
  local out = {}
  for _, e in ipairs(self._timeline) do
    if conn == nil or e.conn == conn then out[#out + 1] = e.state end
  end
  return out
end

-- watcher:isrunning() -> boolean
function Watcher:isrunning()
  selfcheck.check(self, Watcher, "isrunning")
  local st = self._task:status()
  return not self._ended and (st == "ready" or st == "running" or st == "waiting")
end

-- watcher:error() -> the message that ended it early (a failed dump) | nil
function Watcher:error()
  selfcheck.check(self, Watcher, "error")
  return self._error
end

function Watcher:__tostring()
  selfcheck.check(self, Watcher, "__tostring")
  return ("netlab.watcher (%s, %d changes)"):format(self:isrunning() and "running" or "ended", #self._timeline)
end

return M
