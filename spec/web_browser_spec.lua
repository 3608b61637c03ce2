-- spec/web_browser_spec.lua: lab:web's page in a real browser (Debian's
-- headless Chromium, driven through chromedriver by spec/webdriver.lua):
-- the topology shows every host; a SYN shows in the clicked link's
-- packet list within 1 s; the connection's ladder opens and grows as
-- segments come, its time-sequence graph beside it; the BPF filter box filters and reports a bad filter;
-- a host's socket table shows; a cut link is marked; a payload carrying
-- <script> and HTML shows as text and runs nothing; a bad token gets 403;
-- a screenshot is a PNG; a remote host's packets show and its worker's
-- death ends the list with the reason. The HTTP side is web_spec.lua.
local lu = require "luaunit"
local wd = require "webdriver"

TestWebBrowser = {}

function TestWebBrowser:setUp()
  if not wd.available() then lu.skip("needs chromium and chromium-driver (make test-deps installs them)") end
  self.lab = netlab.lab()
  local lab = self.lab
  self.a, self.r, self.b = assert(lab:host "a"), assert(lab:router "r"), assert(lab:host "b")
  self.l1 = assert(lab:link(self.a, self.r, "10.0.1.1/24", "10.0.1.254/24"))
  self.l2 = assert(lab:link(self.r, self.b, "10.0.2.254/24", "10.0.2.2/24"))
  assert(self.a:route_add("default", {via = "10.0.1.254"}))
  assert(self.b:route_add("default", {via = "10.0.2.254"}))
  self.srv = assert(self.b:tcp())
  assert(self.srv:bind("10.0.2.2", 80))
  assert(self.srv:listen())
  self.server = netlab.daemon(function() -- reads whatever comes, answers nothing
    while true do
      local c = self.srv:accept()
      if not c then return end
      netlab.daemon(function() while c:receive(1) do end c:close() end)
    end
  end)
  self.web = assert(lab:web{port = 0})
  self.d = wd.start()
  self.d:go(self.web.url)
  assert(self.d:wait("return document.querySelectorAll('#topology [data-host]').length === 3", 5),
    "the topology did not show")
end

function TestWebBrowser:tearDown()
  if self.d then self.d:stop() end
  if self.web then self.web:close() end
  if self.lab then self.lab:close() end
  self.d, self.web, self.lab = nil, nil, nil
end

-- Clicks the element CSS selects (the browser's own click) and waits
-- until the page's stream watches WATCH.
function TestWebBrowser:watch(css, watch)
  self.d:click(css)
  local ok = self.d:wait(("return document.body.dataset.watch === %q"):format(watch), 3)
  assert(ok, "the page did not start watching " .. watch)
end

-- The text of the packet rows.
function TestWebBrowser:rows()
  return self.d:js("return Array.from(document.querySelectorAll('#packets div'), d => d.textContent)")
end

-- Gives the first packet row whose text has TEXT the id ID (for a click);
-- waits for it at most 2 s.
function TestWebBrowser:mark_row(text, id)
  local ok = self.d:wait(([[const r = Array.from(document.querySelectorAll('#packets div'))
    .find(d => d.textContent.includes(%q)); if (!r) return false; r.id = %q; return true]]):format(text, id), 2)
  assert(ok == true, "no packet row with " .. text)
end

-- A connection from a to b:80; sends DATA if given.
function TestWebBrowser:connect(data)
  local c = assert(self.a:tcp())
  c:settimeout(2)
  assert(c:connect("10.0.2.2", 80))
  if data then assert(c:send(data)) end
  return c
end

function TestWebBrowser:test_topology_shows_every_host_and_address()
  local names = self.d:js("return Array.from(document.querySelectorAll('#topology [data-host]'), g => g.dataset.host)")
  table.sort(names)
  lu.assertEquals(names, {"a", "b", "r"})
  local text = self.d:js("return document.getElementById('topology').textContent")
  for _, s in ipairs{"eth0 10.0.1.1/24", "eth0 10.0.1.254/24", "eth1 10.0.2.254/24", "eth0 10.0.2.2/24", "(router)"} do
    lu.assertStrContains(text, s)
  end
end

function TestWebBrowser:test_a_syn_shows_in_the_link_list_within_1_s()
  self:watch('[data-iface="a/eth0"] text', "a/eth0")
  local c <close> = self:connect()
  local found, took = self.d:wait([[return Array.from(document.querySelectorAll('#packets div'))
    .some(d => d.textContent.includes('IP 10.0.1.1.') && d.textContent.includes('> 10.0.2.2.80: Flags [S],'))]], 1)
  lu.assertTrue(found == true, ("no SYN in the list after %.2f s: %s"):format(took, table.concat(self:rows(), "\n")))
  lu.assertTrue(took < 1, took)
end

function TestWebBrowser:test_the_ladder_opens_and_grows()
  self:watch('[data-iface="r/eth1"] text', "r/eth1")
  local c <close> = self:connect("first")
  self:mark_row("Flags [S],", "syn")
  self.d:click("#syn")
  local h1 = self.d:wait([[const i = document.getElementById('ladder');
    return !i.hidden && i.complete && i.naturalHeight > 0 && i.naturalHeight]], 3)
  lu.assertTrue(type(h1) == "number" and h1 > 0, "no ladder shown")
  local conv = self.d:js("return document.getElementById('conns').value")
  lu.assertStrMatches(conv, "10%.0%.1%.1:%d+ 10%.0%.2%.2:80")
  for i = 1, 4 do
    assert(c:send("more " .. i))
    netlab.sleep(0.05)
  end
  local h2 = self.d:wait(([[const i = document.getElementById('ladder');
    return i.complete && i.naturalHeight > %d && i.naturalHeight]]):format(h1), 3)
  lu.assertTrue(type(h2) == "number" and h2 > h1, "the ladder did not grow")
  local g = self.d:wait("const i = document.getElementById('seqgraph'); return !i.hidden && i.complete && i.naturalWidth > 0", 3)
  lu.assertTrue(g == true, "no time-sequence graph shown")
  local p = self.d:wait("const i = document.getElementById('tcpplot'); return !i.hidden && i.complete && i.naturalWidth > 0", 4)
  lu.assertTrue(p == true, "no cwnd/RTT plot shown")
end

function TestWebBrowser:test_filter_box_takes_bpf()
  self:watch('[data-iface="a/eth0"] text', "a/eth0")
  local d = self.d
  local el = d:session_call("POST", "/element", {using = "css selector", value = "#filter"})
  local id = el["element-6066-11e4-a52e-4f735466cecf"]
  d:session_call("POST", "/element/" .. id .. "/value", {text = "icmp"})
  d:click('#filter-form button')
  assert(d:wait("return document.body.dataset.watch === 'a/eth0' && document.getElementById('packets').childElementCount === 0", 2))
  netlab.sleep(0.2)
  local c <close> = self:connect("x")
  assert(self.a:ping("10.0.2.2", {count = 1}))
  assert(d:wait("return Array.from(document.querySelectorAll('#packets div')).some(d => d.textContent.includes('ICMP echo reply'))", 2))
  for _, row in ipairs(self:rows()) do lu.assertStrContains(row, "ICMP") end
  d:js("document.getElementById('filter').value = 'tcp prt'")
  d:click('#filter-form button')
  local err = d:wait("return document.getElementById('filter-error').textContent || false", 3)
  lu.assertStrContains(err, "syntax error")
end

function TestWebBrowser:test_sockets_table_of_a_host()
  self.d:click('[data-host="b"] text')
  local text = self.d:wait("const t = document.getElementById('sockets').textContent; return t.includes('LISTEN') && t", 3)
  lu.assertStrContains(text, "Proto Recv-Q Send-Q Local Address")
  lu.assertStrContains(text, "10.0.2.2:80")
end

function TestWebBrowser:test_rates_and_cut_marks()
  assert(self.a:ping("10.0.2.2", {count = 40, interval = 0.01}))
  local pps = self.d:wait("const p = +document.getElementById('link-1').getAttribute('data-pps'); return p > 1 && p", 2)
  lu.assertTrue(type(pps) == "number" and pps > 1, "no rate shown")
  assert(self.l2:cut())
  local cut = self.d:wait([[return document.getElementById('link-2').classList.contains('cut') &&
    document.getElementById('topology').textContent.includes('cut both ways')]], 3)
  lu.assertTrue(cut == true, "the cut link is not marked")
end

function TestWebBrowser:test_packet_bytes_show_as_text_and_run_nothing()
  self:watch('[data-iface="a/eth0"] text', "a/eth0")
  local evil = "GET /<script>window.pwned=1</script><img src=x onerror=window.pwned=2><b>bold</b> HTTP/1.1\r\n" ..
               "Host: <iframe srcdoc='<script>parent.pwned=3</script>'>\r\n\r\n"
  local c <close> = self:connect(evil)
  local row = self.d:wait([[const r = Array.from(document.querySelectorAll('#packets div'))
    .find(d => d.textContent.includes('HTTP: GET /<script>window.pwned=1</script><img src=x onerror=window.pwned=2><b>bold</b> HTTP/1.1'));
    if (!r) return false; r.id = 'evil'; return true]], 2)
  lu.assertTrue(row == true, "the payload's line is not in the list as text")
  self.d:click("#evil")
  local hex = self.d:wait("const t = document.getElementById('hex').textContent; return t.includes('0x0000:') && t", 2)
  lu.assertStrContains(hex, "<scr") -- tcpdump -X's ASCII column, as text
  netlab.sleep(0.3) -- an onerror would have run by now
  local found = self.d:js([[return {
    pwned: typeof window.pwned,
    elements: document.querySelectorAll('#packets *:not(div), #hex *, script:not([src]), iframe, img:not(#ladder):not(#seqgraph):not(#tcpplot), b').length}]])
  lu.assertEquals(found.pwned, "undefined")
  lu.assertEquals(found.elements, 0)
end

function TestWebBrowser:test_a_bad_token_gets_403()
  self.d:go(self.web.url:gsub("t=%x+", "t=" .. ("0"):rep(32)))
  local text = self.d:js("return document.body.textContent")
  lu.assertStrContains(text, "403 Forbidden")
  lu.assertEquals(self.d:js("return document.querySelectorAll('#topology').length"), 0)
end

function TestWebBrowser:test_screenshot()
  self:watch('[data-iface="a/eth0"] text', "a/eth0")
  assert(self.a:ping("10.0.2.2", {count = 3, interval = 0.05}))
  assert(self.d:wait("return document.querySelectorAll('#packets div').length >= 6", 2))
  local png = self.d:screenshot()
  lu.assertEquals(png:sub(1, 8), "\137PNG\r\n\26\n")
  local dir = io.popen("mktemp -d"):read("l")
  local path = dir .. "/lab.png"
  local f = assert(io.open(path, "wb"))
  f:write(png)
  f:close()
  f = assert(io.open(path, "rb"))
  local saved = f:read("a")
  f:close()
  os.execute("rm -rf '" .. dir .. "'")
  lu.assertEquals(saved, png)
  lu.assertEquals(string.unpack(">I4", png, 17), 1280) -- IHDR's width: the window's
end

-- The page of a lab over two simulated machines (spec/machines.lua, root
-- only): a remote host's packets show in the clicked link's list, and a
-- worker that dies ends the list's stream with the page saying why (no
-- retrying).
TestWebBrowserMachines = {}

function TestWebBrowserMachines:setUp()
  if not wd.available() then lu.skip("needs chromium and chromium-driver (make test-deps installs them)") end
  if not require("helper").root then lu.skip("simulated machines are named network namespaces: root only") end
  local machines = require "machines"
  self.sim = machines.new()
  self.lab = netlab.lab()
  self.m1 = assert(self.lab:machine(self.sim.specs[1]))
  assert(self.lab:machine(self.sim.specs[2]))
  self.a = assert(self.lab:host("a", {on = "m1"}))
  self.b = assert(self.lab:host("b", {on = "m2"}))
  assert(self.lab:link(self.a, self.b, "10.0.0.1/24", "10.0.0.2/24"))
  self.web = assert(self.lab:web{port = 0})
  self.d = wd.start()
  self.d:go(self.web.url)
  assert(self.d:wait("return document.querySelectorAll('#topology [data-host]').length === 2", 5),
    "the topology did not show")
end

function TestWebBrowserMachines:tearDown()
  if self.d then self.d:stop() end
  if self.web then self.web:close() end
  self.d, self.web = nil, nil
  require("machines").tear_down(self)
end

TestWebBrowserMachines.watch = TestWebBrowser.watch

function TestWebBrowserMachines:test_a_remote_hosts_packets_then_its_workers_end()
  self:watch('[data-iface="a/eth0"] text', "a/eth0")
  assert(self.a:ping("10.0.0.2", {count = 1}))
  local found = self.d:wait([[return Array.from(document.querySelectorAll('#packets div'))
    .some(d => d.textContent.includes('IP 10.0.0.2 > 10.0.0.1: ICMP echo reply'))]], 2)
  lu.assertTrue(found == true, "no echo reply in the list")
  os.execute("kill -9 " .. self.m1:pid())
  local status = self.d:wait("const s = document.getElementById('status').textContent; return s === 'stream ended' && s", 3)
  lu.assertEquals(status, "stream ended")
  lu.assertEquals(self.d:js("return document.getElementById('filter-error').textContent"),
    "machine m1 is gone (its worker ended): no capture of host a")
  netlab.sleep(0.5)
  lu.assertEquals(self.d:js("return document.getElementById('status').textContent"), "stream ended") -- no retry
  lu.assertEquals(next(self.web.streams), nil)
end
