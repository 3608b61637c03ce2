-- spec/ladder_spec.lua: netlab.ladder draws a TCP conversation as the
-- course draws it: one arrow per segment, labelled with flags and
-- relative seq/ack/len, and each side's TCP state after each segment.
-- Most tests feed it packet-like tables; the last ones a real capture.
local lu = require "luaunit"
local helper = require "helper"
local ladder = require("netlab.ladder").ladder

TestLadder = {}

local C, S = "10.0.0.1", "10.0.0.2"
local J, K = 1000, 5000 -- the client's and the server's ISN

-- A packet-like table: a segment FROM "c" (client) or "s" (server).
local function seg(t, from, flags, seq, ack, len)
  local c = from == "c"
  return {time = t, ip = {src = c and C or S, dst = c and S or C}, tcp = {
    sport = c and 40000 or 80, dport = c and 80 or 40000, flags = flags, seq = seq, ack = ack, len = len or 0}}
end

-- The three-way handshake, from client ISN j and server ISN k.
local function handshake(j, k)
  return {seg(0, "c", "S", j, 0), seg(0.0001, "s", "S.", k, j + 1), seg(0.0002, "c", ".", j + 1, k + 1)}
end

-- Appends the segments of list B to list A; returns A.
local function append(a, b)
  for _, p in ipairs(b) do a[#a + 1] = p end
  return a
end

-- Handshake, 77 bytes from the client, 100 back, the client closes first.
local function full_conversation()
  return append(handshake(J, K), {
    seg(0.001, "c", "P.", J + 1, K + 1, 77), seg(0.0011, "s", ".", K + 1, J + 78),
    seg(0.002, "s", "P.", K + 1, J + 78, 100), seg(0.0021, "c", ".", J + 78, K + 101),
    seg(0.003, "c", "F.", J + 78, K + 101), seg(0.0031, "s", ".", K + 101, J + 79),
    seg(0.004, "s", "F.", K + 101, J + 79), seg(0.0041, "c", ".", J + 79, K + 102),
  })
end

-- The diagram's lines.
local function lines(text)
  local out = {}
  for line in text:gmatch("([^\n]*)\n") do out[#out + 1] = line end
  return out
end

-- The arrow rows of a text diagram, each {time, left, label, dir, right}.
local function arrows(text)
  local out = {}
  for _, line in ipairs(lines(text)) do
    local time, l, mid, r = line:match("^%s*([%d.]*)%s+(%S+) |(.-)| ?(.*)$")
    if mid and mid:find("%-") then
      out[#out + 1] = {time = time, left = l, right = r, dir = mid:find(">") and "->" or "<-",
        label = mid:match("^<?%-+ (.-) %-+>?$")}
    end
  end
  return out
end

-- Asserts the arrows of TEXT are WANT: {dir, label, left state, right state}.
local function assert_arrows(text, want)
  local got = arrows(text)
  lu.assertEquals(#got, #want, text)
  for i, w in ipairs(want) do
    lu.assertEquals({got[i].dir, got[i].label, got[i].left, got[i].right}, w, "row " .. i .. ":\n" .. text)
  end
end

-- Good paths -------------------------------------------------------------

function TestLadder:test_handshake_data_and_four_way_close()
  local text = ladder(full_conversation())
  assert_arrows(text, {
    {"->", "SYN seq=0", "SYN_SENT", "SYN_RECV"},
    {"<-", "SYN,ACK seq=0 ack=1", "ESTABLISHED", "SYN_RECV"},
    {"->", "ACK ack=1", "ESTABLISHED", "ESTABLISHED"},
    {"->", "PSH,ACK seq=1:78 ack=1 len 77", "ESTABLISHED", "ESTABLISHED"},
    {"<-", "ACK ack=78", "ESTABLISHED", "ESTABLISHED"},
    {"<-", "PSH,ACK seq=1:101 ack=78 len 100", "ESTABLISHED", "ESTABLISHED"},
    {"->", "ACK ack=101", "ESTABLISHED", "ESTABLISHED"},
    {"->", "FIN,ACK seq=78 ack=101", "FIN_WAIT_1", "CLOSE_WAIT"},
    {"<-", "ACK ack=79", "FIN_WAIT_2", "CLOSE_WAIT"},
    {"<-", "FIN,ACK seq=101 ack=79", "TIME_WAIT", "LAST_ACK"},
    {"->", "ACK ack=102", "TIME_WAIT", "CLOSED"},
  })
end

function TestLadder:test_headings_name_the_ends_and_their_first_states()
  local l = lines(ladder(full_conversation()))
  lu.assertStrMatches(l[1], "%s*time%s+client |%s+| server")
  lu.assertStrMatches(l[2], "%s+10%.0%.0%.1:40000 |%s+| 10%.0%.0%.2:80")
  lu.assertStrMatches(l[3], "%s+CLOSED |%s+| LISTEN")
end

function TestLadder:test_time_column_counts_from_the_first_segment()
  local got = arrows(ladder(full_conversation()))
  lu.assertEquals(got[1].time, "0.000000")
  lu.assertEquals(got[2].time, "0.000100")
  lu.assertEquals(got[11].time, "0.004100")
end

function TestLadder:test_server_closes_first()
  local text = ladder(append(handshake(J, K), {
    seg(1, "s", "F.", K + 1, J + 1), seg(2, "c", ".", J + 1, K + 2),
    seg(3, "c", "F.", J + 1, K + 2), seg(4, "s", ".", K + 2, J + 2),
  }))
  local got = arrows(text)
  lu.assertEquals({got[4].left, got[4].right}, {"CLOSE_WAIT", "FIN_WAIT_1"})
  lu.assertEquals({got[5].left, got[5].right}, {"CLOSE_WAIT", "FIN_WAIT_2"})
  lu.assertEquals({got[6].left, got[6].right}, {"LAST_ACK", "TIME_WAIT"})
  lu.assertEquals({got[7].left, got[7].right}, {"CLOSED", "TIME_WAIT"})
end

function TestLadder:test_close_with_fin_acked_in_one_segment()
  -- the server's FIN also acknowledges the client's: three segments close
  local got = arrows(ladder(append(handshake(J, K), {
    seg(1, "c", "F.", J + 1, K + 1), seg(2, "s", "F.", K + 1, J + 2), seg(3, "c", ".", J + 2, K + 2),
  })))
  lu.assertEquals({got[4].left, got[4].right}, {"FIN_WAIT_1", "CLOSE_WAIT"})
  lu.assertEquals({got[5].label, got[5].left, got[5].right}, {"FIN,ACK seq=1 ack=2", "TIME_WAIT", "LAST_ACK"})
  lu.assertEquals({got[6].left, got[6].right}, {"TIME_WAIT", "CLOSED"})
end

function TestLadder:test_simultaneous_close_goes_through_closing()
  -- both FINs cross on the wire: neither acknowledges the other's
  local text = ladder(append(handshake(J, K), {
    seg(1, "c", "F.", J + 1, K + 1), seg(1.00001, "s", "F.", K + 1, J + 1),
    seg(1.0001, "c", ".", J + 2, K + 2), seg(1.00011, "s", ".", K + 2, J + 2),
  }))
  assert_arrows(text, {
    {"->", "SYN seq=0", "SYN_SENT", "SYN_RECV"},
    {"<-", "SYN,ACK seq=0 ack=1", "ESTABLISHED", "SYN_RECV"},
    {"->", "ACK ack=1", "ESTABLISHED", "ESTABLISHED"},
    {"->", "FIN,ACK seq=1 ack=1", "FIN_WAIT_1", "CLOSE_WAIT"},
    {"<-", "FIN,ACK seq=1 ack=1", "CLOSING", "CLOSING"},
    {"->", "ACK ack=2", "CLOSING", "TIME_WAIT"},
    {"<-", "ACK ack=2", "TIME_WAIT", "TIME_WAIT"},
  })
end

function TestLadder:test_rst_to_a_closed_port()
  local text = ladder{seg(0, "c", "S", J, 0), seg(0.0001, "s", "R.", 0, J + 1)}
  lu.assertStrMatches(lines(text)[3], "%s+CLOSED |%s+| CLOSED")
  assert_arrows(text, {
    {"->", "SYN seq=0", "SYN_SENT", "CLOSED"},
    {"<-", "RST,ACK seq=0 ack=1", "CLOSED", "CLOSED"},
  })
end

function TestLadder:test_rst_ends_an_established_connection()
  local got = arrows(ladder(append(handshake(J, K), {seg(1, "c", "R.", J + 1, K + 1)})))
  lu.assertEquals({got[4].label, got[4].left, got[4].right}, {"RST,ACK seq=1 ack=1", "CLOSED", "CLOSED"})
end

function TestLadder:test_retransmissions_are_marked_and_change_no_state()
  local ps = {seg(0, "c", "S", J, 0), seg(1, "c", "S", J, 0), seg(1.1, "s", "S.", K, J + 1),
    seg(1.2, "c", ".", J + 1, K + 1), seg(1.3, "c", "P.", J + 1, K + 1, 10),
    seg(1.5, "c", "P.", J + 1, K + 1, 10), seg(1.6, "s", ".", K + 1, J + 11)}
  local got = arrows(ladder(ps))
  lu.assertEquals({got[1].label, got[1].left}, {"SYN seq=0", "SYN_SENT"})
  lu.assertEquals({got[2].label, got[2].left, got[2].right}, {"SYN seq=0 (retransmission)", "SYN_SENT", "SYN_RECV"})
  lu.assertEquals(got[5].label, "PSH,ACK seq=1:11 ack=1 len 10")
  lu.assertEquals(got[6].label, "PSH,ACK seq=1:11 ack=1 len 10 (retransmission)")
  lu.assertEquals(got[7].label, "ACK ack=11")
end

function TestLadder:test_other_flows_are_left_out_and_counted()
  local ps = full_conversation()
  local other = seg(0.0005, "c", "S", 7, 0)
  other.tcp.sport = 40001
  table.insert(ps, 2, other)
  table.insert(ps, 3, {time = 0.0006, arp = {op = "request"}}) -- not TCP at all
  local text = ladder(ps)
  lu.assertEquals(#arrows(text), 11)
  lu.assertStrContains(text, "(2 packets of other flows not shown)")
  lu.assertNotStrContains(text, "40001")
end

function TestLadder:test_names_map_picks_the_conversation()
  local ps = full_conversation()
  local other = {time = -1, ip = {src = "10.0.0.3", dst = C},
    tcp = {sport = 5555, dport = 22, flags = "S", seq = 1, ack = 0, len = 0}}
  table.insert(ps, 1, other)
  local text = ladder(ps, {names = {[C] = "alice", ["10.0.0.2:80"] = "bob"}})
  local l = lines(text)
  lu.assertStrMatches(l[1], "%s*time%s+alice |%s+| bob")
  lu.assertEquals(#arrows(text), 11)
  lu.assertNotStrContains(text, "10.0.0.3")
  -- without names, the first conversation is the other one
  lu.assertStrContains(ladder(ps), "10.0.0.3:5555")
end

function TestLadder:test_names_list_names_left_then_right()
  local l = lines(ladder(full_conversation(), {names = {"browser", "www"}}))
  lu.assertStrMatches(l[1], "%s*time%s+browser |%s+| www")
end

function TestLadder:test_the_initiator_is_on_the_left_even_if_seen_second()
  -- a stray server segment first, then the handshake
  local ps = full_conversation()
  table.insert(ps, 1, seg(-0.1, "s", "R.", 1, 1))
  lu.assertStrMatches(lines(ladder(ps))[2], "%s+10%.0%.0%.1:40000 |%s+| 10%.0%.0%.2:80")
end

function TestLadder:test_mid_stream_capture_starts_established()
  local ps = {seg(0, "c", "P.", 700, 900, 5), seg(1, "s", ".", 900, 705)}
  local text = ladder(ps)
  lu.assertStrMatches(lines(text)[1], "%s*time%s+A |%s+| B")
  lu.assertStrMatches(lines(text)[3], "%s+ESTABLISHED |%s+| ESTABLISHED")
  local got = arrows(text)
  lu.assertEquals(got[1].label, "PSH,ACK seq=0:5 ack=0 len 5")
  lu.assertEquals(got[2].label, "ACK ack=5")
end

function TestLadder:test_sequence_numbers_wrap()
  local j, k = 0xffffffff, 0xfffffff0
  local ps = append(handshake(j, k), {seg(1, "c", "P.", 0, k + 1, 20), seg(2, "s", ".", k + 1, 20)})
  local got = arrows(ladder(ps))
  lu.assertEquals(got[2].label, "SYN,ACK seq=0 ack=1")
  lu.assertEquals(got[4].label, "PSH,ACK seq=1:21 ack=1 len 20")
  lu.assertEquals(got[5].label, "ACK ack=21")
end

function TestLadder:test_a_reused_four_tuple_draws_only_the_first_connection()
  local ps = append(full_conversation(), handshake(9999, 77))
  local text = ladder(ps)
  lu.assertEquals(#arrows(text), 11)
  lu.assertStrContains(text, "(3 packets of other flows not shown)")
end

function TestLadder:test_ipv6_endpoints_in_brackets()
  local ps = full_conversation()
  for _, p in ipairs(ps) do
    p.ip6 = {src = p.ip.src == C and "fd00::1" or "fd00::2", dst = p.ip.dst == C and "fd00::1" or "fd00::2"}
    p.ip = nil
  end
  lu.assertStrMatches(lines(ladder(ps))[2], "%s+%[fd00::1%]:40000 |%s+| %[fd00::2%]:80")
end

function TestLadder:test_width_widens_the_arrows()
  -- the right lifeline moves by as much as the width grows
  local function right_lifeline(text) return lines(text)[4]:find("| ", 1, true) end
  local narrow = right_lifeline(ladder(full_conversation()))
  local wide = right_lifeline(ladder(full_conversation(), {width = 120}))
  lu.assertEquals(wide - narrow, 40)
  -- too narrow a width never cuts a label
  lu.assertStrContains(ladder(full_conversation(), {width = 10}), "PSH,ACK seq=1:78 ack=1 len 77")
end

function TestLadder:test_list_and_packets_methods()
  local ps = full_conversation()
  local with_list = {list = function() return ps end}
  local with_iter = {packets = function()
    local i = 0
    return function() i = i + 1 return ps[i] end
  end}
  local want = ladder(ps)
  lu.assertEquals(ladder(with_list), want)
  lu.assertEquals(ladder(with_iter), want)
end

-- SVG --------------------------------------------------------------------

-- Checks TEXT's tags nest properly; returns the count of each tag name.
local function svg_tags(text)
  local stack, count = {}, {}
  for tag in text:gmatch("<([^>]*)>") do
    if tag:sub(1, 1) == "/" then
      lu.assertEquals(table.remove(stack), tag:sub(2), "closing tag </" .. tag:sub(2) .. ">")
    elseif tag:sub(1, 1) ~= "?" and tag:sub(1, 1) ~= "!" then
      local name = tag:match("^([%w:-]+)")
      lu.assertNotNil(name, "a tag without a name: <" .. tag .. ">")
      count[name] = (count[name] or 0) + 1
      if tag:sub(-1) ~= "/" then stack[#stack + 1] = name end
    end
  end
  lu.assertEquals(stack, {}, "unclosed tags")
  return count
end

function TestLadder:test_svg_is_a_well_formed_document()
  local svg = ladder(full_conversation(), {format = "svg"})
  lu.assertStrMatches(svg, '^<%?xml version="1%.0" encoding="UTF%-8"%?>\n<svg xmlns="http://www%.w3%.org/2000/svg".*</svg>\n$')
  local tags = svg_tags(svg)
  lu.assertEquals(tags.svg, 1)
  lu.assertEquals(tags.line, 11 + 2) -- one per segment, two lifelines
  lu.assertStrContains(svg, ">PSH,ACK seq=1:78 ack=1 len 77</text>")
  lu.assertStrContains(svg, ">FIN_WAIT_2</text>")
  lu.assertStrContains(svg, ">10.0.0.2:80</text>")
end

function TestLadder:test_svg_escapes_names()
  local svg = ladder(full_conversation(), {format = "svg", names = {"<a&b>", "\"it's\""}})
  svg_tags(svg)
  lu.assertStrContains(svg, ">&lt;a&amp;b&gt;</text>")
  lu.assertStrContains(svg, ">&quot;it&apos;s&quot;</text>")
  lu.assertNotStrContains(svg, "<a&b>")
end

function TestLadder:test_svg_width_option()
  local svg = ladder(full_conversation(), {format = "svg", width = 1000})
  lu.assertStrContains(svg, 'width="1000"')
end

-- A real capture -----------------------------------------------------------

-- A capture of one connection between two lab hosts: connect, "hello\n"
-- each way, the client closes first, the server after. Returns the lab,
-- the capture and the packets (the lab must be closed by the caller).
local function captured_connection()
  local net, a, b = helper.two_hosts()
  local cap = assert(a:capture{iface = "eth0", filter = "tcp port 7"})
  local listener = assert(b:tcp())
  assert(listener:bind("10.0.0.2", 7))
  assert(listener:listen(1))
  listener:settimeout(2)
  local task = netlab.spawn(function()
    local c = assert(listener:accept())
    c:settimeout(2)
    c:send(c:receive("*l") .. "\n")
    c:receive("*a")
    c:close()
  end)
  local c = assert(a:tcp())
  c:settimeout(2)
  assert(c:connect("10.0.0.2", 7))
  c:send("hello\n")
  lu.assertEquals(c:receive("*l"), "hello")
  c:close()
  task:join()
  local packets, server_fin = {}, false
  for _ = 1, 30 do -- until the client acknowledges the server's FIN
    local p = cap:next(2)
    if not p then break end
    packets[#packets + 1] = p
    if p.ip.src == "10.0.0.1" and server_fin and p.tcp.flags == "." then break end
    server_fin = server_fin or (p.ip.src == "10.0.0.2" and p.tcp.flags:find("F", 1, true) ~= nil)
  end
  return net, cap, packets
end

-- TEXT without its time column.
local function untimed(text)
  return (text:gsub("\n%s*[%d.]+  ", "\n"))
end

function TestLadder:test_a_real_connection()
  local net <close>, cap, packets = captured_connection()
  local text = ladder(cap)
  local got = arrows(text)
  lu.assertEquals(#packets, #got, text)
  lu.assertEquals({got[1].label, got[1].left, got[1].right}, {"SYN seq=0", "SYN_SENT", "SYN_RECV"})
  lu.assertEquals({got[2].label, got[2].left}, {"SYN,ACK seq=0 ack=1", "ESTABLISHED"})
  lu.assertEquals(got[4].label, "PSH,ACK seq=1:7 ack=1 len 6")
  lu.assertEquals(got[#got].left, "TIME_WAIT")
  lu.assertEquals(got[#got].right, "CLOSED")
  lu.assertStrContains(text, "10.0.0.1:")
  lu.assertStrContains(text, "| 10.0.0.2:7")
  lu.assertEquals(ladder(packets), text)
end

function TestLadder:test_a_saved_capture_read_back()
  local net <close>, cap = captured_connection()
  local path = helper.tmpname(".pcap")
  assert(cap:save(path))
  local reader = assert(netlab.pcap.open(path))
  local from_file = ladder(reader)
  reader:close()
  lu.assertEquals(untimed(from_file), untimed(ladder(cap)))
  lu.assertEquals(ladder(path), from_file)
  lu.assertStrContains(ladder(cap, {format = "svg"}), ">SYN,ACK seq=0 ack=1</text>")
end

-- Bad input --------------------------------------------------------------

function TestLadder:test_not_a_table()
  helper.raises("bad argument #1 to 'ladder' (packets expected, got number)", ladder, 42)
  helper.raises("bad argument #1 to 'ladder' (packets expected, got no value)", ladder)
  helper.raises("bad argument #1 to 'ladder' (/nonexistent/x.pcap: No such file or directory)", ladder,
    "/nonexistent/x.pcap") -- a string is a pcap file's path
end

function TestLadder:test_a_list_with_a_non_packet()
  helper.raises("bad argument #1 to 'ladder' (packet 2 is a number)", ladder, {seg(0, "c", "S", 1, 0), 7})
end

function TestLadder:test_no_tcp_packets()
  helper.raises("ladder: no TCP segment among the 0 packets", ladder, {})
  helper.raises("ladder: no TCP segment among the 2 packets", ladder,
    {{arp = {op = "request"}}, {ip = {src = C, dst = S}, udp = {sport = 1, dport = 2}}})
end

function TestLadder:test_names_matching_no_conversation()
  helper.raises("no TCP conversation between the endpoints given in names", ladder, full_conversation(),
    {names = {["10.9.9.9"] = "x", ["10.9.9.8"] = "y"}})
end

function TestLadder:test_bad_options()
  local ps = full_conversation()
  helper.raises("bad argument #2 to 'ladder' (table expected, got string)", ladder, ps, "svg")
  helper.raises("bad argument #2 to 'ladder' (format: \"text\" or \"svg\" expected, got png)", ladder, ps,
    {format = "png"})
  helper.raises("bad argument #2 to 'ladder' (names: table expected, got string)", ladder, ps, {names = "a"})
  helper.raises("bad argument #2 to 'ladder' (width: positive integer expected, got 0)", ladder, ps, {width = 0})
end

function TestLadder:test_errors_point_at_the_caller()
  local ok, err = pcall(ladder, 42)
  lu.assertFalse(ok)
  lu.assertNotStrContains(err, "ladder.lua")
end

function TestLadder:test_every_function_is_documented()
  local doc = require "netlab.doc_ladder"
  for name, v in pairs(require "netlab.ladder") do
    if type(v) == "function" then lu.assertNotNil(doc["netlab." .. name], "netlab." .. name .. " has no doc line") end
  end
  lu.assertIs(netlab.ladder, ladder)
end
