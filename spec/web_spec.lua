-- spec/web_spec.lua: lab:web serves a lab's live page from netlab's own
-- sockets, as HTTP/1.1 seen from a client on 127.0.0.1: the page and its
-- files with the token, 403 without it, a 4xx for every kind of bad
-- request while the lab goes on, 127.0.0.1 only by default, read-only
-- unless control = true; the event stream carries the watched
-- interface's packets as tcpdump prints them, escaped, and drops (and
-- counts) what a page that does not read cannot take. The browser's
-- view is web_browser_spec.lua.
local lu = require "luaunit"
local helper = require "helper"
local client = require "webclient"
local doc = require "netlab.doc"
local errno = require "netlab.errno"

TestWeb = {}

function TestWeb:setUp()
  self.lab = netlab.lab()
  self.a, self.b = assert(self.lab:host "a"), assert(self.lab:host "b")
  self.link = assert(self.lab:link(self.a, self.b, "10.0.0.1/24", "10.0.0.2/24"))
  self.web = assert(self.lab:web{port = 0})
end

function TestWeb:tearDown()
  self.web:close()
  self.lab:close()
end

-- GET PATH (its query with the token unless NOTOKEN) from the lab's page.
function TestWeb:get(path, notoken, method)
  local sep = path:find("?", 1, true) and "&" or "?"
  local target = notoken and path or (path .. sep .. "t=" .. self.web.token)
  return client.request(self.web.port, method or "GET", target)
end

-- Reads the event stream at PATH for SECONDS while FN runs; its text.
function TestWeb:events(path, seconds, fn)
  local sep = path:find("?", 1, true) and "&" or "?"
  local reader = netlab.spawn(function()
    local c <close> = assert(netlab.tcp())
    assert(c:connect("127.0.0.1", self.web.port))
    assert(c:send(("GET %s%st=%s HTTP/1.1\r\nHost: x\r\n\r\n"):format(path, sep, self.web.token)))
    c:settimeout(seconds, "t")
    local data, _, partial = c:receive("*a")
    return data or partial
  end)
  netlab.sleep(0.2) -- the stream has opened its capture
  if fn then fn() end
  return reader:join()
end

function TestWeb:test_url_has_a_random_token_and_127_0_0_1()
  local url = self.web.url
  lu.assertStrMatches(url, "http://127%.0%.0%.1:%d+/%?t=%x+")
  lu.assertEquals(#self.web.token, 32)
  local other <close> = assert(self.lab:web{port = 0})
  lu.assertNotEquals(other.token, self.web.token)
  lu.assertStrContains(tostring(self.web), url)
  lu.assertEquals(self.web.addr, "127.0.0.1")
  local out = helper.sh("ss -Hltn 'sport = :" .. self.web.port .. "'")
  lu.assertStrContains(out, "127.0.0.1:" .. self.web.port)
  lu.assertNotStrContains(out, "0.0.0.0:" .. self.web.port)
end

function TestWeb:test_page_and_files_with_token()
  local status, h, body = self:get("/")
  lu.assertEquals(status, 200)
  lu.assertStrContains(h["content-type"], "text/html")
  lu.assertStrContains(body, "/app.js?t=" .. self.web.token)
  lu.assertStrContains(h["content-security-policy"], "script-src 'self'")
  lu.assertEquals(h["referrer-policy"], "no-referrer")
  for _, f in ipairs{"/app.js", "/app.css"} do
    status, h, body = self:get(f)
    lu.assertEquals(status, 200, f)
    lu.assertTrue(#body > 100, f)
    lu.assertEquals(tonumber(h["content-length"]), #body)
  end
  status, h, body = self:get("/", false, "HEAD")
  lu.assertEquals(status, 200)
  lu.assertEquals(body, "")
  lu.assertTrue(tonumber(h["content-length"]) > 0)
end

function TestWeb:test_every_request_needs_the_token()
  for _, p in ipairs{"/", "/app.js", "/app.css", "/api/topology", "/events?iface=a/eth0", "/nope"} do
    local status, _, body = self:get(p, true)
    lu.assertEquals(status, 403, p)
    lu.assertStrContains(body, "token")
    status = self:get(p .. (p:find("?", 1, true) and "&" or "?") .. "t=" .. ("0"):rep(32), true)
    lu.assertEquals(status, 403, p)
    status = self:get(p .. (p:find("?", 1, true) and "&" or "?") .. "t=" .. self.web.token:sub(1, 31), true)
    lu.assertEquals(status, 403, p)
  end
  lu.assertEquals((self:get("/nope")), 404)
end

function TestWeb:test_bad_requests_get_4xx_and_the_lab_goes_on()
  local port, big = self.web.port, ("x"):rep(20000)
  local cases = {
    {"HELLO\r\n\r\n", 400},
    {"GET /\r\n\r\n", 400},
    {"GET / HTTP/1.1\r\n\r\n", 400},                       -- no Host
    {"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505},
    {"GET /?t=%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400},
    {"GET /?t=a%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400},
    {"GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n", 400},
    {"GET /" .. ("a"):rep(9000) .. " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
    {"GET / HTTP/1.1\r\nHost: x\r\nX: " .. big .. "\r\n\r\n", 431},
    {"GET / HTTP/1.1\r\nHost: x\r\n" .. ("A: b\r\n"):rep(200) .. "\r\n", 431},
    {"GET / HTTP/1.1\r\nHost: x\r\nbad header\r\n\r\n", 400},
    {"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400},
    {"POST /api/link?t=" .. self.web.token .. " HTTP/1.1\r\nHost: x\r\nContent-Length: 99999\r\n\r\n", 413},
    {"POST /api/link HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400},
    {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
    {"PUT /?t=" .. self.web.token .. " HTTP/1.1\r\nHost: x\r\n\r\n", 405},
    {"GET /api/link?t=" .. self.web.token .. " HTTP/1.1\r\nHost: x\r\n\r\n", 405},
    {"\0\1\2\255\r\n\r\n", 400},
  }
  for i, case in ipairs(cases) do
    local status, _, body = client.raw(port, case[1])
    lu.assertEquals(status, case[2], ("case %d: %s"):format(i, body or ""))
  end
  -- a client that says nothing more gets 408 after the time limit
  local web = require "netlab.web"
  local saved = web.REQUEST_TIMEOUT
  web.REQUEST_TIMEOUT = 0.3
  local status = client.raw(port, "GET / HTTP/1.1\r\nHost:", 3)
  web.REQUEST_TIMEOUT = saved
  lu.assertEquals(status, 408)
  -- the server and the lab still work
  lu.assertEquals((self:get("/")), 200)
  local r = assert(self.a:ping("10.0.0.2", {count = 1, timeout = 2}))
  lu.assertEquals(r.received, 1)
  lu.assertEquals(self.web.errors, 0, self.web.last_error)
end

function TestWeb:test_topology_json()
  local status, h, body = self:get("/api/topology")
  lu.assertEquals(status, 200)
  lu.assertEquals(h["content-type"], "application/json")
  local t = client.json(body)
  local names = {}
  for _, n in ipairs(t.nodes) do names[#names + 1] = n.name end
  lu.assertEquals(names, {"a", "b"})
  lu.assertEquals(#t.edges, 1)
  lu.assertEquals(t.edges[1].a.lines[1], "eth0 10.0.0.1/24")
  lu.assertEquals(t.edges[1].b.host, "b")
  lu.assertEquals(t.control, false)
  assert(self.link:impair{rate = "1mbit"})
  t = client.json(select(3, self:get("/api/topology")))
  lu.assertEquals(t.edges[1].marks.impaired, "rate 1mbit")
  assert(self.link:heal())
  t = client.json(select(3, self:get("/api/topology")))
  lu.assertNil(t.edges[1].marks.impaired)
end

function TestWeb:test_read_only_unless_control()
  local status, _, body = self:get("/api/link?i=1&do=cut", false, "POST")
  lu.assertEquals(status, 403)
  lu.assertStrContains(body, "read-only")
  lu.assertNil(self.link._settings)
  local w <close> = assert(self.lab:web{port = 0, control = true})
  local function post(q) return client.request(w.port, "POST", "/api/link?" .. q .. "&t=" .. w.token) end
  lu.assertEquals((post("i=1&do=cut")), 200)
  lu.assertEquals(self.link._settings, {{cut = true}, {cut = true}})
  local t = client.json(select(3, client.request(w.port, "GET", "/api/topology?t=" .. w.token)))
  lu.assertEquals(t.edges[1].marks.cut, "both ways")
  lu.assertEquals(t.control, true)
  lu.assertEquals((post("i=1&do=heal")), 200)
  lu.assertNil(self.link._settings)
  lu.assertEquals((post("i=9&do=cut")), 404)
  lu.assertEquals((post("i=1&do=explode")), 400)
end

function TestWeb:test_events_carry_packets_as_tcpdump_prints_them()
  local text = self:events("/events?iface=a/eth0&host=b", 1, function()
    assert(self.a:ping("10.0.0.2", {count = 2, interval = 0.1}))
  end)
  lu.assertStrContains(text, "HTTP/1.1 200 OK")
  lu.assertStrContains(text, "content-type: text/event-stream")
  lu.assertStrContains(text, "event: hello")
  lu.assertStrContains(text, "event: topology")
  lu.assertStrContains(text, "event: rates")
  lu.assertStrContains(text, "event: sockets")
  lu.assertStrMatches(text, ".*IP 10%.0%.0%.1 \\u003e 10%.0%.0%.2: ICMP echo request, id %d+, seq 1, length 64.*")
  lu.assertStrMatches(text, ".*IP 10%.0%.0%.2 \\u003e 10%.0%.0%.1: ICMP echo reply, id %d+, seq 2, length 64.*")
  netlab.sleep(0.2)
  lu.assertEquals(next(self.web.streams), nil) -- the stream ended with its page
end

function TestWeb:test_events_filter_is_bpf()
  local text = self:events("/events?iface=a/eth0&filter=icmp%20and%20src%2010.0.0.2", 1, function()
    assert(self.a:ping("10.0.0.2", {count = 1}))
  end)
  lu.assertStrContains(text, "ICMP echo reply")
  lu.assertNotStrContains(text, "ICMP echo request")
  local status, _, body = self:get("/events?iface=a/eth0&filter=tcp%20prt")
  lu.assertEquals(status, 400)
  lu.assertStrContains(body, "syntax error")
  status, _, body = self:get("/events?iface=a/eth9")
  lu.assertEquals(status, 400)
  lu.assertStrContains(body, "eth9")
  status, _, body = self:get("/events?iface=zz/eth0")
  lu.assertEquals(status, 404)
  lu.assertEquals((self:get("/events?host=zz")), 404)
end

function TestWeb:test_packet_text_is_escaped_json()
  local s = assert(self.b:tcp())
  assert(s:bind("10.0.0.2", 80))
  assert(s:listen())
  local text = self:events("/events?iface=a/eth0", 1.2, function()
    local c <close> = assert(self.a:tcp())
    assert(c:connect("10.0.0.2", 80))
    assert(c:send("GET /<script>alert(1)</script>&<b>\"x\" HTTP/1.1\r\n\r\n"))
    netlab.sleep(0.2)
  end)
  s:close()
  lu.assertStrContains(text, "HTTP: GET /\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u0026\\u003cb\\u003e\\\"x\\\" HTTP/1.1")
  lu.assertNotStrContains(text, "<script>")
  lu.assertNotStrContains(text, "<b>")
  local json = require "netlab.web_json"
  lu.assertEquals(json.encode("\0\255\n<'"), '"\\u0000\\u00ff\\u000a\\u003c\\u0027"')
end

function TestWeb:test_hex_view_and_ladder_of_a_stream()
  local s = assert(self.b:tcp())
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
    got.status, _, got.packet = self:get(("/api/packet?s=%d&n=1"):format(id))
    local conv = require("netlab.web_view").conv_key(st.ring[1])
    got.conv = conv
    got.lstatus, got.lh, got.ladder = self:get(("/api/ladder.svg?s=%d&conv=%s"):format(id, conv:gsub(" ", "%%20")))
    got.missing = self:get(("/api/packet?s=%d&n=999"):format(id))
    got.gstatus, _, got.graph = self:get(("/api/seqgraph.svg?s=%d&conv=%s"):format(id, conv:gsub(" ", "%%20")))
    got.noconv = self:get(("/api/seqgraph.svg?s=%d&conv=1.2.3.4:5%%201.2.3.4:6"):format(id))
  end)
  s:close()
  lu.assertEquals(got.status, 200)
  local p = client.json(got.packet)
  lu.assertStrContains(p.text, "Flags [S]")
  lu.assertStrContains(p.text, "0x0000:  4500") -- tcpdump -X's hex
  lu.assertStrMatches(got.conv, "10%.0%.0%.1:%d+ 10%.0%.0%.2:80")
  lu.assertEquals(got.lstatus, 200)
  lu.assertEquals(got.lh["content-type"], "image/svg+xml")
  lu.assertStrContains(got.ladder, "<svg")
  lu.assertStrContains(got.ladder, "SYN")
  lu.assertEquals(got.missing, 404)
  lu.assertEquals(got.gstatus, 200)
  lu.assertStrContains(got.graph, "<svg")
  lu.assertEquals(got.noconv, 404)
  netlab.sleep(0.2)
  lu.assertEquals((self:get("/api/packet?s=1&n=1")), 404) -- the stream has ended
end

function TestWeb:test_a_connections_cwnd_and_rtt_plot()
  local web_tcp = require "netlab.web_tcp"
  local s = assert(self.b:tcp())
  assert(s:bind("10.0.0.2", 81))
  assert(s:listen())
  local c <close> = assert(self.a:tcp())
  assert(c:connect("10.0.0.2", 81))
  local srv <close> = assert(s:accept())
  local key = ("10.0.0.1:%d 10.0.0.2:81"):format(select(2, c:getsockname()))
  local path = "/api/tcpplot.svg?conv=" .. key:gsub(" ", "%%20")
  local first, _, why = self:get(path)
  lu.assertEquals(first, 404)
  lu.assertStrContains(why, "sampling has started")
  local sender = netlab.spawn(function() assert(c:send(("x"):rep(200000))) end)
  srv:settimeout(2)
  local data = srv:receive(200000) -- all of it, or nil at the timeout
  sender:join()
  local got = data and #data or 0
  netlab.sleep(3 * web_tcp.EVERY)
  local status, h, svg = self:get(path)
  lu.assertEquals(got, 200000)
  lu.assertEquals(status, 200)
  lu.assertEquals(h["content-type"], "image/svg+xml")
  lu.assertStrContains(svg, "<svg")
  lu.assertStrContains(svg, "cwnd")
  lu.assertStrContains(svg, "rtt")
  local e = self.web.tcp[key]
  lu.assertTrue(#e.samples >= 2)
  lu.assertEquals(e.samples[#e.samples].local_port, select(2, c:getsockname()), "the sender's row")
  lu.assertTrue(e.samples[#e.samples].bytes_acked >= 200000)
  lu.assertEquals((self:get("/api/tcpplot.svg")), 404)
  lu.assertEquals((self:get("/api/tcpplot.svg?conv=junk")), 404)
  s:close()
end

function TestWeb:test_a_page_that_does_not_read_has_its_updates_dropped()
  local stream = require "netlab.web_stream"
  local saved = stream.MAX_PENDING
  stream.MAX_PENDING = 4096
  local c <close> = assert(netlab.tcp())
  assert(c:setoption("rcvbuf", 4096))
  assert(c:connect("127.0.0.1", self.web.port))
  assert(c:send(("GET /events?iface=a/eth0&t=%s HTTP/1.1\r\nHost: x\r\n\r\n"):format(self.web.token)))
  netlab.sleep(0.2)
  local _, st = next(self.web.streams)
  local r = assert(self.a:ping("10.0.0.2", {count = 300, interval = 0.002, size = 1000}))
  stream.MAX_PENDING = saved
  lu.assertEquals(r.received, 300) -- the lab's own traffic is not held up
  lu.assertTrue(st.dropped > 0, "nothing dropped")
  lu.assertTrue(#st.pending <= 4096 + 64 * 1024, "pending grew to " .. #st.pending)
  c:settimeout(2)
  local data = c:receive(2048)
  lu.assertStrContains(data, "event: ")
end

function TestWeb:test_close_stops_serving()
  local port = self.web.port
  lu.assertTrue(self.web:close())
  lu.assertTrue(self.web:close())
  lu.assertNil(client.raw(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1))
  lu.assertStrContains(tostring(self.web), "(closed)")
  local w = assert(self.lab:web{port = 0})
  self.lab:close()
  lu.assertTrue(w.closed)
  lu.assertNil(client.raw(w.port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1))
end

function TestWeb:test_bad_options_and_port_in_use()
  helper.raises("bad argument #1 to 'web' (table expected, got number)", self.lab.web, self.lab, 5)
  helper.raises("port: integer 0-65535 expected, got x", self.lab.web, self.lab, {port = "x"})
  helper.raises("port: integer 0-65535 expected, got 70000", self.lab.web, self.lab, {port = 70000})
  helper.raises("unknown option 'bogus'", self.lab.web, self.lab, {bogus = 1})
  helper.raises("control: boolean expected, got string", self.lab.web, self.lab, {control = "yes"})
  helper.raises("addr: an address string expected, got number", self.lab.web, self.lab, {addr = 5})
  helper.raises("addr: an address string expected", self.lab.web, self.lab, {addr = "1.2.3.4\0"})
  helper.raises("netlab.lab expected", self.lab.web, 42)
  local w, err, code = self.lab:web{port = self.web.port}
  lu.assertNil(w)
  lu.assertStrContains(err, "cannot serve the lab's page on 127.0.0.1 port " .. self.web.port)
  lu.assertEquals(code, errno.EADDRINUSE)
  w, err = self.lab:web{port = 0, addr = "10.9.9.9"} -- not an address of the machine
  lu.assertNil(w)
  lu.assertStrContains(err, "cannot serve")
  local other = netlab.lab()
  other:close()
  helper.raises("attempt to use a closed lab", other.web, other)
end

function TestWeb:test_doc_lines()
  for _, name in ipairs{"lab:web", "web", "web:close"} do
    lu.assertNotNil(doc[name], name .. " has no doc line")
  end
end

-- netlab --web ----------------------------------------------------------------

TestWebOption = {}

-- Starts `netlab --web ARGS` with a pipe on its stdin; returns the child,
-- its stdin, and a function reading its stderr until PATTERN shows (or
-- 10 s), returning what it read.
local function start_web(args)
  local proc = require "netlab.proc"
  local child, stdin, stdout, stderr = proc.spawn(helper.bin .. " --web " .. args, true, nil)
  assert(child, stdin)
  local got = ""
  local function until_seen(pattern)
    local deadline = netlab.now() + 10 * helper.slow
    while not got:find(pattern) and netlab.now() < deadline do
      stderr:settimeout(0.1)
      local data, _, partial = stderr:receive(4096)
      got = got .. (data or partial or "")
    end
    return got
  end
  return child, stdin, until_seen, stdout, stderr
end

function TestWebOption:test_web_serves_every_lab_until_enter()
  local script = helper.tmpfile([[
    local lab = netlab.lab()
    local a, b = assert(lab:host "a"), assert(lab:host "b")
    assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
    print("done")
  ]])
  local child <close>, stdin, until_seen, stdout, stderr = start_web(script)
  local text = until_seen("press Enter")
  local port, token = text:match("live page is at http://127%.0%.0%.1:(%d+)/%?t=(%x+)")
  lu.assertNotNil(port, text)
  lu.assertStrContains(text, "the page stays live; press Enter to end")
  local status, _, body = client.request(tonumber(port), "GET", "/api/topology?t=" .. token)
  lu.assertEquals(status, 200) -- the script has ended, its page lives on
  lu.assertStrContains(body, '"name":"b"')
  assert(stdin:send("\n"))
  lu.assertTrue(require("netlab.proc").wait_child(child, 5 * helper.slow))
  lu.assertEquals(child:reap(), 0)
  lu.assertNil(client.raw(tonumber(port), "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 1))
  stdin:close() stdout:close() stderr:close()
end

function TestWebOption:test_a_lab_with_web_keeps_its_verdict()
  local out, err, code = helper.netlab("--web --lab two_hosts", {stdin = "\n", timeout = 60})
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(out, "PASS")
  lu.assertStrMatches(err, ".*netlab %-%-web: the lab's live page is at http://127%.0%.0%.1:%d+/%?t=%x+\n.*")
  lu.assertStrContains(err, "press Enter to end")
end

function TestWebOption:test_web_in_help()
  local out = helper.netlab("--help")
  lu.assertStrContains(out, "--web")
end

function TestWebOption:test_the_repl_serves_while_the_user_types()
  if not os.execute("command -v python3 >/dev/null 2>&1") then lu.skip("python3 runs the pty") end
  local url_file = helper.tmpname(".url")
  local steps = helper.tmpfile(table.concat({
    "expect 10 > ",
    ([[send lab = netlab.lab(); h = lab:host "h"; w = lab:web{port = 0}; f = io.open("%s", "w"); f:write(w.url); f:close()\r]])
      :format(url_file),
    "expect 10 > ",
    "send 1 +", -- half a statement typed: the REPL waits for the rest
    ([[shell 10 curl -sf -o /dev/null "$(cat %s)" && curl -s "$(cat %s | sed 's|/?|/api/topology?|')" | grep -q '"name":"h"']])
      :format(url_file, url_file),
    "send  1\\r", "expect 5 2", "sleep 0.2", "send \\x04", "wait 5",
  }, "\n") .. "\n", ".steps")
  local home = helper.tmpname(".home")
  os.execute("mkdir -p " .. helper.shquote(home))
  local out = helper.run(("env HOME=%s TERM=xterm python3 spec/ptyrun.py %s -- %s")
    :format(helper.shquote(home), helper.shquote(steps), helper.bin), 75)
  os.execute("rm -rf " .. helper.shquote(home))
  local report = out:match("^(.-)%-%-%- output\n") or out
  if report:find(" fail ", 1, true) then print(out) end
  lu.assertNotStrContains(report, " fail ")
  lu.assertStrContains(report, "exit 0", out)
end

-- Seeded junk: requests made of random bytes, and real requests with
-- bytes changed, cut or repeated; each gets an answer (or, with nothing
-- like a request, a closed connection) and the server is unharmed.
function TestWeb:test_mutated_requests_never_harm_the_server()
  local seed = tonumber(os.getenv("NETLAB_SEED") or "") or 14
  math.randomseed(seed)
  local good = ("GET /api/topology?t=%s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n"):format(self.web.token)
  local function mutate(s)
    local kind = math.random(4)
    if kind == 1 then -- random bytes
      local t = {}
      for i = 1, math.random(1, 300) do t[i] = string.char(math.random(0, 255)) end
      return table.concat(t) .. "\r\n\r\n"
    elseif kind == 2 then -- a few bytes changed
      local b = {s:byte(1, -1)}
      for _ = 1, math.random(1, 6) do b[math.random(#b)] = math.random(0, 255) end
      return string.char(table.unpack(b))
    elseif kind == 3 then -- cut short, then closed
      return s:sub(1, math.random(1, #s - 1))
    end
    local i = math.random(#s) -- a piece repeated
    return s:sub(1, i) .. s:sub(i, i + math.random(1, 40)):rep(math.random(1, 400)) .. s:sub(i + 1)
  end
  local web = require "netlab.web"
  local saved = web.REQUEST_TIMEOUT
  web.REQUEST_TIMEOUT = 0.2
  local seen = {}
  for i = 1, 200 do
    local req = mutate(good)
    local status = client.raw(self.web.port, req, 2)
    if status then
      seen[status] = true
      lu.assertTrue(status == 200 or (status >= 400 and status < 506), ("request %d (seed %d): %s"):format(i, seed, status))
    end
  end
  web.REQUEST_TIMEOUT = saved
  lu.assertTrue(seen[400] and seen[200], "the mutations reach both answers")
  lu.assertEquals(self.web.errors, 0, self.web.last_error)
  lu.assertEquals((self:get("/")), 200)
end
