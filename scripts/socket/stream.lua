-- socket.stream for netlab: the methods of LuaSocket's stream objects,
-- tcp{master|client|server} and unixstream{...} (see socket/object.lua).
local object = require "socket.object"
local loop = require "netlab.c.loop"

local result, float = object.result, object.float
local Stream = {}

-- In LuaSocket's debug build, send and receive end with the time taken.
local function timed(t0, ...)
  if not object.debug then return ... end
  local r = table.pack(...)
  r[r.n + 1] = loop.now() - t0
  return table.unpack(r, 1, r.n + 1)
end

-- sock:bind(host, port) | sock:bind(path) -> 1.0 | nil, message
function Stream:bind(host, port)
  self:_want(self._kind.prefix .. "{master}", "bind")
  return result(self:_try(host, function(sock) return sock:bind(host, port) end))
end
Stream.setsockname = Stream.bind

-- sock:listen([backlog]) -> 1.0 | nil, message; the object is a server
function Stream:listen(backlog)
  self:_want(self._kind.prefix .. "{master}", "listen")
  local sock = self:_live()
  if not sock then return nil, "closed" end
  local ok, err = sock:listen(backlog)
  if not ok then return nil, err end
  self.class = self._kind.prefix .. "{server}"
  return 1.0
end

-- sock:connect(host, port) | sock:connect(path) -> 1.0 | nil, message;
-- the object is a client even when the connect fails, as in LuaSocket
function Stream:connect(host, port)
  local ok, err = self:_try(host, function(sock) return sock:connect(host, port) end)
  self.class = self._kind.prefix .. "{client}"
  return result(ok, err)
end
Stream.setpeername = Stream.connect

-- sock:accept() -> client object | nil, message
function Stream:accept()
  self:_want(self._kind.prefix .. "{server}", "accept")
  local sock = self:_live()
  if not sock then return nil, "closed" end
  local c, err = sock:accept()
  if not c then return nil, err end
  return object.wrap_accepted(self, c)
end

-- LuaSocket writes a stream's data at most 8192 bytes (its STEPSIZE) per
-- system call, so a send that fails or times out part way has sent what
-- LuaSocket's would (8192 bytes to a peer that closed, not the kernel's
-- whole buffer).
local STEP = 8192

-- An index given to send as LuaSocket reads it: a number (or numeric
-- text) cut to an integer toward zero; DEFAULT when nil; nil otherwise.
local function index(v, default)
  if v == nil then return default end
  local n = tonumber(v)
  if not n or n ~= n or n == math.huge or n == -math.huge then return nil end
  return math.tointeger(n < 0 and math.ceil(n) or math.floor(n))
end

-- LuaSocket's byte range [i, j] of LEN bytes, as its send reads it.
local function range(len, i, j)
  if i < 0 then i = len + i + 1 end
  if j < 0 then j = len + j + 1 end
  if i < 1 then i = 1 end
  if j > len then j = len end
  return i, j
end

-- Sends data[i..j] on SOCK in STEP-byte writes within the object's total
-- timeout (counted from T0, the call's start, as LuaSocket counts it).
-- Returns netlab's send results. Arguments netlab's send refuses go to
-- it as they are, so it raises its own error.
local function send_steps(self, sock, t0, data, i, j)
  local fi, lj = index(i, 1), index(j, -1)
  if not (fi and lj and (type(data) == "string" or type(data) == "number")) then
    return sock:send(data, i, j)
  end
  local first, last = range(#tostring(data), fi, lj)
  local n, err, partial = sock:send(data, first, math.min(first + STEP - 1, last))
  local stepped = false
  while n and n < last do
    if sock:getfd() < 0 then return nil, "closed", n end -- a task closed it meanwhile
    if self.total >= 0 then
      stepped = true
      sock:settimeout(math.max(0, self.total - (loop.now() - t0)), "t")
    end
    n, err, partial = sock:send(data, n + 1, math.min(n + STEP, last))
  end
  if stepped and sock:getfd() >= 0 then sock:settimeout(self.total, "t") end
  return n, err, partial
end

-- sock:send(data[, i[, j]]) -> last index sent, nil, nil |
-- nil, message, last index sent (floats; debug: + seconds taken)
function Stream:send(data, i, j)
  self:_want(self._kind.prefix .. "{client}", "send")
  local t0, sock = loop.now(), self:_live()
  if not sock then
    if type(data) ~= "string" and type(data) ~= "number" then
      error("bad argument #1 to 'send' (string expected, got " .. type(data) .. ")")
    end
    return timed(t0, nil, "closed", float((i or 1) - 1))
  end
  local n, err, partial = send_steps(self, sock, t0, data, i, j)
  if n then return timed(t0, float(n), nil, nil) end
  return timed(t0, nil, err, float(partial))
end

-- sock:receive([pattern[, prefix]]) -> data, nil, nil |
-- nil, message, partial (debug: + seconds taken)
function Stream:receive(pattern, prefix)
  self:_want(self._kind.prefix .. "{client}", "receive")
  local t0, sock = loop.now(), self:_live()
  if not sock then return timed(t0, nil, "closed", "") end
  local data, err, partial = sock:receive(pattern, prefix)
  if data then return timed(t0, data, nil, nil) end
  return timed(t0, nil, err, partial)
end

-- sock:getstats() -> bytes received, bytes sent, age in seconds
function Stream:getstats()
  self:_want(self._kind.prefix .. "{client}", "getstats")
  local sock = self:_live()
  if sock then return sock:getstats() end
  local st = self.stats or {0, 0, loop.now()}
  return float(st[1]), float(st[2]), loop.now() - st[3]
end

-- sock:setstats(received, sent, age) -> 1.0
function Stream:setstats(received, sent, age)
  self:_want(self._kind.prefix .. "{client}", "setstats")
  local sock = self:_live()
  if sock then
    sock:setstats(received, sent, age)
    return 1.0
  end
  local st = self.stats or {0, 0, loop.now()}
  self.stats = {received or st[1], sent or st[2], age and loop.now() - age or st[3]}
  return 1.0
end

-- sock:shutdown(["both"|"send"|"receive"]) -> 1.0, whatever the kernel says
function Stream:shutdown(how)
  self:_want(self._kind.prefix .. "{client}", "shutdown")
  local sock = self:_live()
  if sock then sock:shutdown(how) end
  return 1.0
end

object.class("tcp", Stream)
object.class("unixstream", Stream)
return Stream
