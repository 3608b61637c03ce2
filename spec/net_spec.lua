-- spec/net_spec.lua: routers, switches, ping and traceroute. Three hosts
-- on one switch ping each other; a router forwards between two links and
-- answers TTL 1 with time exceeded; traceroute lists the router, then the
-- destination; an unreachable address gives 100% loss within the
-- timeout; bad input raises; nothing is left behind.
local lu = require "luaunit"

TestNet = {}

-- The inodes of the network namespaces this process holds but its own.
local function held_namespaces()
  local out = {}
  local own = netlab.sh("readlink /proc/self/ns/net", {timeout = 5}):match("net:%[(%d+)%]")
  for _, row in ipairs(netlab.fd.list()) do
    local ino = row.target:match("^net:%[(%d+)%]$")
    if ino and ino ~= own then out[#out + 1] = ino end
  end
  return out
end

-- A lab: a, b, c on switch sw (10.0.0.0/24); router r (10.0.0.254) to
-- d on 10.0.1.0/24; default routes through r.
local function topology()
  local lab = netlab.lab()
  local sw = assert(lab:switch "sw")
  local a, b, c = assert(lab:host "a"), assert(lab:host "b"), assert(lab:host "c")
  assert(lab:link(a, sw, "10.0.0.1/24"))
  assert(lab:link(b, sw, "10.0.0.2/24"))
  assert(lab:link(c, sw, "10.0.0.3/24"))
  local r, d = assert(lab:router "r"), assert(lab:host "d")
  assert(lab:link(r, sw, "10.0.0.254/24"))
  assert(lab:link(r, d, "10.0.1.254/24", "10.0.1.2/24"))
  for _, h in ipairs{a, b, c} do
    local _, err, code = h:sh("ip route add default via 10.0.0.254", {timeout = 5})
    lu.assertEquals(code, 0, err)
  end
  local _, err, code = d:sh("ip route add default via 10.0.1.254", {timeout = 5})
  lu.assertEquals(code, 0, err)
  return lab, {a = a, b = b, c = c, r = r, d = d, sw = sw}
end

-- The machine's own interfaces and forwarding setting: never changed.
local function machine()
  local links = netlab.sh("ip -br link | sort", {timeout = 5})
  local f = assert(io.open("/proc/sys/net/ipv4/ip_forward"))
  local fwd = f:read("a")
  f:close()
  return {links = links, forward = fwd}
end

function TestNet:setUp()
  self.before = machine()
  self.lab, self.h = topology()
end
function TestNet:tearDown() self.lab:close() end

function TestNet:test_three_hosts_on_a_switch_ping_each_other()
  local h = self.h
  for _, pair in ipairs{{h.a, "10.0.0.2"}, {h.b, "10.0.0.3"}, {h.c, "a"}} do
    local r = assert(pair[1]:ping(pair[2], {count = 2, interval = 0.05}))
    lu.assertEquals(r.transmitted, 2)
    lu.assertEquals(r.received, 2)
    lu.assertEquals(r.loss, 0)
    lu.assertEquals(r.rows[1].seq, 1)
    lu.assertEquals(r.rows[2].seq, 2)
    lu.assertEquals(r.rows[1].ttl, 64)
    lu.assertEquals(r.rows[1].bytes, 64)
    lu.assertEquals(r.rows[1].type, 0)
    lu.assertTrue(r.min <= r.avg and r.avg <= r.max)
    local from = pair[2] == r.ip and r.ip or pair[2] .. " (" .. r.ip .. ")" -- a name: "a (10.0.0.1)", as ping
    lu.assertStrContains(r.text, "64 bytes from " .. from .. ": icmp_seq=1 ttl=64 time=")
    lu.assertStrContains(tostring(r), "2 packets transmitted, 2 received, 0% packet loss")
    lu.assertStrContains(r.text, "rtt min/avg/max/mdev = ")
  end
  lu.assertTrue(h.sw:is_switch())
  lu.assertFalse(h.a:is_switch())
  lu.assertTrue(h.r:is_router())
  lu.assertFalse(h.a:is_router())
  lu.assertFalse(h.sw:is_router())
end

function TestNet:test_a_router_forwards_between_its_links()
  local r = assert(self.h.a:ping("10.0.1.2", {count = 1, size = 100}))
  lu.assertEquals(r.received, 1)
  lu.assertEquals(r.rows[1].ttl, 63) -- one router on the way
  lu.assertEquals(r.rows[1].bytes, 108)
  local fwd = self.h.r:sh("cat /proc/sys/net/ipv4/ip_forward", {timeout = 5})
  lu.assertEquals(fwd, "1\n")
end

function TestNet:test_ttl_1_through_a_router_is_time_exceeded()
  local r = assert(self.h.a:ping("10.0.1.2", {count = 1, ttl = 1, timeout = 2}))
  lu.assertEquals(r.received, 0)
  lu.assertEquals(r.errors, 1)
  lu.assertEquals(r.rows[1].type, 11)
  lu.assertEquals(r.rows[1].from, "10.0.0.254")
  lu.assertStrContains(r.text, "From 10.0.0.254 icmp_seq=1 Time to live exceeded")
  lu.assertTrue(r.time < 1500, "an error ends the wait for its reply")
end

function TestNet:test_unreachable_address_is_100_percent_loss_within_timeout()
  local r = assert(self.h.a:ping("10.0.0.99", {count = 2, interval = 0.1, timeout = 0.3}))
  lu.assertEquals(r.transmitted, 2)
  lu.assertEquals(r.received, 0)
  lu.assertEquals(r.loss, 100)
  lu.assertTrue(r.time < 1000, "took " .. r.time .. " ms")
  lu.assertStrContains(r.text, "100% packet loss")
end

function TestNet:test_no_route_is_a_kernel_refusal()
  local lab = netlab.lab()
  local x = assert(lab:host "x")
  local r, err, code = x:ping("10.9.9.9", {count = 1})
  lab:close()
  lu.assertNil(r)
  lu.assertStrContains(err, "unreachable")
  lu.assertEquals(code, netlab.errno.ENETUNREACH)
end

function TestNet:test_traceroute_lists_the_router_then_the_destination()
  local t = assert(self.h.a:traceroute("d", {max_hops = 5, timeout = 1}))
  lu.assertTrue(t.reached)
  lu.assertEquals(#t.hops, 2)
  lu.assertEquals(t.hops[1].from, "10.0.0.254")
  lu.assertEquals(t.hops[1].error, "time exceeded")
  lu.assertEquals(t.hops[2].from, "10.0.1.2")
  lu.assertTrue(t.hops[2].reached)
  lu.assertStrContains(t.text, "traceroute to d (10.0.1.2), 5 hops max")
  lu.assertStrContains(t.text, " 1  10.0.0.254  ")
  lu.assertStrContains(tostring(t), " 2  10.0.1.2  ")
end

-- Times vary from run to run: "0.061 ms" and "time 401ms" read as "T ms".
local function untimed(text)
  return (text:gsub("= [%d./]+ ms", "= T ms"):gsub("%d+%.%d+ ms", "T ms"):gsub("time %d+ms", "time Tms")
    :gsub("\n+$", ""))
end

-- The real tools print what netlab's results say (iputils ping,
-- traceroute): the labs' steps name these commands.
function TestNet:test_ping_text_is_what_ping_prints()
  for _, dst in ipairs{"10.0.1.2", "d"} do
    local mine = assert(self.h.a:ping(dst, {count = 3, interval = 0.2}))
    local real, err, code = self.h.a:sh("ping -c 3 -i 0.2 " .. dst, {timeout = 10})
    lu.assertEquals(code, 0, err)
    lu.assertEquals(untimed(mine.text), untimed(real))
  end
end

-- Pinging a name, ping looks every source up in the hosts file: the
-- router's time exceeded is "From r (10.0.0.254)", a reply to the name
-- www (d's address) "from d (10.0.1.2)", the first name of the address.
function TestNet:test_ping_to_a_name_names_every_source_as_ping_does()
  local _, err, code = self.h.r:sh("sysctl -qw net.ipv4.icmp_ratelimit=0", {timeout = 5})
  lu.assertEquals(code, 0, err)
  assert(self.lab:name("www", "10.0.1.2"))
  for _, case in ipairs{{"ping -c 2 -i 0.2 -t 1 d", {count = 2, interval = 0.2, ttl = 1}, "From r (10.0.0.254) icmp_seq=2 "},
    {"ping -c 2 -i 0.2 www", {count = 2, interval = 0.2}, "64 bytes from d (10.0.1.2): icmp_seq=2 "}} do
    local mine = assert(self.h.a:ping(case[1]:match("%S+$"), case[2]))
    local real = self.h.a:sh(case[1], {timeout = 10})
    lu.assertEquals(untimed(mine.text), untimed(real), case[1])
    lu.assertStrContains(mine.text, case[3])
  end
end

-- Loss as ping writes it (a float with %g: 66.6667%), errors, and ping's
-- "pipe N" line when several requests were awaited at once: d stops
-- answering after the first request; nobody has 10.0.0.99 (a's own
-- kernel reports Destination Host Unreachable once ARP gives up, ~3 s).
function TestNet:test_ping_loss_errors_and_pipe_are_what_ping_prints()
  local d = self.h.d
  local function quiet_later()
    return netlab.spawn(function()
      netlab.sleep(0.15)
      assert(d:sh("sysctl -qw net.ipv4.icmp_echo_ignore_all=1", {timeout = 5}))
    end)
  end
  local t = quiet_later()
  local mine = assert(self.h.a:ping("10.0.1.2", {count = 3, interval = 0.3, timeout = 0.5}))
  t:join(2)
  assert(d:sh("sysctl -qw net.ipv4.icmp_echo_ignore_all=0", {timeout = 5}))
  t = quiet_later()
  local real = self.h.a:sh("ping -c 3 -i 0.3 -W 0.5 10.0.1.2", {timeout = 10})
  t:join(2)
  lu.assertEquals(untimed(mine.text), untimed(real))
  lu.assertStrContains(mine.text, "3 packets transmitted, 1 received, 66.6667% packet loss, time ")
  mine = assert(self.h.a:ping("10.0.0.99", {count = 3, interval = 0.2, timeout = 4}))
  real = self.h.a:sh("ping -c 3 -i 0.2 10.0.0.99", {timeout = 10})
  lu.assertEquals(untimed(mine.text), untimed(real))
  lu.assertStrContains(mine.text, "From 10.0.0.1 icmp_seq=3 Destination Host Unreachable\n")
  lu.assertStrContains(mine.text, "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time ")
  lu.assertEquals(mine.text:match("[^\n]*$"), "pipe 3")
  lu.assertEquals(mine.pipe, 3)
end

-- A wire that copies every frame: each reply comes twice (b's side) or
-- each request and reply (both sides: four replies a request). ping
-- prints the copies with (DUP!), counts them as "+N duplicates", not as
-- received, times them in the rtt line, and stops at the last request's
-- first reply, as iputils ping does over the same link.
function TestNet:test_duplicated_replies_are_dup_as_ping_prints()
  local lab = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local l = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  for _, case in ipairs{{b, 2, 1}, {nil, 6, 3}} do
    assert(l:impair{duplicate = "100%", engine = "wire", side = case[1]})
    local mine = assert(a:ping("10.0.0.2", {count = 3, interval = 0.2}))
    local real, err, code = a:sh("ping -c 3 -i 0.2 10.0.0.2", {timeout = 10})
    lu.assertEquals(code, 0, err)
    lu.assertEquals(untimed(mine.text), untimed(real))
    lu.assertStrContains(mine.text, "3 packets transmitted, 3 received, +" .. case[2] .. " duplicates, 0% packet loss")
    lu.assertStrMatches(mine.text, ".*\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=[%d.]+ ms %(DUP!%)\n.*")
    lu.assertEquals(mine.received, 3)
    lu.assertEquals(mine.duplicates, case[2])
    lu.assertEquals(#mine.rows, 3 + case[2])
    lu.assertTrue(mine.rows[2].dup and not mine.rows[1].dup)
    lu.assertEquals(mine.rows[#mine.rows].seq, 3)
  end
  lab:close()
end

-- ping's times: three decimals below 1 ms, two below 10, one below 100,
-- none above; the rtt line in whole microseconds, as ping's integers.
function TestNet:test_ping_times_are_written_as_ping_writes_them()
  local lab = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local l = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  for _, case in ipairs{{"3ms", "time=%d%.%d%d ms"}, {"30ms", "time=%d%d%.%d ms"}, {"120ms", "time=%d%d%d ms"}} do
    assert(l:impair{delay = case[1], side = b})
    local mine = assert(a:ping("10.0.0.2", {count = 1}))
    lu.assertStrMatches(mine.text, ".*: icmp_seq=1 ttl=64 " .. case[2] .. "\n.*")
    lu.assertStrMatches(mine.text, ".*rtt min/avg/max/mdev = %d+%.%d%d%d/.*")
  end
  lab:close()
end

-- traceroute -n -I by default (three 60-byte probes per hop, 16 at
-- once), and the lab's one probe of 84 bytes (-q 1 ... 84). Each run asks
-- r for up to 3 time exceeded at once: r's rate limit for them is off.
function TestNet:test_traceroute_text_is_what_traceroute_prints()
  local _, err, code = self.h.r:sh("sysctl -qw net.ipv4.icmp_ratelimit=0", {timeout = 5})
  lu.assertEquals(code, 0, err)
  for _, dst in ipairs{"10.0.1.2", "d"} do
    for _, case in ipairs{{"traceroute -n -I -m 5 ", {max_hops = 5}},
      {"traceroute -I -n -q 1 -m 5 %s 84", {max_hops = 5, queries = 1, size = 84}}} do
      local mine = assert(self.h.a:traceroute(dst, case[2]))
      local cmd = case[1]:find("%s", 1, true) and case[1]:format(dst) or case[1] .. dst
      local real
      real, err, code = self.h.a:sh(cmd, {timeout = 10})
      lu.assertEquals(code, 0, err)
      lu.assertEquals(untimed(mine.text), untimed(real), cmd)
    end
  end
  local t = assert(self.h.a:traceroute("d", {max_hops = 5}))
  lu.assertEquals(#t.hops[1].probes, 3)
  lu.assertEquals(t.hops[1].probes[3].from, "10.0.0.254")
  lu.assertStrContains(t.text, "traceroute to d (10.0.1.2), 5 hops max, 60 byte packets\n 1  10.0.0.254  ")
end

-- A router that forwards but never answers (its own packets to a's LAN
-- go to a blackhole): traceroute's hop 2 is "* * *", as netlab's.
function TestNet:test_a_silent_hop_is_three_stars()
  local lab = netlab.lab()
  local a, r, q, d = assert(lab:host "a"), assert(lab:router "r"), assert(lab:router "q"), assert(lab:host "d")
  assert(lab:link(a, r, "10.0.0.1/24", "10.0.0.254/24"))
  assert(lab:link(r, q, "10.0.2.1/24", "10.0.2.2/24"))
  assert(lab:link(q, d, "10.0.1.254/24", "10.0.1.2/24"))
  for _, step in ipairs{{a, "ip route add default via 10.0.0.254"}, {r, "ip route add 10.0.1.0/24 via 10.0.2.2"},
    {q, "ip route add default via 10.0.2.1"}, {d, "ip route add default via 10.0.1.254"},
    {r, "sysctl -qw net.ipv4.icmp_ratelimit=0"},
    {q, "ip rule add iif lo to 10.0.0.0/24 lookup 100 pref 100; ip route add blackhole 10.0.0.0/24 table 100"}} do
    local _, err, code = step[1]:sh(step[2], {timeout = 5})
    lu.assertEquals(code, 0, err)
  end
  local mine = assert(a:traceroute("10.0.1.2", {max_hops = 4, timeout = 0.5}))
  local real, err, code = a:sh("traceroute -n -I -m 4 -w 0.5 10.0.1.2", {timeout = 10})
  lab:close()
  lu.assertEquals(code, 0, err)
  lu.assertEquals(untimed(mine.text), untimed(real))
  lu.assertStrContains(mine.text, "\n 2  * * *\n 3  10.0.1.2  ")
  lu.assertEquals(mine.hops[2].probes, {{}, {}, {}})
  lu.assertNil(mine.hops[2].from)
  lu.assertTrue(mine.reached)
end

function TestNet:test_traceroute_to_nowhere_stops_at_max_hops()
  local t = assert(self.h.d:traceroute("10.0.0.99", {max_hops = 2, timeout = 0.2}))
  lu.assertFalse(t.reached)
  lu.assertEquals(#t.hops, 2)
  lu.assertEquals(t.hops[1].from, "10.0.1.254")
end

function TestNet:test_bad_input_raises()
  local a = self.h.a
  lu.assertErrorMsgContains("cannot resolve nosuchhost", function() assert(a:ping("nosuchhost", {count = 1})) end)
  lu.assertErrorMsgContains("invalid address \"10.0.0.300\"", function() a:ping("10.0.0.300") end)
  lu.assertErrorMsgContains("invalid address \"fd00::1::2\"", function() a:traceroute("fd00::1::2") end)
  lu.assertErrorMsgContains("count: integer", function() a:ping("10.0.0.2", {count = 0}) end)
  lu.assertErrorMsgContains("count: integer", function() a:ping("10.0.0.2", {count = 1.5}) end)
  lu.assertErrorMsgContains("count: integer", function() a:ping("10.0.0.2", {count = "3"}) end)
  lu.assertErrorMsgContains("interval: number", function() a:ping("10.0.0.2", {interval = -1}) end)
  lu.assertErrorMsgContains("ttl: integer", function() a:ping("10.0.0.2", {ttl = 256}) end)
  lu.assertErrorMsgContains("size: integer", function() a:ping("10.0.0.2", {size = -1}) end)
  lu.assertErrorMsgContains("bad argument #2 to 'ping'", function() a:ping("10.0.0.2", 3) end)
  lu.assertErrorMsgContains("bad argument #1 to 'ping'", function() a:ping(nil) end)
  lu.assertErrorMsgContains("max_hops: integer", function() a:traceroute("10.0.0.2", {max_hops = 0}) end)
  lu.assertErrorMsgContains("queries: integer 1-10", function() a:traceroute("10.0.0.2", {queries = 0}) end)
  lu.assertErrorMsgContains("size: 20 bytes is less than the IP and ICMP headers (28)",
    function() a:traceroute("10.0.0.2", {size = 20}) end)
  lu.assertErrorMsgContains("bad argument #1 to 'ping' (netlab.host expected, got table)", function() a.ping({}, "10.0.0.2") end)
  lu.assertErrorMsgContains("already has a host named \"a\"", function() self.lab:router("a") end)
  lu.assertErrorMsgContains("already has a host named \"sw\"", function() self.lab:switch("sw") end)
  lu.assertErrorMsgContains("string expected", function() self.lab:switch(7) end)
  lu.assertErrorMsgContains("takes no address", function() self.lab:link(self.h.sw, a, "10.0.0.9/24") end)
  lu.assertErrorMsgContains("takes no address", function() self.lab:link(a, self.h.sw, nil, "10.0.0.9/24") end)
end

function TestNet:test_closed_host_and_lab_raise()
  local lab = netlab.lab()
  local x = assert(lab:host "x")
  lab:close()
  lu.assertErrorMsgContains("attempt to use a closed host", function() x:ping("10.0.0.1") end)
  lu.assertErrorMsgContains("attempt to use a closed host", function() x:traceroute("10.0.0.1") end)
  lu.assertErrorMsgContains("attempt to use a closed lab", function() lab:router("r") end)
  lu.assertErrorMsgContains("attempt to use a closed lab", function() lab:switch("s") end)
end

function TestNet:test_two_switches_cabled_together_are_one_lan()
  local lab = netlab.lab()
  local s1, s2 = assert(lab:switch "s1"), assert(lab:switch "s2")
  local x, y = assert(lab:host "x"), assert(lab:host "y")
  assert(lab:link(x, s1, "10.5.0.1/24"))
  assert(lab:link(s1, s2))
  assert(lab:link(s2, y, nil, "10.5.0.2/24"))
  local r = assert(x:ping("10.5.0.2", {count = 1}))
  lab:close()
  lu.assertEquals(r.received, 1)
end

function TestNet:test_a_switchs_ports_have_no_ipv6_of_their_own()
  local lab <close> = netlab.lab()
  local sw, a, b = assert(lab:switch "sw"), assert(lab:host "a"), assert(lab:host "b")
  assert(lab:link(a, sw, {"10.6.0.1/24", "fd06::1/64"}))
  assert(lab:link(b, sw, {"10.6.0.2/24", "fd06::2/64"}))
  local ports = sw:sh("ip -6 -br addr | grep -v -e '^lo ' -e '^br0 '; true")
  lu.assertEquals(ports, "", "ports carry frames only")
  lu.assertStrContains(a:sh("ip -6 -br addr show eth0"), "fe80::", "the hosts keep theirs")
  lu.assertEquals(a:ping("10.6.0.2", {count = 1}).received, 1)
  local r
  for _ = 1, 50 do -- DAD: fd06::2 may still be tentative
    r = a:ping("fd06::2", {count = 1, timeout = 0.2})
    if r.received == 1 then break end
  end
  lu.assertEquals(r.received, 1, "IPv6 crosses the switch")
end

function TestNet:test_a_full_switch_says_so_and_keeps_nothing_of_the_failed_link()
  local lab <close> = netlab.lab()
  local sw, h = assert(lab:switch "sw"), assert(lab:host "h")
  for _ = 1, 1023 do assert(lab:link(h, sw)) end -- the kernel's BR_MAX_PORTS less port 0
  local l, err, code = lab:link(h, sw)
  lu.assertNil(l)
  lu.assertEquals(err, "cannot plug eth1023 into switch sw: it has 1023 ports, "
    .. "the most a kernel bridge takes; join another switch to it")
  lu.assertEquals(code, netlab.errno.EXFULL)
  lu.assertNotStrContains(h:sh("ip -br link show eth1023 2>&1"), "eth1023@")
  lu.assertStrContains(tostring(lab), "1023 links")
end

-- Waits (at most 5 s) until host H has no tentative IPv6 address (DAD).
local function wait_dad(h)
  for _ = 1, 100 do
    local out = h:sh("ip -6 addr show tentative", {timeout = 5})
    if out == "" then return end
    netlab.sleep(0.05)
  end
end

function TestNet:test_ipv6_ping_and_traceroute_through_a_router()
  local lab = netlab.lab()
  local a, r, d = assert(lab:host "a6"), assert(lab:router "r6"), assert(lab:host "d6")
  assert(lab:link(a, r, "fd00::1/64", "fd00::fe/64"))
  assert(lab:link(r, d, "fd01::fe/64", "fd01::2/64"))
  a:sh("ip -6 route add default via fd00::fe", {timeout = 5})
  d:sh("ip -6 route add default via fd01::fe", {timeout = 5})
  for _, h in ipairs{a, r, d} do wait_dad(h) end
  local p = assert(a:ping("fd01::2", {count = 2, interval = 0.05}))
  local x = assert(a:ping("fd01::2", {count = 1, ttl = 1}))
  local t = assert(a:traceroute("fd01::2", {max_hops = 4}))
  -- the real tools print the same (r's ICMPv6 errors not rate limited)
  assert(r:sh("sysctl -qw net.ipv6.icmp.ratelimit=0", {timeout = 5}))
  local texts = {}
  for _, case in ipairs{{"ping -c 2 -i 0.05 fd01::2", "ping", {count = 2, interval = 0.05}},
    {"ping -c 1 -t 1 fd01::2", "ping", {count = 1, ttl = 1}},
    {"traceroute -n -I -m 4 fd01::2", "traceroute", {max_hops = 4}}} do
    local mine = assert(a[case[2]](a, "fd01::2", case[3]))
    texts[#texts + 1] = {untimed(mine.text), untimed(a:sh(case[1], {timeout = 10})), case[1]}
  end
  lab:close()
  for _, pair in ipairs(texts) do lu.assertEquals(pair[1], pair[2], pair[3]) end
  lu.assertEquals(p.received, 2)
  lu.assertEquals(p.rows[1].type, 129) -- ICMPv6 echo reply
  lu.assertEquals(p.rows[1].ttl, 63)
  lu.assertStrContains(p.text, "PING fd01::2(fd01::2) 56 data bytes\n")
  lu.assertEquals(x.rows[1].type, 3) -- ICMPv6 time exceeded
  lu.assertStrContains(x.text, "From fd00::fe icmp_seq=1 Time exceeded: Hop limit")
  lu.assertTrue(t.reached)
  lu.assertEquals(t.hops[1].from, "fd00::fe")
  lu.assertEquals(t.hops[2].from, "fd01::2")
end

function TestNet:test_nothing_left_behind()
  self.lab:close()
  collectgarbage()
  lu.assertEquals(held_namespaces(), {})
  lu.assertEquals(machine(), self.before, "the machine's own links and ip_forward did not change")
end

function TestNet:test_only_the_router_forwards()
  local r = self.h.r:sh("cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv6/conf/all/forwarding", {timeout = 5})
  lu.assertEquals(r, "1\n1\n")
  lu.assertEquals(self.h.a:sh("cat /proc/sys/net/ipv4/ip_forward", {timeout = 5}), "0\n")
  lu.assertEquals(machine(), self.before, "the machine's own links and ip_forward did not change")
  local br = self.h.sw:sh("ip -br link show master br0 | wc -l", {timeout = 5})
  lu.assertEquals(br, "4\n") -- a, b, c and r are plugged in
end

function TestNet:test_two_pings_at_once_see_only_their_own_replies()
  local h = self.h
  local res = {}
  local t1 = netlab.spawn(function() res[1] = assert(h.a:ping("10.0.0.2", {count = 3, interval = 0.05})) end)
  local t2 = netlab.spawn(function() res[2] = assert(h.a:ping("10.0.1.2", {count = 3, interval = 0.05})) end)
  t1:join(5)
  t2:join(5)
  lu.assertEquals(res[1].received, 3)
  lu.assertEquals(res[2].received, 3)
  lu.assertNotEquals(res[1].rows[1].id, res[2].rows[1].id)
  for _, row in ipairs(res[1].rows) do lu.assertEquals(row.from, "10.0.0.2") end
  for _, row in ipairs(res[2].rows) do lu.assertEquals(row.from, "10.0.1.2") end
end
