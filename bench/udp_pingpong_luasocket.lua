-- udp_pingpong_luasocket.lua - the UDP ping-pong with LuaSocket under
-- plain lua5.4 (blocking sockets, no scheduler): how fast a Lua binding
-- can go, for context beside bench/udp_pingpong.lua. Same protocol:
--   lua5.4 udp_pingpong_luasocket.lua server PORTFILE TOTAL
--   lua5.4 udp_pingpong_luasocket.lua client PORT WARMUP COUNT
local socket = require "socket"
local MSG_SIZE, TIMEOUT = 32, 5

local function check(ok, err, ...)
  if not ok then error(tostring(err), 2) end
  return ok, err, ...
end

local function server(portfile, total)
  local s = check(socket.udp())
  check(s:setsockname("127.0.0.1", 0))
  s:settimeout(TIMEOUT)
  local _, port = s:getsockname()
  local f = assert(io.open(portfile, "w"))
  f:write(port, "\n")
  f:close()
  for _ = 1, total do
    local data, ip, from = check(s:receivefrom())
    check(s:sendto(data, ip, from))
  end
  s:close()
end

local function pingpong(s, port, count)
  local msg = ("x"):rep(MSG_SIZE)
  for _ = 1, count do
    check(s:sendto(msg, "127.0.0.1", port))
    local data = check(s:receive())
    if #data ~= MSG_SIZE then error(("got %d bytes, want %d"):format(#data, MSG_SIZE)) end
  end
end

local function client(port, warmup, count)
  local s = check(socket.udp())
  s:settimeout(TIMEOUT)
  pingpong(s, port, warmup)
  local t0 = socket.gettime()
  pingpong(s, port, count)
  local dt = socket.gettime() - t0
  print(("roundtrips_per_sec %.0f\nseconds %.6f"):format(count / dt, dt))
  s:close()
end

local mode = arg[1]
if mode == "server" and #arg == 3 then
  server(arg[2], math.tointeger(arg[3]))
elseif mode == "client" and #arg == 4 then
  client(math.tointeger(arg[2]), math.tointeger(arg[3]), math.tointeger(arg[4]))
else
  io.stderr:write("usage: lua5.4 udp_pingpong_luasocket.lua server PORTFILE TOTAL | client PORT WARMUP COUNT\n")
  os.exit(2)
end
