-- udp_pingpong.lua - netlab's side of the UDP ping-pong benchmark: the
-- same protocol as bench/udp_pingpong.c, written as a script would be
-- that cares for speed: each side reuses one netlab.buffer, so a round
-- trip makes no Lua string.
--
--   netlab udp_pingpong.lua server PORTFILE TOTAL
--   netlab udp_pingpong.lua client PORT WARMUP COUNT
--     prints "roundtrips_per_sec N"
-- Every receive has a timeout, so nothing can hang.
local MSG_SIZE, TIMEOUT, BUF_SIZE = 32, 5, 2048

-- Echoes TOTAL datagrams back to whoever sent them.
local function server(portfile, total)
  local s = assert(netlab.udp())
  assert(s:bind("127.0.0.1", 0))
  s:settimeout(TIMEOUT)
  local _, port = s:getsockname()
  local f = assert(io.open(portfile, "w"))
  f:write(port, "\n")
  f:close()
  local buf = netlab.buffer(BUF_SIZE)
  for _ = 1, total do
    local _, ip, from = assert(s:receivefrom_into(buf))
    assert(s:sendto(buf, ip, from))
  end
  s:close()
end

-- Makes COUNT round trips of a MSG_SIZE datagram with 127.0.0.1:PORT.
local function pingpong(s, port, count)
  local msg, buf = netlab.buffer(MSG_SIZE):set(("x"):rep(MSG_SIZE)), netlab.buffer(BUF_SIZE)
  for _ = 1, count do
    assert(s:sendto(msg, "127.0.0.1", port))
    local n = assert(s:receive_into(buf))
    if n ~= MSG_SIZE then error(("got %d bytes, want %d"):format(n, MSG_SIZE)) end
  end
end

local function client(port, warmup, count)
  local s = assert(netlab.udp())
  s:settimeout(TIMEOUT)
  pingpong(s, port, warmup)
  local t0 = netlab.now()
  pingpong(s, port, count)
  local dt = netlab.now() - t0
  print(("roundtrips_per_sec %.0f\nseconds %.6f"):format(count / dt, dt))
  s:close()
end

local mode = arg[1]
if mode == "server" and #arg == 3 then
  server(arg[2], math.tointeger(arg[3]))
elseif mode == "client" and #arg == 4 then
  client(math.tointeger(arg[2]), math.tointeger(arg[3]), math.tointeger(arg[4]))
else
  io.stderr:write("usage: netlab udp_pingpong.lua server PORTFILE TOTAL | client PORT WARMUP COUNT\n")
  os.exit(2)
end
