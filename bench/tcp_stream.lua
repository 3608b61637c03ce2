-- tcp_stream.lua - netlab's side of the TCP throughput benchmark: one
-- connection over 127.0.0.1, BYTES sent in CHUNK-byte sends.
--
--   netlab tcp_stream.lua recv PORTFILE BYTES CHUNK
--       listens on 127.0.0.1:0, writes the port to PORTFILE, accepts
--       one connection, reads BYTES with receive(CHUNK)
--   netlab tcp_stream.lua send PORT BYTES CHUNK
--       connects, sends BYTES as send(chunk) calls
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

local function recv(portfile, bytes, chunk)
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
  local t0, got = netlab.now(), 0
  while got < bytes do
    local data = check(c:receive(math.min(chunk, bytes - got)))
    got = got + #data
  end
  report(got, netlab.now() - t0)
  c:close()
  server:close()
end

local function send(port, bytes, chunk)
  local c = check(netlab.tcp())
  c:settimeout(TIMEOUT)
  check(c:connect("127.0.0.1", port))
  local data = ("x"):rep(chunk)
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
if mode == "recv" and bytes and chunk then
  recv(arg[2], bytes, chunk)
elseif mode == "send" and bytes and chunk then
  send(math.tointeger(tonumber(arg[2])), bytes, chunk)
else
  io.stderr:write("usage: netlab tcp_stream.lua recv PORTFILE BYTES CHUNK | send PORT BYTES CHUNK\n")
  os.exit(2)
end
