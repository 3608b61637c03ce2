-- spec/seqgraph_spec.lua: netlab.seqgraph draws one direction of a TCP
-- connection as tcptrace does: data segments against time, the ACK and
-- receive-window lines, retransmissions, SACK blocks and zero windows
-- marked. The marks are checked against the captured packets
-- themselves: a transfer over a seeded lossy wire, and a receiver that
-- does not read.
local lu = require "luaunit"
local helper = require "helper"
local seqgraph = require("netlab.seqgraph").seqgraph

TestSeqgraph = {}

local MOD = 0x100000000

-- A - B in sequence space, signed.
local function seqdiff(a, b)
  local d = (a - b) % MOD
  return d >= MOD // 2 and d - MOD or d
end

-- A lab with a and b on a wire (10.0.0.1 - 10.0.0.2) and a capture on a's end.
local function wired(impair)
  local lab = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local link = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {engine = "wire"}))
  if impair then assert(link:impair(impair)) end
  return lab, a, b, assert(a:capture{iface = "eth0", filter = "tcp"})
end

-- Sends BYTES from A to B's PORT and waits until B has read them all.
local function transfer(a, b, port, bytes)
  local server <close> = assert(b:tcp())
  assert(server:bind("*", port))
  assert(server:listen())
  local task = netlab.spawn(function()
    local s <close> = assert(server:accept())
    s:settimeout(20)
    return #(s:receive("*a") or "")
  end)
  local c <close> = assert(a:tcp())
  c:settimeout(20)
  assert(c:connect("10.0.0.2", port))
  assert(c:send(("x"):rep(bytes)))
  c:shutdown("send")
  lu.assertEquals(task:join(25), bytes)
end

-- The packets of a capture once it has stopped (the last ACKs in).
local function stopped(cap)
  netlab.sleep(0.1)
  cap:stop()
  return cap:list()
end

-- 300 kB over a wire losing 5% each way (seed 3): the capture's packets.
local lossy_packets
local function lossy()
  if lossy_packets then return lossy_packets end
  local lab <close>, a, b, cap = wired{loss = "5%", seed = 3}
  transfer(a, b, 7201, 300000)
  lossy_packets = stopped(cap)
  return lossy_packets
end

-- The client's (10.0.0.1's) segments of PACKETS and the server's ACKs
-- (a RST, whose window is 0, acknowledges nothing).
local function split(packets)
  local c, s = {}, {}
  for _, p in ipairs(packets) do
    local f = p.tcp and p.tcp.flags
    if f and p.ip.src == "10.0.0.1" then c[#c + 1] = p end
    if f and p.ip.src ~= "10.0.0.1" and f:find(".", 1, true) and not f:find("R") then s[#s + 1] = p end
  end
  return c, s
end

-- How many of SEGS start before the highest sequence number sent before
-- them: the segments whose bytes were seen before.
local function count_repeats(segs)
  local base, max, n = segs[1].tcp.seq, nil, 0
  for _, p in ipairs(segs) do
    local len = p.tcp.len + (p.tcp.flags:find("S") and 1 or 0) + (p.tcp.flags:find("F") and 1 or 0)
    if len > 0 then
      local seq = seqdiff(p.tcp.seq, base)
      if max and seq < max then n = n + 1 end
      max = math.max(max or 0, seq + len)
    end
  end
  return n
end

-- How many times PATTERN (plain) occurs in S.
local function count(s, pattern)
  local n, at = 0, 1
  while true do
    local i, j = s:find(pattern, at, true)
    if not i then return n end
    n, at = n + 1, j + 1
  end
end

-- Asserts TEXT is well-formed XML.
local function assert_xml(text)
  local _, err, code = helper.run("xmllint --noout " .. helper.tmpfile(text, ".svg"))
  lu.assertEquals(code, 0, err)
end

-- The lines of TEXT.
local function lines(text)
  local out = {}
  for line in text:gmatch("([^\n]*)\n") do out[#out + 1] = line end
  return out
end

-- A lossy transfer -------------------------------------------------------------

function TestSeqgraph:test_retransmission_marks_are_the_segments_whose_bytes_were_sent_before()
  local packets = lossy()
  local client = split(packets)
  local repeats = count_repeats(client)
  lu.assertTrue(repeats > 0, "5% loss each way made no retransmission")
  local g = seqgraph(packets, {format = "table"})
  lu.assertEquals(g.from, "10.0.0.1:" .. client[1].tcp.sport)
  lu.assertEquals(g.retransmissions, repeats)
  local marked = 0
  for _, s in ipairs(g.segments) do marked = marked + (s.retransmission and 1 or 0) end
  lu.assertEquals(marked, repeats)
  local svg = seqgraph(packets, {format = "svg"})
  lu.assertEquals(count(svg, '<path class="seg retrans"'), repeats)
  lu.assertEquals(count(svg, '<path class="seg'), #g.segments)
end

function TestSeqgraph:test_the_window_line_is_ack_plus_win_shifted_by_the_receivers_wscale()
  local packets = lossy()
  local client, server = split(packets)
  local scale = server[1].tcp.options.wscale
  lu.assertTrue(scale and scale > 0 and client[1].tcp.options.wscale ~= nil, "both SYNs carry wscale")
  local g = seqgraph(packets, {format = "table"})
  lu.assertEquals(g.wscale, scale)
  lu.assertTrue(g.wscale_known)
  lu.assertEquals(#g.acks, #server)
  local base = client[1].tcp.seq
  for i, p in ipairs(server) do
    local ack = seqdiff(p.tcp.ack, base)
    local shift = p.tcp.flags:find("S") and 0 or scale -- a SYN's window is never scaled
    lu.assertEquals({g.acks[i].ack, g.acks[i].window}, {ack, ack + (p.tcp.win << shift)}, "ACK " .. i)
  end
  -- the SVG's window line steps to each of those values: one step per ACK, higher up for a higher edge
  local d = seqgraph(packets, {format = "svg"}):match('<path class="win" d="([^"]*)"')
  local ys = {tonumber(d:match("^M[%d.]+ ([%d.]+)"))}
  for y in d:gmatch("V([%d.]+)") do ys[#ys + 1] = tonumber(y) end
  lu.assertEquals(#ys, #g.acks)
  for i = 2, #ys do
    local up, higher = ys[i] < ys[i - 1], g.acks[i].window > g.acks[i - 1].window
    if g.acks[i].window ~= g.acks[i - 1].window and math.abs(ys[i] - ys[i - 1]) >= 0.1 then
      lu.assertEquals(up, higher, "step " .. i)
    end
  end
end

function TestSeqgraph:test_every_sack_block_the_receiver_sent_is_marked()
  local packets = lossy()
  local _, server = split(packets)
  local blocks, base = {}, split(packets)[1].tcp.seq
  for _, p in ipairs(server) do
    for _, b in ipairs(p.tcp.options.sack or {}) do
      blocks[#blocks + 1] = {seqdiff(b[1], base), seqdiff(b[2], base)}
    end
  end
  lu.assertTrue(#blocks > 0, "the receiver sent SACK blocks")
  local g = seqgraph(packets, {format = "table"})
  local got = {}
  for i, s in ipairs(g.sacks) do got[i] = {s.left, s.right} end
  lu.assertEquals(got, blocks)
  lu.assertEquals(count(seqgraph(packets, {format = "svg"}), '<line class="sack" x1'), #blocks)
end

function TestSeqgraph:test_duplicate_acks_repeat_the_last_ack_and_window()
  local packets = lossy()
  local base, prev, dups = nil, nil, 0
  for _, p in ipairs(packets) do -- in capture order, as Wireshark reads them
    local t = p.tcp
    if p.ip.src == "10.0.0.1" then
      base = base or t.seq
    elseif t.flags:find(".", 1, true) and not t.flags:find("R") then
      local ack = seqdiff(t.ack, base)
      if prev and t.len == 0 and not t.flags:find("[SF]") and prev[1] == ack and prev[2] == t.win
        and t.win ~= 0 then
        dups = dups + 1
      end
      prev = {ack, t.win}
    end
  end
  lu.assertTrue(dups > 0, "the losses made duplicate ACKs")
  local g = seqgraph(packets, {format = "table"})
  lu.assertEquals(#g.dup_acks, dups)
  lu.assertEquals(count(seqgraph(packets, {format = "svg"}), '<path class="dupack" d'), dups)
end

-- The frame numbers tshark's display FILTER picks in the pcap at PATH.
local function tshark_frames(path, filter)
  local out, err, code = helper.run(("tshark -n -r %s -Y %s -T fields -e frame.number"):format(path, helper.shquote(filter)))
  lu.assertEquals(code, 0, err)
  local set = {}
  for n in out:gmatch("%d+") do set[#set + 1] = tonumber(n) end
  return set
end

function TestSeqgraph:test_retransmissions_and_duplicate_acks_are_the_frames_wireshark_names()
  local path = helper.tmpname(".pcap")
  assert(netlab.pcap.write(path, lossy()))
  local g = seqgraph(path, {format = "table"})
  local again, dups = {}, {}
  for _, s in ipairs(g.segments) do
    if s.retransmission then again[#again + 1] = s.packet end
  end
  for _, d in ipairs(g.dup_acks) do dups[#dups + 1] = d.packet end
  -- Wireshark calls a segment below the highest byte sent out-of-order
  -- when it came soon after (within the RTT); both repeat bytes sent before.
  lu.assertEquals(again, tshark_frames(path,
    "tcp.analysis.retransmission || tcp.analysis.fast_retransmission || tcp.analysis.out_of_order"))
  lu.assertEquals(dups, tshark_frames(path, "tcp.analysis.duplicate_ack"))
end

-- A conversation made by hand with the cases Wireshark's rule decides:
-- an ACK repeated after the last byte (a duplicate), a zero window
-- repeated (none), a keep-alive's answers (none, until the sender sends
-- again), the receiver's own data and keep-alive.
local function crafted_conversation()
  local P, A, B = netlab.packet, "10.0.0.1", "10.0.0.2"
  local function seg(from_a, flags, seq, ack, win, data)
    local f = P.ether{src = "02:00:00:00:00:01", dst = "02:00:00:00:00:02"}
      / P.ip{src = from_a and A or B, dst = from_a and B or A}
      / P.tcp{sport = from_a and 40000 or 80, dport = from_a and 80 or 40000, flags = flags, seq = seq, ack = ack, win = win}
    return (data and f / data or f):decode()
  end
  local c, s, x = 1000, 5000, ("x"):rep(100)
  return {
    seg(true, "S", c, 0, 64240), seg(false, "SA", s, c + 1, 65160), seg(true, "A", c + 1, s + 1, 502),
    seg(true, "PA", c + 1, s + 1, 502, x), seg(false, "A", s + 1, c + 101, 509),
    seg(false, "A", s + 1, c + 101, 509), seg(false, "A", s + 1, c + 101, 509),
    seg(true, "PA", c + 101, s + 1, 502, x), seg(false, "A", s + 1, c + 201, 0), seg(false, "A", s + 1, c + 201, 0),
    seg(false, "A", s + 1, c + 201, 509), seg(true, "A", c + 200, s + 1, 502), seg(false, "A", s + 1, c + 201, 509),
    seg(false, "PA", s + 1, c + 201, 509, x), seg(false, "A", s + 101, c + 201, 509),
    seg(false, "A", s + 101, c + 201, 509), seg(false, "A", s + 100, c + 201, 509),
    seg(true, "PA", c + 201, s + 101, 502, x), seg(false, "A", s + 101, c + 301, 509),
    seg(false, "A", s + 101, c + 301, 509),
  }
end

function TestSeqgraph:test_duplicate_acks_follow_wiresharks_rule_in_every_case()
  local path = helper.tmpname(".pcap")
  assert(netlab.pcap.write(path, crafted_conversation()))
  local dups = {}
  for _, d in ipairs(seqgraph(path, {format = "table", from = "10.0.0.1"}).dup_acks) do dups[#dups + 1] = d.packet end
  local want = tshark_frames(path, "tcp.analysis.duplicate_ack && ip.src == 10.0.0.2")
  lu.assertTrue(#want >= 3, "tshark names some duplicate ACKs")
  lu.assertEquals(dups, want)
end

function TestSeqgraph:test_the_svg_is_well_formed_and_as_big_as_asked()
  local svg = seqgraph(lossy(), {format = "svg", width = 640, height = 400, title = "a <lossy> & 'wired' link"})
  assert_xml(svg)
  lu.assertStrContains(svg, 'width="640" height="400"')
  lu.assertStrContains(svg, "a &lt;lossy&gt; &amp; &apos;wired&apos; link")
  lu.assertNotStrContains(svg, "href") -- nothing outside the document
end

function TestSeqgraph:test_the_text_plot_has_the_size_asked_and_its_marks()
  for _, size in ipairs{{80, 24}, {120, 40}, {30, 8}} do
    local text = seqgraph(lossy(), {width = size[1], height = size[2]})
    local ls = lines(text)
    lu.assertEquals(#ls, size[2], text)
    for i, l in ipairs(ls) do lu.assertEquals(#l, size[1], ("line %d: %q"):format(i, l)) end
  end
  local text = seqgraph(lossy(), {width = 120, height = 40})
  local plot = table.concat(lines(text), "\n", 3, 38)
  for _, mark in ipairs{"|", "R", "-", "=", "S"} do lu.assertStrContains(plot, mark, text) end
end

function TestSeqgraph:test_a_pcap_file_gives_the_same_graph_as_its_capture()
  local path = helper.tmpname(".pcap")
  assert(netlab.pcap.write(path, lossy()))
  local from_file = seqgraph(path, {format = "table"})
  os.remove(path)
  lu.assertEquals(from_file.retransmissions, seqgraph(lossy(), {format = "table"}).retransmissions)
  lu.assertEquals(#from_file.acks, #seqgraph(lossy(), {format = "table"}).acks)
end

function TestSeqgraph:test_svg_option_writes_the_file()
  local path = helper.tmpname(".svg")
  lu.assertEquals(seqgraph(lossy(), {svg = path}), true)
  local f = assert(io.open(path))
  local text = f:read("a")
  f:close()
  os.remove(path)
  assert_xml(text)
  lu.assertStrContains(text, "<svg")
end

-- A receiver that does not read ------------------------------------------------------

function TestSeqgraph:test_zero_windows_are_the_receivers_acks_advertising_win_0()
  local lab <close>, a, b, cap = wired()
  local server <close> = assert(b:tcp())
  assert(server:setoption("rcvbuf", 4096))
  assert(server:bind("*", 7202))
  assert(server:listen())
  local c <close> = assert(a:tcp())
  c:settimeout(1)
  assert(c:connect("10.0.0.2", 7202))
  local s <close> = assert(server:accept()) -- and never read
  c:send(("z"):rep(2000000)) -- until the timeout: the buffers are full
  netlab.sleep(0.5)
  local packets = stopped(cap)
  local _, srv = split(packets)
  local zeros = 0
  for _, p in ipairs(srv) do zeros = zeros + (p.tcp.win == 0 and 1 or 0) end
  lu.assertTrue(zeros > 0, "the receiver advertised a zero window")
  local g = seqgraph(packets, {format = "table"})
  lu.assertEquals(#g.zero_windows, zeros)
  lu.assertEquals(count(seqgraph(packets, {format = "svg"}), '<circle class="zerowin" cx'), zeros)
  lu.assertStrContains(seqgraph(packets, {width = 100, height = 30}), "Z")
end

-- Choosing the connection and direction (packet-like tables) --------------------------

local C, S = "10.0.0.1", "10.0.0.2"

-- A packet-like table: a segment FROM "c" or "s" of connection PORT (client side 40000+).
local function seg(t, from, flags, seq, ack, len, win, options, port)
  local c = from == "c"
  port = port or 80
  return {time = t, ip = {src = c and C or S, dst = c and S or C}, tcp = {
    sport = c and 40000 + port or port, dport = c and port or 40000 + port, flags = flags,
    seq = seq, ack = ack, len = len or 0, win = win or 100, options = options or {}}}
end

-- A handshake with wscale 2 (client) and 7 (server), 3 segments of 100 bytes,
-- the second sent again, and the server's ACKs (win 10 << 7).
local function small(port)
  return {
    seg(0, "c", "S", 1000, 0, 0, 64240, {wscale = 2}, port),
    seg(0.01, "s", "S.", 5000, 1001, 0, 65160, {wscale = 7}, port),
    seg(0.02, "c", ".", 1001, 5001, 0, 10, nil, port),
    seg(0.03, "c", "P.", 1001, 5001, 100, 10, nil, port),
    seg(0.031, "c", "P.", 1101, 5001, 100, 10, nil, port),
    seg(0.032, "c", "P.", 1201, 5001, 100, 10, nil, port),
    seg(0.04, "s", ".", 5001, 1101, 0, 10, {sack = {{1201, 1301}}}, port),
    seg(0.05, "c", "P.", 1101, 5001, 100, 10, nil, port),
    seg(0.06, "s", ".", 5001, 1301, 0, 0, nil, port),
    seg(0.07, "s", "P.", 5001, 1301, 50, 10, nil, port),
  }
end

function TestSeqgraph:test_a_small_connection_gives_the_model_by_hand()
  local g = seqgraph(small(), {format = "table"})
  lu.assertEquals({g.from, g.to, g.wscale, g.retransmissions}, {"10.0.0.1:40080", "10.0.0.2:80", 7, 1})
  local segs = {}
  for i, s in ipairs(g.segments) do segs[i] = {s.seq, s.stop, s.retransmission} end
  lu.assertEquals(segs, {{0, 1, false}, {1, 101, false}, {101, 201, false}, {201, 301, false}, {101, 201, true}})
  local acks = {}
  for i, a in ipairs(g.acks) do acks[i] = {a.ack, a.window} end
  lu.assertEquals(acks, {{1, 1 + 65160}, {101, 101 + 1280}, {301, 301}, {301, 301 + 1280}})
  lu.assertEquals(g.sacks, {{time = 0.04, left = 201, right = 301}})
  lu.assertEquals(#g.zero_windows, 1)
  lu.assertAlmostEquals(g.zero_windows[1].time, 0.06, 1e-9)
end

function TestSeqgraph:test_window_scale_is_0_unless_both_syns_carry_it()
  local p = small()
  p[1].tcp.options = {}
  lu.assertEquals(seqgraph(p, {format = "table"}).wscale, 0)
  lu.assertTrue(seqgraph(p, {format = "table"}).wscale_known)
end

function TestSeqgraph:test_without_a_handshake_the_scale_is_unknown_or_given()
  local p = table.move(small(), 3, 10, 1, {})
  local g = seqgraph(p, {format = "table"})
  lu.assertEquals({g.wscale, g.wscale_known}, {0, false})
  lu.assertStrContains(seqgraph(p), "wscale 0 (assumed)")
  g = seqgraph(p, {format = "table", wscale = 7})
  lu.assertEquals({g.wscale, g.wscale_known, g.acks[1].window}, {7, true, 100 + 1280})
end

function TestSeqgraph:test_from_picks_the_direction()
  local g = seqgraph(small(), {format = "table", from = "server"})
  lu.assertEquals({g.from, #g.segments, g.segments[2].len}, {"10.0.0.2:80", 2, 50})
  lu.assertEquals(seqgraph(small(), {format = "table", from = S}).from, "10.0.0.2:80")
  lu.assertEquals(seqgraph(small(), {format = "table", from = "10.0.0.1:40080"}).from, "10.0.0.1:40080")
  lu.assertEquals(seqgraph(small(), {format = "table", from = "client"}).from, "10.0.0.1:40080")
end

function TestSeqgraph:test_port_and_conn_pick_the_connection()
  local both = small(80)
  for _, p in ipairs(small(443)) do both[#both + 1] = p end
  lu.assertEquals(seqgraph(both, {format = "table"}).to, "10.0.0.2:80")
  local g = seqgraph(both, {format = "table", port = 443})
  lu.assertEquals({g.to, g.skipped}, {"10.0.0.2:443", 10})
  lu.assertEquals(seqgraph(both, {format = "table", conn = {dport = 40443}}).to, "10.0.0.2:443")
  lu.assertEquals(seqgraph(both, {format = "table", conn = {src = C, sport = 40443, dst = S, dport = 443}}).to,
    "10.0.0.2:443")
end

function TestSeqgraph:test_a_connection_of_microseconds_gets_readable_time_ticks()
  local p = small()
  for _, q in ipairs(p) do q.time = q.time / 1000 end -- 70 microseconds in all
  local ls = lines(seqgraph(p))
  local ticks = {}
  for t in ls[#ls]:gmatch("%S+") do ticks[#ticks + 1] = t end
  lu.assertEquals(ticks, {"0", "0.00002", "0.00004", "0.00006", "0.00008", "s"})
end

function TestSeqgraph:test_ipv6_endpoints_are_bracketed()
  local p = small()
  for _, q in ipairs(p) do
    q.ip6 = {src = q.ip.src == C and "fd00::1" or "fd00::2", dst = q.ip.dst == C and "fd00::1" or "fd00::2"}
    q.ip = nil
  end
  local g = seqgraph(p, {format = "table", from = "[fd00::2]:80"})
  lu.assertEquals({g.from, g.to}, {"[fd00::2]:80", "[fd00::1]:40080"})
  lu.assertEquals(seqgraph(p, {format = "table", conn = {src = "fd00::1", dport = 80}}).retransmissions, 1)
end

function TestSeqgraph:test_a_reused_four_tuple_starts_a_new_connection()
  local p = small()
  for _, q in ipairs(small()) do
    q.time = q.time + 1
    q.tcp.seq = q.tcp.seq + 77777
    p[#p + 1] = q
  end
  lu.assertEquals(#seqgraph(p, {format = "table"}).segments, 5)
end

-- Bad input ------------------------------------------------------------------------

function TestSeqgraph:test_no_tcp_in_the_packets_is_one_clear_error()
  local udp = {{time = 0, ip = {src = C, dst = S}, udp = {sport = 1, dport = 2}}}
  helper.raises("seqgraph: no TCP segment among the 1 packets", seqgraph, udp)
  helper.raises("seqgraph: no TCP segment among the 0 packets", seqgraph, {})
  helper.raises("no TCP connection with port 22 among the 10 packets", seqgraph, small(), {port = 22})
  helper.raises("no TCP connection with endpoint 10.9.9.9", seqgraph, small(), {from = "10.9.9.9"})
end

function TestSeqgraph:test_wrong_packets_are_argument_errors()
  helper.raises("bad argument #1 to 'seqgraph' (packets expected, got number)", seqgraph, 42)
  helper.raises("bad argument #1 to 'seqgraph' (packets expected, got no value)", seqgraph)
  helper.raises("bad argument #1 to 'seqgraph' (packet 2 is a string)", seqgraph, {small()[1], "x"})
  local p = small()
  p[4].time = nil
  helper.raises("bad argument #1 to 'seqgraph' (packet 4 has no time)", seqgraph, p)
  helper.raises("bad argument #1 to 'seqgraph' (/nonexistent/x.pcap", seqgraph, "/nonexistent/x.pcap")
end

function TestSeqgraph:test_bad_options_name_the_option()
  local p = small()
  local cases = {
    {"table expected, got string", "svg"},
    {"unknown option 'colour'", {colour = "red"}},
    {"format: \"text\", \"svg\" or \"table\" expected, got png", {format = "png"}},
    {"width: integer 30-20000 expected, got 10", {width = 10}},
    {"height: integer 8-20000 expected, got 2.5", {height = 2.5}},
    {"width: integer 200-20000 expected, got 100", {format = "svg", width = 100}},
    {"port: integer 0-65535 expected, got 70000", {port = 70000}},
    {"wscale: integer 0-14 expected, got 15", {wscale = 15}},
    {"conn: table expected, got number", {conn = 80}},
    {"conn: unknown field 'port'", {conn = {port = 80}}},
    {"conn.src: address string expected, got number", {conn = {src = 1}}},
    {"from: string expected, got number", {from = 1}},
    {"svg: string expected, got boolean", {svg = true}},
  }
  for _, c in ipairs(cases) do
    helper.raises("bad argument #2 to 'seqgraph' (" .. c[1] .. ")", seqgraph, p, c[2])
  end
end

function TestSeqgraph:test_an_unwritable_svg_path_returns_nil_and_a_message()
  local ok, err = seqgraph(small(), {svg = "/nonexistent/dir/x.svg"})
  lu.assertNil(ok)
  lu.assertStrContains(err, "/nonexistent/dir/x.svg")
end

function TestSeqgraph:test_netlab_seqgraph_is_the_module_function()
  lu.assertIs(netlab.seqgraph, seqgraph)
end
