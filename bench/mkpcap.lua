-- mkpcap.lua FILE [COUNT]: the capture the packet benchmarks read. Two
-- lab hosts exchange real mixed traffic while tcpdump, inside host a,
-- writes the first COUNT packets (500,000 by default) of eth0 to FILE:
-- short TCP connections over IPv4 and IPv6 (handshake, a request, a
-- reply, FIN close), UDP datagrams, ICMP and ICMPv6 echoes, and ARP and
-- neighbour discovery each time a's neighbour table is flushed.
-- Bounded: it stops after COUNT packets or 120 seconds.
local file, count = assert(arg[1], "usage: mkpcap.lua FILE [COUNT]"), tonumber(arg[2]) or 500000
local LIMIT = 120

local lab <close> = netlab.lab()
local a, b = assert(lab:host "a"), assert(lab:host "b")
assert(lab:link(a, b, {"10.0.0.1/24", "fd00::1/64"}, {"10.0.0.2/24", "fd00::2/64"}))

-- tcpdump ends by itself after COUNT packets; -U so nothing waits in a
-- buffer when it does.
local dump = assert(a:start(("exec tcpdump -U -B 16384 -c %d -i eth0 -w %s 2>/dev/null"):format(count, file)))
local started = netlab.now()
while netlab.now() - started < 5 do -- until the file holds its header
  local f = io.open(file, "rb")
  if f and f:seek("end") >= 24 then f:close() break end
  if f then f:close() end
  netlab.sleep(0.01)
end
netlab.sleep(0.2) -- the packet socket is bound once the header is out

-- Servers on b: an echo-once TCP server on both families, a UDP sink.
local function tcp_server(sock)
  assert(sock:setoption("reuseaddr", true))
  return netlab.daemon(function()
    while true do
      local c = sock:accept()
      if c then
        c:settimeout(1)
        local line = c:receive("*l")
        if line then c:send("HTTP/1.0 200 OK\r\n\r\n" .. line .. "\n") end
        c:close()
      end
    end
  end)
end
local s4, s6 = b:tcp(), b:tcp6()
assert(s4:bind("10.0.0.2", 80)) assert(s4:listen(128))
assert(s6:bind("fd00::2", 80)) assert(s6:listen(128))
tcp_server(s4) tcp_server(s6)
local sink = b:udp()
assert(sink:setsockname("10.0.0.2", 9999))
netlab.daemon(function() while true do sink:receivefrom() end end)

-- One round of client traffic from a.
local function connect_once(kind, ip)
  local c = kind == "tcp6" and a:tcp6() or a:tcp()
  c:settimeout(1)
  if c:connect(ip, 80) then
    c:send("GET /" .. math.random(1000) .. " HTTP/1.0\r\n")
    c:receive("*a")
  end
  c:close()
end

local u = a:udp()
local rounds = 0
while dump:pid() and netlab.now() - started < LIMIT do
  rounds = rounds + 1
  connect_once("tcp", "10.0.0.2")
  if rounds % 3 == 0 then connect_once("tcp6", "fd00::2") end
  for i = 1, 4 do u:sendto(("datagram %d"):format(i), "10.0.0.2", 9999) end
  if rounds % 10 == 0 then a:ping("10.0.0.2", {count = 1, timeout = 1}) end
  if rounds % 25 == 0 then a:ping("fd00::2", {count = 1, timeout = 1}) end
  if rounds % 200 == 0 then a:neigh_flush() end
end
local code = dump:wait(5) or dump:stop()
io.stderr:write(("mkpcap: %d rounds in %.1f s, tcpdump exit %s\n"):format(rounds, netlab.now() - started, code))
os.exit(code == 0 and 0 or 1)
