-- spec/capture_burst_spec.lua: a capture that writes no file (immediate
-- mode: cap:next, cap:packets, cap:list) keeps a burst the script sends
-- without waiting. While the script runs, nothing moves packets into the
-- capture's ring: the kernel holds them, on the capture's own packet
-- socket, up to its buffer (default 2 MiB: the kernel counts 4 MiB of
-- packet memory, about 5000 small frames or 1800 of 1514 bytes), on
-- Ethernet interfaces, lo and "any" alike. A burst larger than the
-- buffer loses what does not fit, counted in stats().dropped: the memory
-- stays bounded. The filter runs in the kernel, as libpcap sets it:
-- packets it refuses take no room.
local lu = require "luaunit"
local helper = require "helper"

TestCaptureBurst = {}

local two_hosts, raises = helper.two_hosts, helper.raises
local PORT = 9999

-- Sends N datagrams of SIZE bytes from host FROM to ADDR without
-- waiting (each carries its number first), once the captures have been
-- open a while (50 ms: any hand-over inside one is done); returns the
-- receiving socket of host TO, to close.
local function burst(from, to, addr, n, size)
  netlab.sleep(0.05)
  local r = assert(to:udp())
  assert(r:setsockname("*", PORT))
  local u <close> = assert(from:udp())
  for i = 1, n do
    local head = ("%08d"):format(i)
    assert(u:sendto(head .. ("x"):rep(size - #head), addr, PORT))
  end
  return r
end

-- Reads CAP until it has N packets or waits 0.5 s for none; returns
-- the datagrams' numbers in order and the capture's stats.
local function collect(cap, n)
  local got = {}
  for p in cap:packets{count = n, timeout = 2} do
    if not p then break end
    got[#got + 1] = tonumber(p.payload:sub(1, 8))
  end
  return got, assert(cap:stats())
end

-- 1 .. N.
local function upto(n)
  local t = {}
  for i = 1, n do t[i] = i end
  return t
end

-- Sends a burst of N datagrams of SIZE bytes from a to b while captures
-- on b's IFACES wait unread; checks each got all of them, in order.
local function check_burst(ifaces, n, size)
  local lab <close>, a, b = two_hosts()
  local caps = {}
  for i, iface in ipairs(ifaces) do
    caps[i] = assert(b:capture{iface = iface, filter = "udp port " .. PORT})
  end
  local r <close> = burst(a, b, "10.0.0.2", n, size)
  for i, cap in ipairs(caps) do
    local got, st = collect(cap, n)
    lu.assertEquals(st.dropped, 0, ifaces[i] .. ": kernel drops")
    lu.assertEquals(#got, n, ifaces[i] .. ": packets read")
    lu.assertEquals(got, upto(n), ifaces[i] .. ": in order")
  end
end

function TestCaptureBurst:test_a_burst_of_2000_small_datagrams_is_kept_on_eth0_and_any()
  check_burst({"eth0", "any"}, 2000, 16)
end

function TestCaptureBurst:test_a_burst_of_500_full_size_frames_is_kept_on_eth0_and_any()
  local lab <close>, a, b = two_hosts()
  local eth, any = assert(b:capture{iface = "eth0", filter = "udp"}), assert(b:capture{iface = "any", filter = "udp"})
  local r <close> = burst(a, b, "10.0.0.2", 500, 1472) -- 1500-byte IP packets
  for _, c in ipairs{{eth, 1514}, {any, 1520}} do -- the Ethernet header, SLL2's
    local list = c[1]:list()
    lu.assertEquals(#list, 500)
    lu.assertEquals(c[1]:stats().dropped, 0)
    for _, p in ipairs(list) do lu.assertEquals(p.caplen, c[2]) end
  end
end

function TestCaptureBurst:test_a_burst_on_lo_is_kept()
  local lab <close> = netlab.lab()
  local a = assert(lab:host "a")
  local cap = assert(a:capture{iface = "lo"})
  local r <close> = burst(a, a, "127.0.0.1", 4000, 16)
  local got, st = collect(cap, 4000)
  lu.assertEquals(st.dropped, 0) -- lo's outgoing copies take no room
  lu.assertEquals(got, upto(4000)) -- each once
end

function TestCaptureBurst:test_the_first_capture_of_a_new_lab_keeps_a_burst_too()
  -- opened at once after the link: a capture waits (at most 5 ms) for
  -- the kernel's time stamps rather than open a libpcap ring
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  local t0 = netlab.now()
  local cap = assert(b:capture{iface = "any", filter = "udp port " .. PORT})
  lu.assertTrue(netlab.now() - t0 < 0.1)
  local r <close> = burst(a, b, "10.0.0.2", 2000, 16)
  local got, st = collect(cap, 2000)
  lu.assertEquals({#got, st.dropped}, {2000, 0})
end

function TestCaptureBurst:test_time_stamps_are_when_the_packets_came_not_when_read()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{iface = "any", filter = "udp port " .. PORT})
  local r <close> = burst(a, b, "10.0.0.2", 3, 16)
  local t = netlab.now()
  while netlab.now() - t < 0.3 do end -- the script busy, not reading
  local u <close> = assert(a:udp())
  assert(u:sendto("00000004", "10.0.0.2", PORT)) -- 0.3 s after the burst
  local list = cap:list() -- all four read now
  lu.assertEquals(#list, 4)
  lu.assertTrue(list[3].time - list[1].time < 0.1)
  lu.assertTrue(list[4].time - list[3].time >= 0.29, "stamped when read")
end

function TestCaptureBurst:test_an_immediate_capture_writing_a_file_keeps_the_burst_in_it()
  local lab <close>, a, b = two_hosts()
  local path = helper.tmpname(".pcap")
  local cap = assert(b:capture{iface = "any", filter = "udp port " .. PORT, write = path, immediate = true})
  local r <close> = burst(a, b, "10.0.0.2", 2000, 16)
  local st = cap:stats() -- (moves what the kernel holds to the file)
  lu.assertEquals({st.saved, st.dropped}, {2000, 0})
  assert(cap:close())
  local out = assert(b:sh("tcpdump -nn -r " .. helper.shquote(path) .. " 2>/dev/null | wc -l", {timeout = 10}))
  lu.assertEquals(tonumber(out), 2000)
end

function TestCaptureBurst:test_a_burst_larger_than_the_buffer_is_counted_as_dropped()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{iface = "eth0", filter = "udp port " .. PORT, buffer = 64 * 1024})
  local r <close> = burst(a, b, "10.0.0.2", 2000, 16)
  local got, st = collect(cap, 2000)
  lu.assertTrue(st.dropped > 0, "no drop with a 64 KiB buffer")
  lu.assertTrue(#got < 2000)
  -- each either read or counted (the filter runs in the kernel, so the
  -- host's other packets take no room and are not counted)
  lu.assertEquals(#got + st.dropped, 2000)
  lu.assertEquals(st.captured, #got)
  for i = 2, #got do lu.assertTrue(got[i] > got[i - 1]) end -- in order, none twice
end

-- The lines tcpdump -nn -r prints for PATH in host H (where "any"'s
-- interface indexes name its interfaces), each without its time.
local function untimed_tcpdump(h, path)
  local out = assert(h:sh("tcpdump -nn -r " .. helper.shquote(path) .. " 2>/dev/null", {timeout = 10}))
  local lines = {}
  for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line:match("^%S+ (.*)") end
  return lines
end

-- Starts tcpdump -w FILE on host H's IFACE with filter F, as it prints
-- its first line; returns its process.
local function start_tcpdump(h, iface, f, file, snaplen)
  local p = assert(h:start(("exec tcpdump -Z root -U --immediate-mode -s %d -i %s -w %s %s"):format(
    snaplen, iface, helper.shquote(file), helper.shquote(f))))
  for _ = 1, 500 do
    if select(2, p:output()):find("listening on") then return p end
    netlab.sleep(0.01)
  end
  error("tcpdump did not start: " .. select(2, p:output()))
end

function TestCaptureBurst:test_filters_run_in_the_kernel_keep_what_tcpdump_keeps()
  -- "any"'s filters read the cooked header's fields (direction,
  -- interface, protocol) and lengths; the kernel sees the packet from
  -- its network header, as libpcap gives it the filter; on lo and
  -- "any" the kernel leaves out lo's outgoing copies too; a snapshot
  -- length cuts what the kernel keeps; no IPv6 on the link, so no
  -- neighbour discovery comes after tcpdump stopped and before the list
  local lab <close> = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {ipv6 = false}))
  local cases = {{"any", "inbound"}, {"any", "outbound and icmp"}, {"any", "less 100"},
                 {"any", "ifindex 1"}, {"any", "ether proto \\ip and greater 200"},
                 {"eth0", "icmp and len > 400"}, {"eth0", "udp port " .. PORT},
                 {"lo", "icmp"}, {"lo", ""}, {"any", "icmp"}, {"any", "udp", 60}, {"eth0", "", 50}}
  for _, c in ipairs(cases) do
    local file = helper.tmpname(".pcap")
    local td = start_tcpdump(b, c[1], c[2], file, c[3] or 262144)
    local cap = assert(b:capture{iface = c[1], filter = c[2], snaplen = c[3]})
    assert(a:ping("10.0.0.2", {count = 2, interval = 0.01, size = 400}))
    assert(a:ping("10.0.0.2", {count = 1}))
    assert(b:ping("127.0.0.1", {count = 1}))
    local r <close> = burst(a, b, "10.0.0.2", 2, 1200)
    netlab.sleep(0.05)
    os.execute("kill -INT " .. td:pid())
    lu.assertEquals(td:wait(5), 0)
    local mine = {}
    for _, p in ipairs(cap:list()) do mine[#mine + 1] = tostring(p):match("^%S+ (.*)") end
    cap:close()
    local want = untimed_tcpdump(b, file)
    lu.assertTrue(#want > 0, c[2] .. ": tcpdump kept nothing")
    lu.assertEquals(mine, want, c[1] .. " " .. c[2])
  end
end

function TestCaptureBurst:test_bad_buffers_raise_and_a_closed_capture_says_so()
  local lab <close>, _, b = two_hosts()
  raises("option 'buffer': positive integer expected", b.capture, b, {buffer = 0})
  raises("option 'buffer': positive integer expected", b.capture, b, {buffer = 1.5})
  raises("option 'buffer': number expected, got string", b.capture, b, {buffer = "2M"})
  raises("option 'buffer': at most", b.capture, b, {buffer = 1 << 40})
  local cap = assert(b:capture{iface = "eth0"})
  cap:close()
  raises("attempt to use a closed capture", cap.next, cap, 0)
  raises("attempt to use a closed capture", cap.stats, cap)
end
