-- netlab: the table every script sees as the global `netlab`.
-- Sockets, tasks and the scheduler load now; the rest (fd, sh, errno)
-- on first use, so `netlab -e ''` starts as fast as lua.
local sched = require "netlab.sched"
local socket = require "netlab.socket"

local netlab = {_VERSION = "netlab 0.1"}

-- Coroutines made by scripts pass netlab's waits through (see sched.lua).
coroutine.resume = sched.resume
coroutine.wrap = sched.wrap

local function opener(kind)
  return function() return socket.new(kind) end
end

-- netlab.tcp() / tcp6() / udp() / udp6() -> socket | nil, message, errno
netlab.tcp = opener("tcp")
netlab.tcp6 = opener("tcp6")
netlab.udp = opener("udp")
netlab.udp6 = opener("udp6")

-- netlab.unix(["stream"|"dgram"]) -> unix-domain socket
function netlab.unix(kind)
  if kind == nil or kind == "stream" then return socket.new("unix") end
  if kind == "dgram" then return socket.new("unixdgram") end
  error("bad argument #1 to 'unix' (\"stream\" or \"dgram\" expected)", 2)
end

local function check_fn(fn, name)
  if type(fn) ~= "function" then
    error(("bad argument #1 to '%s' (function expected, got %s)"):format(name, type(fn)), 3)
  end
end

-- netlab.spawn(fn, ...) -> task: runs fn(...) as a task; the script
-- ends only when its main chunk has returned and such tasks are done.
function netlab.spawn(fn, ...)
  check_fn(fn, "spawn")
  return sched.spawn(fn, false, ...)
end

-- netlab.daemon(fn, ...) -> task: like spawn, but a daemon task (a
-- server) does not keep the script alive; it is cancelled at the end.
function netlab.daemon(fn, ...)
  check_fn(fn, "daemon")
  return sched.spawn(fn, true, ...)
end

netlab.sleep = sched.sleep

-- netlab.now() -> seconds on a monotonic clock (for measuring time)
netlab.now = sched.now

-- netlab.wait_any(list[, timeout]) -> item, index | nil, "timeout":
-- waits for the first item of LIST that is ready: a socket with data to
-- read (or a connection to accept), or a task that has ended.
function netlab.wait_any(list, timeout)
  if type(list) ~= "table" then
    error("bad argument #1 to 'wait_any' (table expected, got " .. type(list) .. ")", 2)
  end
  local fds, tasks = {}, {}
  for i, item in ipairs(list) do
    if getmetatable(item) == sched.Task then
      tasks[item] = i
    elseif getmetatable(item) == socket.meta then
      if item:dirty() then return item, i end
      fds[item:getfd()] = i
    else
      error(("bad argument #1 to 'wait_any' (item %d is neither a socket nor a task)"):format(i), 2)
    end
  end
  local i, err = sched.wait_any(fds, tasks, timeout)
  if not i then return nil, err end
  return list[i], i
end

-- Modules loaded on first use.
local lazy = {
  fd = "netlab.fd",
  errno = "netlab.errno",
  sh = function() return require("netlab.proc").sh end,
}

return setmetatable(netlab, {
  __index = function(t, k)
    local what = lazy[k]
    if what == nil then return nil end
    local v = type(what) == "function" and what() or require(what)
    rawset(t, k, v)
    return v
  end,
})
