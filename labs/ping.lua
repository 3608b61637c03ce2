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
-- no ping or traceroute program is used. A capture on a's cable (tcpdump
-- -nn -i eth0 icmp) shows each message on the wire, and the checks read
-- type, code, id, seq and TTL from the captured packets too. Exit 0 only
-- if every claim held.
-- Usage: netlab labs/ping.lua [--count N]   (--help lists the options)

local lesson = require "netlab.lesson"

local LIMIT = 30 -- seconds the whole lab may take
local WAIT = 5   -- seconds any one command may take
local QUIET = 0.01 -- seconds without a packet that end a look at the capture
local lab = lesson.new{name = "ping", limit = LIMIT, programs = {"ip"}, params = {
  {"count", 3, "echo requests each ping of part 2 sends (ping -c N)", min = 1, max = 10},
}}
local COUNT = lab.params.count

-- The capture on a's cable, and how many of its packets were shown.
local wire = {}

-- The packets captured since the last call, printed as tcpdump -nn does.
local function captured()
  for _ = 1, 1000 do
    if not wire.cap:next(QUIET) then break end
  end
  local all = wire.cap:list()
  local new = table.move(all, (wire.seen or 0) + 1, #all, 1, {})
  wire.seen = #all
  print("  on the wire (tcpdump -nn -i eth0 icmp, in a):")
  for _, p in ipairs(new) do lab:packet(p) end
  return new
end

-- The first packet of LIST that is an ICMP message of TYPE with SEQ.
local function icmp(list, type, seq)
  for _, p in ipairs(list) do
    if p.icmp and p.icmp.type == type and (seq == nil or p.icmp.seq == seq) then return p end
  end
end

-- Checks the captured echo requests and replies of ping result RES.
local function check_wire_echo(list, res, from, to)
  local ok = #res.rows > 0
  for _, row in ipairs(res.rows) do
    local q, r = icmp(list, 8, row.seq), icmp(list, 0, row.seq)
    ok = ok and q and r and q.icmp.code == 0 and r.icmp.code == 0 and q.icmp.id == row.id and r.icmp.id == row.id
      and q.ip.src == from and q.ip.dst == to and r.ip.src == to and r.ip.dst == from
  end
  lab:check(ok, ("on the wire: each request is type 8 code 0 from %s, each reply type 0 code 0 from %s, with the same id and seq")
    :format(from, to))
end

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
  local seqs = {}
  for i = 1, res.transmitted do seqs[i] = i end
  lab:check(same_id and in_order and #res.rows == COUNT,
    ("replies carry our identifier and sequence numbers %s"):format(table.concat(seqs, ", ")), #res.rows)
  lab:check(first.ttl == ttl, ("the replies arrive with TTL %d"):format(ttl), first.ttl)
end

-- Part 2: echo request and reply, on the LAN and through the router.
local function echo(a, d)
  print("\n== Part 2: echo request (type 8) and echo reply (type 0) ==")
  lab:step(("ping -c %d -i 0.2 10.0.0.2"):format(COUNT),
    "b is on a's own LAN: the reply comes back with the TTL b sent it with, 64")
  local res = assert(a:ping("10.0.0.2", {count = COUNT, interval = 0.2}))
  show_echo(res, 64)
  check_wire_echo(captured(), res, "10.0.0.1", "10.0.0.2")
  lab:step(("ping -c %d -i 0.2 10.0.1.2"):format(COUNT), "d is behind r: r lowers the TTL once on the way back, 63")
  show_echo(assert(a:ping("10.0.1.2", {count = COUNT, interval = 0.2})), 63)
  local reply = icmp(captured(), 0)
  lab:check(reply and reply.ip.ttl == 63 and reply.ip.src == "10.0.1.2",
    "on the wire the reply from 10.0.1.2 carries TTL 63: r took one off", reply and reply.ip.ttl)
  lab:step("ping -c 2 -i 0.2 -W 0.5 10.0.0.99", "nobody has 10.0.0.99: no reply, 100% loss")
  res = assert(a:ping("10.0.0.99", {count = 2, interval = 0.2, timeout = 0.5}))
  lab:show(tostring(res))
  lab:check(res.received == 0 and res.loss == 100, "no reply: 100% packet loss")
  local none = captured()
  lab:check(#none == 0, "and nothing on the wire: a finds no MAC for 10.0.0.99 (ARP fails), so no request leaves",
    #none .. " ICMP packets")
end

-- Checks the captured request with TTL 1 and the router's time exceeded.
local function check_wire_ttl(list)
  local q, e = icmp(list, 8), icmp(list, 11)
  lab:check(q and q.ip.ttl == 1, "on the wire: our request leaves with IP TTL 1", q and q.ip.ttl)
  lab:check(e and e.icmp.code == 0 and e.ip.src == "10.0.0.254",
    "the router's answer is type 11 code 0 from 10.0.0.254", e and ("type %d code %d from %s"):format(e.icmp.type,
      e.icmp.code, e.ip.src))
  local quoted = e and e.icmp.quoted
  local qi = quoted and quoted.icmp
  lab:check(qi and q and quoted.ip.dst == "10.0.1.2" and qi.id == q.icmp.id and qi.seq == q.icmp.seq,
    "it quotes our request: destination 10.0.1.2, our id and seq", qi and ("id %s seq %s"):format(qi.id, qi.seq))
end

-- Checks traceroute's probes (TTL 1, 2 ... 5, sent at once as traceroute
-- sends up to 16) and who answered each.
local function check_wire_trace(list)
  local ttls = {}
  for _, p in ipairs(list) do
    if p.icmp and p.icmp.type == 8 then ttls[#ttls + 1] = ("%d:%d"):format(p.icmp.seq, p.ip.ttl) end
  end
  lab:check(table.concat(ttls, " ") == "1:1 2:2 3:3 4:4 5:5",
    "on the wire: probe seq N has TTL N, all 5 sent at once (-m 5)", table.concat(ttls, " "))
  local e, r = icmp(list, 11), icmp(list, 0, 2)
  local quoted = e and e.icmp.quoted and e.icmp.quoted.icmp
  lab:check(quoted and quoted.seq == 1 and e.ip.src == "10.0.0.254" and r and r.ip.src == "10.0.1.2",
    "probe 1 is answered by r (time exceeded, quoting seq 1), probe 2 by d (echo reply)")
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
  check_wire_ttl(captured())
  lab:step("traceroute -I -n -q 1 -m 5 10.0.1.2 84",
    "TTL 1, 2, ...: each router reports itself, then the destination answers (ICMP echo, one probe per TTL)")
  local t = assert(a:traceroute("10.0.1.2", {max_hops = 5, queries = 1, size = 84}))
  lab:show(tostring(t))
  local hops = t.hops
  lab:check(#hops == 2 and hops[1].from == "10.0.0.254", "hop 1 is the router r", hops[1] and hops[1].from)
  lab:check(t.reached and hops[2].from == "10.0.1.2", "hop 2 is d itself: the end of the path")
  check_wire_trace(captured())
end

lab:run(function()
  local net <close> = netlab.lab()
  local a, _, _, d = build(net)
  lab:step("tcpdump -nn -i eth0 icmp &  # in a", "watch a's cable while we ping")
  wire.cap = assert(a:capture{iface = "eth0", filter = "icmp"})
  echo(a, d)
  ttl(a)
end)
