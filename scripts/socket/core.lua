-- socket.core for netlab: LuaSocket's core API on netlab's sockets, so a
-- LuaSocket script (and LuaSocket's own socket.http, ltn12...) runs in
-- netlab unchanged, its blocking calls yielding to netlab's scheduler.
local nsocket = require "netlab.socket"
local sched = require "netlab.sched"
local loop = require "netlab.c.loop"
local cdns = require "netlab.c.dns"
local object = require "socket.object"
local dgram = require "socket.dgram"
require "socket.stream"

-- Builds the module for sockets made by NEW_SOCKET(kind): netlab's own
-- by default; a lab host's for host:luasocket().
-- Raises unless V (argument N of FNAME) is a host name or address, at
-- the caller of FNAME (LuaSocket's luaL_checkstring takes a number too).
local function check_host(v, n, fname)
  if type(v) ~= "string" and type(v) ~= "number" then
    error(("bad argument #%d to '%s' (string expected, got %s)"):format(n, fname, type(v)), 3)
  end
end

local function build(new_socket)
  local M = {
    _VERSION = "LuaSocket 3.0.0 (netlab)", _SETSIZE = 1024,
    _DATAGRAMSIZE = dgram.DATAGRAMSIZE, _SOCKETINVALID = -1,
    _DEBUG = object.debug or nil,
  }

  -- socket.tcp() and udp() open their kernel socket at bind or connect
  -- (its family then known); tcp4, tcp6, udp4, udp6 at once.
  local function opener(kind, eager)
    return function() return object.new(new_socket, kind, eager) end
  end

  M.tcp, M.tcp4, M.tcp6 = opener("tcp"), opener("tcp4", true), opener("tcp6", true)
  M.udp, M.udp4, M.udp6 = opener("udp"), opener("udp4", true), opener("udp6", true)
  M.unixstream, M.unixdgram = opener("unix", true), opener("unixdgram", true)

  -- socket.gettime() -> seconds since the epoch
  M.gettime = loop.walltime

  -- socket.sleep(seconds): other netlab tasks run meanwhile
  function M.sleep(seconds)
    if type(seconds) ~= "number" or seconds ~= seconds then
      local got = type(seconds) == "number" and "NaN" or type(seconds)
      error(("bad argument #1 to 'sleep' (number expected, got %s)"):format(got), 2)
    end
    sched.sleep(seconds)
  end

  -- socket.skip(n, ...) -> the arguments after the first n
  -- (as LuaSocket's: an integer n, none left past the last)
  function M.skip(n, ...)
    local k = math.tointeger(n)
    if k == nil then
      error(("bad argument #1 to 'skip' (integer expected, got %s)"):format(type(n) == "number" and tostring(n) or type(n)), 2)
    end
    if k < 0 or k >= select("#", ...) then return end
    return select(k + 1, ...)
  end

  -- socket.connect(address, port[, laddress[, lport[, family]]]) -> client
  function M.connect(address, port, laddress, lport, family)
    check_host(address, 1, "connect")
    if type(port) ~= "number" and type(port) ~= "string" then
      error(("bad argument #2 to 'connect' (number expected, got %s)"):format(type(port)), 2)
    end
    if laddress ~= nil then check_host(laddress, 3, "connect") end
    if lport ~= nil and type(lport) ~= "number" and type(lport) ~= "string" then
      error(("bad argument #4 to 'connect' (number expected, got %s)"):format(type(lport)), 2)
    end
    local kind = family == "inet6" and "tcp6" or family == "inet" and "tcp4" or "tcp"
    local s = object.new(new_socket, kind)
    -- Calls S's method NAME; an argument it refuses is raised at the
    -- script's line (without the position rethrow gave it here).
    local function call(name, ...)
      local r = table.pack(pcall(s[name], s, ...))
      if r[1] then return table.unpack(r, 2, r.n) end
      s:close()
      local err = r[2]
      if type(err) == "string" then err = err:gsub("^[^\n]-:%d+: ", "", 1) end
      error(err, 3)
    end
    if laddress then
      local ok, berr = call("bind", laddress, lport or 0)
      if not ok then s:close() return nil, berr end
    end
    local ok, cerr = call("connect", address, port)
    if not ok then s:close() return nil, cerr end
    return s
  end

  -- newtry/protect: LuaSocket's exception helpers. A try error is a table
  -- so protect can tell it from a real error, which it re-raises.
  local TryError = {}

  function M.newtry(finalizer)
    return function(...)
      if (...) then return ... end
      if finalizer then pcall(finalizer) end
      error(setmetatable({(select(2, ...))}, TryError), 0)
    end
  end

  function M.protect(fn)
    return function(...)
      local r = table.pack(pcall(fn, ...))
      if r[1] then return table.unpack(r, 2, r.n) end
      if getmetatable(r[2]) == TryError then return nil, r[2][1] end
      error(r[2], 0)
    end
  end

  -- Checks select's argument ARG: nil or a table of at most _SETSIZE
  -- objects (LuaSocket's fd_set holds no more).
  local function check_set(list, arg)
    if list == nil then return end
    if type(list) ~= "table" then
      error(("bad argument #%d to 'select' (table expected, got %s)"):format(arg, type(list)), 3)
    end
    if #list > M._SETSIZE then
      error(("bad argument #%d to 'select' (more than socket._SETSIZE (%d) sockets)"):format(arg, M._SETSIZE), 3)
    end
  end

  -- Returns the fds of the objects of LIST (sockets or anything with
  -- getfd), those with buffered data first found as ready.
  local function fds_of(list, map, ready, check_dirty, arg)
    for i, s in ipairs(list or {}) do
      if (type(s) ~= "table" and type(s) ~= "userdata") or type(s.getfd) ~= "function" then
        error(("bad argument #%d to 'select' (item %d: socket expected, got %s)"):format(arg, i, type(s)), 3)
      end
      local fd = math.tointeger(s:getfd())
      if fd and fd >= 0 then
        map[fd] = s
        if check_dirty and s.dirty and s:dirty() then ready[#ready + 1] = s end
      end
    end
  end

  -- Collects the objects whose fds are ready for BITS now.
  local function ready_now(map, bits, out)
    for fd, s in pairs(map) do
      if loop.poll(fd, bits, 0) then out[#out + 1] = s; out[s] = true end
    end
    return out
  end

  -- socket.select(recvt, sendt[, timeout]) -> readable, writable[, "timeout"]
  function M.select(recvt, sendt, timeout)
    check_set(recvt, 1)
    check_set(sendt, 2)
    if timeout ~= nil and (type(timeout) ~= "number" or timeout ~= timeout) then
      local got = type(timeout) == "number" and "NaN" or type(timeout)
      error(("bad argument #3 to 'select' (number expected, got %s)"):format(got), 2)
    end
    local rmap, wmap, dirty = {}, {}, {}
    fds_of(recvt, rmap, dirty, true, 1)
    fds_of(sendt, wmap, {}, false, 2)
    if #dirty == 0 and (next(rmap) or next(wmap)) then
      local rfds, wfds = {}, {}
      for fd in pairs(rmap) do rfds[fd] = fd end
      for fd in pairs(wmap) do wfds[fd] = fd end
      sched.wait_any(rfds, nil, timeout, wfds)
    elseif #dirty == 0 then
      if timeout and timeout >= 0 then sched.sleep(timeout) end
      return {}, {}, "timeout"
    end
    local readable = ready_now(rmap, 1, {})
    for _, s in ipairs(dirty) do
      if not readable[s] then readable[#readable + 1] = s; readable[s] = true end
    end
    local writable = ready_now(wmap, 2, {})
    if #readable == 0 and #writable == 0 then return readable, writable, "timeout" end
    return readable, writable
  end

  -- socket.dns: the resolver, as LuaSocket shapes it.
  M.dns = {}

  function M.dns.getaddrinfo(host)
    check_host(host, 1, "getaddrinfo")
    local list, err = cdns.getaddrinfo(host)
    return list, err
  end
  function M.dns.gethostname() return cdns.gethostname() end

  -- Builds LuaSocket's resolved-host table for NAME and its addresses.
  local function hostent(name, list)
    local ips = {}
    for _, a in ipairs(list) do
      if a.family == "inet" then ips[#ips + 1] = a.addr end
    end
    return {name = name, alias = {}, ip = ips}
  end

  function M.dns.toip(name)
    check_host(name, 1, "toip")
    local list, err = cdns.getaddrinfo(name)
    if not list then return nil, "host not found" end
    local ent = hostent(name, list)
    if not ent.ip[1] then return nil, "host not found" end
    return ent.ip[1], ent
  end

  function M.dns.tohostname(addr)
    check_host(addr, 1, "tohostname")
    local ip = M.dns.toip(addr)
    if not ip then return nil, "host not found" end
    local name, err = cdns.getnameinfo(ip)
    if not name then return nil, err end
    return name, {name = name, alias = {}, ip = {ip}}
  end

  function M.dns.getnameinfo(host)
    check_host(host, 1, "getnameinfo")
    local list, err = cdns.getaddrinfo(host)
    if not list then return nil, err end
    local names = {}
    for _, a in ipairs(list) do
      names[#names + 1] = cdns.getnameinfo(a.addr) or a.addr
    end
    return names
  end
  M.build = build
  return M
end

return build(nsocket.new)
