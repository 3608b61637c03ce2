-- capture_open.lua - opening and closing a capture, for
-- bench/capture_flood.sh:
--
--   netlab capture_open.lua N PEER
--
-- In a two-host lab, opens b:capture{iface = "eth0"} and closes it N
-- times, 50 ms apart (so the kernel has finished releasing the last
-- one: netlab's close returns before it has), timing each call; then runs PEER (bench/capture_open.c, the
-- same through libpcap from C) in host b with the same N. Prints
-- "open_ms" and "close_ms" lines of netlab's times, then the peer's as
-- "peer_open_ms" and "peer_close_ms".
local netlab = require "netlab"

local n, peer = tonumber(arg[1]), arg[2]
local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))

local opens, closes = {}, {}
for i = 1, n do
  local t0 = netlab.now()
  local cap = assert(b:capture{iface = "eth0"})
  local t1 = netlab.now()
  cap:close()
  closes[i] = ("%.3f"):format((netlab.now() - t1) * 1e3)
  opens[i] = ("%.3f"):format((t1 - t0) * 1e3)
  netlab.sleep(0.05)
end
print("open_ms " .. table.concat(opens, " "))
print("close_ms " .. table.concat(closes, " "))
local out = assert(b:sh(("%s eth0 %d"):format(peer, n), {timeout = 60}))
io.write((out:gsub("open_ms", "peer_open_ms"):gsub("close_ms", "peer_close_ms")))
