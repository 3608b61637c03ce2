-- lab_scale.lua N [FAN] - netlab's side of the host-count curve
-- (bench/lab_scale.sh): N hosts on switches of at most FAN (100) hosts
-- each, the switches joined to one core switch when there are several,
-- every host with an address and its link without IPv6 (ipv6 = false:
-- on one LAN of thousands, each host's DAD and MLD frames would reach
-- every other host), then torn down. Prints what it measured:
--   setup S       seconds from netlab.lab() to the last link up
--   close S       seconds lab:close() took (the kernel frees the
--                 namespaces after; lab_scale.sh times that too)
--   kib_per_host K  MemAvailable before less after set-up, per host
local N, FAN = tonumber(arg[1]) or 100, tonumber(arg[2]) or 100

-- MemAvailable in KiB.
local function available()
  local f = assert(io.open("/proc/meminfo"))
  local kib = tonumber(f:read("a"):match("MemAvailable:%s+(%d+)"))
  f:close()
  return kib
end

-- 10.a.b.c/8: host I's address, unique up to 2^24 hosts.
local function addr(i) return ("10.%d.%d.%d/8"):format(i // 65536, i // 256 % 256, i % 256) end

local before = available()
local t0 = netlab.now()
local lab = netlab.lab()
local core = N > FAN and assert(lab:switch "core")
local edge
for i = 1, N do
  if (i - 1) % FAN == 0 then
    edge = assert(lab:switch("sw" .. (i - 1) // FAN + 1))
    if core then assert(lab:link(edge, core)) end
  end
  local h = assert(lab:host("h" .. i))
  assert(lab:link(h, edge, addr(i), nil, {ipv6 = false}))
end
local t1 = netlab.now()
local after = available()
lab:close()
print(("setup %.3f"):format(t1 - t0))
print(("close %.3f"):format(netlab.now() - t1))
print(("kib_per_host %.0f"):format((before - after) / N))
