-- spec/capture_ring_spec.lua: a capture never runs out of memory. It
-- keeps its newest packets in a bounded ring (ring = packets, ring_bytes
-- = bytes), the oldest going first and those never read counted
-- (stats().ring_dropped, as tcpdump counts "dropped by kernel"); it
-- streams to pcap files rotated as tcpdump -w FILE -C SIZE -W COUNT
-- rotates them, named as tcpdump names them, each read back by tcpdump
-- -r; closing returns at once and leaves no fd behind. Bad sizes, paths,
-- a full disk and closed captures each give a clear error.
local lu = require "luaunit"
local helper = require "helper"
local errno = require "netlab.errno"

TestCaptureRing = {}

local two_hosts, raises = helper.two_hosts, helper.raises

-- Pings b (10.0.0.2) from A N times, 10 ms apart: 2N ICMP packets.
local function pings(a, n)
  assert(a:ping("10.0.0.2", {count = n, interval = 0.01}))
end

-- The ICMP sequence numbers of LIST's packets, in order.
local function seqs(list)
  local out = {}
  for _, p in ipairs(list) do out[#out + 1] = p.icmp.seq end
  return out
end

-- What tcpdump -nn -r prints for PATH, as a list of lines.
local function tcpdump_lines(path)
  local out = assert(io.popen("tcpdump -nn -r " .. helper.shquote(path) .. " 2>/dev/null"))
  local lines = {}
  for line in out:lines() do lines[#lines + 1] = line end
  out:close()
  return lines
end

-- The size of the file at PATH, or nil if there is none.
local function size_of(path)
  local f <close> = io.open(path, "rb")
  return f and f:seek("end")
end

-- A fresh directory, removed when the test ends (by the returned closer).
local function tmpdir()
  local dir = helper.tmpname(".d")
  assert(os.execute("mkdir " .. helper.shquote(dir)))
  return dir, setmetatable({}, {__close = function() os.execute("rm -rf " .. helper.shquote(dir)) end})
end

-- The ring ------------------------------------------------------------

function TestCaptureRing:test_the_ring_keeps_the_newest_packets_and_counts_the_unread_it_dropped()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp", ring = 4})
  pings(a, 5) -- 10 packets: requests and replies of seq 1 to 5
  local list = cap:list()
  lu.assertEquals(#list, 4)
  lu.assertEquals(seqs(list), {4, 4, 5, 5}) -- the newest
  local st = assert(cap:stats())
  lu.assertEquals({st.captured, st.ring_dropped, st.ring_packets, st.unread}, {10, 6, 4, 4})
  lu.assertEquals(st.dropped, 0) -- the kernel lost nothing: the ring let them go
  lu.assertEquals(cap:next(0).icmp.seq, 4) -- the oldest kept comes next
  lu.assertEquals(tostring(cap):match("(%d+) packets"), "10")
end

function TestCaptureRing:test_packets_handed_out_leave_the_ring_without_counting_as_dropped()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp", ring = 2})
  for i = 1, 3 do
    pings(a, 1)
    lu.assertEquals(cap:next(2).icmp.seq, 1)
    lu.assertEquals(cap:next(2).icmp.seq, 1)
    lu.assertEquals(#cap:list(), 2, "round " .. i)
  end
  local st = assert(cap:stats())
  lu.assertEquals({st.captured, st.ring_dropped, st.unread}, {6, 0, 0})
end

function TestCaptureRing:test_ring_bytes_bounds_the_memory_held()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp", ring_bytes = 600})
  pings(a, 4) -- 98-byte frames: a few fit in 600 bytes with their records
  local st = assert(cap:stats())
  lu.assertTrue(st.ring_bytes <= 600, "holds " .. st.ring_bytes)
  lu.assertTrue(st.ring_packets >= 1 and st.ring_packets < 8)
  lu.assertEquals(st.ring_packets + st.ring_dropped, 8)
  local one = assert(b:capture{filter = "icmp", ring_bytes = 1})
  pings(a, 1)
  lu.assertEquals(#one:list(), 1) -- the newest packet is kept, however large
end

function TestCaptureRing:test_an_any_capture_holds_more_than_the_kernels_8_while_the_script_waits()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{iface = "any", filter = "icmp"})
  pings(a, 10) -- ping waits: the capture's task moves each packet to the ring
  netlab.sleep(0.05)
  local st = assert(cap:stats())
  lu.assertEquals({st.captured, st.unread, st.dropped, st.ring_dropped}, {20, 20, 0, 0})
  lu.assertEquals(#cap:list(), 20)
end

function TestCaptureRing:test_a_long_capture_holds_at_most_its_ring()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "udp port 9999", ring = 100})
  local u <close> = assert(a:udp())
  for round = 1, 20 do
    for i = 1, 100 do assert(u:sendto(("%d %d"):format(round, i), "10.0.0.2", 9999)) end
    lu.assertTrue(#cap:list() <= 100)
  end
  local list = cap:list()
  lu.assertEquals(#list, 100)
  lu.assertEquals(list[100].payload, "20 100")
  lu.assertEquals(cap:stats().captured, 2000)
end

-- Files ---------------------------------------------------------------

function TestCaptureRing:test_write_streams_every_packet_to_a_file_tcpdump_reads()
  local lab <close>, a, b = two_hosts()
  local dir, _ <close> = tmpdir()
  local path = dir .. "/all.pcap"
  local cap = assert(b:capture{filter = "icmp", write = path, ring = 2})
  pings(a, 5)
  netlab.sleep(0.1) -- the capture's task writes without the script reading
  lu.assertEquals(cap:stats().saved, 10)
  lu.assertEquals(cap:close(), true)
  local lines = tcpdump_lines(path)
  lu.assertEquals(#lines, 10) -- the file has what the ring let go
  lu.assertStrContains(lines[1], "IP 10.0.0.1 > 10.0.0.2: ICMP echo request")
  lu.assertEquals(#cap:list(), 2)
end

function TestCaptureRing:test_size_and_files_rotate_as_tcpdump_C_and_W_do()
  local lab <close>, a, b = two_hosts()
  local dir, _ <close> = tmpdir()
  local path = dir .. "/rot.pcap"
  -- 98-byte frames cost 114 bytes each, after a 24-byte file header: a
  -- file passes 500 bytes at its fifth packet and the next one starts
  local cap = assert(b:capture{filter = "icmp", write = path, size = 500, files = 3})
  pings(a, 7) -- 14 packets: 5 + 5 + 4, then no fourth file
  netlab.sleep(0.1)
  local st = assert(cap:stats())
  lu.assertEquals({st.saved, st.files}, {14, 3})
  assert(cap:close())
  lu.assertNil(size_of(path)) -- with a count, every name has its number
  for i, want in ipairs{5, 5, 4} do
    local name = path .. (i - 1)
    lu.assertEquals(#tcpdump_lines(name), want, name)
    lu.assertTrue(size_of(name) <= 500 + 114, name)
  end
  lu.assertNil(size_of(path .. "3"))
end

function TestCaptureRing:test_files_are_reused_from_the_first_once_all_are_written()
  local lab <close>, a, b = two_hosts()
  local dir, _ <close> = tmpdir()
  local path = dir .. "/w.pcap"
  local cap = assert(b:capture{filter = "icmp", write = path, size = 200, files = 2})
  pings(a, 3) -- 6 packets, 2 a file: w.pcap0, w.pcap1, then w.pcap0 again
  netlab.sleep(0.1)
  lu.assertEquals(cap:stats().files, 3)
  assert(cap:close())
  local first = tcpdump_lines(path .. "0")
  lu.assertEquals(#first, 2)
  lu.assertStrContains(first[1], "seq 3") -- the newest pair
  lu.assertEquals(#tcpdump_lines(path .. "1"), 2)
end

function TestCaptureRing:test_size_alone_numbers_files_after_the_first_from_1()
  local lab <close>, a, b = two_hosts()
  local dir, _ <close> = tmpdir()
  local path = dir .. "/c.pcap"
  local cap = assert(b:capture{filter = "icmp", write = path, size = 200})
  pings(a, 3)
  netlab.sleep(0.1)
  assert(cap:close())
  for _, name in ipairs{path, path .. "1", path .. "2"} do
    lu.assertEquals(#tcpdump_lines(name), 2, name)
  end
  lu.assertNil(size_of(path .. "0"))
  lu.assertNil(size_of(path .. "3"))
end

function TestCaptureRing:test_a_hundred_files_are_numbered_with_two_digits()
  local lab <close>, a, b = two_hosts()
  local dir, _ <close> = tmpdir()
  local path = dir .. "/h.pcap"
  local cap = assert(b:capture{filter = "icmp", write = path, size = 1, files = 100})
  pings(a, 1)
  netlab.sleep(0.1)
  assert(cap:close())
  -- the first file's header alone passes 1 byte: as tcpdump, the first
  -- packet already goes to the next file
  lu.assertEquals(size_of(path .. "00"), 24)
  lu.assertEquals(#tcpdump_lines(path .. "01"), 1)
  lu.assertEquals(#tcpdump_lines(path .. "02"), 1)
  lu.assertNil(size_of(path .. "03"))
end

-- Closing ---------------------------------------------------------------

function TestCaptureRing:test_closing_returns_at_once_and_leaves_no_fd()
  local lab <close>, _, b = two_hosts()
  local before = helper.fd_count()
  local slowest = 0
  for _ = 1, 5 do
    local cap = assert(b:capture())
    local t0 = netlab.now()
    cap:close()
    slowest = math.max(slowest, netlab.now() - t0)
  end
  lu.assertTrue(slowest < 0.005 * helper.slow, ("a close took %.1f ms"):format(slowest * 1e3))
  for _ = 1, 100 do -- the kernel's release finishes on its own thread
    if helper.fd_count() == before then break end
    netlab.sleep(0.01)
  end
  lu.assertEquals(helper.fd_count(), before)
end

-- Bad input ------------------------------------------------------------

function TestCaptureRing:test_bad_sizes_raise()
  local lab <close>, _, b = two_hosts()
  local bad = {
    [{ring = 0}] = "option 'ring': positive integer expected",
    [{ring = -5}] = "option 'ring': positive integer expected",
    [{ring = 1.5}] = "option 'ring': positive integer expected",
    [{ring = "10"}] = "option 'ring': number expected, got string",
    [{ring_bytes = 0}] = "option 'ring_bytes': positive integer expected",
    [{ring_bytes = 1 << 41}] = "option 'ring_bytes': at most 1099511627776",
    [{write = "x.pcap", size = 0}] = "option 'size': positive integer expected",
    [{write = "x.pcap", size = 1, files = -1}] = "option 'files': positive integer expected",
    [{size = 1000}] = "option 'size' needs option 'write'",
    [{write = "x.pcap", files = 3}] = "option 'files' needs option 'size'",
    [{write = ""}] = "option 'write': a file name expected",
    [{write = 5}] = "option 'write': string expected, got number",
    [{immediate = 1}] = "option 'immediate': boolean expected, got number",
  }
  for opts, msg in pairs(bad) do raises("bad argument #1 to 'capture' (" .. msg, b.capture, b, opts) end
  lu.assertNil(size_of("x.pcap")) -- nothing made
end

function TestCaptureRing:test_a_path_that_cannot_be_written_fails_clearly_and_leaves_nothing()
  local lab <close>, _, b = two_hosts()
  local before = helper.fd_count()
  lu.assertEquals({b:capture{write = "/nonexistent/dir/x.pcap"}},
    {nil, "cannot write /nonexistent/dir/x.pcap: No such file or directory", errno.ENOENT})
  lu.assertEquals({b:capture{write = "/sys/x.pcap"}}, -- a directory even root cannot write
    {nil, "cannot write /sys/x.pcap: Permission denied", errno.EACCES})
  local ok, err, code = b:capture{write = "/proc"}
  lu.assertNil(ok)
  lu.assertEquals({err, code}, {"cannot write /proc: Is a directory", errno.EISDIR})
  for _ = 1, 100 do -- each capture opened for them was closed
    if helper.fd_count() == before then break end
    netlab.sleep(0.01)
  end
  lu.assertEquals(helper.fd_count(), before)
end

function TestCaptureRing:test_a_full_disk_is_told_by_close()
  local lab <close>, a, b = two_hosts()
  local cap = assert(b:capture{filter = "icmp", write = "/dev/full"})
  pings(a, 1)
  lu.assertEquals({cap:close()}, {nil, "cannot write /dev/full: No space left on device", errno.ENOSPC})
  lu.assertEquals(cap:close(), true) -- told once; closing again is harmless
  lu.assertEquals(#cap:list(), 2) -- what it captured is still there
end

function TestCaptureRing:test_a_closed_capture_raises_and_keeps_its_ring()
  local lab <close>, a, b = two_hosts()
  local dir, _ <close> = tmpdir()
  local cap = assert(b:capture{filter = "icmp", write = dir .. "/z.pcap", ring = 3})
  pings(a, 2)
  cap:stop()
  for _, m in ipairs{"next", "stats", "fd"} do raises("attempt to use a closed capture", cap[m], cap) end
  lu.assertEquals(#cap:list(), 3)
  lu.assertEquals(#tcpdump_lines(dir .. "/z.pcap"), 4)
  lu.assertEquals(cap:close(), true)
end
