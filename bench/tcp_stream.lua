-- tcp_stream.lua - netlab's side of the TCP throughput benchmark: one
-- connection over 127.0.0.1, BYTES sent in CHUNK-byte sends.
--
--   netlab tcp_stream.lua recv PORTFILE BYTES CHUNK [API]
--       listens on 127.0.0.1:0, writes the port to PORTFILE, accepts
--       one connection, reads BYTES: API "buffer" (the default) with
--       receive_into of a CHUNK-byte netlab.buffer, "string" with
--       receive(CHUNK), a new string each time
--   netlab tcp_stream.lua send PORT BYTES CHUNK [API]
--       connects, sends BYTES as send(chunk) calls, of a CHUNK-byte
--       netlab.buffer or a string; API "sendfile": netlab.sendfile of a
--       CHUNK-byte file (made in /tmp, removed at once) from offset 0
--       again and again, as iperf3 -Z sends its file (the receiver is
--       then "buffer")
-- Each side prints "bits_per_second N" and "seconds S", timed from the
-- connection's establishment to its last byte. Timeouts bound every
-- wait, so nothing can hang.
local TIMEOUT = 10

local function check(ok, err, ...)
  if not ok then error(tostring(err), 2) end
  return ok, err, ...
end

local function report(bytes, dt)
  print(("bits_per_second %.0f\nseconds %.6f"):format(bytes * 8 / dt, dt))
end

-- Reads BYTES from C with receive(CHUNK) calls, a string each.
local function read_strings(c, bytes, chunk)
  local got = 0
  while got < bytes do
    local data = check(c:receive(math.min(chunk, bytes - got)))
    got = got + #data
  end
  return got
end

-- Reads BYTES from C into one CHUNK-byte buffer, again and again.
local function read_buffer(c, bytes, chunk)
  local buf, got = netlab.buffer(chunk), 0
  while got < bytes do
    got = got + check(c:receive_into(buf, math.min(chunk, bytes - got)))
  end
  buf:close()
  return got
end

local function recv(portfile, bytes, chunk, api)
  local server = check(netlab.tcp())
  check(server:setoption("reuseaddr", true))
  check(server:bind("127.0.0.1", 0))
  check(server:listen(1))
  server:settimeout(TIMEOUT)
  local _, port = server:getsockname()
  local f = assert(io.open(portfile, "w"))
  f:write(port, "\n")
  f:close()
  local c = check(server:accept())
  c:settimeout(TIMEOUT)
  local t0 = netlab.now()
  local got = (api == "string" and read_strings or read_buffer)(c, bytes, chunk)
  report(got, netlab.now() - t0)
  c:close()
  server:close()
end

local function send(port, bytes, chunk, api)
  local c = check(netlab.tcp())
  c:settimeout(TIMEOUT)
  check(c:connect("127.0.0.1", port))
  local data = ("x"):rep(chunk)
  if api == "sendfile" then
    local f = assert(io.tmpfile())
    assert(f:write(data))
    assert(f:flush())
    local t0, sent = netlab.now(), 0
    while sent < bytes do
      local n = math.min(chunk, bytes - sent)
      check(netlab.sendfile(c, f, 0, n))
      sent = sent + n
    end
    report(sent, netlab.now() - t0)
    f:close()
    c:close()
    return
  end
  if api ~= "string" then data = netlab.buffer(chunk):set(data) end
  local t0, sent = netlab.now(), 0
  while sent < bytes do
    local n = math.min(chunk, bytes - sent)
    check(c:send(data, 1, n))
    sent = sent + n
  end
  report(sent, netlab.now() - t0)
  c:close()
end

local mode = arg[1]
local bytes, chunk = math.tointeger(tonumber(arg[3])), math.tointeger(tonumber(arg[4]))
local api = arg[5] or "buffer"
if api ~= "buffer" and api ~= "string" and not (api == "sendfile" and mode == "send") then mode = nil end
if mode == "recv" and bytes and chunk then
  recv(arg[2], bytes, chunk, api)
elseif mode == "send" and bytes and chunk then
  send(math.tointeger(tonumber(arg[2])), bytes, chunk, api)
else
  io.stderr:write("usage: netlab tcp_stream.lua recv PORTFILE BYTES CHUNK [API] | send PORT BYTES CHUNK [API]\n")
  os.exit(2)
end
