-- netlab.socket: the blocking half of netlab's sockets.
--
-- The C methods (bindings/l_socket.c) never block: they answer nil,
-- "wantread" or "wantwrite" when the kernel says "not now". The methods
-- added here retry after waiting on the fd through the scheduler, within
-- the socket's timeouts (LuaSocket's settimeout: "b" per wait, "t" total).
local csock = require "netlab.c.socket"
local sched = require "netlab.sched"

local M = {}
local methods = csock.meta.__index
local now = sched.now

-- Waits for the socket's fd, within what its timeouts leave of the call
-- that started at START. Returns true, or nil and "timeout"/"closed".
local function wait(s, mode, start)
  local block, total = s:gettimeout()
  local t = block
  if total then
    local left = total - (now() - start)
    if t == nil or left < t then t = left end
  end
  if t and t <= 0 then return nil, "timeout" end
  return sched.wait_io(s:getfd(), mode, t)
end

-- Returns A..D without the trailing nils.
local function trim(a, b, c, d)
  if d ~= nil then return a, b, c, d end
  if c ~= nil then return a, b, c end
  if b ~= nil then return a, b end
  return a
end

-- Calls OP(s, ...) until it stops asking to wait; returns its results.
local function retry(s, op, mode, ...)
  local start
  while true do
    local a, b, c, d = op(s, ...)
    if a ~= nil or (b ~= "wantread" and b ~= "wantwrite") then return trim(a, b, c, d) end
    start = start or now()
    local ok, err = wait(s, mode, start)
    if not ok then return nil, err end
  end
end

-- Raises a "bad argument" error that blames the script's call.
local function argerror(n, fname, msg)
  error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), 3)
end

-- Checks a (host, port) or (path) pair as connect and sendto take them.
local function check_endpoint(s, host, port, n, fname)
  if type(host) ~= "string" then argerror(n, fname, "string expected, got " .. type(host)) end
  if port == nil then
    if s:getfamily() ~= "unix" then argerror(n + 1, fname, "port number expected, got no value") end
  elseif math.type(port) ~= "integer" and not (type(port) == "string" and tonumber(port)) then
    argerror(n + 1, fname, "port number expected, got " .. type(port))
  elseif tonumber(port) < 0 or tonumber(port) > 65535 then
    argerror(n + 1, fname, "port out of range (0-65535)")
  end
end

local patterns = {["*l"] = true, l = true, ["*a"] = true, a = true}

-- Checks a receive pattern: "*l", "*a" or a byte count.
local function check_pattern(pattern)
  if pattern == nil or patterns[pattern] then return end
  if math.type(pattern) == "integer" and pattern >= 0 then return end
  argerror(1, "receive", "invalid pattern (\"*l\", \"*a\" or a byte count)")
end

-- sock:accept() -> client socket | nil, message, errno
function methods:accept()
  return retry(self, self._accept, "r")
end

-- The resolver hook: labs add their own names (lab:name) here.
M.resolvers = {}

-- Returns the address to use for HOST: a lab's name if one knows it.
function M.resolve(host)
  for i = #M.resolvers, 1, -1 do
    local ip = M.resolvers[i](host)
    if ip then return ip end
  end
  return host
end

-- sock:connect(host, port) or sock:connect(path) -> 1 | nil, message, errno
function methods:connect(host, port)
  check_endpoint(self, host, port, 1, "connect")
  if port ~= nil then host = M.resolve(host) end
  local ok, err, code = self:_connect(host, port)
  if err ~= "wantwrite" then return trim(ok, err, code) end
  local ready, werr = wait(self, "w", now())
  if not ready then return nil, werr end
  return self:_connected()
end

-- Normalizes LuaSocket's i, j byte range over a string of length LEN.
local function range(len, i, j)
  i, j = i or 1, j or -1
  if i < 0 then i = len + i + 1 end
  if j < 0 then j = len + j + 1 end
  return math.max(i, 1), math.min(j, len)
end

-- sock:send(data[, i[, j]]) -> index of the last byte sent |
-- nil, message, index of the last byte sent, errno
function methods:send(data, i, j)
  if type(data) ~= "string" and type(data) ~= "number" then
    error("bad argument #1 to 'send' (string expected, got " .. type(data) .. ")", 2)
  end
  data = tostring(data)
  local first, last = range(#data, i, j)
  local pos, start = first, nil
  repeat
    local n, err, code = self:_send(data, pos, last)
    if n then
      pos = pos + n
    elseif err == "wantwrite" then
      start = start or now()
      local ok, werr = wait(self, "w", start)
      if not ok then return nil, werr, pos - 1 end
    else
      return nil, err, pos - 1, code
    end
  until pos > last
  return last
end

-- sock:receive([pattern[, prefix]]) -> data | nil, message, partial, errno
-- pattern: "*l" a line (default), "*a" all until closed, n bytes; on a
-- datagram socket, the size of the largest datagram to take.
function methods:receive(pattern, prefix)
  check_pattern(pattern)
  local start
  while true do
    local data, err, partial, code = self:_receive(pattern, prefix)
    if data then return data end
    if err ~= "wantread" then return nil, err, partial, code end
    start = start or now()
    local ok, werr = wait(self, "r", start)
    if not ok then
      if werr == "closed" then return nil, "closed", "" end
      return nil, werr, self:_partial(pattern, prefix)
    end
  end
end

-- sock:sendto(data, host, port) -> bytes sent | nil, message, errno
function methods:sendto(data, host, port)
  if type(data) ~= "string" then argerror(1, "sendto", "string expected, got " .. type(data)) end
  check_endpoint(self, host, port, 2, "sendto")
  if port ~= nil then host = M.resolve(host) end
  return retry(self, self._sendto, "w", data, host, port)
end

-- sock:receivefrom([size]) -> data, ip, port (or data, path) | nil, message
function methods:receivefrom(size)
  return retry(self, self._recvfrom, "r", size)
end

-- sock:setpeername(host, port): connects a datagram socket; "*" forgets.
function methods:setpeername(host, port)
  if host == "*" then return self:_disconnect() end
  return self:connect(host, port)
end

-- sock:setsockname(host, port): LuaSocket's name for a datagram bind.
methods.setsockname = methods.bind

-- Closing wakes any task waiting on the socket with "closed".
local raw_close = methods.close
function methods:close()
  local fd = self:getfd()
  if fd >= 0 then sched.abandon_fd(fd) end
  return raw_close(self)
end
csock.meta.__close = function(s) s:close() end

-- Opens a socket of KIND: "tcp", "tcp6", "udp", "udp6", "unix",
-- "unixdgram". Returns it, or nil, message, errno.
function M.new(kind)
  return csock.new(kind)
end

M.options = csock.options
M.meta = csock.meta
return M
