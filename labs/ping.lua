-- ping: ICMP echo request/reply (type, code, id, seq), TTL exceeded from a router, traceroute
--
-- ping sends ICMP echo requests (type 8, code 0) and the destination's
-- kernel answers each with an echo reply (type 0, code 0) carrying the
-- same identifier and sequence number. Every router on the way lowers
-- the IP TTL by one; the router that takes it to 0 drops the packet and
-- sends back "time exceeded" (type 11, code 0) from its own address.
-- traceroute sends with TTL 1, 2, 3... so each router on the path in
-- turn reports itself, until the destination answers. The network:
--
--   a 10.0.0.1 --+                      +-- r --- d 10.0.1.2
--   b 10.0.0.2 --+-- switch sw ---------+ 10.0.0.254 | 10.0.1.254
--
-- Everything runs in sandbox hosts (network namespaces) of this process;
-- no ping or traceroute program is used. Exit 0 only if every claim held.

local lesson = require "netlab.lesson"

local LIMIT = 30 -- seconds the whole lab may take
local WAIT = 5   -- seconds any one command may take
local lab = lesson.new{name = "ping", limit = LIMIT}

-- Builds the network; returns the hosts.
local function build(net)
  print("== Part 1: a LAN, a router, another LAN ==")
  lab:step("ip link add sw type bridge; ip link set eth0 master sw  # one per host",
    "a switch: hosts on it share 10.0.0.0/24")
  local sw = assert(net:switch "sw")
  local a, b = assert(net:host "a"), assert(net:host "b")
  assert(net:link(a, sw, "10.0.0.1/24"))
  assert(net:link(b, sw, "10.0.0.2/24"))
  lab:step("sysctl -w net.ipv4.ip_forward=1  # in r", "a router: a host that forwards between its links")
  local r, d = assert(net:router "r"), assert(net:host "d")
  assert(net:link(r, sw, "10.0.0.254/24"))
  assert(net:link(r, d, "10.0.1.254/24", "10.0.1.2/24"))
  lab:step("ip route add default via 10.0.0.254  # in a and b; d's via 10.0.1.254")
  for _, h in ipairs{a, b} do assert(h:sh("ip route add default via 10.0.0.254", {timeout = WAIT})) end
  assert(d:sh("ip route add default via 10.0.1.254", {timeout = WAIT}))
  return a, b, r, d
end

-- Prints and checks one ping's echo replies.
local function show_echo(res, ttl)
  lab:show(tostring(res))
  print("  the replies, field by field:")
  for _, row in ipairs(res.rows) do
    print(("    type=%d code=%d id=%d seq=%d ttl=%s from %s"):format(row.type, row.code, row.id, row.seq,
      tostring(row.ttl), row.from))
  end
  local first = res.rows[1] or {}
  lab:check(res.received == res.transmitted, "every echo request got its reply", res.received)
  lab:check(first.type == 0 and first.code == 0, "a reply is ICMP type 0 code 0 (echo reply)")
  local same_id, in_order = true, true
  for i, row in ipairs(res.rows) do
    same_id = same_id and row.id == first.id
    in_order = in_order and row.seq == i
  end
  lab:check(same_id and in_order, "replies carry our identifier and sequence numbers 1, 2, 3")
  lab:check(first.ttl == ttl, ("the replies arrive with TTL %d"):format(ttl), first.ttl)
end

-- Part 2: echo request and reply, on the LAN and through the router.
local function echo(a, d)
  print("\n== Part 2: echo request (type 8) and echo reply (type 0) ==")
  lab:step("ping -c 3 -i 0.2 10.0.0.2",
    "b is on a's own LAN: the reply comes back with the TTL b sent it with, 64")
  show_echo(assert(a:ping("10.0.0.2", {count = 3, interval = 0.2})), 64)
  lab:step("ping -c 3 -i 0.2 10.0.1.2", "d is behind r: r lowers the TTL once on the way back, 63")
  show_echo(assert(a:ping("d", {count = 3, interval = 0.2})), 63)
  lab:step("ping -c 2 -i 0.2 -W 0.5 10.0.0.99", "nobody has 10.0.0.99: no reply, 100% loss")
  local res = assert(a:ping("10.0.0.99", {count = 2, interval = 0.2, timeout = 0.5}))
  lab:show(tostring(res))
  lab:check(res.received == 0 and res.loss == 100, "no reply: 100% packet loss")
end

-- Part 3: TTL exceeded, and traceroute.
local function ttl(a)
  print("\n== Part 3: TTL exceeded (type 11) and traceroute ==")
  lab:step("ping -c 1 -t 1 10.0.1.2", "TTL 1: the first router takes it to 0 and tells us")
  local res = assert(a:ping("10.0.1.2", {count = 1, ttl = 1, timeout = 2}))
  lab:show(tostring(res))
  local row = res.rows[1] or {}
  print(("  the error: type=%s code=%s from %s about our request seq=%s"):format(tostring(row.type),
    tostring(row.code), tostring(row.from), tostring(row.seq)))
  lab:check(row.type == 11 and row.code == 0, "the answer is ICMP type 11 code 0 (time exceeded in transit)")
  lab:check(row.from == "10.0.0.254", "it comes from the router r (10.0.0.254), not from d", row.from)
  lab:step("traceroute -I 10.0.1.2", "TTL 1, 2, ...: each router reports itself, then the destination answers")
  local t = assert(a:traceroute("d", {max_hops = 5}))
  lab:show(tostring(t))
  local hops = t.hops
  lab:check(#hops == 2 and hops[1].from == "10.0.0.254", "hop 1 is the router r", hops[1] and hops[1].from)
  lab:check(t.reached and hops[2].from == "10.0.1.2", "hop 2 is d itself: the end of the path")
end

lab:run(function()
  local net <close> = netlab.lab()
  local a, _, _, d = build(net)
  echo(a, d)
  ttl(a)
end)
