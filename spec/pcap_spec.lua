-- spec/pcap_spec.lua: capture files. What netlab.pcap.write writes,
-- tcpdump reads back and netlab.pcap.open gives back unchanged; files
-- tcpdump writes, and pcapng files, read as the same packets; truncated
-- or garbage files, missing or unwritable paths and bad arguments each
-- give a clear error.
local lu = require "luaunit"
local helper = require "helper"
local errno = require "netlab.errno"

TestPcap = {}

local raises = helper.raises

-- A few real packets: a ping between two hosts captured on b ("any"
-- gives Linux cooked packets instead of Ethernet).
local function captured(iface)
  local lab <close>, a, b = helper.two_hosts()
  local cap = assert(b:capture{filter = "icmp", iface = iface})
  assert(a:ping("10.0.0.2", {count = 2, interval = 0.05}))
  local out = {}
  for p in cap:packets{count = 4, timeout = 2} do out[#out + 1] = p end
  lu.assertEquals(#out, 4)
  return out
end

-- The packet lines tcpdump -nn -r prints for PATH (its header on stderr
-- checked), as a list.
local function tcpdump_lines(path)
  local out, err, code = helper.run("tcpdump -nn -r " .. path)
  lu.assertEquals(code, 0, err)
  local lines = {}
  for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
  return lines, err
end

-- Reads every packet of PATH with netlab.pcap.open.
local function read_all(path)
  local r <close> = assert(netlab.pcap.open(path))
  local out = {}
  for p in r:packets() do out[#out + 1] = p end
  return out, r:linktype()
end

-- Writes BYTES to a new temporary file; returns its path.
local function file_of(bytes, suffix)
  local path = helper.tmpname(suffix or ".pcap")
  local f = assert(io.open(path, "wb"))
  f:write(bytes)
  f:close()
  return path
end

-- The bytes of file PATH.
local function bytes_of(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- A pcapng block of TYPE with BODY (little-endian, padded to 4 bytes).
local function block(type, body)
  body = body .. ("\0"):rep((4 - #body % 4) % 4)
  local len = 12 + #body
  return string.pack("<I4I4", type, len) .. body .. string.pack("<I4", len)
end

-- A pcapng file: a section header, an Ethernet interface with
-- nanosecond time stamps (if_tsresol 9), and one enhanced packet block
-- per frame of FRAMES at time stamps 1700000000.000000001 + i seconds.
local function pcapng(frames)
  local shb = block(0x0A0D0D0A, string.pack("<I4I2I2i8", 0x1A2B3C4D, 1, 0, -1))
  local tsresol = string.pack("<I2I2", 9, 1) .. "\9" .. "\0\0\0" .. string.pack("<I2I2", 0, 0)
  local idb = block(1, string.pack("<I2I2I4", 1, 0, 0) .. tsresol)
  local out = {shb, idb}
  for i, frame in ipairs(frames) do
    local ts = (1700000000 + i) * 1000000000 + 1
    out[#out + 1] = block(6, string.pack("<I4I4I4I4I4", 0, ts >> 32, ts & 0xffffffff, #frame, #frame) .. frame)
  end
  return table.concat(out)
end

-- Good paths -----------------------------------------------------------

function TestPcap:test_written_packets_read_back_unchanged_and_tcpdump_agrees()
  local pkts = captured()
  local path = helper.tmpname(".pcap")
  lu.assertTrue(netlab.pcap.write(path, pkts))
  local lines, err = tcpdump_lines(path)
  lu.assertEquals(#lines, 4)
  lu.assertStrContains(err, "link-type EN10MB (Ethernet), snapshot length 262144")
  lu.assertStrContains(lines[1], "ICMP echo request")
  local back, linktype = read_all(path)
  lu.assertEquals(linktype, 1)
  lu.assertEquals(#back, 4)
  for i, p in ipairs(back) do
    lu.assertEquals(p:bytes(), pkts[i]:bytes())
    lu.assertEquals({p.len, p.caplen, p.linktype}, {pkts[i].len, pkts[i].caplen, 1})
    -- microseconds, as tcpdump -w: the nanoseconds are cut (up to 1 us
    -- lost, never gained), and each time is a double near 2e9 s, exact
    -- only to 2.4e-7 s
    local lost = pkts[i].time - p.time
    lu.assertTrue(lost > -5e-7 and lost < 1e-6 + 5e-7, ("time %.9f read back as %.9f"):format(pkts[i].time, p.time))
  end
  -- microseconds by default: the magic number of a microsecond pcap
  lu.assertEquals(string.unpack("<I4", bytes_of(path)), 0xa1b2c3d4)
end

-- tshark, Wireshark's reader, sees the same frames netlab wrote: times,
-- lengths, and what it decodes at each layer.
function TestPcap:test_tshark_reads_what_netlab_writes()
  local pkts = captured()
  for _, nsec in ipairs{false, true} do
    local path = helper.tmpname(".pcap")
    lu.assertTrue(netlab.pcap.write(path, pkts, {nsec = nsec}))
    local out, err, code = helper.run("tshark -n -r " .. path ..
      " -T fields -E separator=, -e frame.time_epoch -e frame.len -e frame.cap_len" ..
      " -e eth.src -e ip.src -e ip.dst -e icmp.type -e icmp.seq")
    lu.assertEquals(code, 0, err)
    local rows = {}
    for line in out:gmatch("[^\n]+") do rows[#rows + 1] = line end
    lu.assertEquals(#rows, #pkts)
    for i, p in ipairs(pkts) do
      local t, len, caplen, mac, src, dst, typ, seq = rows[i]:match(
        "^([%d.]+),(%d+),(%d+),([%x:]+),([%d.]+),([%d.]+),(%d+),(%d+)")
      lu.assertNotNil(t, rows[i])
      -- a microsecond file cuts up to 1 us, and both times are doubles
      -- near 2e9 s, exact only to 2.4e-7 s each (as the test above)
      lu.assertAlmostEquals(tonumber(t), p.time, nsec and 1e-6 or 1e-6 + 5e-7)
      lu.assertEquals({tonumber(len), tonumber(caplen), mac, src, dst, tonumber(typ), tonumber(seq)},
        {p.len, p.caplen, p.eth.src, p.ip.src, p.ip.dst, p.icmp.type, p.icmp.seq})
    end
  end
end

function TestPcap:test_packets_of_a_file_print_as_tcpdump_prints_them()
  local lab <close>, a, b = helper.two_hosts()
  local cap = assert(b:capture())
  local server <close> = assert(b:tcp())
  assert(server:bind("10.0.0.2", 80))
  assert(server:listen())
  local t = netlab.spawn(function()
    local c <close> = assert(server:accept())
    c:settimeout(5)
    c:receive("*l")
    c:send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
  end)
  local c <close> = assert(a:tcp())
  c:settimeout(5)
  assert(c:connect("10.0.0.2", 80))
  c:send("GET / HTTP/1.1\r\n")
  c:receive("*a")
  c:close()
  t:join(5)
  local path = helper.tmpname(".pcap")
  netlab.sleep(0.1)
  assert(cap:save(path))
  local lines = tcpdump_lines(path)
  lu.assertTrue(#lines >= 8)
  local back = read_all(path) -- relative numbers noted in file order
  lu.assertEquals(#back, #lines)
  for i, p in ipairs(back) do lu.assertEquals(tostring(p), lines[i]) end
end

function TestPcap:test_nsec_keeps_nanoseconds()
  local pkts = captured()
  local path = helper.tmpname(".pcap")
  lu.assertTrue(netlab.pcap.write(path, pkts, {nsec = true}))
  lu.assertEquals(string.unpack("<I4", bytes_of(path)), 0xa1b23c4d)
  local back = read_all(path)
  for i, p in ipairs(back) do lu.assertEquals(p.time, pkts[i].time) end
  lu.assertEquals(#tcpdump_lines(path), 4)
end

function TestPcap:test_a_file_tcpdump_wrote_reads_as_the_same_packets()
  local path = helper.tmpname(".pcap")
  assert(netlab.pcap.write(path, captured()))
  local copy = helper.tmpname(".pcap")
  local _, err, code = helper.run(("tcpdump -r %s -w %s"):format(path, copy))
  lu.assertEquals(code, 0, err)
  local a, b = read_all(path), read_all(copy)
  lu.assertEquals(#b, #a)
  for i = 1, #a do lu.assertEquals(b[i]:bytes(), a[i]:bytes()) end
end

function TestPcap:test_a_pcapng_file_reads()
  local frames = {}
  for _, p in ipairs(captured()) do frames[#frames + 1] = p:bytes() end
  local path = file_of(pcapng(frames), ".pcapng")
  lu.assertEquals(#tcpdump_lines(path), 4) -- tcpdump agrees it is valid
  local back, linktype = read_all(path)
  lu.assertEquals(linktype, 1)
  lu.assertEquals(#back, 4)
  for i, p in ipairs(back) do
    lu.assertEquals(p:bytes(), frames[i])
    lu.assertAlmostEquals(p.time, 1700000000 + i, 1e-6)
  end
end

function TestPcap:test_cooked_packets_keep_their_link_type()
  local pkts = captured("any")
  local path = helper.tmpname(".pcap")
  lu.assertTrue(netlab.pcap.write(path, pkts))
  local lines, err = tcpdump_lines(path)
  lu.assertEquals(#lines, 4)
  lu.assertStrContains(err, "LINUX_SLL")
  local back, linktype = read_all(path)
  lu.assertEquals(linktype, pkts[1].linktype)
  lu.assertEquals(back[1].linktype, pkts[1].linktype)
end

function TestPcap:test_an_empty_list_writes_an_empty_file_of_the_link_type()
  local path = helper.tmpname(".pcap")
  lu.assertTrue(netlab.pcap.write(path, {}, {linktype = 113}))
  local lines, err = tcpdump_lines(path)
  lu.assertEquals(#lines, 0)
  lu.assertStrContains(err, "LINUX_SLL")
  local r <close> = assert(netlab.pcap.open(path))
  lu.assertEquals(r:linktype(), 113)
  lu.assertNil(r:next())
end

function TestPcap:test_next_then_packets_then_the_end()
  local path = helper.tmpname(".pcap")
  assert(netlab.pcap.write(path, captured()))
  local r = assert(netlab.pcap.open(path))
  lu.assertEquals(getmetatable(r).__name, "netlab.pcapfile")
  lu.assertNotNil(r:next())
  local n = 0
  for _ in r:packets() do n = n + 1 end
  lu.assertEquals(n, 3)
  lu.assertEquals({r:next()}, {nil})
  lu.assertEquals(tostring(r), "pcap file " .. path .. " (EN10MB), 4 packets read")
  r:close()
  r:close() -- again: harmless
  lu.assertEquals(tostring(r), "pcap file " .. path .. " (EN10MB), 4 packets read (closed)")
end

function TestPcap:test_packets_reuse_gives_one_object_refilled_with_the_same_fields()
  local path = helper.tmpname(".pcap")
  local pkts = captured()
  pkts[#pkts + 1] = netlab.packet.decode(("\255"):rep(6) .. ("\2"):rep(6) .. "\8\6" .. ("\0"):rep(28)) -- ARP
  assert(netlab.pcap.write(path, pkts))
  local want = {}
  for p in assert(netlab.pcap.open(path)):packets() do
    want[#want + 1] = {tostring(p), p.time, p.len, p.ip and p.ip.src, p.icmp and p.icmp.seq, p.arp and p.arp.op}
  end
  local r <close> = assert(netlab.pcap.open(path))
  local got, seen, ip = {}, {}, nil
  for p in r:packets{reuse = true} do
    seen[p] = true
    ip = ip or p.ip -- a view kept past its step follows the packet
    got[#got + 1] = {tostring(p), p.time, p.len, p.ip and p.ip.src, p.icmp and p.icmp.seq, p.arp and p.arp.op}
  end
  lu.assertEquals(got, want)
  lu.assertEquals(#want, 5)
  local n = 0
  for _ in pairs(seen) do n = n + 1 end
  lu.assertEquals(n, 1) -- one object for all
  lu.assertNil(ip.src) -- the last packet (ARP) has no IP layer
  lu.assertEquals(tostring(r), "pcap file " .. path .. " (EN10MB), 5 packets read")
  -- printing from the middle: tcpdump's relative numbers all the same
  -- (a TCP conversation of the lab, then r:next() after the loop)
  local tcp_path = helper.tmpname(".pcap")
  do
    local lab <close>, a2, b2 = helper.two_hosts()
    local cap = assert(b2:capture{filter = "tcp port 7070"})
    local srv <close> = assert(b2:tcp())
    assert(srv:bind("10.0.0.2", 7070))
    assert(srv:listen())
    local c <close> = assert(a2:tcp())
    assert(c:connect("10.0.0.2", 7070))
    local s2 <close> = assert(srv:accept())
    for i = 1, 3 do assert(c:send("hello " .. i .. "\n")); assert(s2:receive()) end
    c:close()
    local seg = {}
    for q in cap:packets{count = 9, timeout = 2} do seg[#seg + 1] = q end
    assert(netlab.pcap.write(tcp_path, seg))
  end
  local lines = {}
  for q in assert(netlab.pcap.open(tcp_path)):packets() do lines[#lines + 1] = tostring(q) end
  lu.assertTrue(#lines >= 7)
  lu.assertStrContains(table.concat(lines, "\n"), "seq 1:9") -- relative numbers
  local late, k = {}, 0
  local rr <close> = assert(netlab.pcap.open(tcp_path))
  for q in rr:packets{reuse = true} do
    k = k + 1
    if k >= 4 then late[#late + 1] = tostring(q) end
    if k == 5 then break end
  end
  local rest = rr:next()
  late[#late + 1] = tostring(rest)
  lu.assertEquals(late, {lines[4], lines[5], lines[6]})
  local skip <close> = assert(netlab.pcap.open(tcp_path)) -- never printed, then next()
  local iter = skip:packets{reuse = true}
  iter() iter() iter()
  lu.assertEquals(tostring(skip:next()), lines[4])
  -- a packet bigger than the room it started with: a new object, whole
  local big = netlab.packet.decode(("\2"):rep(12) .. "\8\0" .. ("x"):rep(5000))
  assert(netlab.pcap.write(path, {pkts[1], big, pkts[2]}))
  local lens = {}
  for p in assert(netlab.pcap.open(path)):packets{reuse = true} do lens[#lens + 1] = #p:bytes() end
  lu.assertEquals(lens, {#pkts[1]:bytes(), 5014, #pkts[2]:bytes()})
  -- bad options
  raises("bad argument #1 to 'packets' (table expected, got number)", function() r:packets(5) end)
  raises("bad argument #1 to 'packets' (reuse: boolean expected, got string)",
    function() r:packets{reuse = "yes"} end)
  for p in assert(netlab.pcap.open(path)):packets{reuse = false} do seen[p] = true end
  n = 0
  for _ in pairs(seen) do n = n + 1 end
  lu.assertTrue(n >= 4) -- reuse = false: a new object each
end

-- A classic pcap file (little-endian, microseconds, snapshot SNAP) of
-- records {bytes, caplen =, len =}, cut to CUT bytes if given.
local function pcap_records(snap, recs, cut)
  local out = {string.pack("<I4I2I2i4I4I4I4", 0xa1b2c3d4, 2, 4, 0, 0, snap, 1)}
  for _, r in ipairs(recs) do
    out[#out + 1] = string.pack("<I4I4I4I4", 1700000000, 5, r.caplen or #r[1], r.len or #r[1]) .. r[1]
  end
  local s = table.concat(out)
  return file_of(cut and s:sub(1, cut) or s)
end

function TestPcap:test_damaged_records_read_as_tcpdump_reads_them()
  local frame = captured()[1]:bytes()
  local long = frame .. ("x"):rep(60)
  local files = {
    pcap_records(50, {{long}, {frame}}), -- a record past the snapshot: cut to it
    pcap_records(65535, {{frame}, {frame}}, 24 + 16 + #frame + 30), -- data cut
    pcap_records(65535, {{frame}, {frame}}, 24 + 16 + #frame + 9), -- header cut
    pcap_records(65535, {{frame}, {"zz", caplen = 300000, len = 300000}}), -- caplen past any snapshot
    pcap_records(50, {{long}, {long}}, 24 + 16 + 50 + 40), -- cut inside the snapshot's part
  }
  for i, path in ipairs(files) do
    local out, err = helper.run("tcpdump -nn -r " .. path)
    local lines = {}
    for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
    local r <close> = assert(netlab.pcap.open(path))
    local got = {}
    while true do
      local p, why = r:next()
      if not p then
        if why then lu.assertStrContains(err, why, "file " .. i) end
        lu.assertEquals(why ~= nil, i ~= 1, "file " .. i .. ": " .. tostring(why))
        break
      end
      got[#got + 1] = tostring(p):sub(16) -- after the local time
    end
    for j = 1, #lines do lines[j] = lines[j]:sub(16) end
    lu.assertEquals(got, lines, "file " .. i)
  end
end

function TestPcap:test_every_function_and_reader_method_is_documented()
  local doc = require "netlab.doc"
  for name, v in pairs(netlab.pcap) do
    if type(v) == "function" then lu.assertNotNil(doc["netlab.pcap." .. name], "netlab.pcap." .. name) end
  end
  for name, v in pairs(netlab.pcap.meta.__index) do
    if type(v) == "function" then lu.assertNotNil(doc["pcapfile:" .. name], "pcapfile:" .. name) end
  end
  lu.assertNotNil(doc["netlab.pcap"])
end

-- Bad input ------------------------------------------------------------

function TestPcap:test_a_truncated_file_gives_the_good_packets_then_an_error()
  local path = helper.tmpname(".pcap")
  assert(netlab.pcap.write(path, captured()))
  local cut = file_of(bytes_of(path):sub(1, -11))
  local r <close> = assert(netlab.pcap.open(cut))
  for _ = 1, 3 do lu.assertNotNil(r:next()) end
  local p, err = r:next()
  lu.assertNil(p)
  lu.assertStrContains(err, "truncated dump file; tried to read ")
  local r2 <close> = assert(netlab.pcap.open(cut))
  raises("truncated dump file", function() for _ in r2:packets() do end end)
  -- a header cut short
  local ok, err2, code = netlab.pcap.open(file_of(bytes_of(path):sub(1, 10)))
  lu.assertNil(ok)
  lu.assertStrContains(err2, "truncated dump file")
  lu.assertEquals(code, errno.EINVAL)
end

function TestPcap:test_a_garbage_file_is_refused()
  local path = file_of(("not a capture file at all "):rep(4))
  lu.assertEquals({netlab.pcap.open(path)}, {nil, path .. ": unknown file format", errno.EINVAL})
  local empty = file_of("")
  local ok, err = netlab.pcap.open(empty)
  lu.assertNil(ok)
  lu.assertStrContains(err, empty .. ": ")
end

function TestPcap:test_missing_files_and_directories_give_errno()
  lu.assertEquals({netlab.pcap.open("/nonexistent/x.pcap")},
    {nil, "/nonexistent/x.pcap: No such file or directory", errno.ENOENT})
  lu.assertEquals({netlab.pcap.open("/")}, {nil, "/: Is a directory", errno.EISDIR})
end

function TestPcap:test_an_unwritable_path_gives_errno()
  lu.assertEquals({netlab.pcap.write("/nonexistent/x.pcap", {})},
    {nil, "/nonexistent/x.pcap: No such file or directory", errno.ENOENT})
  local ok, err, code = netlab.pcap.write("/proc/version", {})
  lu.assertNil(ok)
  lu.assertStrContains(err, "/proc/version: ")
  lu.assertTrue(code == errno.EACCES or code == errno.EPERM or code == errno.EIO, tostring(code))
end

function TestPcap:test_packets_of_two_link_types_raise()
  local mixed = captured()
  mixed[#mixed + 1] = captured("any")[1]
  raises("bad argument #2 to 'write' (packets of two link types (1 and 276)", -- any: cooked v2
    function() netlab.pcap.write(helper.tmpname(".pcap"), mixed) end)
end

function TestPcap:test_wrong_argument_types_raise()
  local pcap, p = netlab.pcap, captured()[1]
  raises("bad argument #1 to 'open' (string expected, got no value)", function() pcap.open() end)
  raises("bad argument #1 to 'open' (string expected, got table)", function() pcap.open({}) end)
  raises("bad argument #1 to 'write' (string expected, got nil)", function() pcap.write(nil, {}) end)
  raises("bad argument #2 to 'write' (table expected, got string)", function() pcap.write("x.pcap", "p") end)
  raises("bad argument #2 to 'write' (packet expected at index 2, got number)",
    function() pcap.write("x.pcap", {p, 5}) end)
  raises("bad argument #3 to 'write' (table expected, got boolean)", function() pcap.write("x.pcap", {}, true) end)
  raises("bad argument #3 to 'write' (linktype: integer expected)",
    function() pcap.write("x.pcap", {}, {linktype = "EN10MB"}) end)
  lu.assertNil(io.open("x.pcap")) -- nothing written
end

function TestPcap:test_a_closed_reader_raises()
  local path = helper.tmpname(".pcap")
  assert(netlab.pcap.write(path, {}))
  local r = assert(netlab.pcap.open(path))
  local iter = r:packets()
  r:close()
  raises("attempt to use a closed pcap file", r.next, r)
  raises("attempt to use a closed pcap file", r.packets, r)
  raises("attempt to use a closed pcap file", iter)
  lu.assertEquals(r:linktype(), 1)
  raises("bad argument #1 to 'next' (netlab.pcapfile expected, got table)", function() r.next({}) end)
end
