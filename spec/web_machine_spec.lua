-- spec/web_machine_spec.lua: the web view's live packet stream of a host
-- on another machine (lab:machine), on two simulated machines
-- (spec/machines.lua): the capture runs on the host's worker, its
-- packets come back over the worker's session each tick and are printed
-- here as tcpdump prints them, with the BPF filter compiled there, the
-- -X view and ladders of what came; the page's pending bytes are bounded
-- as for a local host; a filter the remote capture rejects is a 400 with
-- libpcap's words; a worker that dies mid-stream ends the page's stream
-- with an "ended" event naming the machine, and nothing is left on any
-- machine (no capture socket in the host, no stream here).
local lu = require "luaunit"
local helper = require "helper"
local client = require "webclient"
local machines = require "machines"

TestWebMachine = {}

local root = (netlab.sh("id -u") or ""):match("^0") ~= nil

function TestWebMachine:setUp()
  if not root then lu.skip("simulated machines are named network namespaces: root only") end
  self.sim = machines.new()
  self.lab = netlab.lab()
  self.m1 = assert(self.lab:machine(self.sim.specs[1]))
  self.m2 = assert(self.lab:machine(self.sim.specs[2]))
  self.a = assert(self.lab:host("a", {on = "m1"}))
  self.b = assert(self.lab:host("b", {on = "m2"}))
  self.link = assert(self.lab:link(self.a, self.b, "10.0.0.1/24", "10.0.0.2/24"))
  self.web = assert(self.lab:web{port = 0})
end

function TestWebMachine:tearDown()
  if self.web then self.web:close() end
  machines.tear_down(self)
end

-- GET PATH (with the token) from the lab's page.
function TestWebMachine:get(path)
  local sep = path:find("?", 1, true) and "&" or "?"
  return client.request(self.web.port, "GET", path .. sep .. "t=" .. self.web.token)
end

-- Reads the event stream at PATH for at most SECONDS while FN runs; its
-- text and how long the stream lasted.
function TestWebMachine:events(path, seconds, fn)
  local reader = netlab.spawn(function()
    local c <close> = assert(netlab.tcp())
    assert(c:connect("127.0.0.1", self.web.port))
    assert(c:send(("GET %s&t=%s HTTP/1.1\r\nHost: x\r\n\r\n"):format(path, self.web.token)))
    c:settimeout(seconds, "t")
    local t0 = netlab.now()
    local data, _, partial = c:receive("*a")
    return data or partial, netlab.now() - t0
  end)
  netlab.sleep(0.3) -- the stream has opened its capture on the machine
  if fn then fn() end
  return reader:join()
end

-- The packet sockets open in remote host H (a capture's), as ss lists them.
local function packet_sockets(h)
  return (h:sh("ss -H -0 -a | wc -l")):gsub("%s", "")
end

function TestWebMachine:test_a_remote_hosts_packets_stream_as_tcpdump_prints_them()
  local text = self:events("/events?iface=a/eth0&host=b", 1.2, function()
    lu.assertEquals(packet_sockets(self.a), "1") -- the stream's capture, on m1
    assert(self.a:ping("10.0.0.2", {count = 2, interval = 0.1}))
  end)
  lu.assertStrContains(text, "HTTP/1.1 200 OK")
  lu.assertStrContains(text, "event: hello")
  lu.assertStrContains(text, '"iface":"a/eth0"')
  lu.assertStrContains(text, "event: rates")
  lu.assertStrContains(text, "event: sockets")
  lu.assertStrMatches(text, ".*IP 10%.0%.0%.1 \\u003e 10%.0%.0%.2: ICMP echo request, id %d+, seq 1, length 64.*")
  lu.assertStrMatches(text, ".*IP 10%.0%.0%.2 \\u003e 10%.0%.0%.1: ICMP echo reply, id %d+, seq 2, length 64.*")
  lu.assertNotStrContains(text, "event: ended")
  netlab.sleep(0.3)
  lu.assertEquals(next(self.web.streams), nil) -- the stream ended with its page
  lu.assertEquals(packet_sockets(self.a), "0") -- and its capture on m1 with it
end

function TestWebMachine:test_the_filter_is_compiled_on_the_machine()
  local text = self:events("/events?iface=b/eth0&filter=icmp%20and%20src%2010.0.0.2", 1, function()
    assert(self.a:ping("10.0.0.2", {count = 1}))
  end)
  lu.assertStrContains(text, "ICMP echo reply")
  lu.assertNotStrContains(text, "ICMP echo request")
  local status, _, body = self:get("/events?iface=b/eth0&filter=tcp%20prt")
  lu.assertEquals(status, 400)
  lu.assertStrContains(body, "syntax error")
  lu.assertNotStrContains(body, "worker") -- libpcap's words, not the worker's position
  status, _, body = self:get("/events?iface=b/eth9")
  lu.assertEquals(status, 400)
  lu.assertStrContains(body, "eth9")
  netlab.sleep(0.2)
  lu.assertEquals(packet_sockets(self.b), "0")
end

function TestWebMachine:test_hex_view_and_ladder_of_a_remote_stream()
  local s <close> = assert(self.b:tcp())
  assert(s:bind("10.0.0.2", 80))
  assert(s:listen())
  local got = {}
  self:events("/events?iface=a/eth0&filter=tcp", 1.5, function()
    local c <close> = assert(self.a:tcp())
    assert(c:connect("10.0.0.2", 80))
    local srv <close> = assert(s:accept())
    assert(c:send("hello"))
    netlab.sleep(0.3)
    local id, st = next(self.web.streams)
    got.seq = st.seq
    got.status, _, got.packet = self:get(("/api/packet?s=%d&n=1"):format(id))
    got.conv = require("netlab.web_view").conv_key(st.ring[1])
    got.lstatus, _, got.ladder = self:get(("/api/ladder.svg?s=%d&conv=%s"):format(id, got.conv:gsub(" ", "%%20")))
  end)
  lu.assertTrue(got.seq >= 4, "segments in the stream: " .. got.seq) -- SYN, SYN-ACK, ACK, data
  lu.assertEquals(got.status, 200)
  local p = client.json(got.packet)
  lu.assertStrContains(p.text, "Flags [S]")
  lu.assertStrContains(p.text, "0x0000:  4500") -- tcpdump -X's hex
  lu.assertStrMatches(got.conv, "10%.0%.0%.1:%d+ 10%.0%.0%.2:80")
  lu.assertEquals(got.lstatus, 200)
  lu.assertStrContains(got.ladder, "SYN")
end

function TestWebMachine:test_a_page_that_does_not_read_has_its_updates_dropped()
  local stream = require "netlab.web_stream"
  local saved = stream.MAX_PENDING
  stream.MAX_PENDING = 4096
  local c <close> = assert(netlab.tcp())
  assert(c:setoption("rcvbuf", 4096))
  assert(c:connect("127.0.0.1", self.web.port))
  assert(c:send(("GET /events?iface=a/eth0&t=%s HTTP/1.1\r\nHost: x\r\n\r\n"):format(self.web.token)))
  netlab.sleep(0.3)
  local _, st = next(self.web.streams)
  local r = assert(self.a:ping("10.0.0.2", {count = 300, interval = 0.002, size = 1000}))
  netlab.sleep(0.2)
  stream.MAX_PENDING = saved
  lu.assertEquals(r.received, 300) -- the lab's own traffic is not held up
  lu.assertTrue(st.dropped > 0, "nothing dropped")
  lu.assertTrue(#st.pending <= 4096 + 64 * 1024, "pending grew to " .. #st.pending)
  c:settimeout(2)
  lu.assertStrContains(c:receive(2048), "event: ")
end

function TestWebMachine:test_a_tick_brings_at_most_remote_bytes_the_rest_waits_on_the_machine()
  local stream = require "netlab.web_stream"
  local saved = stream.REMOTE_BYTES
  stream.REMOTE_BYTES = 3000 -- a tick brings 3 packets of 1042 bytes
  local seq, later
  self:events("/events?iface=a/eth0&filter=icmp", 2, function()
    local _, st = next(self.web.streams)
    assert(self.a:ping("10.0.0.2", {count = 100, interval = 0.002, size = 1000}))
    seq = st.seq
    netlab.sleep(0.5)
    later = st.seq
  end)
  stream.REMOTE_BYTES = saved
  lu.assertTrue(seq < 200, "a tick took more than REMOTE_BYTES: " .. seq)
  lu.assertTrue(later > seq and later <= seq + 3 * 12, ("%d then %d"):format(seq, later))
end

function TestWebMachine:test_a_worker_dying_mid_stream_ends_it_with_a_clear_error()
  local text, lasted = self:events("/events?iface=a/eth0&host=b", 5, function()
    assert(self.a:ping("10.0.0.2", {count = 1}))
    netlab.sleep(0.2)
    helper.sh("kill -9 " .. self.m1:pid())
  end)
  lu.assertStrContains(text, "ICMP echo request") -- what came before
  lu.assertStrContains(text, 'event: ended\ndata: {"error":"machine m1 is gone (its worker ended): no capture of host a"}')
  lu.assertTrue(lasted < 4, "the stream did not end: " .. lasted)
  lu.assertEquals(next(self.web.streams), nil)
  local status, _, body = self:get("/events?iface=a/eth0")
  lu.assertEquals(status, 400)
  lu.assertStrContains(body, "machine m1 is gone")
  lu.assertEquals((self:get("/")), 200) -- the page goes on
  lu.assertEquals(self.web.errors, 0)
  -- m2's hosts still stream
  local again = self:events("/events?iface=b/eth0", 0.6)
  lu.assertStrContains(again, "event: hello")
  lu.assertNotStrContains(again, "event: ended")
end

function TestWebMachine:test_capture_batch_takes_only_a_capture_and_bounded_counts()
  local call_fn = require("netlab.lab_machine").call_fn
  local cap <close> = assert(self.a:capture{iface = "eth0"})
  local r = assert(call_fn(self.m1, "capture_batch", cap, 10, 1000))
  lu.assertEquals(r.list, {})
  lu.assertTrue(r.open)
  for _, bad in ipairs{{cap, 0, 1000}, {cap, 10, 0}, {cap, 10, 1 << 40}, {cap, 1.5, 10}, {cap, 10, "x"},
                       {self.a, 10, 1000}, {nil, 10, 1000}} do
    local ok, err = call_fn(self.m1, "capture_batch", table.unpack(bad, 1, 3))
    lu.assertNil(ok)
    lu.assertStrContains(err, "capture_batch: ")
  end
  assert(self.a:ping("10.0.0.2", {count = 3, interval = 0.05}))
  netlab.sleep(0.1)
  r = assert(call_fn(self.m1, "capture_batch", cap, 2, 100000))
  lu.assertEquals(#r.list, 4) -- two packets: time and bytes each
  lu.assertEquals(math.type(r.linktype), "integer")
  r = assert(call_fn(self.m1, "capture_batch", cap, 100, 1)) -- one packet is over the bytes already
  lu.assertEquals(#r.list, 2)
  cap:close()
  r = assert(call_fn(self.m1, "capture_batch", cap, 10, 1000))
  lu.assertFalse(r.open)
end
