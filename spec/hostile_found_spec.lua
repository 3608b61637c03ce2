-- spec/hostile_found_spec.lua: the defects spec/hostile_spec.lua's walk
-- found (issue 15), one case each. An error a script causes names the
-- public function it called, at the script's line (not a line inside
-- scripts/netlab/, not an internal function such as 'wait_io', 'join' or
-- 'host'); a string with a NUL byte is refused, not cut; a bad option
-- raises instead of waiting for ever; netlab.here:ping resolves a name.
local lu = require "luaunit"
local helper = require "helper"
local P = netlab.packet

-- Asserts that FN() raises TEXT at a line of this file.
local function raises_here(text, fn)
  local ok, err = pcall(fn)
  lu.assertFalse(ok, "no error, expected: " .. text)
  err = tostring(err)
  lu.assertStrContains(err, text)
  lu.assertStrContains(err, "hostile_found_spec.lua:")
  lu.assertNotStrContains(err, "scripts/netlab/")
end

TestHostileFound = {}

function TestHostileFound:test_option_errors_are_at_the_scripts_line()
  local lab <close>, a = helper.two_hosts()
  raises_here("bad argument #2 to 'ping' (table expected, got boolean)",
    function() a:ping("10.0.0.2", true) end)
  raises_here("bad argument #2 to 'ping' (count: integer 1-100000 expected, got 0)",
    function() a:ping("10.0.0.2", {count = 0}) end)
  raises_here("bad argument #1 to 'diagram' (table expected, got boolean)", function() lab:diagram(true) end)
  raises_here("bad argument #1 to 'capture' (option 'snaplen': at most 2147483647, got ",
    function() a:capture{snaplen = math.maxinteger} end)
  raises_here("bad argument #1 to 'list' (pid out of range)", function() netlab.fd.list(math.maxinteger) end)
end

function TestHostileFound:test_router_and_switch_name_themselves()
  local lab <close> = netlab.lab()
  raises_here("bad argument #1 to 'router' (invalid host name \"\"", function() lab:router("") end)
  raises_here("bad argument #1 to 'switch' (invalid host name", function() lab:switch(("s"):rep(64)) end)
end

function TestHostileFound:test_closed_socket_errors_are_at_the_scripts_line()
  local lab <close>, a = helper.two_hosts()
  local s = assert(a:tcp())
  s:close()
  raises_here("attempt to use a closed socket", function() s:accept() end)
  raises_here("attempt to use a closed socket", function() s:info() end)
end

function TestHostileFound:test_here_names_its_own_methods()
  raises_here("bad argument #1 to 'sh' (string expected, got nil)", function() netlab.here:sh(nil) end)
  raises_here("bad argument #1 to 'unix' (\"stream\" or \"dgram\" expected)", function() netlab.here:unix(true) end)
end

function TestHostileFound:test_here_ping_resolves_a_name()
  -- "localhost" comes from /etc/hosts: no name server is asked
  local r, err = netlab.here:ping("localhost", {count = 1, timeout = 2})
  lu.assertNotNil(r, err) -- it raised "calling 'udp' on bad self (netlab.host expected, got netlab.host)"
  lu.assertEquals(r.received, 1)
end

function TestHostileFound:test_tcpdump_names_itself()
  raises_here("bad argument #1 to 'tcpdump' (path, capture or packet list expected, got nil)",
    function() netlab.tcpdump(nil) end)
  raises_here("bad argument #1 to 'tcpdump' (item 1: netlab.packet expected, got number)",
    function() require("netlab.tcpdump").lines({1}) end)
end

function TestHostileFound:test_strings_with_a_nul_are_refused()
  local lab <close>, a = helper.two_hosts()
  local echo = P.ip{dst = "10.0.0.2"} / P.icmp{}
  raises_here("bad argument #2 to 'sr1' (iface: string contains a NUL byte)",
    function() a:sr1(echo, {timeout = 1, iface = "eth0\0x"}) end)
  raises_here("bad argument #2 to 'sr' (iface: string contains a NUL byte)",
    function() a:sr({echo}, {timeout = 1, iface = "eth0\0x"}) end)
  local bytes = (P.ether{dst = "02:00:00:00:00:02", src = "02:00:00:00:00:01"} / P.ip{src = "10.0.0.1",
    dst = "10.0.0.2"} / P.udp{}):bytes()
  raises_here("bad argument #2 to 'decode' (string contains a NUL byte)", function() P.decode(bytes, "ether\0x") end)
  raises_here("bad argument #1 to 'new' (ts: string contains a NUL byte)",
    function() netlab.print.new{ts = "none\0x"} end)
  local s = assert(a:tcp())
  raises_here("bad argument #1 to 'shutdown' (string contains a NUL byte)", function() s:shutdown("both\0x") end)
  s:close()
end

function TestHostileFound:test_print_new_options_name_new()
  raises_here("bad argument #1 to 'new' (e: boolean expected, got number)", function() netlab.print.new{e = -1} end)
end

function TestHostileFound:test_capture_waits_refuse_nan_and_false()
  local lab <close>, a = helper.two_hosts()
  local cap <close> = assert(a:capture{})
  raises_here("bad argument #1 to 'packets' (timeout: number expected)", function() cap:packets{timeout = 0 / 0} end)
  raises_here("bad argument #1 to 'packets' (table expected, got boolean)", function() cap:packets(false) end) -- it waited for ever
  raises_here("bad argument #1 to 'next' (number expected, got NaN)", function() cap:next(0 / 0) end)
end

function TestHostileFound:test_watcher_methods_name_themselves()
  local lab <close>, a = helper.two_hosts()
  local w <close> = assert(netlab.watch(a, function() end, {timeout = 5}))
  raises_here("bad argument #1 to 'wait' (timeout in seconds expected, got boolean)", function() w:wait(true) end)
  raises_here("bad argument #1 to 'stop' (netlab.watcher expected, got number)", function() w.stop(42) end)
  raises_here("bad argument #1 to 'states' (connection string expected, got table)", function() w:states({}) end)
end

function TestHostileFound:test_lesson_functions_check_their_arguments()
  local lesson = require "netlab.lesson"
  local l = lesson.new{name = "found"}
  raises_here("bad argument #1 to 'java' (string expected, got nil)", function() l:java(nil, "x") end)
  raises_here("bad argument #1 to 'step' (string expected, got boolean)", function() l:step(true) end)
  raises_here("bad argument #1 to 'show' (string expected, got table)", function() l:show({}) end)
  raises_here("bad argument #1 to 'check' (netlab.lesson expected, got number)", function() l.check(1, true, "x") end)
  raises_here("bad argument #1 to 'output' (host expected, got nil)", function() l:output(nil, "true") end)
  raises_here("bad argument #1 to 'one_cable' (lab expected, got nil)", function() l:one_cable(nil) end)
  raises_here("bad argument #1 to 'across_router' (lab expected, got boolean)",
    function() lesson.across_router(true, "c", "s") end)
  local lab <close> = netlab.lab()
  raises_here("bad argument #2 to 'across_router' (invalid host name \"\"",
    function() lesson.across_router(lab, "", "s") end)
  raises_here("bad argument #1 to 'new' (programs: item 1: string expected, got table)",
    function() lesson.new{name = "x", programs = {{}}} end)
end

function TestHostileFound:test_socket_module_names_itself_at_the_scripts_line()
  local socket = require "socket"
  local t = socket.tcp()
  raises_here("bad argument #1 to 'close' (tcp object expected, got number)", function() t.close(42) end)
  raises_here("bad argument #1 to 'getfd' (udp object expected, got nil)", function() socket.udp().getfd() end)
  raises_here("bad argument #1 to 'connect' (string expected, got nil)", function() socket.connect(nil, 80) end)
  raises_here("bad argument #2 to 'connect' (port out of range", function() socket.connect("127.0.0.1", -1) end)
  raises_here("bad argument #3 to 'bind' (integer expected, got boolean)", function() socket.bind("127.0.0.1", 0, true) end)
  raises_here("bad argument #1 to 'toip' (string expected, got nil)", function() socket.dns.toip(nil) end)
  raises_here("bad argument #1 to 'skip' (integer expected, got nil)", function() socket.skip(nil, 1) end)
  lu.assertEquals(select("#", socket.skip(math.maxinteger, 1, 2)), 0) -- as LuaSocket: none left
  raises_here("bad argument #1 to 'sleep' (number expected, got NaN)", function() socket.sleep(0 / 0) end)
  raises_here("bad argument #1 to 'select' (item 1: socket expected, got number)", function() socket.select({1}, nil, 0) end)
  raises_here("bad argument #3 to 'select' (number expected, got boolean)", function() socket.select({}, {}, true) end)
  t:close()
end
