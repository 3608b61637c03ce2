-- spec/capture_spec.lua: live captures on lab hosts. A TCP exchange and a
-- ping between two hosts are seen by a capture on the link; a filter
-- keeps only what it names; a capture never blocks the other tasks; what
-- it saves, tcpdump reads back; its fds never reach a host's programs;
-- it closes with its lab. Bad filters, interfaces, hosts, arguments and
-- closed captures each give a clear error.
local lu = require "luaunit"
local helper = require "helper"
local errno = require "netlab.errno"

TestCapture = {}

local two_hosts, raises = helper.two_hosts, helper.raises
local now = require("netlab.c.loop").now

-- Byte I (1-based) of packet P, and its 16-bit big-endian word at I.
local function byte(p, i) return p:bytes():byte(i) end
local function word(p, i) return string.unpack(">I2", p:bytes(), i) end

-- Runs a TCP exchange a -> b:PORT: connect, a line each way, close.
local function tcp_exchange(a, b, port)
  local server <close> = assert(b:tcp())
  assert(server:bind("10.0.0.2", port))
  assert(server:listen())
  local t = netlab.spawn(function()
    local c <close> = assert(server:accept())
    c:settimeout(5)
    c:send(c:receive("*l") .. "\n")
  end)
  local c <close> = assert(a:tcp())
  c:settimeout(5)
  assert(c:connect("10.0.0.2", port))
  c:send("hello\n")
  lu.assertEquals(c:receive("*l"), "hello")
  c:close()
  t:join(5)
end

-- Collects CAP's packets until none comes for IDLE seconds (at most MAX).
local function collect(cap, idle, max)
  local out = {}
  for _ = 1, max or 100 do
    local p = cap:next(idle or 0.3)
    if not p then break end
    out[#out + 1] = p
  end
  return out
end

-- The packets of LIST that are IPv4 TCP with PORT at either end.
local function tcp_on(list, port)
  local out = {}
  for _, p in ipairs(list) do
    if word(p, 13) == 0x0800 and byte(p, 24) == 6 and (word(p, 35) == port or word(p, 37) == port) then
      out[#out + 1] = p
    end
  end
  return out
end

-- Good paths -----------------------------------------------------------

function TestCapture:test_a_tcp_exchange_is_captured_on_the_link()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "tcp port 8080"})
  tcp_exchange(a, b, 8080)
  local got = collect(cap)
  -- SYN, SYN-ACK, ACK, two data segments and their ACKs, FINs: >= 8
  lu.assertTrue(#got >= 8, #got .. " packets")
  lu.assertEquals(#tcp_on(got, 8080), #got)
  lu.assertEquals(byte(got[1], 48) & 0x12, 0x02) -- the first is the SYN
  lu.assertEquals(got[1].linktype, 1)
  lu.assertEquals(cap:linktype(), 1)
  lu.assertEquals(got[1].len, got[1].caplen)
  lu.assertTrue(got[1].time <= got[#got].time)
  lu.assertTrue(math.abs(got[1].time - os.time()) < 60)
end

function TestCapture:test_a_ping_is_captured_and_the_filter_keeps_only_icmp()
  local lab <close>, a, b = two_hosts()
  local cap = assert(a:capture{filter = "icmp"})
  tcp_exchange(a, b, 8081) -- filtered out
  assert(a:ping("10.0.0.2", {count = 2, interval = 0.1}))
  local got = collect(cap)
  lu.assertEquals(#got, 4)
  local types = {}
  for _, p in ipairs(got) do
    lu.assertEquals(word(p, 13), 0x0800)
    lu.assertEquals(byte(p, 24), 1) -- ICMP
    types[#types + 1] = byte(p, 35)
  end
  lu.assertEquals(types, {8, 0, 8, 0}) -- request, reply, twice
end

function TestCapture:test_the_default_interface_is_the_first_but_lo_and_any_is_cooked()
  local lab <close>, a = two_hosts()
  local cap = assert(a:capture())
  lu.assertEquals(cap:iface(), "eth0")
  lu.assertEquals(cap:snaplen(), 262144)
  local any = assert(a:capture{iface = "any", snaplen = 100, promisc = true, buffer = 1 << 20})
  lu.assertEquals(any:iface(), "any")
  lu.assertEquals(any:linktype(), 276) -- Linux cooked v2, as tcpdump -i any
  lu.assertEquals(any:snaplen(), 100)
end

function TestCapture:test_snaplen_cuts_packets()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp", snaplen = 64})
  assert(a:ping("10.0.0.2", {count = 1, size = 500}))
  local p = assert(cap:next(2))
  lu.assertEquals(p.caplen, 64)
  lu.assertEquals(p.len, 14 + 20 + 8 + 500)
  lu.assertEquals(#p:bytes(), 64)
end

function TestCapture:test_packets_stops_at_count_or_timeout()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp"})
  assert(a:ping("10.0.0.2", {count = 3, interval = 0.05}))
  local n = 0
  for p in cap:packets{count = 2, timeout = 2} do
    lu.assertEquals(getmetatable(p).__name, "netlab.packet")
    n = n + 1
  end
  lu.assertEquals(n, 2)
  local m, started = 0, now()
  for _ in cap:packets{timeout = 0.3} do m = m + 1 end
  local took = now() - started
  lu.assertEquals(m, 4) -- the rest: 6 in all
  lu.assertTrue(took >= 0.25 and took < 2, tostring(took))
  lu.assertEquals(#cap:list(), 6)
end

function TestCapture:test_next_times_out()
  local lab <close>, _, b = two_hosts()
  local cap = assert(b:capture{filter = "udp port 9"})
  local t0 = now()
  lu.assertEquals({cap:next(0.2)}, {nil, "timeout"})
  lu.assertTrue(now() - t0 >= 0.15)
end

function TestCapture:test_other_tasks_run_while_one_waits_on_next()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp"})
  local ticks = 0
  local waiter = netlab.spawn(function() return cap:next(3) end)
  local ticker = netlab.spawn(function()
    for _ = 1, 5 do ticks = ticks + 1; netlab.sleep(0.02) end
    assert(a:ping("10.0.0.2", {count = 1}))
  end)
  local p = waiter:join(5)
  ticker:join(5)
  lu.assertEquals(ticks, 5) -- all ticks ran before the packet came
  lu.assertEquals(getmetatable(p).__name, "netlab.packet")
  lu.assertEquals(byte(p, 35), 8)
end

function TestCapture:test_closing_wakes_a_waiting_task()
  local lab <close>, _, b = two_hosts()
  local cap = assert(b:capture{filter = "udp port 9"})
  local waiter = netlab.spawn(function() return {cap:next(5)} end)
  netlab.sleep(0.05)
  cap:stop()
  lu.assertEquals(waiter:join(2), {nil, "closed"})
  cap:stop() -- again: harmless
  cap:close()
end

function TestCapture:test_two_captures_in_two_hosts_at_once()
  local lab <close>, a, b = two_hosts()
  local ca = assert(a:capture{filter = "tcp port 8082"})
  local cb = assert(b:capture{filter = "tcp port 8082"})
  local res = {}
  local ta = netlab.spawn(function() res.a = collect(ca, 0.5) end)
  local tb = netlab.spawn(function() res.b = collect(cb, 0.5) end)
  tcp_exchange(a, b, 8082)
  ta:join(5)
  tb:join(5)
  lu.assertTrue(#res.a >= 8, #res.a .. " packets in a")
  lu.assertEquals(#res.b, #res.a) -- both ends of one link see the same
  for i = 1, #res.a do lu.assertEquals(res.a[i]:bytes(), res.b[i]:bytes()) end
end

function TestCapture:test_stats_count_what_the_kernel_saw()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp"})
  assert(a:ping("10.0.0.2", {count = 2, interval = 0.05}))
  local got = collect(cap)
  local st = assert(cap:stats())
  lu.assertEquals(st.received, #got)
  lu.assertEquals(st.dropped, 0)
  lu.assertEquals(math.type(st.ifdropped), "integer")
end

-- Sends UDP datagrams 1, 2, ... from A to 10.0.0.2:9 for SECS seconds
-- (five every half millisecond); returns how many.
local function stream(a, secs)
  local u <close> = assert(a:udp())
  local n, deadline = 0, now() + secs
  while now() < deadline do
    for _ = 1, 5 do
      n = n + 1
      assert(u:sendto(string.pack(">I4", n), "10.0.0.2", 9))
    end
    netlab.sleep(0.0005)
  end
  return n
end

-- The numbers of the datagrams to port 9 CAP holds, in order, and
-- whether their time stamps never go back.
local function numbered(cap)
  local out, rising, last = {}, true, 0
  for _, p in ipairs(collect(cap, 0.3, 10000)) do
    if p.udp and p.udp.dport == 9 then
      local bytes = p:bytes()
      out[#out + 1] = string.unpack(">I4", bytes, #bytes - 3)
      rising = rising and p.time >= last
      last = p.time
    end
  end
  return out, rising
end

function TestCapture:test_opening_is_quick_and_misses_nothing_sent_after()
  -- a capture takes packets the moment it returns; the kernel's ring,
  -- which takes a grace period to set up, takes over on its own a few
  -- milliseconds later: every datagram is seen once, in order
  local lab <close>, a, b = two_hosts()
  netlab.sleep(0.01)
  local quickest = math.huge -- (one open can wait for the kernel's RTNL lock)
  for _, opts in ipairs{{}, {iface = "any"}, {immediate = false}, {filter = "udp port 9"},
                        {iface = "any", filter = "udp"}} do
    local t0 = now()
    local cap <close> = assert(b:capture(opts))
    quickest = math.min(quickest, now() - t0)
    local n = stream(a, 0.1)
    local got, rising = numbered(cap)
    local want = {}
    for i = 1, n do want[i] = i end
    lu.assertEquals(got, want, opts.iface or opts.filter or "")
    lu.assertTrue(rising, "time stamps go back")
    local st = assert(cap:stats())
    lu.assertEquals({st.received, st.dropped}, {st.captured, 0})
  end
  lu.assertTrue(quickest < 0.005 * helper.slow, ("opening took %.1f ms at best"):format(quickest * 1e3))
end

function TestCapture:test_a_capture_on_lo_sees_each_packet_once()
  local lab <close>, a = two_hosts()
  netlab.sleep(0.01)
  local cap <close> = assert(a:capture{iface = "lo", filter = "icmp"})
  assert(a:ping("127.0.0.1", {count = 2, interval = 0.05}))
  lu.assertEquals(#collect(cap), 4) -- two requests, two replies
end

function TestCapture:test_closing_at_once_after_opening_leaves_no_fd()
  local lab <close>, _, b = two_hosts()
  netlab.sleep(0.01)
  local before = helper.fd_count()
  for _ = 1, 5 do assert(b:capture()):close() end
  for _ = 1, 100 do -- the rings' threads finish, then close on their own
    if helper.fd_count() == before then break end
    netlab.sleep(0.01)
  end
  lu.assertEquals(helper.fd_count(), before)
end

function TestCapture:test_save_writes_what_tcpdump_reads_back()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "tcp port 8083 or icmp"})
  tcp_exchange(a, b, 8083)
  local first = assert(cap:next(2)) -- one delivered, the rest in the kernel
  assert(a:ping("10.0.0.2", {count = 1}))
  netlab.sleep(0.1)
  local path = helper.tmpname(".pcap")
  lu.assertTrue(cap:save(path))
  local out, err, code = helper.run("tcpdump -nn -r " .. path)
  lu.assertEquals(code, 0, err)
  local lines = select(2, out:gsub("\n", ""))
  lu.assertTrue(lines >= 10, out)
  lu.assertStrContains(err, "link-type EN10MB")
  -- the drained packets still come out of next(), in order
  local rest = collect(cap, 0.1)
  lu.assertEquals(1 + #rest, lines)
  local r <close> = assert(netlab.pcap.open(path))
  local all = {first, table.unpack(rest)}
  local i = 0
  for p in r:packets() do
    i = i + 1
    lu.assertEquals(p:bytes(), all[i]:bytes())
    lu.assertEquals(p.len, all[i].len)
    lu.assertAlmostEquals(p.time, all[i].time, 2e-6) -- microseconds
  end
  lu.assertEquals(i, lines)
  lu.assertEquals(#cap:list(), lines)
end

function TestCapture:test_each_packet_prints_the_line_tcpdump_prints_for_it()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture())
  tcp_exchange(a, b, 8084)
  assert(a:ping("10.0.0.2", {count = 1}))
  local got = collect(cap)
  local path = helper.tmpname(".pcap")
  assert(cap:save(path))
  local out, err, code = helper.run("tcpdump -nn -r " .. path)
  lu.assertEquals(code, 0, err)
  local lines = {}
  for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
  lu.assertTrue(#lines >= 10)
  lu.assertEquals(#got, #lines)
  for i, p in ipairs(got) do lu.assertEquals(tostring(p), lines[i]) end
end

function TestCapture:test_a_stopped_capture_still_saves_what_it_had()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp"})
  assert(a:ping("10.0.0.2", {count = 2, interval = 0.05}))
  lu.assertNotNil(cap:next(2)) -- one delivered, three waiting
  netlab.sleep(0.1)
  local path = helper.tmpname(".pcap")
  assert(cap:save(path)) -- drains the three
  cap:stop()
  local again = helper.tmpname(".pcap")
  lu.assertTrue(cap:save(again))
  lu.assertEquals(#cap:list(), 4) -- all it captured, delivered or not
  local out = helper.run("tcpdump -nn -r " .. again)
  lu.assertEquals(select(2, out:gsub("ICMP echo", "")), 4)
end

-- Stopping drains first: every packet the kernel counted stays in the
-- capture, though none was read before the stop (they were lost).
function TestCapture:test_stop_keeps_what_the_kernel_still_held()
  local lab <close>, a = two_hosts()
  local cap = assert(a:capture{filter = "icmp"})
  assert(a:ping("10.0.0.2", {count = 3, interval = 0.05}))
  lu.assertEquals(assert(cap:stats()).received, 6)
  cap:stop()
  lu.assertEquals(#cap:list(), 6)
  local path = helper.tmpname(".pcap")
  lu.assertTrue(cap:save(path))
  local out = helper.run("tcpdump -nn -r " .. path)
  lu.assertEquals(select(2, out:gsub("ICMP echo", "")), 6)
end

function TestCapture:test_closing_the_lab_keeps_what_its_captures_held()
  local lab, a = two_hosts()
  local cap = assert(a:capture{filter = "icmp"})
  assert(a:ping("10.0.0.2", {count = 2, interval = 0.05}))
  lab:close()
  lu.assertFalse(cap:isopen())
  lu.assertEquals(#cap:list(), 4)
  lu.assertEquals(cap:list()[1].icmp.type, 8)
end

-- list() drains what the kernel holds; next() then hands those out, and
-- what comes after is found by both, however the two calls interleave.
function TestCapture:test_list_and_next_interleave_without_losing_packets()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp"})
  assert(a:ping("10.0.0.2", {count = 1}))
  netlab.sleep(0.05)
  lu.assertEquals(#cap:list(), 2) -- drained: request and reply
  lu.assertNotNil(cap:next(1))
  lu.assertNotNil(cap:next(1))
  assert(a:ping("10.0.0.2", {count = 1}))
  netlab.sleep(0.05)
  lu.assertEquals(#cap:list(), 4)
  lu.assertEquals(cap:next(1).icmp.type, 8)
  lu.assertEquals(cap:next(1).icmp.type, 0)
  lu.assertEquals(#cap:list(), 4)
end

function TestCapture:test_tostring()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp"})
  lu.assertEquals(tostring(cap), "capture on b:eth0 (icmp), 0 packets")
  assert(a:ping("10.0.0.2", {count = 1}))
  collect(cap, 0.3)
  lu.assertEquals(tostring(cap), "capture on b:eth0 (icmp), 2 packets")
  local all = assert(a:capture())
  lu.assertEquals(tostring(all), "capture on a:eth0, 0 packets")
  cap:close()
  lu.assertEquals(tostring(cap), "capture on b:eth0 (icmp), 2 packets (closed)")
end

-- The summary counts what the capture holds now (what list() returns),
-- read or still in the kernel, and next() still hands every one out.
function TestCapture:test_tostring_counts_what_the_capture_holds_now()
  local lab <close>, a = two_hosts()
  local cap = assert(a:capture{filter = "icmp"})
  assert(a:ping("10.0.0.2", {count = 3, interval = 0.05}))
  lu.assertEquals(tostring(cap), "capture on a:eth0 (icmp), 6 packets")
  lu.assertEquals(#cap:list(), 6)
  for _ = 1, 6 do lu.assertNotNil(cap:next(1)) end
  lu.assertEquals(tostring(cap), "capture on a:eth0 (icmp), 6 packets")
end

function TestCapture:test_the_lab_closes_its_captures()
  local lab, _, b = two_hosts()
  local cap = assert(b:capture())
  local target = assert(io.open("/proc/self/fdinfo/" .. cap:fd())) -- open
  target:close()
  lab:close()
  lu.assertFalse(cap:isopen())
  lu.assertStrContains(tostring(cap), "(closed)")
  raises("attempt to use a closed capture", cap.next, cap)
end

function TestCapture:test_no_capture_fd_reaches_a_host_program()
  local lab <close>, _, b = two_hosts()
  local before = b:sh("ls /proc/self/fd | wc -l")
  local caps = {assert(b:capture()), assert(b:capture{iface = "any"})}
  local out = assert(b:sh("ls -l /proc/self/fd"))
  lu.assertNotStrContains(out, "socket:")
  lu.assertNotStrContains(out, "anon_inode")
  lu.assertEquals(b:sh("ls /proc/self/fd | wc -l"), before)
  for _, cap in ipairs(caps) do
    local fd = cap:fd()
    lu.assertTrue(fd >= 10, "fd " .. fd .. " among the script's 0-9")
    local info = assert(io.open("/proc/self/fdinfo/" .. fd)):read("a")
    local flags = tonumber(info:match("flags:%s*(%d+)"), 8)
    lu.assertEquals(flags & tonumber("2000000", 8), tonumber("2000000", 8), "fd " .. fd .. " not CLOEXEC")
  end
end

function TestCapture:test_every_capture_method_is_documented()
  local doc = require "netlab.doc"
  local lab <close>, a = two_hosts()
  local cap = assert(a:capture())
  for name, v in pairs(getmetatable(cap).__index) do
    if type(v) == "function" and name:sub(1, 1) ~= "_" then
      lu.assertNotNil(doc["capture:" .. name], "capture:" .. name .. " has no doc entry")
    end
  end
  lu.assertNotNil(doc["host:capture"])
end

-- Bad input ------------------------------------------------------------

function TestCapture:test_a_bad_filter_raises_libpcaps_text()
  local lab <close>, _, b = two_hosts()
  raises("bad argument #1 to 'capture' (filter: can't parse filter expression: syntax error",
    b.capture, b, {filter = "tcp port"})
  raises("filter: ", b.capture, b, {filter = "port 99999999"})
end

function TestCapture:test_an_unknown_interface_names_it_and_the_host()
  local lab <close>, _, b = two_hosts()
  lu.assertEquals({b:capture{iface = "eth9"}}, {nil, "no such interface eth9 in host b", errno.ENODEV})
  lu.assertEquals({b:capture{iface = ("x"):rep(40)}},
    {nil, "no such interface " .. ("x"):rep(40) .. " in host b", errno.ENODEV})
end

function TestCapture:test_a_host_with_only_lo_says_so()
  local lab <close> = netlab.lab()
  local h = assert(lab:host "lonely")
  lu.assertEquals({h:capture()}, {nil, "host lonely has no interface besides lo", errno.ENODEV})
  lu.assertNotNil(h:capture{iface = "lo"})
end

function TestCapture:test_a_closed_host_raises()
  local lab, _, b = two_hosts()
  lab:close()
  raises("attempt to use a closed host", b.capture, b)
end

function TestCapture:test_a_closed_capture_raises()
  local lab <close>, _, b = two_hosts()
  local cap = assert(b:capture())
  cap:close()
  for _, m in ipairs{"next", "packets", "stats", "fd", "snaplen"} do
    raises("attempt to use a closed capture", cap[m], cap)
  end
  lu.assertEquals(#cap:list(), 0) -- still there
  lu.assertEquals(cap:linktype(), 1)
end

function TestCapture:test_wrong_argument_types_raise()
  local lab <close>, _, b = two_hosts()
  raises("bad argument #1 to 'capture' (table expected, got string)", b.capture, b, "eth0")
  raises("bad argument #1 to 'capture' (unknown option 'filer')", b.capture, b, {filer = "tcp"})
  raises("bad argument #1 to 'capture' (option 'snaplen': number expected, got string)",
    b.capture, b, {snaplen = "100"})
  raises("bad argument #1 to 'capture' (option 'buffer': positive integer expected)",
    b.capture, b, {buffer = -1})
  raises("bad argument #1 to 'capture' (option 'promisc': boolean expected, got number)",
    b.capture, b, {promisc = 1})
  raises("calling 'capture' on bad self", b.capture, 42)
  local cap = assert(b:capture())
  raises("bad argument #1 to 'next' (number expected, got string)", cap.next, cap, "1")
  raises("bad argument #1 to 'packets' (table expected, got number)", cap.packets, cap, 5)
  raises("bad argument #1 to 'save' (string expected, got nil)", cap.save, cap)
  raises("calling 'next' on bad self", cap.next, {})
end

function TestCapture:test_save_to_an_unwritable_path_fails_clearly()
  local lab <close>, _, b = two_hosts()
  local cap = assert(b:capture())
  lu.assertEquals({cap:save("/nonexistent/dir/x.pcap")},
    {nil, "/nonexistent/dir/x.pcap: No such file or directory", errno.ENOENT})
  local ok, err, code = cap:save("/proc")
  lu.assertNil(ok)
  lu.assertStrContains(err, "/proc: ")
  lu.assertEquals(code, errno.EISDIR)
end

-- Rootless ---------------------------------------------------------------


-- The child, run as nobody: a capture in a host of a rootless lab.
local ROOTLESS_CHILD = [[
local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
if not a then print("refused") return end
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
local cap = assert(b:capture{filter = "icmp"})
assert(a:ping("10.0.0.2", {count = 2, interval = 0.05}))
local n = 0
for _ in cap:packets{count = 4, timeout = 2} do n = n + 1 end
print("packets " .. n)
print("fds " .. b:sh("ls -l /proc/self/fd | grep -c socket:"):match("%d+"))
local path = os.tmpname()
assert(cap:save(path))
local r = assert(netlab.pcap.open(path))
local m = 0
for _ in r:packets() do m = m + 1 end
os.remove(path)
print("saved " .. m)
]]

function TestCapture:test_a_rootless_lab_captures_too()
  local path = helper.tmpfile(ROOTLESS_CHILD)
  helper.sh("chmod 644 " .. helper.shquote(path))
  local out, err, code = helper.run(helper.as_nobody(helper.bin .. " " .. path), 30)
  if out:match("refused") then return end -- no user namespaces here: rootless_spec says why
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "packets 4\nfds 0\nsaved 4\n")
end
