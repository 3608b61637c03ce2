-- netlab: the table every script sees as the global `netlab`.
-- Nothing heavy loads until a script uses it (the scheduler with the
-- first socket or task; fd, sh, errno and lab on first touch), so
-- `netlab -e ''` starts nearly as fast as lua.
local netlab = {} -- _VERSION: set by bindings/lib.c from the file VERSION

local pack, unpack = table.pack, table.unpack
local raw_create, raw_resume, raw_close = coroutine.create, coroutine.resume, coroutine.close
local raw_status, rawmeta = coroutine.status, debug.getmetatable

-- The scheduler resumes its tasks with the original functions.
package.loaded["netlab.rawco"] = {resume = coroutine.resume, wrap = coroutine.wrap}

-- Coroutines made by scripts pass netlab's waits through to whoever can
-- wait (see sched.lua); before the scheduler exists there are none.
local function passed(co, r)
  local sched = package.loaded["netlab.sched"]
  if sched then r = sched.pass_through(co, r) end
  return r
end

-- Raises lua's own argument error for coroutine.NAME when its first
-- argument (one of N given) is not of type WANT, as if the C function
-- had checked it: the replacements below are Lua functions, and an
-- error raised by the original they call would name a local.
local function check_first(name, want, n, x)
  if type(x) == want then return end
  local mt = rawmeta(x)
  local got = n == 0 and "no value"
    or type(mt) == "table" and type(rawget(mt, "__name")) == "string" and rawget(mt, "__name")
    or type(x)
  error(("bad argument #1 to 'coroutine.%s' (%s expected, got %s)"):format(name, want, got), 3)
end

function coroutine.resume(...)
  local co = ...
  check_first("resume", "thread", select("#", ...), co)
  local r = passed(co, pack(raw_resume(...)))
  return unpack(r, 1, r.n)
end

-- coroutine.wrap as lcorolib.c's: an error inside the coroutine closes
-- its pending to-be-closed variables (coroutine.close) before it goes
-- on to the caller, with the caller's position in front of a message.
function coroutine.wrap(...)
  local fn = ...
  check_first("wrap", "function", select("#", ...), fn)
  local co = raw_create(fn)
  return function(...)
    local r = passed(co, pack(raw_resume(co, ...)))
    if r[1] then return unpack(r, 2, r.n) end
    local err = r[2]
    if raw_status(co) == "dead" then
      local ok, closing_err = raw_close(co)
      if not ok then err = closing_err end
    end
    error(err, 2)
  end
end

local function sched() return require "netlab.sched" end
local function socket() return require "netlab.socket" end

local function opener(kind)
  return function() return socket().new(kind) end
end

-- netlab.tcp() / tcp6() / udp() / udp6() -> socket | nil, message, errno
netlab.tcp = opener("tcp")
netlab.tcp6 = opener("tcp6")
netlab.udp = opener("udp")
netlab.udp6 = opener("udp6")

-- netlab.unix(["stream"|"dgram"]) -> unix-domain socket
function netlab.unix(kind)
  if kind == nil or kind == "stream" then return socket().new("unix") end
  if kind == "dgram" then return socket().new("unixdgram") end
  require("netlab.blame").argerror(1, "unix", "\"stream\" or \"dgram\" expected") -- at the script's line
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
  return sched().spawn(fn, false, ...)
end

-- netlab.daemon(fn, ...) -> task: like spawn, but a daemon task (a
-- server) does not keep the script alive; it is cancelled at the end.
function netlab.daemon(fn, ...)
  check_fn(fn, "daemon")
  return sched().spawn(fn, true, ...)
end

-- netlab.sleep(seconds): pause the caller; other tasks run meanwhile
function netlab.sleep(seconds) return sched().sleep(seconds) end

-- netlab.now() -> seconds on a monotonic clock (for measuring time)
function netlab.now() return require("netlab.c.loop").now() end

-- True for an object of require "socket" (scripts/socket/object.lua),
-- which holds a netlab socket.
local function is_luasocket(item)
  return type(item) == "table" and type(item.class) == "string" and type(item.getfd) == "function"
end

-- netlab.wait_any(list[, timeout]) -> item, index | nil, "timeout":
-- waits for the first item of LIST that is ready: a socket with data to
-- read (or a connection to accept), or a task that has ended.
function netlab.wait_any(list, timeout)
  if type(list) ~= "table" then
    error("bad argument #1 to 'wait_any' (table expected, got " .. type(list) .. ")", 2)
  end
  local fds, tasks = {}, {}
  local Task, meta = sched().Task, socket().meta
  for i, item in ipairs(list) do
    if getmetatable(item) == Task then
      tasks[item] = i
    elseif getmetatable(item) == meta or is_luasocket(item) then
      if item:dirty() then return item, i end
      local fd = math.tointeger(item:getfd())
      if fd < 0 then error(("bad argument #1 to 'wait_any' (item %d is a closed socket)"):format(i), 2) end
      fds[fd] = i
    else
      error(("bad argument #1 to 'wait_any' (item %d is neither a socket nor a task)"):format(i), 2)
    end
  end
  local i, err = sched().wait_any(fds, tasks, timeout)
  if not i then return nil, err end
  return list[i], i
end

-- Modules loaded on first use.
local lazy = {
  fd = "netlab.fd",
  errno = "netlab.errno",
  sh = function() return require("netlab.proc").sh end,
  lab = function() return require("netlab.lab").new end,
  here = function() return require("netlab.lab").here() end,
  fmt = "netlab.fmt",
  pcap = "netlab.pcap",
  packet = "netlab.packet",
  tcpdump = function() return require("netlab.tcpdump").tcpdump end,
  print = "netlab.print",
  ladder = function() return require("netlab.ladder").ladder end,
  seqgraph = function() return require("netlab.seqgraph").seqgraph end,
  plot = function() return require("netlab.plot").plot end,
  tcp_sampler = function() return require("netlab.tcp_sampler").tcp_sampler end,
  watch = function() return require("netlab.watch").watch end,
  top = function() return require("netlab.top").top end,
  tcp_congestion = function() return require("netlab.congestion").tcp_congestion end,
  sendfile = function() return require("netlab.zcopy").sendfile end,
  splice = function() return require("netlab.zcopy").splice end,
  buffer = function() return require("netlab.c.buffer").new end,
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
