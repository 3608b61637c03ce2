-- spec/argerror_spec.lua: misuse raises "bad argument #N to 'NAME' (...)"
-- (or "calling 'NAME' on bad self (...)", Lua's words for argument 1 of
-- a method) naming the public function the script called, at the
-- script's line: never a Lua error from inside netlab ("packet.lua:226:
-- bad argument #4 to 'spack'", "attempt to index a number value (local
-- 'self')"), never an internal function's name. Each case below once
-- gave such an error (issue 15, item 8).
local lu = require "luaunit"
local helper = require "helper"
local P = netlab.packet

TestArgerror = {}

-- Asserts that FN() raises an error containing WANT, positioned at a line
-- of this file (FN must call the public function in a non-tail call, so
-- that its line is still on the stack).
local function blamed(want, fn)
  local ok, err = pcall(fn)
  lu.assertFalse(ok, "no error, expected: " .. want)
  err = tostring(err)
  lu.assertStrContains(err, want)
  lu.assertStrMatches(err, "^[^\n]*argerror_spec%.lua:%d+: .*")
end

-- Packets too big for their length fields ----------------------------------

function TestArgerror:test_a_packet_over_65535_bytes_is_refused_where_it_is_made()
  -- tostring, # and bytes raised "packet.lua:226: bad argument #4 to 'spack'"
  blamed("bad operand to '/' (ip: packet of 70020 bytes is more than its total length field holds (65535))",
    function() local p = P.ip{dst = "10.0.0.2"} / ("A"):rep(70000) return p end)
  blamed("bad operand to '/' (ip6: payload of 65536 bytes is more than its payload length field holds (65535))",
    function() local p = P.ip6{} / ("A"):rep(65536) return p end)
  blamed("bad operand to '/' (udp: datagram of 65536 bytes is more than its length field holds (65535))",
    function() local p = P.ip{len = 100} / P.udp{} / ("A"):rep(65528) return p end)
end

function TestArgerror:test_a_packet_grown_too_big_later_is_refused_when_built()
  local p = P.ip{dst = "10.0.0.2"} / P.raw("A")
  p.raw.load = ("A"):rep(70000)
  local why = "ip: packet of 70020 bytes is more than its total length field holds (65535)"
  blamed("bad argument #1 to 'tostring' (" .. why .. ")", function() local s = tostring(p) return s end)
  blamed("bad argument #1 to 'len' (" .. why .. ")", function() local n = #p return n end)
  blamed("calling 'bytes' on bad self (" .. why .. ")", function() local b = p:bytes() return b end)
  blamed("calling 'decode' on bad self (" .. why .. ")", function() local d = p:decode() return d end)
  p.raw.load = "A"
  lu.assertEquals(#p, 21)
end

function TestArgerror:test_the_largest_packets_and_given_lengths_still_build()
  lu.assertEquals(#(P.ip{} / ("A"):rep(65535 - 20)), 65535)
  lu.assertEquals(#(P.ip6{} / ("A"):rep(65535)), 65575)
  local lie = P.ip{len = 40} / ("A"):rep(70000) -- the script said so: a lie, crafted
  lu.assertEquals(#lie, 70020)
  lu.assertEquals(string.unpack(">I2", lie:bytes(), 3), 40)
end

function TestArgerror:test_options_longer_than_the_header_length_field_are_refused()
  -- 41 bytes pad to 44: IHL would be 16, which spilled into the version
  -- nibble ("unknown ip 5") instead of being refused.
  blamed("bad argument #1 to 'ip' (ip: header with options of 64 bytes is more than its header length field holds (60))",
    function() local p = P.ip{options = ("\1"):rep(41)} return p end)
  lu.assertEquals(#P.ip{options = ("\1"):rep(40)}, 60)
  blamed("bad argument #1 to 'tcp' (tcp: header with options of 64 bytes is more than its data offset field holds (60))",
    function() local p = P.tcp{options = ("\1"):rep(44)} return p end)
  lu.assertEquals(#P.ip{ihl = 5, options = ("\1"):rep(41)}, 64) -- an IHL given: crafted as asked
end

function TestArgerror:test_sending_a_packet_too_big_names_the_sending_method()
  local lab <close>, a = helper.two_hosts()
  local big = P.ip{dst = "10.0.0.2"} / P.raw("A")
  big.raw.load = ("A"):rep(70000) -- grown past what / allows
  local frame = P.ether{} / P.ip{dst = "10.0.0.2"} / P.raw("A")
  frame.raw.load = ("A"):rep(70000)
  local why = "(ip: packet of 70020 bytes"
  blamed("bad argument #1 to 'send' " .. why, function() local n = a:send(big) return n end)
  blamed("bad argument #1 to 'sendp' " .. why,
    function() local n = a:sendp(frame, "eth0") return n end)
  blamed("bad argument #1 to 'sr1' " .. why, function() local r = a:sr1(big, {timeout = 0.1}) return r end)
  blamed("bad argument #1 to 'sr' (item 2: ip: packet of 70020 bytes",
    function() local r = a:sr({P.ip{dst = "10.0.0.2"} / P.icmp{}, big}, {timeout = 0.1}) return r end)
  -- sr1 and sr named 'sr' at a line of lab_craft.lua for any packet they could not send
  blamed("bad argument #1 to 'sr1' (IP packet expected, got tcp",
    function() local r = a:sr1(P.tcp{}) return r end)
  blamed("bad argument #1 to 'send' (IPv4 or IPv6 packet expected)", function() local n = a:send("xx") return n end)
end

-- netlab.fmt given rows it cannot read -------------------------------------

function TestArgerror:test_fmt_functions_name_themselves_and_the_bad_field()
  local fmt = netlab.fmt
  blamed("bad argument #1 to 'genmask' (IPv4 prefix length 0-32 expected, got string)",
    function() local m = fmt.genmask("x") return m end)
  blamed("bad argument #1 to 'genmask' (IPv4 prefix length 0-32 expected, got 33)", -- was 127.255.255.255
    function() local m = fmt.genmask(33) return m end)
  blamed("bad argument #1 to 'route_flags' (route row expected, got number)",
    function() local f = fmt.route_flags(1) return f end)
  blamed("bad argument #1 to 'netstat' (row 1: state: string expected, got nil)",
    function() local t = fmt.netstat({{proto = "tcp"}}) return t end)
  blamed("bad argument #1 to 'ss' (row 1: state: string expected, got nil)",
    function() local t = fmt.ss({{proto = "tcp"}}) return t end)
  blamed("bad argument #1 to 'lsof' (row 1: fd: string expected, got number)",
    function() local t = fmt.lsof({{fd = 5}}) return t end)
  blamed("bad argument #1 to 'arp_a' (row 1: ip: string expected, got nil)",
    function() local t = fmt.arp_a({{}}) return t end)
  blamed("bad argument #1 to 'route_n' (row 1: prefix: 0-32 expected (or a genmask), got nil)",
    function() local t = fmt.route_n({{destination = "10.0.0.0"}}) return t end)
  blamed("bad argument #1 to 'ip_addr' (table of rows expected, got number)",
    function() local t = fmt.ip_addr(5) return t end)
  blamed("bad argument #1 to 'ifconfig' (row 1: flags: table expected, got nil)",
    function() local t = fmt.ifconfig({{name = "x"}}) return t end)
  local row = {proto = "tcp", state = "LISTEN", recv_q = 0, send_q = 0, ["local"] = "10.0.0.1",
    local_port = 80, remote = "0.0.0.0", remote_port = 0, owners = {{pid = 1}}}
  blamed("bad argument #1 to 'ss' (row 1: owners item 1: fd: integer expected, got nil)",
    function() local t = fmt.ss({row}) return t end)
  row.owners, row.recv_q = nil, 0.5
  blamed("bad argument #1 to 'netstat' (row 1: recv_q: integer expected, got number 0.5)",
    function() local t = fmt.netstat({row}) return t end)
end

function TestArgerror:test_fmt_still_formats_the_rows_netlab_gives()
  local lab <close>, a = helper.two_hosts()
  lu.assertStrContains(netlab.fmt.ip_addr(a:ifaces()), "inet 10.0.0.1/24")
  lu.assertStrContains(netlab.fmt.ifconfig(a:ifaces()), "inet 10.0.0.1  netmask 255.255.255.0")
  lu.assertStrContains(netlab.fmt.route_n(a:routes()), "10.0.0.0        0.0.0.0         255.255.255.0   U")
  local s <close> = assert(a:tcp())
  assert(s:bind("10.0.0.1", 8080))
  assert(s:listen())
  lu.assertStrContains(netlab.fmt.netstat(a:sockets{proto = "tcp"}), "10.0.0.1:8080")
  lu.assertStrContains(netlab.fmt.ss(a:sockets{proto = "tcp"}), "10.0.0.1:8080")
  lu.assertEquals(netlab.fmt.genmask(32), "255.255.255.255")
end

-- Methods called on something else ------------------------------------------
-- Called with a dot (s.close(42)) a method's bad self is "bad argument #1",
-- as luaL_checkudata says it for a C method; with a colon, or through
-- pcall, "calling 'close' on bad self". Either names the method.

function TestArgerror:test_a_socket_or_task_method_on_something_else_names_the_method()
  local s <close> = assert(netlab.tcp())
  blamed("bad argument #1 to 'close' (netlab.socket expected, got number)",
    function() local r = s.close(42) return r end)
  local t = netlab.spawn(function() return 1 end)
  blamed("bad argument #1 to 'join' (netlab.task expected, got table)",
    function() local r = t.join({}) return r end)
  blamed("bad argument #1 to 'status' (netlab.task expected, got table)",
    function() local r = t.status({}) return r end)
  blamed("bad argument #1 to 'cancel' (netlab.task expected, got number)", -- returned false
    function() local r = t.cancel(1) return r end)
  lu.assertEquals(t:join(), 1)
  helper.raises("calling 'close' on bad self (netlab.socket expected, got number)", s.close, 42)
  helper.raises("calling '__close' on bad self (netlab.socket expected, got number)", getmetatable(s).__close, 42)
  helper.raises("calling '__tostring' on bad self (netlab.task expected, got table)", getmetatable(t).__tostring, {})
end

function TestArgerror:test_methods_a_lua_wrapper_passes_to_c_name_the_method()
  -- accept and info are Lua over C: they named 'raw_accept' and 'socket'
  -- at a line of lab.lua and lab_sockets.lua
  local s <close> = assert(netlab.tcp())
  blamed("bad argument #1 to 'accept' (netlab.socket expected, got number)",
    function() local r = s.accept(42) return r end)
  blamed("bad argument #1 to 'info' (netlab.socket expected, got table)",
    function() local r = s.info({}) return r end)
  local lab <close>, a = helper.two_hosts()
  local cap = assert(a:capture{})
  blamed("bad argument #1 to 'stop' (netlab.capture expected, got number)",
    function() local r = cap.stop(42) return r end)
  blamed("bad argument #1 to 'close' (netlab.capture expected, got table)",
    function() local r = cap.close({}) return r end)
  helper.raises("calling '__tostring' on bad self (netlab.capture expected, got number)",
    getmetatable(cap).__tostring, 42)
  cap:stop()
end

function TestArgerror:test_lab_host_and_here_methods_on_something_else()
  local lab <close>, a, _, link = helper.two_hosts()
  blamed("bad argument #1 to 'is_router' (netlab.host expected, got number)", -- returned false
    function() local r = a.is_router(42) return r end)
  blamed("bad argument #1 to 'is_switch' (netlab.host expected, got table)",
    function() local r = a.is_switch({}) return r end)
  local here = netlab.here
  blamed("bad argument #1 to 'tcp' (netlab.here expected, got number)", -- made a socket
    function() local r = here.tcp(5) return r end)
  blamed("bad argument #1 to 'sh' (netlab.here expected, got string)", -- named sh's command, at lab_names.lua
    function() local r = here.sh("echo hi") return r end)
  blamed("bad argument #1 to 'routes' (netlab.here expected, got number)",
    function() local r = here.routes(1) return r end)
  lu.assertEquals(here:sh("echo hi"), "hi\n")
  for _, v in ipairs{lab, a, link} do
    helper.raises("calling '__tostring' on bad self (" .. getmetatable(v).__name .. " expected, got number)",
      getmetatable(v).__tostring, 1)
  end
  helper.raises("calling '__close' on bad self (netlab.host expected, got number)", getmetatable(a).__close, 1)
  helper.raises("calling '__len' on bad self (netlab.crafted expected, got table)", getmetatable(P.ip{}).__len, {})
end

-- netlab.fd given what it cannot use ------------------------------------------

function TestArgerror:test_fd_functions_check_every_argument_before_they_act()
  local fd = netlab.fd
  collectgarbage()
  collectgarbage() -- sockets earlier tests dropped: closed now, not during the count
  local before = helper.fd_count()
  blamed("bad argument #4 to 'tcp' (table expected, got number)", -- indexed 5 in fd.lua
    function() local r = fd.tcp(8, "127.0.0.1", 9, 5) return r end)
  blamed("bad argument #4 to 'tcp' (unknown option 'form' (from expected))",
    function() local r = fd.tcp(8, "127.0.0.1", 9, {form = 1}) return r end)
  blamed("bad argument #4 to 'tcp' (from: lab host or netlab.here expected, got string)",
    function() local r = fd.tcp(8, "127.0.0.1", 9, {from = "a"}) return r end)
  blamed("bad argument #2 to 'tcp' (host name or address expected, got nil)", -- said 'connect' at fd.lua
    function() local r = fd.tcp(8, nil, 9) return r end)
  blamed("bad argument #3 to 'tcp' (port number expected, got string)",
    function() local r = fd.tcp(8, "127.0.0.1", "http") return r end)
  blamed("bad argument #3 to 'tcp' (port out of range (0-65535))",
    function() local r = fd.tcp(8, "127.0.0.1", 70000) return r end)
  blamed("bad argument #2 to 'write' (string expected, got table)", -- said 'send' at fd.lua
    function() local r = fd.write(8, {}) return r end)
  blamed("bad argument #2 to 'read' (pattern \"*a\", \"*l\" or a byte count expected, got \"*x\")",
    function() local r = fd.read(8, "*x") return r end)
  blamed("bad argument #1 to 'close' (fd number expected, got string)", -- at fd.lua's line
    function() local r = fd.close("8") return r end)
  blamed("bad argument #1 to 'read' (fd number out of range (0-1023))",
    function() local r = fd.read(4096) return r end)
  lu.assertEquals(helper.fd_count(), before, "no socket left behind")
end

-- link:impair given NaN, infinities and negatives ---------------------------

function TestArgerror:test_impair_refuses_nan_infinite_and_negative_values_by_name()
  -- NaN passed every range check and reached C: "bad argument #3 to
  -- 'netem' (number has no integer representation)" at lab_iface.lua
  local lab <close>, _, _, link = helper.two_hosts()
  local cases = {
    {"delay", 0/0, "NaN"}, {"delay", 1/0, "inf"}, {"delay", -1, "-1"}, {"jitter", 0/0, "NaN"},
    {"jitter", -1/0, "-inf"}, {"loss", 0/0, "NaN"}, {"loss", 1/0, "inf"}, {"loss", -0.5, "-0.5"},
    {"rate", 0/0, "NaN"}, {"rate", 1/0, "inf"}, {"rate", -8, "-8"}, {"delay", "1e400ms", '"1e400ms"'},
  }
  for _, c in ipairs(cases) do
    blamed(("bad argument #1 to 'impair' (%s: "):format(c[1]),
      function() local ok = link:impair{[c[1]] = c[2]} return ok end)
    blamed((" expected, got %s)"):format(c[3]),
      function() local ok = link:impair{[c[1]] = c[2]} return ok end)
  end
  lu.assertNotStrContains(link._ends[1].host:sh("tc qdisc show dev eth0"), "netem")
end

-- C functions called through pcall ------------------------------------------
-- Without a name at the call, Lua names a C function by the first loaded
-- module holding it: netlab.pcap.write was also netlab.c.capture's
-- pcap_write, so pcall(netlab.pcap.write, ...) said 'netlab.pcap.write' in
-- some runs and 'netlab.c.capture.pcap_write' in others.

function TestArgerror:test_no_public_function_is_also_an_internal_modules_field()
  local _ = netlab.pcap, netlab.packet, netlab.print, netlab.fd, netlab.errno, netlab.fmt
  local internal = {}
  for mod, t in pairs(package.loaded) do
    if type(mod) == "string" and mod:find("^netlab%.c%.") and type(t) == "table" then
      for k, v in pairs(t) do
        if type(v) == "function" then internal[v] = mod .. "." .. tostring(k) end
      end
    end
  end
  local public = {pcap = netlab.pcap, packet = netlab.packet, print = netlab.print, fd = netlab.fd,
    errno = netlab.errno, fmt = netlab.fmt}
  for name, t in pairs(public) do
    for k, v in pairs(t) do
      lu.assertNil(type(v) == "function" and internal[v] or nil,
        ("netlab.%s.%s is also an internal module's field"):format(name, k))
    end
  end
end

function TestArgerror:test_c_functions_called_through_pcall_have_their_public_names()
  helper.raises("bad argument #2 to 'netlab.pcap.write' (packet expected at index 1, got a crafted packet"
    .. " (p:decode() makes it a packet))", netlab.pcap.write, helper.tmpname(".pcap"), {P.ip{}})
  helper.raises("bad argument #1 to 'netlab.pcap.open' (string expected, got table)", netlab.pcap.open, {})
  helper.raises("bad argument #1 to 'netlab.packet.decode' (string expected, got table)", netlab.packet.decode, {})
  helper.raises("bad argument #1 to 'netlab.print.new' (table expected, got number)", netlab.print.new, 5)
  helper.raises("bad argument #2 to 'write' (packet expected at index 1, got netlab.socket)",
    function() local ok = netlab.pcap.write(helper.tmpname(".pcap"), {netlab.tcp()}) return ok end)
end

function TestArgerror:test_fmt_refuses_a_nul_byte_and_prints_ss_with_no_rows()
  blamed("bad argument #1 to 'route_flags' (destination: string contains a NUL byte)", -- returned "U"
    function() local f = netlab.fmt.route_flags({destination = "10.0.0.0\0x"}) return f end)
  blamed("bad argument #1 to 'route_n' (row 1: iface: string contains a NUL byte)",
    function() local t = netlab.fmt.route_n({{destination = "10.0.0.0", prefix = 24, iface = "eth0\0"}}) return t end)
  -- ss with no rows raised "attempt to concatenate a nil value" in
  -- fmt_sockets.lua; ss itself prints its header, the last column unpadded
  lu.assertEquals(netlab.fmt.ss({}), "State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n")
end
