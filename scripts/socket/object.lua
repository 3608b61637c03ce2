-- socket.object for netlab: LuaSocket 3.1's socket objects (tcp{master},
-- udp{connected}, unixstream{client}...) over netlab's sockets.
--
-- A LuaSocket object is a table holding a netlab socket (bindings/
-- l_socket.c) and what LuaSocket keeps beside its fd: its class, its
-- timeouts, its stats once closed. It behaves as LuaSocket's does where
-- netlab's own sockets differ: a method on a closed object returns nil,
-- "closed" (or LuaSocket's message) instead of raising; socket.tcp() and
-- socket.udp() open no kernel socket until bind, connect or sendto; the
-- results are LuaSocket's (1.0 for success, counts as floats, no errno).
local loop = require "netlab.c.loop"
local selfcheck = require "netlab.selfcheck"

local M = {}

-- Each kind of object: its class prefix, its family when fixed, and the
-- netlab socket kinds it opens for IPv4 and IPv6 addresses.
local kinds = {
  tcp = {prefix = "tcp", v4 = "tcp", v6 = "tcp6"},
  tcp4 = {prefix = "tcp", v4 = "tcp", v6 = "tcp"},
  tcp6 = {prefix = "tcp", v4 = "tcp6", v6 = "tcp6"},
  udp = {prefix = "udp", v4 = "udp", v6 = "udp6"},
  udp4 = {prefix = "udp", v4 = "udp", v6 = "udp"},
  udp6 = {prefix = "udp", v4 = "udp6", v6 = "udp6"},
  unix = {prefix = "unixstream", v4 = "unix", v6 = "unix"},
  unixdgram = {prefix = "unixdgram", v4 = "unixdgram", v6 = "unixdgram"},
}

-- The class a fresh object of each prefix has.
local first_class = {
  tcp = "tcp{master}", udp = "udp{unconnected}",
  unixstream = "unixstream{master}", unixdgram = "unixdgram{unconnected}",
}

-- The netlab sockets every object holds, by fd: setfd finds them here.
local by_fd = setmetatable({}, {__mode = "v"})

-- LuaSocket's debug build (socket._DEBUG) adds the time an I/O call took
-- as its last result; netlab does so when NETLAB_LUASOCKET_DEBUG is set.
M.debug = (os.getenv("NETLAB_LUASOCKET_DEBUG") or "") ~= ""

local Object = {}
M.Object = Object

-- Makes an object of KIND; OPEN(netlab kind) makes its netlab sockets.
-- EAGER opens one at once (tcp4, udp6, unix...), as LuaSocket does.
function M.new(open, kind, eager)
  local k = kinds[kind]
  local self = setmetatable({
    class = first_class[k.prefix], _kind = k, _opener = open,
    block = -1, total = -1,
  }, M.methods[k.prefix])
  if eager then
    local ok, err = self:_open(k.v4)
    if not ok then return nil, err end
  end
  return self
end

-- Wraps SOCK, a connection a server accepted, as a client object.
local function wrap_accepted(server, sock)
  local self = setmetatable({
    class = server._kind.prefix .. "{client}", _kind = server._kind,
    _opener = server._opener, block = -1, total = -1, sock = sock,
  }, getmetatable(server))
  by_fd[sock:getfd()] = sock
  sock:settimeout(-1, "b")
  sock:settimeout(-1, "t")
  return self
end

-- Opens the object's netlab socket of netlab kind NKIND, carrying over
-- its timeouts. Returns true or nil, message.
function Object:_open(nkind)
  local sock, err = self._opener(nkind)
  if not sock then return nil, err end
  self:_forget()
  self.sock, self.stats = sock, nil
  by_fd[sock:getfd()] = sock
  if self.block >= 0 then sock:settimeout(self.block, "b") end
  if self.total >= 0 then sock:settimeout(self.total, "t") end
  return true
end

-- The open netlab socket, or nil once closed (or before it is made).
function Object:_live()
  local sock = self.sock
  if sock and sock:getfd() >= 0 then return sock end
  return nil
end

-- Lets go of the netlab socket, keeping its stats for getstats.
function Object:_forget()
  local sock = self:_live()
  if sock then
    local r, s, age = sock:getstats()
    self.stats = {r, s, loop.now() - age}
  end
  self.sock = nil
end

-- The netlab kind fitting HOST: an IPv6 literal takes the IPv6 kind.
function Object:_kind_for(host)
  if type(host) == "string" and host:find(":", 1, true) then return self._kind.v6 end
  return self._kind.v4
end

-- True when HOST is written as an IPv4 address (or "*", any IPv4 one).
local function ipv4_text(host)
  return host == "*" or (type(host) == "string" and host:match("^%d+%.%d+%.%d+%.%d+$") ~= nil)
end

-- Runs TRY(sock) -> ok, message on the open socket or, when the object
-- has none (closed, or never opened: LuaSocket makes it afresh), on a new
-- one for HOST. An object of no fixed family (socket.tcp(), udp()) given a
-- name tries IPv4 and, if that fails, IPv6, as LuaSocket 3 tries each
-- address of the name ("localhost" may be ::1 only).
function Object:_try(host, try)
  local sock = self:_live()
  if sock then return try(sock) end
  local kinds = {self:_kind_for(host)}
  if kinds[1] ~= self._kind.v6 and not ipv4_text(host) then kinds[2] = self._kind.v6 end
  local first_err
  for i, nkind in ipairs(kinds) do
    local ok, err = self:_open(nkind)
    if ok then ok, err = try(self.sock) end
    if ok or err == "timeout" then return ok, err end
    first_err = first_err or err
    if i < #kinds and self.sock then self.sock:close() end
  end
  return nil, first_err
end

-- Raises LuaSocket's error for a method called on an object of the
-- wrong class (accept on a tcp{master}...).
function Object:_want(class, name)
  if self.class ~= class then
    error(("calling '%s' on bad self (%s expected, got %s)"):format(name, class, self.class), 2) -- the method's line: public() moves it to the script's
  end
end

-- LuaSocket's success value.
local ONE = 1.0

-- Turns a netlab result (1 | nil, message, errno) into LuaSocket's.
local function result(ok, err)
  if ok then return ONE end
  return nil, err
end

local function float(n) return n and n + 0.0 end

M.result, M.float = result, float

-- Methods of every class ------------------------------------------------

-- sock:close() -> 1.0; closing twice is harmless.
function Object:close()
  local sock = self:_live()
  self:_forget()
  if sock then sock:close() end
  return ONE
end

-- sock:getfd() -> the fd, -1 once closed (a float, as in LuaSocket)
function Object:getfd()
  local sock = self:_live()
  return float(sock and sock:getfd() or -1)
end

-- sock:setfd(fd): LuaSocket's "dangerous" method. The object takes the
-- netlab socket on FD (one the socket module opened: both objects then
-- share it), or with -1 lets go of its own (closing it when unreferenced).
function Object:setfd(fd)
  local n = math.tointeger(tonumber(fd))
  if n == nil then error("bad argument #1 to 'setfd' (number expected, got " .. type(fd) .. ")") end
  local sock = by_fd[n]
  if n >= 0 and not (sock and sock:getfd() == n) then
    error("bad argument #1 to 'setfd' (fd " .. n .. " is not a socket of the socket module)")
  end
  self:_forget()
  self.sock = n >= 0 and sock or nil
end

-- sock:dirty() -> true when received bytes wait in the object's buffer
function Object:dirty()
  local sock = self:_live()
  return sock ~= nil and sock:dirty()
end

-- sock:settimeout(seconds[, mode]) -> 1.0 (nil or negative: no limit)
function Object:settimeout(t, mode)
  local seconds = t == nil and -1 or tonumber(t)
  if seconds == nil then error("bad argument #1 to 'settimeout' (number expected, got " .. type(t) .. ")") end
  if seconds < 0 then seconds = -1 end
  local m = tostring(mode or "b"):sub(1, 1)
  if m == "t" or m == "r" then self.total = float(seconds)
  elseif m == "b" then self.block = float(seconds)
  else error("bad argument #2 to 'settimeout' (invalid timeout mode)") end
  local sock = self:_live()
  if sock then sock:settimeout(seconds, m) end
  return ONE
end

-- sock:gettimeout() -> block, total (-1 when unlimited), as LuaSocket
function Object:gettimeout() return self.block, self.total end

-- sock:setoption(name, value) -> 1.0 | nil, message
function Object:setoption(name, value)
  local sock = self:_live()
  if not sock then return nil, "setsockopt failed" end
  return result(sock:setoption(name, value))
end

-- sock:getoption(name) -> value | nil, message ("error": the pending
-- error's message, nil when none)
function Object:getoption(name)
  local sock = self:_live()
  if not sock then return nil, "getsockopt failed" end
  local v, err = sock:getoption(name)
  if v == nil and err then return nil, err end
  return type(v) == "number" and float(v) or v -- linger's timeout stays an integer, as there
end

-- sock:getsockname() -> ip, port (a string, as in LuaSocket 3.1), family
function Object:getsockname()
  local sock = self:_live()
  if not sock then return nil, "Bad file descriptor" end
  local ip, port, family = sock:getsockname()
  if not ip then return nil, port end
  if port == nil then return ip end -- a unix path
  return ip, tostring(port), family
end

-- sock:getpeername() -> ip, port, family | nil, message
function Object:getpeername()
  local sock = self:_live()
  if not sock then return nil, "Bad file descriptor" end
  local ip, port, family = sock:getpeername()
  if not ip then return nil, port end
  return ip, port, family
end

-- sock:getfamily() -> "inet4" | "inet6", LuaSocket 3.1's names
function Object:getfamily()
  local sock = self:_live()
  local kind = sock and sock:kind() or self._kind.v4
  return kind:find("6", 1, true) and "inet6" or "inet4"
end

-- tostring(sock): "tcp{client}: 127.0.0.1:40000 -> 127.0.0.1:80 fd=5"
function Object:__tostring()
  local sock = self:_live()
  local text = sock and tostring(sock):match("^%S+ (.*)$") or (sock and ("fd=" .. sock:getfd()))
  return self.class .. ": " .. (text or "closed")
end

Object.__close = Object.close

-- Re-raises an error of a method: one raised in the socket module's own
-- files (an argument netlab's socket refused, a class check) is given
-- the position of the script's call instead.
local function rethrow(ok, ...)
  if ok then return ... end
  local err = ...
  local own = type(err) == "string" and err:match("^[^\n]-socket/%a+%.lua:%d+: (.*)$")
  if own then error(own, 2) end -- rethrow is a tail call: 2 is the script
  error(err, 0)
end

-- Whether V is an object of the socket module (of any class).
local function is_object(v)
  local mt = type(v) == "table" and getmetatable(v)
  if not mt then return false end
  for _, m in pairs(M.methods) do
    if m == mt then return true end
  end
  return false
end

-- METHOD (called NAME, of PREFIX's objects), raising its errors at the
-- caller's line (see rethrow); a self that is no object of the module is
-- refused as Lua refuses a C method's (s.close(42)).
local function public(method, name, prefix)
  return function(...)
    local self = ...
    if not is_object(self) then
      selfcheck.raise(name, ("%s object expected, got %s"):format(prefix, selfcheck.typename(self)), 1)
    end
    return rethrow(pcall(method, ...))
  end
end

-- LuaSocket's method names: an object has those of its kind, no more.
local luasocket_names = {}
for name in ("accept bind close connect dirty getfamily getfd getoption getpeername " ..
    "getsockname getstats gettimeout listen receive receivefrom send sendto setfd " ..
    "setoption setpeername setsockname setstats settimeout shutdown"):gmatch("%S+") do
  luasocket_names[name] = true
end

-- A netlab method that is not LuaSocket's (kind, info...), called on the
-- object's netlab socket, so netlab's tools work on LuaSocket's objects.
local function netlab_extra(name)
  local fn = not luasocket_names[name] and require("netlab.socket").meta.__index[name]
  if type(fn) ~= "function" then return nil end
  return function(self, ...)
    local sock = self:_live()
    if not sock then error("attempt to use a closed socket", 2) end
    return fn(sock, ...)
  end
end

-- Builds the metatable of a prefix's objects: Object's methods and
-- OWN's (socket/stream.lua, socket/dgram.lua), each made public.
function M.class(prefix, own)
  local index = {}
  for _, t in ipairs{Object, own} do
    for name, fn in pairs(t) do
      if type(fn) == "function" and not name:match("^_") then index[name] = public(fn, name, prefix) end
    end
  end
  setmetatable(index, {__index = function(_, name)
    local fn = own[name] or Object[name]
    if type(fn) == "function" and name:match("^_") then return fn end
    return netlab_extra(name)
  end})
  M.methods[prefix] = {__index = index, __tostring = Object.__tostring, __close = index.close}
end

M.methods = {}
M.wrap_accepted = wrap_accepted
return M
