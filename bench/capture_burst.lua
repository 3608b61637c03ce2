-- capture_burst.lua - a burst the script does not wait for, kept by a
-- capture, for bench/capture_burst.sh:
--
--   netlab capture_burst.lua PEER ROUNDS
--
-- In a two-host lab, for each case (interface, datagrams, their size)
-- and round: b:capture{iface =, filter = "udp port 9999"} opened, a
-- burst of UDP datagrams sent from a to b (on lo: from b to itself)
-- without waiting, then read: what the capture got and the kernel
-- dropped; then the same with PEER (bench/capture_burst.c: libpcap's
-- default immediate-mode capture in host b, not reading while the burst
-- comes). Prints one line per case and side: "CASE netlab|peer got
-- G... dropped D..." (a number per round), then netlab's "open_ms" for
-- every open and "hwm_kib" (the process's peak RSS).
local netlab = require "netlab"

local peer, rounds = arg[1], tonumber(arg[2]) or 3
local PORT, FILTER = 9999, "udp port 9999"
local CASES = {{"any", 2000, 16}, {"eth0", 2000, 16}, {"lo", 2000, 16},
               {"any", 500, 1472}, {"eth0", 500, 1472}} -- 1472: 1514-byte frames

local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
local sink = assert(b:udp())
assert(sink:setsockname("*", PORT))

-- Sends N datagrams of SIZE bytes for case IFACE, without waiting.
local function burst(iface, n, size)
  local from, to = a, "10.0.0.2"
  if iface == "lo" then from, to = b, "127.0.0.1" end
  local u <close> = assert(from:udp())
  local payload = ("x"):rep(size)
  for _ = 1, n do assert(u:sendto(payload, to, PORT)) end
end

local opens = {}

-- netlab's round of case C: got, dropped.
local function mine(c)
  local t0 = netlab.now()
  local cap <close> = assert(b:capture{iface = c[1], filter = FILTER})
  opens[#opens + 1] = ("%.3f"):format((netlab.now() - t0) * 1e3)
  burst(c[1], c[2], c[3])
  local got = 0
  for p in cap:packets{count = c[2], timeout = 0.5} do
    if not p then break end
    got = got + 1
  end
  return got, assert(cap:stats()).dropped
end

-- The peer's round of case C: got, dropped.
local function theirs(c)
  local p = assert(b:start(("exec %s %s '%s' 0.3"):format(peer, c[1], FILTER)))
  for _ = 1, 500 do -- until it says it is ready (at most 5 s)
    if p:output():find("ready") then break end
    netlab.sleep(0.01)
  end
  burst(c[1], c[2], c[3])
  assert(p:wait(10) == 0, "capture_burst failed: " .. select(2, p:output()))
  local out = p:output()
  return tonumber(out:match("got (%d+)")), tonumber(out:match("dropped (%d+)"))
end

netlab.sleep(0.01)
for _, c in ipairs(CASES) do
  local name = ("%s_%dx%d"):format(c[1], c[2], c[3])
  local res = {netlab = {got = {}, dropped = {}}, peer = {got = {}, dropped = {}}}
  for _ = 1, rounds do
    for _, side in ipairs{"netlab", "peer"} do
      local got, dropped = (side == "netlab" and mine or theirs)(c)
      table.insert(res[side].got, got)
      table.insert(res[side].dropped, dropped)
    end
  end
  for _, side in ipairs{"netlab", "peer"} do
    print(("%s %s got %s dropped %s"):format(name, side, table.concat(res[side].got, " "),
      table.concat(res[side].dropped, " ")))
  end
end
print("open_ms " .. table.concat(opens, " "))
local f <close> = assert(io.open("/proc/self/status"))
print("hwm_kib " .. f:read("a"):match("VmHWM:%s*(%d+)"))
