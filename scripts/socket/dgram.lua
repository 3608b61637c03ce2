-- socket.dgram for netlab: the methods of LuaSocket's datagram objects,
-- udp{connected|unconnected} and unixdgram{...} (see socket/object.lua).
local object = require "socket.object"

local result, float = object.result, object.float
local Dgram = {}

-- LuaSocket's largest datagram when receive is given no size.
local DATAGRAMSIZE = 8192
Dgram.DATAGRAMSIZE = DATAGRAMSIZE

-- sock:setsockname(host, port) | (path) -> 1.0 | nil, message
function Dgram:setsockname(host, port)
  self:_want(self._kind.prefix .. "{unconnected}", "setsockname")
  return result(self:_try(host, function(sock) return sock:bind(host, port) end))
end

-- sock:setpeername(host, port) -> 1.0 | nil, message: the fixed peer;
-- "*" forgets it
function Dgram:setpeername(host, port)
  if host == "*" then
    local sock = self:_live()
    if sock then
      local ok, err = sock:setpeername("*")
      if not ok then return nil, err end
    end
    self.class = self._kind.prefix .. "{unconnected}"
    return 1.0
  end
  local ok, err = self:_try(host, function(sock) return sock:setpeername(host, port) end)
  if not ok then return nil, err end
  self.class = self._kind.prefix .. "{connected}"
  return 1.0
end

-- sock:send(data) -> bytes sent | nil, message: one datagram to the peer
function Dgram:send(data)
  self:_want(self._kind.prefix .. "{connected}", "send")
  local sock = self:_live()
  if not sock then return nil, "closed" end
  local n, err = sock:send(data)
  if not n then return nil, err end
  return float(n)
end

-- sock:sendto(data, host, port) -> bytes sent | nil, message
function Dgram:sendto(data, host, port)
  self:_want(self._kind.prefix .. "{unconnected}", "sendto")
  local args = {data, host}
  for i = 1, 2 do -- checked before a socket is made for them
    local v = args[i]
    if type(v) ~= "string" then error(("bad argument #%d to 'sendto' (string expected, got %s)"):format(i, type(v))) end
  end
  local n, err = self:_try(host, function(sock) return sock:sendto(data, host, port) end)
  if not n then return nil, err end
  return float(n)
end

-- sock:receive([size]) -> datagram | nil, message
function Dgram:receive(size)
  local sock = self:_live()
  if not sock then return nil, "closed" end
  local data, err = sock:receive(size or DATAGRAMSIZE)
  if not data then return nil, err end
  return data
end

-- sock:receivefrom([size]) -> datagram, ip, port | datagram, path |
-- nil, message
function Dgram:receivefrom(size)
  local sock = self:_live()
  if not sock then return nil, "closed" end
  local data, ip, port = sock:receivefrom(size or DATAGRAMSIZE)
  if not data then return nil, ip end
  return data, ip, port
end

object.class("udp", Dgram)
object.class("unixdgram", Dgram)
return Dgram
