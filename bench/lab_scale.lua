-- lab_scale.lua N [FAN [SHAPE]] - netlab's side of the host-count curve
-- (bench/lab_scale.sh): N hosts on switches of at most FAN (100) hosts
-- each, every host with an address and its link without IPv6 (ipv6 =
-- false: on one LAN of thousands, each host's DAD and MLD frames would
-- reach every other host), then torn down. SHAPE "switches" (the
-- default): the switches joined to one core switch when there are
-- several, one LAN. SHAPE "routers": a tree of routers, each switch's
-- LAN (10.G.0.0/16) behind a router of its own with a /30 to a core
-- router, each host with a default route via its LAN's router and the
-- core with a route to every LAN. Prints what it measured:
--   setup S       seconds from netlab.lab() to the last link up
--   close S       seconds lab:close() took (the kernel frees the
--                 namespaces after; lab_scale.sh times that too)
--   kib_per_host K  MemAvailable before less after set-up, per host
local N, FAN = tonumber(arg[1]) or 100, tonumber(arg[2]) or 100
local SHAPE = arg[3] or "switches"
assert(SHAPE == "switches" or SHAPE == "routers", "shape: switches or routers")

-- MemAvailable in KiB.
local function available()
  local f = assert(io.open("/proc/meminfo"))
  local kib = tonumber(f:read("a"):match("MemAvailable:%s+(%d+)"))
  f:close()
  return kib
end

-- 10.a.b.c/8: host I's address, unique up to 2^24 hosts.
local function addr(i) return ("10.%d.%d.%d/8"):format(i // 65536, i // 256 % 256, i % 256) end

-- One LAN: switches of FAN hosts on a core switch.
local function switches(lab)
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
end

-- Group G's router and switch: 10.G.0.0/16 behind router rG
-- (10.G.255.254), whose 172.16.0.0/12 /30 joins it to the core.
local function group(lab, core, g)
  local r, sw = assert(lab:router("r" .. g)), assert(lab:switch("sw" .. g))
  local p2p = (g - 1) * 4
  local up = ("172.%d.%d.%%d"):format(16 + p2p // 65536, p2p // 256 % 256)
  local low = p2p % 256
  assert(lab:link(core, r, up:format(low + 1) .. "/30", up:format(low + 2) .. "/30", {ipv6 = false}))
  assert(lab:link(r, sw, ("10.%d.255.254/16"):format(g), nil, {ipv6 = false}))
  assert(r:route_add("default", {via = up:format(low + 1)}))
  assert(core:route_add(("10.%d.0.0/16"):format(g), {via = up:format(low + 2)}))
  return sw
end

-- A tree of routers: a core router, a router and a switch per FAN hosts.
local function routers(lab)
  assert(N // FAN < 255, "at most 254 groups of FAN hosts")
  local core = assert(lab:router "core")
  local sw, g
  for i = 1, N do
    local k = (i - 1) % FAN
    if k == 0 then
      g = (i - 1) // FAN + 1
      sw = group(lab, core, g)
    end
    local h = assert(lab:host("h" .. i))
    assert(lab:link(h, sw, ("10.%d.%d.%d/16"):format(g, k // 256, k % 256 + 1), nil, {ipv6 = false}))
    assert(h:route_add("default", {via = ("10.%d.255.254"):format(g)}))
  end
end

local before = available()
local t0 = netlab.now()
local lab = netlab.lab()
if SHAPE == "switches" then switches(lab) else routers(lab) end
local t1 = netlab.now()
local after = available()
lab:close()
print(("setup %.3f"):format(t1 - t0))
print(("close %.3f"):format(netlab.now() - t1))
print(("kib_per_host %.0f"):format((before - after) / N))
