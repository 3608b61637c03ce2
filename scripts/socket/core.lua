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
  function M.sleep(seconds) sched.sleep(seconds) end

  -- socket.skip(n, ...) -> the arguments after the first n
  function M.skip(n, ...) return select(n + 1, ...) end

  -- socket.connect(address, port[, laddress[, lport[, family]]]) -> client
  function M.connect(address, port, laddress, lport, family)
    local kind = family == "inet6" and "tcp6" or family == "inet" and "tcp4" or "tcp"
    local s = object.new(new_socket, kind)
    if laddress then
      local ok, berr = s:bind(laddress, lport or 0)
      if not ok then s:close() return nil, berr end
    end
    local ok, cerr = s:connect(address, port)
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
  local function fds_of(list, map, ready, check_dirty)
    for _, s in ipairs(list or {}) do
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
    local rmap, wmap, dirty = {}, {}, {}
    fds_of(recvt, rmap, dirty, true)
    fds_of(sendt, wmap, {}, false)
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

  function M.dns.getaddrinfo(host) return cdns.getaddrinfo(host) end
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
    local list, err = cdns.getaddrinfo(name)
    if not list then return nil, "host not found" end
    local ent = hostent(name, list)
    if not ent.ip[1] then return nil, "host not found" end
    return ent.ip[1], ent
  end

  function M.dns.tohostname(addr)
    local ip = M.dns.toip(addr)
    if not ip then return nil, "host not found" end
    local name, err = cdns.getnameinfo(ip)
    if not name then return nil, err end
    return name, {name = name, alias = {}, ip = {ip}}
  end

  function M.dns.getnameinfo(host)
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
