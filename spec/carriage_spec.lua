-- spec/carriage_spec.lua: links between machines carried as UDP datagrams
-- by netlab's wire (scripts/netlab/lab_carriage.lua, core/net/wire_udp.c),
-- on two simulated machines (spec/machines.lua) whose workers run as
-- nobody: rootless, they may not make a VXLAN device in the machine's
-- namespace, so lab:link between their hosts goes over UDP by itself.
-- Each machine's end is a veth to a wire whose other end is a UDP socket
-- of the machine connected to the other's; TCP, impairments, cuts and
-- the handshake lesson cross it; a bad port or address is a clear error;
-- a dead worker or a killed script leaves nothing on either machine.
local lu = require "luaunit"
local helper = require "helper"
local machines = require "machines"

TestCarriage = {}

local root = helper.root

-- True if nobody may create a user namespace on this system.
local function userns_allowed()
  return (netlab.sh(helper.as_nobody("unshare -U -n true >/dev/null 2>&1 && echo yes || echo no")) or "")
    :match("yes") ~= nil
end

function TestCarriage:setUp()
  if not root then lu.skip("simulated machines are named network namespaces: root only") end
  if not userns_allowed() then lu.skip("this system gives nobody no user namespace: no rootless worker") end
  self.sim = machines.new{rootless = true}
end

TestCarriage.tearDown = machines.tear_down

-- A lab with the simulated machines started, a host on each and a link
-- between them (OPTS: lab:link's); returns the lab, the hosts, the link.
function TestCarriage:linked(opts)
  self.lab = netlab.lab()
  for _, spec in ipairs(self.sim.specs) do assert(self.lab:machine(spec)) end
  local a, b = assert(self.lab:host("a", {on = "m1"})), assert(self.lab:host("b", {on = "m2"}))
  local l = assert(self.lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", opts))
  return self.lab, a, b, l
end

-- The UDP sockets of simulated machine I ("local peer" pairs).
function TestCarriage:udp_of(i)
  local out = netlab.sh(("ip netns exec %s ss -Huan"):format(self.sim.ns[i]), {timeout = 5}) or ""
  local rows = {}
  for l, p in out:gmatch("%S+%s+%d+%s+%d+%s+(%S+)%s+(%S+)") do rows[#rows + 1] = l .. " " .. p end
  return rows
end

-- Carriage -----------------------------------------------------------------

function TestCarriage:test_rootless_workers_carry_a_link_between_machines_over_udp()
  local lab, a, b, l = self:linked()
  lu.assertFalse(lab._machines.m1.net_admin)
  lu.assertEquals(l._cross.carry, "udp")
  local ea, eb = l:ends()
  lu.assertEquals({ea.iface, eb.iface}, {"eth0", "eth0"})
  -- a veth to the wire, its MTU the underlay's less IP, UDP, the offload
  -- header and the inner Ethernet header (1500 - 52)
  local detail = a:sh("ip -d link show eth0")
  lu.assertStrContains(detail, "mtu 1448")
  lu.assertStrContains(detail, "veth")
  lu.assertEquals(assert(a:ping("10.0.0.2", {count = 2, timeout = 2})).received, 2)
  -- each machine holds one UDP socket, connected to the other's
  local pa, pb = l._cross.ports[1], l._cross.ports[2]
  lu.assertEquals(self:udp_of(1), {("10.77.0.1:%d 10.77.0.2:%d"):format(pa, pb)})
  lu.assertEquals(self:udp_of(2), {("10.77.0.2:%d 10.77.0.1:%d"):format(pb, pa)})
  -- and no interface of its own: the machines' namespaces are untouched
  lu.assertEquals(self.sim:leftover():gsub("[^\n]*process[^\n]*\n?", ""), "")
  local rows = assert(l:stats())
  lu.assertTrue(rows[1].forwarded >= 2 and rows[2].forwarded >= 2, lu.prettystr(rows))
  lu.assertEquals(rows[1].errors + rows[2].errors, 0)
end

function TestCarriage:test_tcp_crosses_in_segments_cut_to_the_mss()
  local _, a, b = self:linked()
  local got, largest = machines.stream(a, b, 1000000, 10)
  lu.assertEquals(got, 1000000)
  lu.assertTrue(largest > 1000 and largest <= 1408, "largest segment: " .. largest) -- MTU 1448 less 40
end

function TestCarriage:test_impairments_cuts_and_stats_act_where_frames_leave()
  local _, a, b, l = self:linked()
  assert(l:impair{delay = "30ms", side = a})
  local engine, rows = l:impair()
  lu.assertEquals(engine, "wire")
  lu.assertEquals(rows[1].delay, "30ms")
  local p = assert(a:ping("10.0.0.2", {count = 3, interval = 0.2, timeout = 2}))
  lu.assertEquals(p.received, 3)
  lu.assertTrue(p.min >= 30 and p.min < 60, "rtt " .. p.min)
  assert(l:impair{loss = "100%", side = b, seed = 7}) -- replaces a's delay
  p = a:ping("10.0.0.2", {count = 2, interval = 0.2, timeout = 1})
  lu.assertEquals(p.received, 0)
  local st = assert(l:stats())
  lu.assertTrue(st[2].dropped >= 2, lu.prettystr(st[2]))
  lu.assertTrue(st[1].forwarded >= 2, lu.prettystr(st[1]))
  assert(l:heal())
  lu.assertEquals(assert(a:ping("10.0.0.2", {count = 1, timeout = 2})).received, 1)
  assert(l:cut{side = a})
  lu.assertEquals(a:ping("10.0.0.2", {count = 2, interval = 0.2, timeout = 1}).received, 0)
  assert(l:heal())
  lu.assertEquals(assert(b:ping("10.0.0.1", {count = 1, timeout = 2})).received, 1)
  helper.raises("engine", l.impair, l, {delay = "1ms", engine = "bogus"})
  local ok, err = l:impair{delay = "1ms", engine = "netem"}
  lu.assertNil(ok)
  lu.assertStrContains(err, "impaired by netlab's wire only")
end

function TestCarriage:test_an_ipv6_underlay_carries_it_too()
  for i, ns in ipairs(self.sim.ns) do
    helper.sh(("ip -n %s addr add fd77::%d/64 dev u%d nodad"):format(ns, i, i))
  end
  self.lab = netlab.lab()
  for i = 1, 2 do
    local spec = {}
    for k, v in pairs(self.sim.specs[i]) do spec[k] = v end
    spec.underlay = "fd77::" .. i
    assert(self.lab:machine(spec))
  end
  local a, b = assert(self.lab:host("a", {on = "m1"})), assert(self.lab:host("b", {on = "m2"}))
  local l = assert(self.lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  lu.assertStrContains(a:sh("ip link show eth0"), "mtu 1428") -- 1500 less 72 over IPv6
  lu.assertEquals(assert(b:ping("10.0.0.1", {count = 1, timeout = 2})).received, 1)
  lu.assertEquals(self:udp_of(1), {("[fd77::1]:%d [fd77::2]:%d"):format(l._cross.ports[1], l._cross.ports[2])})
end

-- Bad input ------------------------------------------------------------------

function TestCarriage:test_bad_carriage_port_or_address_is_a_clear_error()
  local lab, a, b = self:linked()
  local n = 1
  local function link(opts)
    n = n + 1
    return lab:link(a, b, ("10.0.%d.1/24"):format(n), ("10.0.%d.2/24"):format(n), opts)
  end
  helper.raises("port: integer 1-65535 expected, got 0", link, {port = 0})
  helper.raises("port: integer 1-65535 expected, got 65536", link, {port = 65536})
  helper.raises("port: integer 1-65535 expected, got 1.5", link, {port = 1.5})
  helper.raises('carry: "vxlan" or "udp" expected, got "gre"', link, {carry = "gre"})
  helper.raises("carry: \"vxlan\" or \"udp\" expected, got number", link, {carry = 4})
  helper.raises("vni: a link carried over UDP has no VNI", link, {vni = 7})
  helper.raises("unknown option 'mtu'", link, {mtu = 1400})
  local ok, err = link({carry = "vxlan"}) -- rootless: no VXLAN device in the machine's namespace
  lu.assertNil(ok)
  lu.assertStrContains(err, "cannot make a's end of the link: Operation not permitted (a VXLAN end needs root there; carry = \"udp\" needs none)")
  ok, err = link({port = 80})
  lu.assertNil(ok)
  lu.assertStrContains(err, "UDP port 80 needs privilege on this machine (give one above 1023, or none)")
  assert(link({port = 40123}))
  ok, err = link({port = 40123}) -- the same port twice on one machine
  lu.assertNil(ok)
  lu.assertStrContains(err, "UDP port 40123 is taken on this machine (another link or program uses it")
  -- nothing of the failed links is left in either host
  lu.assertEquals(a:sh("ip -br link | cut -d' ' -f1 | cut -d@ -f1 | sort | tr '\\n' ' '"), "eth0 eth1 lo ")
  lu.assertEquals(b:sh("ip -br link | cut -d' ' -f1 | cut -d@ -f1 | sort | tr '\\n' ' '"), "eth0 eth1 lo ")
end

function TestCarriage:test_an_underlay_address_not_of_the_machine_is_a_clear_error()
  self.lab = netlab.lab()
  local spec = {}
  for k, v in pairs(self.sim.specs[2]) do spec[k] = v end
  spec.underlay = "10.77.0.9" -- not m2's
  assert(self.lab:machine(self.sim.specs[1]))
  assert(self.lab:machine(spec))
  local a, b = assert(self.lab:host("a", {on = "m1"})), assert(self.lab:host("b", {on = "m2"}))
  local ok, err = self.lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24")
  lu.assertNil(ok)
  lu.assertStrContains(err, "cannot make b's end of the link: 10.77.0.9 is not an address of this machine")
  lu.assertEquals(a:sh("ip -br link | cut -d' ' -f1"), "lo\n") -- a's end went again
  lu.assertEquals(self:udp_of(1), {})
end

-- Faults ---------------------------------------------------------------------

function TestCarriage:test_a_worker_killed_mid_lab_leaves_nothing_and_the_other_goes_on()
  local lab, a, b, l = self:linked()
  assert(a:ping("10.0.0.2", {count = 1, timeout = 2}))
  helper.sh("kill -9 " .. lab._machines.m1:pid())
  lu.assertEquals({a:sh("true")}, {nil, "closed"})
  lu.assertEquals(b:ping("10.0.0.1", {count = 2, interval = 0.2, timeout = 1}).received, 0)
  lu.assertEquals(b:sh("echo still here"), "still here\n")
  lu.assertEquals(self:udp_of(1), {})
  local st = l:stats()
  lu.assertEquals(st[1].error, "closed") -- a's end is gone with its machine
  lu.assertEquals(self.sim:wait_clean(5):gsub("[^\n]*nlw%d+%-%d+b: process[^\n]*\n?", ""), "")
end

-- The controlling script, killed with SIGKILL once its link is up.
local CONTROLLER = [[
local specs = %s
local lab = netlab.lab()
for _, s in ipairs(specs) do assert(lab:machine(s)) end
local a, b = assert(lab:host("a", {on = "m1"})), assert(lab:host("b", {on = "m2"}))
local l = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
assert(l:impair{delay = "10ms"})
assert(a:ping("10.0.0.2", {count = 1, timeout = 2}).received == 1)
print("ready") io.stdout:flush()
netlab.sleep(30)
]]

function TestCarriage:test_kill_9_of_the_script_leaves_nothing_on_either_machine()
  local pid = self.sim:controller(CONTROLLER)
  lu.assertEquals(#self:udp_of(1), 1)
  helper.sh("kill -9 " .. pid)
  lu.assertEquals(self.sim:wait_clean(5), "")
  lu.assertEquals({self:udp_of(1), self:udp_of(2)}, {{}, {}})
end

-- Selectable -----------------------------------------------------------------

function TestCarriage:test_root_workers_carry_over_udp_when_asked()
  self.sim:close()
  self.sim = machines.new()
  local lab, a, _, l = self:linked({carry = "udp", port = 40555})
  lu.assertTrue(lab._machines.m1.net_admin)
  lu.assertEquals(l._cross.ports, {40555, 40555})
  lu.assertStrContains(a:sh("ip -d link show eth0"), "veth")
  lu.assertEquals(assert(a:ping("10.0.0.2", {count = 1, timeout = 2})).received, 1)
  lu.assertEquals(self:udp_of(1), {"10.77.0.1:40555 10.77.0.2:40555"})
  -- the VXLAN link root's workers make by default has no wire to impair:
  -- its first cut carries it over UDP (lab_carriage.recarry), a free port each
  local b = lab:hosts()[2]
  local v = assert(lab:link(a, b, "10.0.1.1/24", "10.0.1.2/24"))
  lu.assertEquals(v._cross.carry, "vxlan")
  assert(v:cut())
  lu.assertEquals(v._cross.carry, "udp")
  lu.assertStrContains(a:sh("ip -d link show eth1"), "veth")
  lu.assertEquals(a:ping("10.0.1.2", {count = 1, timeout = 0.5}).received, 0)
  lu.assertEquals(#self:udp_of(1), 2)
  assert(v:heal())
  lu.assertEquals(assert(a:ping("10.0.1.2", {count = 1, timeout = 2})).received, 1)
end

-- A controller on the script's own machine (sim:add_here), root there,
-- with hosts on the rootless machines: its links to them go over UDP too.
local HERE = [[
io.stdout:setvbuf("line")
local specs = dofile(%q).machines
local lab <close> = netlab.lab()
for _, s in ipairs(specs) do assert(lab:machine(s)) end
local a = assert(lab:host "a")
local b, c = assert(lab:host("b", {on = "m1"})), assert(lab:host("c", {on = "m2"}))
local l = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
print("carry", l._cross.carry, a:sh("ip link show eth0"):match("mtu %%d+"))
print("ping b", assert(a:ping("10.0.0.2", {count = 1, timeout = 2})).received)
local sw = assert(lab:switch("sw", {on = "m2"})) -- a switch on m2, ports from here and m1
assert(lab:link(a, sw, "10.0.5.1/24"))
assert(lab:link(b, sw, "10.0.5.2/24"))
assert(lab:link(c, sw, "10.0.5.3/24"))
print("ping b over sw", assert(a:ping("10.0.5.2", {count = 1, timeout = 2})).received)
print("ping c over sw", assert(b:ping("10.0.5.3", {count = 1, timeout = 2})).received)
]]

function TestCarriage:test_links_from_the_scripts_own_machine_and_to_a_remote_switch()
  self.sim:add_here()
  local script = helper.tmpfile(HERE:format(self.sim:file({})))
  local out, err, code = self.sim:netlab(script, {timeout = 30})
  out = (out or "") .. (err or "")
  lu.assertEquals(code, 0, out)
  lu.assertStrContains(out, "carry\tudp\tmtu 1448")
  lu.assertStrContains(out, "ping b\t1")
  lu.assertStrContains(out, "ping b over sw\t1")
  lu.assertStrContains(out, "ping c over sw\t1")
end

-- The lesson, split ----------------------------------------------------------------

function TestCarriage:test_the_handshake_lesson_over_the_udp_carriage()
  local file = self.sim:file({client = "m1", ["www.baidu.com"] = "m2"})
  local out, err, code = helper.netlab("labs/handshake.lua", {timeout = 60, env = {NETLAB_MACHINES = file}})
  out = (out or "") .. (err or "")
  lu.assertEquals(code, 0, out)
  lu.assertStrContains(out, "PASS: all 14 claims held")
  lu.assertStrContains(out, "mss 1408") -- the carriage's MTU: 1448
end

function TestCarriage:test_the_routes_lesson_over_the_udp_carriage()
  local file = self.sim:file({A = "m1", B = "m2", G = "m1"})
  local out, err, code = helper.netlab("labs/routes.lua", {timeout = 60, env = {NETLAB_MACHINES = file}})
  out = (out or "") .. (err or "")
  lu.assertEquals(code, 0, out)
  lu.assertStrContains(out, "PASS: all 16 claims held")
end
