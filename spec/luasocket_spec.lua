-- spec/luasocket_spec.lua: require "socket" in netlab is LuaSocket's API
-- on netlab's sockets, so LuaSocket scripts run unchanged, on the machine
-- and inside a lab host.
local lu = require "luaunit"
local helper = require "helper"

local socket = require "socket"
local LO = "127.0.0.1"

TestLuaSocket = {}

-- A LuaSocket server task answering one line with "echo: LINE".
local function echo_server(mod)
  local server = assert(mod.bind(LO, 0))
  local _, port = server:getsockname()
  local task = netlab.spawn(function()
    local c = assert(server:accept())
    c:settimeout(5)
    local line = c:receive()
    c:send("echo: " .. tostring(line) .. "\n")
    c:close()
    server:close()
    return line
  end)
  return task, port
end

function TestLuaSocket:test_the_module_is_netlabs()
  lu.assertEquals(socket._VERSION, "LuaSocket 3.0.0 (netlab)")
  lu.assertIs(require "socket.core", socket)
  local s = socket.tcp4()
  lu.assertEquals(getmetatable(s.sock), getmetatable(netlab.tcp())) -- netlab's socket inside
  s:close()
end

function TestLuaSocket:test_connect_and_bind_talk()
  local task, port = echo_server(socket)
  local c = assert(socket.connect(LO, port))
  c:settimeout(5)
  c:send("hi\n")
  lu.assertEquals(c:receive(), "echo: hi")
  lu.assertEquals(task:join(5), "hi")
  c:close()
end

function TestLuaSocket:test_connect_refused_is_nil_and_a_message()
  local s = assert(netlab.tcp())
  assert(s:bind(LO, 0))
  local _, port = s:getsockname()
  s:close()
  lu.assertEquals({socket.connect(LO, port)}, {nil, "connection refused"})
end

function TestLuaSocket:test_select_reports_readable_and_times_out()
  local a, b = assert(netlab.udp()), assert(netlab.udp())
  assert(a:bind(LO, 0))
  local r, w, err = socket.select({a}, nil, 0.05)
  lu.assertEquals({#r, #w, err}, {0, 0, "timeout"})
  b:sendto("x", a:getsockname())
  r, w, err = socket.select({a}, {b}, 1)
  lu.assertEquals({r[1], r[a], w[1], err}, {a, true, b, nil})
end

function TestLuaSocket:test_clock_sleep_and_skip()
  local t0 = socket.gettime()
  lu.assertTrue(t0 > 1e9)
  socket.sleep(0.02)
  lu.assertTrue(socket.gettime() - t0 >= 0.02)
  lu.assertEquals({socket.skip(1, "a", "b", "c")}, {"b", "c"})
end

function TestLuaSocket:test_dns()
  lu.assertEquals(socket.dns.toip("localhost"), LO)
  lu.assertEquals({socket.dns.toip("no-such-host.invalid")}, {nil, "host not found"})
  lu.assertEquals(type(socket.dns.gethostname()), "string")
  local list = assert(socket.dns.getaddrinfo("localhost"))
  lu.assertEquals(list[1].family == "inet" or list[1].family == "inet6", true)
end

function TestLuaSocket:test_try_and_protect()
  local finalized = false
  local try = socket.newtry(function() finalized = true end)
  local f = socket.protect(function() try(nil, "boom") end)
  lu.assertEquals({f()}, {nil, "boom"})
  lu.assertTrue(finalized)
  lu.assertErrorMsgContains("real error", socket.protect(function() error("real error") end))
end

function TestLuaSocket:test_socket_http_against_a_local_server()
  local server = assert(netlab.tcp())
  server:setoption("reuseaddr", true)
  assert(server:bind(LO, 0))
  server:listen()
  local _, port = server:getsockname()
  netlab.daemon(function()
    local c = server:accept()
    repeat local l = c:receive() until not l or l == ""
    c:send("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello")
    c:close()
  end)
  local body, code = require("socket.http").request("http://127.0.0.1:" .. port .. "/")
  lu.assertEquals({body, code}, {"hello", 200})
  server:close()
end

function TestLuaSocket:test_unix_sockets()
  local unix = require "socket.unix"
  local path = helper.tmpname(".sock")
  os.remove(path)
  local server = assert(unix())
  assert(server:bind(path))
  server:listen()
  local c = assert(unix.stream())
  assert(c:connect(path))
  local a = server:accept()
  c:send("ping\n")
  lu.assertEquals(a:receive(), "ping")
  c:close(); a:close(); server:close()
  os.remove(path)
  lu.assertEquals(unix.dgram().class, "unixdgram{unconnected}")
  lu.assertEquals({unix.tcp().class, unix.udp().class}, {"unixstream{master}", "unixdgram{unconnected}"})
end

-- Inside lab hosts ---------------------------------------------------------

-- A lab with hosts a (10.0.0.1) and b (10.0.0.2) on one link.
local two_hosts = helper.two_hosts

function TestLuaSocket:test_a_hosts_module_makes_its_sockets_in_the_host()
  local lab <close>, a, b = two_hosts()
  local sb = b:luasocket()
  lu.assertIs(b:luasocket(), sb)
  local server = assert(sb.bind("*", 7000))
  local task = netlab.spawn(function()
    local c = server:accept()
    c:send("from b\n")
    local ip = c:getpeername()
    c:close()
    return ip
  end)
  local c = assert(a:luasocket().connect("b", 7000))
  c:settimeout(5)
  lu.assertEquals(c:receive(), "from b")
  lu.assertEquals(task:join(5), "10.0.0.1")
  lu.assertEquals(c:getsockname(), "10.0.0.1")
end

function TestLuaSocket:test_an_unchanged_luasocket_script_runs_in_a_host()
  local lab <close>, a, b = two_hosts()
  local script = helper.tmpfile([[
    local socket = require "socket"
    local port = ...
    local server = assert(socket.bind("*", port))
    local c = server:accept()
    local line = c:receive()
    c:send("echo " .. line .. "\n")
    c:close(); server:close()
    greeting = line -- a global of the script's own
    return line
  ]])
  local task = netlab.spawn(function() return b:dofile(script, 7001) end)
  netlab.sleep(0) -- the task runs until it waits in accept
  local c = assert(a:luasocket().connect("10.0.0.2", 7001))
  c:settimeout(5)
  c:send("hi\n")
  lu.assertEquals(c:receive(), "echo hi")
  lu.assertEquals(task:join(5), "hi")
  lu.assertNil(rawget(_G, "greeting"))
  lu.assertIs(require "socket", socket) -- the machine's module is untouched
end

function TestLuaSocket:test_socket_http_runs_in_a_host()
  local lab <close>, a, b = two_hosts()
  local server = assert(b:tcp())
  assert(server:bind("*", 80))
  server:listen()
  netlab.daemon(function()
    local c = server:accept()
    repeat local l = c:receive() until not l or l == ""
    c:send("HTTP/1.0 200 OK\r\nContent-Length: " .. #c:getpeername() .. "\r\n\r\n" .. c:getpeername())
    c:close()
  end)
  local script = helper.tmpfile('return require("socket.http").request("http://b/")')
  local body, code = a:dofile(script)
  lu.assertEquals({body, code}, {"10.0.0.1", 200})
end

function TestLuaSocket:test_bad_input()
  local lab <close>, a = two_hosts()
  lu.assertErrorMsgContains("string expected", a.dofile, a, 42)
  lu.assertErrorMsgContains("No such file", a.dofile, a, "/nonexistent/script.lua")
  lu.assertErrorMsgContains("bad self", a.luasocket, {})
  lab:close()
  lu.assertErrorMsgContains("attempt to use a closed host", a.luasocket, a)
end

-- LuaSocket's own behaviour, one difference at a time ---------------------

function TestLuaSocket:test_objects_have_luasocket_classes()
  local t = socket.tcp()
  lu.assertEquals(t.class, "tcp{master}")
  lu.assertStrContains(tostring(t), "tcp{master}: ")
  assert(t:bind(LO, 0))
  assert(t:listen())
  lu.assertEquals(t.class, "tcp{server}")
  local c = socket.tcp()
  assert(c:connect(t:getsockname()))
  lu.assertEquals(c.class, "tcp{client}")
  local a = assert(t:accept())
  lu.assertEquals(a.class, "tcp{client}")
  local u = socket.udp()
  lu.assertEquals(u.class, "udp{unconnected}")
  assert(u:setpeername(LO, 9))
  lu.assertEquals(u.class, "udp{connected}")
  assert(u:setpeername("*"))
  lu.assertEquals(u.class, "udp{unconnected}")
  -- a method of another class raises, as LuaSocket's class check does
  helper.raises("calling 'accept' on bad self (tcp{server} expected, got tcp{master})", socket.tcp().accept, socket.tcp())
  helper.raises("tcp{client} expected", t.receive, t)
  helper.raises("udp{connected} expected", u.send, u, "x")
  for _, s in ipairs{t, c, a, u} do s:close() end
end

function TestLuaSocket:test_fresh_tcp_and_udp_open_at_first_use()
  local t, u = socket.tcp(), socket.udp()
  lu.assertEquals({t:getfd(), u:getfd()}, {-1, -1})
  lu.assertEquals(math.type(t:getfd()), "float") -- LuaSocket's getfd is a float
  lu.assertEquals({t:getsockname()}, {nil, "Bad file descriptor"})
  lu.assertEquals({t:setoption("reuseaddr", true)}, {nil, "setsockopt failed"})
  lu.assertEquals({t:getoption("reuseaddr")}, {nil, "getsockopt failed"})
  lu.assertEquals(t:settimeout(2), 1.0) -- kept, and given to the socket made at bind
  assert(t:bind(LO, 0))
  lu.assertTrue(t:getfd() >= 0)
  lu.assertEquals(t.sock:gettimeout(), 2)
  assert(u:sendto("x", LO, 9))
  lu.assertTrue(u:getfd() >= 0)
  local t4, u6 = socket.tcp4(), socket.udp6()
  lu.assertTrue(t4:getfd() >= 0 and u6:getfd() >= 0) -- a fixed family opens at once
  lu.assertEquals(u6:getfamily(), "inet6")
  for _, s in ipairs{t, u, t4, u6} do s:close() end
end

function TestLuaSocket:test_methods_on_a_closed_object_return_closed()
  local server = assert(socket.bind(LO, 0))
  local ip, port = server:getsockname()
  local c = assert(socket.connect(ip, port))
  local a = assert(server:accept())
  c:close()
  lu.assertEquals(c:getfd(), -1)
  lu.assertEquals({c:send("x")}, {nil, "closed", 0})
  lu.assertEquals({c:receive()}, {nil, "closed", ""})
  lu.assertEquals({c:getsockname()}, {nil, "Bad file descriptor"})
  lu.assertEquals(c:dirty(), false)
  lu.assertEquals(c:close(), 1.0)
  server:close()
  lu.assertEquals({server:accept()}, {nil, "closed"})
  local u = socket.udp4()
  u:close()
  lu.assertEquals({u:receive()}, {nil, "closed"})
  a:close()
  -- netlab's own sockets keep raising
  local n = netlab.tcp()
  n:close()
  helper.raises("attempt to use a closed socket", n.send, n, "x")
end

function TestLuaSocket:test_getfd_and_setfd()
  local server = assert(socket.bind(LO, 0))
  local d = socket.tcp4()
  d:setfd(server:getfd())
  lu.assertEquals(d:getfd(), server:getfd())
  lu.assertEquals(d:getsockname(), LO) -- the same socket
  d:setfd(socket._SOCKETINVALID)
  lu.assertEquals(d:getfd(), -1)
  lu.assertEquals({d:getsockname()}, {nil, "Bad file descriptor"})
  server:setfd(socket.tcp():getfd()) -- LuaSocket's accept_errors check
  lu.assertEquals({server:accept()}, {nil, "closed"})
  helper.raises("is not a socket of the socket module", d.setfd, d, 0)
  helper.raises("number expected", d.setfd, d, {})
end

function TestLuaSocket:test_select_refuses_more_than_setsize()
  local many = {}
  for i = 1, socket._SETSIZE + 1 do many[i] = {getfd = function() return 3 end} end
  helper.raises("more than socket._SETSIZE (1024) sockets", socket.select, many, nil, 0)
  helper.raises("more than socket._SETSIZE", socket.select, nil, many, 0)
  helper.raises("table expected, got string", socket.select, "wrong", nil, 0)
  local u = socket.udp()
  u:close()
  local r, w, err = socket.select({u}, {u}, 0.01) -- closed ones are left out
  lu.assertEquals({#r, #w, err}, {0, 0, "timeout"})
end

function TestLuaSocket:test_the_error_option()
  local s = assert(netlab.tcp())
  assert(s:bind(LO, 0))
  local _, port = s:getsockname()
  s:close()
  local c = socket.tcp()
  c:settimeout(0)
  lu.assertEquals({c:connect(LO, port)}, {nil, "timeout"})
  lu.assertEquals(c.class, "tcp{client}")
  local err
  for _ = 1, 50 do
    socket.select(nil, {c}, 0.1)
    err = c:getoption("error")
    if err then break end
  end
  lu.assertEquals(err, "connection refused")
  lu.assertNil(c:getoption("error")) -- reading it takes it, as SO_ERROR does
  helper.raises("option 'error' can only be read", c.setoption, c, "error", 1)
  c:close()
end

function TestLuaSocket:test_udp_send_of_nothing_sends_an_empty_datagram()
  local r = socket.udp()
  assert(r:setsockname(LO, 0))
  r:settimeout(2)
  local s = socket.udp()
  assert(s:setpeername(r:getsockname()))
  lu.assertEquals(s:send(""), 0.0)
  lu.assertEquals({r:receive()}, {""})
  -- netlab's own connected datagram sockets too
  local n = assert(netlab.udp())
  assert(n:connect(r:getsockname()))
  lu.assertEquals(n:send(""), 0)
  lu.assertEquals({r:receivefrom()}, {"", LO, (select(2, n:getsockname()))})
  for _, x in ipairs{r, s, n} do x:close() end
end

function TestLuaSocket:test_results_are_luasockets_floats_and_strings()
  local server = assert(socket.bind(LO, 0))
  local ip, port, family = server:getsockname()
  lu.assertEquals({ip, math.type(port), type(port), family}, {LO, nil, "string", "inet"})
  local c = assert(socket.connect(ip, port))
  local a = assert(server:accept())
  local sent = table.pack(c:send("hello\n"))
  lu.assertEquals({sent.n, math.type(sent[1]), sent[1]}, {3, "float", 6})
  lu.assertEquals({a:receive()}, {"hello"})
  lu.assertEquals(math.type(select(2, a:getpeername())), "integer") -- as LuaSocket
  lu.assertEquals(math.type(a:getoption("tcp-keepcnt")), "float")
  lu.assertEquals(math.type(c:settimeout(1)), "float")
  lu.assertEquals({socket._DATAGRAMSIZE, socket._SOCKETINVALID, socket._DEBUG}, {8192, -1, nil})
  for _, s in ipairs{server, c, a} do s:close() end
end

function TestLuaSocket:test_a_stream_send_writes_8192_bytes_at_a_time()
  local server = assert(socket.bind(LO, 0))
  local ip, port = server:getsockname()
  local c = assert(socket.connect(ip, port))
  local a = assert(server:accept())
  a:close()
  -- as LuaSocket's STEPSIZE: the first 8192 bytes go, the peer's reset
  -- stops the next write (testclnt's write detection)
  lu.assertEquals({c:send(string.rep("ugauga", 100000))}, {nil, "closed", 8192.0})
  c:close()
  c = assert(socket.connect(ip, port))
  a = assert(server:accept())
  c:settimeout(5, "t")
  a:settimeout(5)
  lu.assertEquals({c:send(string.rep("x", 100000))}, {100000.0})
  lu.assertEquals(select(2, c.sock:gettimeout()), 5) -- the object's total timeout again
  lu.assertEquals(#a:receive(100000), 100000)
  -- LuaSocket's byte ranges, numbers sent as their text
  lu.assertEquals({c:send("abcdef", 2, 4), c:send("abc", 3, 1), c:send("abc", -2), c:send(12.5)},
    {4.0, 2.0, 3.0, 4.0})
  lu.assertEquals(a:receive(7), "bcdbc12")
  lu.assertEquals(a:receive(2), ".5")
  lu.assertEquals(c:send("abc", 1.5, "2.9"), 2.0) -- indexes cut toward zero, as LuaSocket's
  lu.assertEquals(a:receive(2), "ab")
  helper.raises("bad argument #2 to 'send' (number expected, got table)", c.send, c, "abc", {})
  for _, s in ipairs{server, c, a} do s:close() end
end

function TestLuaSocket:test_debug_mode_adds_the_elapsed_time()
  local code = [[
    local socket = require "socket"
    local server = assert(socket.bind("127.0.0.1", 0))
    local ip, port = server:getsockname()
    local c = assert(socket.connect(ip, port))
    local a = assert(server:accept())
    local sent = table.pack(c:send("x\n"))
    a:settimeout(0.2)
    local got = table.pack(a:receive(5))
    print(socket._DEBUG, sent.n, math.type(sent[4]), got.n, got[2], got[4] >= 0.19)
  ]]
  local path = helper.tmpfile(code)
  local out = netlab.sh("NETLAB_LUASOCKET_DEBUG=1 " .. helper.bin .. " " .. path, {timeout = 10})
  lu.assertEquals(out, "true\t4\tfloat\t4\ttimeout\ttrue\n")
  out = netlab.sh(helper.bin .. " " .. path .. " 2>&1", {timeout = 10})
  lu.assertStrContains(out, "attempt to compare number with nil") -- no 4th result
end

-- LuaSocket 3.1.0's own test scripts (spec/luasocket/) -------------------
-- Each runs under netlab, in a lab host of its own (only loopback: the
-- one address testclnt tries beyond it, 10.0.0.1, goes nowhere), and its
-- output must be what LuaSocket 3.1.0 itself printed for it, recorded in
-- spec/luasocket/expected/ (see spec/luasocket/README.md).

local TESTS = os.getenv("PWD") .. "/spec/luasocket/"
local BIN = helper.bin:sub(1, 1) == "/" and helper.bin or os.getenv("PWD") .. "/" .. helper.bin:gsub("^%./", "")

-- netlab as the scripts' interpreter, as LuaSocket's debug build (testclnt
-- and utestclnt want socket._DEBUG), with package.path and cpath leading
-- nowhere: were netlab's own socket module not found first, the scripts
-- would fail rather than load an installed LuaSocket's socket.lua/core.so.
local NETLAB = table.concat({"env", "NETLAB_LUASOCKET_DEBUG=1", "LUA_PATH_5_4=/nonexistent/?.lua",
  "LUA_CPATH_5_4=/nonexistent/?.so", helper.in_host(BIN)}, " ")

-- NETLAB_LUASOCKET_RECORD=command: run the scripts under that command
-- instead (lua5.4 with LuaSocket 3.1.0's debug build) and write what
-- they print to spec/luasocket/expected/.
local RECORD = os.getenv("NETLAB_LUASOCKET_RECORD")

-- Runs, in host H and a fresh directory, the server command SERVER (or
-- none) in the background until its log shows READY, then PREP (shell
-- lines) and the client command CLIENT, each bounded by LIMIT seconds;
-- with STOP, the client is ended once its output shows STOP; then POST
-- (shell lines) runs and the server is ended. Both are
-- ended by pid. Returns the client's output, its exit code and the
-- server's log.
local function run_pair(h, case)
  local limit = math.ceil(case.limit * helper.slow)
  local dir = helper.tmpname(".d")
  local script = {("mkdir -p %s && cd %s || exit 99\nsp=; : > srv.log"):format(dir, dir)}
  if case.server then
    script[#script + 1] = ([[
timeout -s KILL %d %s > srv.log 2>&1 & sp=$!
i=0; while [ $i -lt 100 ] && ! grep -q %s srv.log; do sleep 0.1; i=$((i+1)); done]]):format(
      limit + 5, case.server, helper.shquote(case.ready))
  end
  script[#script + 1] = (case.prep or "") .. ("timeout -s KILL %d %s > out.log 2>&1 & cp=$!"):format(limit, case.client)
  if case.stop then
    script[#script + 1] = ([[
i=0; while [ $i -lt %d ] && kill -0 $cp 2>/dev/null && ! grep -q %s out.log; do sleep 0.1; i=$((i+1)); done
kill $cp 2>/dev/null]]):format(limit * 10, helper.shquote(case.stop))
  end
  script[#script + 1] = ([[
wait $cp; echo $? > rc
%s
[ -n "$sp" ] && kill $sp 2>/dev/null; [ -n "$sp" ] && wait $sp 2>/dev/null
cat out.log; echo "rc=$(cat rc)"; echo "--- server"; cat srv.log
cd / && rm -rf %s]]):format(case.post or "", dir)
  local out = assert(h:sh(table.concat(script, "\n"), {timeout = limit + 20}))
  local client_out, rc, srv = out:match("^(.-)rc=(%d+)\n%-%-%- server\n(.*)$")
  return client_out or out, tonumber(rc), srv
end

-- What differs between runs whatever the module: the interpreter's name
-- and the scripts' folder in error messages, tracebacks, object addresses
-- (and netlab's ends and fd) in tostring, ephemeral ports, the time taken,
-- and whether the loopback buffers took all of a send before its timeout
-- (testclnt passes either way).
local function normalize(text)
  text = text:gsub("\nstack traceback:", ""):gsub("\n\t[^\n]*", "")
  text = text:gsub("%f[^\n%z]%S+: (%S+:%d+:)", "%1")
  text = text:gsub(TESTS:gsub("%p", "%%%0"), "")
  text = text:gsub("(%a+{%a+}): [^\n]*", "%1")
  text = text:gsub("done in %d+%.%d+s", "done in Ns")
  text = text:gsub("pause: WARNING: must be buffered\n", "pause: proper timeout\n")
  return (text:gsub("%f[%d]%d%d%d%d%d%f[%D]", "PORT"))
end

-- The runs, each named after the file that holds what LuaSocket printed.
-- utestclnt stops at its active close check under LuaSocket too (it wants
-- a fresh socket.udp() to hold an fd), so it also runs with udp = udp4
-- and math.mod (Lua 5.0's) given, to go on through the unix-domain
-- transfers; both stop printing in its non-blocking transfer (also under
-- LuaSocket), where the client is ended. tcp-getoptions needs Lua 5.1's
-- unpack to get past its line 10, so it also runs with unpack given.
local CASES = {
  {name = "testclnt", server = "@testsrvr.lua", ready = "waiting", client = "@testclnt.lua", limit = 150},
  {name = "utestclnt", server = "@utestsrvr.lua", ready = "waiting", client = "@utestclnt.lua", limit = 60},
  {name = "utestclnt-udp4", server = "@utestsrvr.lua", ready = "waiting", limit = 60,
    client = [[-e 'require"socket".udp = require"socket".udp4; math.mod = math.fmod' @utestclnt.lua]],
    stop = "Testing 2 bytes",
    -- the count of its unix-domain write detection depends on timing, under LuaSocket too
    fix = function(text) return (text:gsub("after %d+ bytes were sent", "after N bytes were sent")) end},
  {name = "test_socket_error", client = "@test_socket_error.lua", limit = 20},
  {name = "udp-zero-length-send-recv", client = "@udp-zero-length-send-recv", limit = 20},
  {name = "udp-zero-length-send", client = "@udp-zero-length-send", limit = 20},
  {name = "test_bind", client = "@test_bind.lua", limit = 20},
  {name = "test_getaddrinfo", client = "@test_getaddrinfo.lua", limit = 20},
  {name = "excepttest", client = "@excepttest.lua", limit = 20},
  {name = "tcp-getoptions", client = "@tcp-getoptions", limit = 20},
  {name = "tcp-getoptions-unpack", client = "-e 'unpack = table.unpack' @tcp-getoptions", limit = 20},
  -- udpconnectsrvr prints its port; udpconnectclnt sends to it from ports
  -- 5062 and 5061 in turn, once a second; the server waits on for a
  -- datagram from its first peer that never comes, as under LuaSocket
  {name = "udpconnect", server = "@udpconnectsrvr.lua", ready = "getsockname", limit = 20,
    prep = [[port=$(sed -n 's/^getsockname\t[^\t]*\t\([0-9]*\).*/\1/p' srv.log | head -1)
]], client = "@udpconnectclnt.lua $port", post = "sleep 0.5", server_log = true},
}

-- A case's command lines under interpreter INTERP ("@" is the folder of
-- LuaSocket's scripts).
local function commands(case, interp)
  local c = {}
  for k, v in pairs(case) do c[k] = v end
  local folder = TESTS:gsub("%%", "%%%%")
  c.client = interp .. " " .. case.client:gsub("@", folder)
  if case.server then c.server = interp .. " " .. case.server:gsub("@", folder) end
  return c
end

-- What a run of CASE printed, as compared: the client's output, its exit
-- code and, where it tells something, the server's log.
local function transcript(case, out, rc, srv)
  local text = out .. "rc=" .. tostring(rc) .. "\n" .. (case.server_log and "--- server\n" .. srv or "")
  text = normalize(text)
  return case.fix and case.fix(text) or text
end

-- Where GOT (netlab's transcript) first differs from WANT (LuaSocket's).
local function first_difference(got, want)
  local g, w = {}, {}
  for l in got:gmatch("([^\n]*)\n") do g[#g + 1] = l end
  for l in want:gmatch("([^\n]*)\n") do w[#w + 1] = l end
  for i = 1, math.max(#g, #w) do
    if g[i] ~= w[i] then
      return ("line %d: netlab printed %q where LuaSocket printed %q"):format(i, g[i] or "(nothing)", w[i] or "(nothing)")
    end
  end
  return "the end"
end

local function expected_file(case) return TESTS .. "expected/" .. case.name .. ".txt" end

-- Runs CASE under netlab (or, recording, under RECORD) and compares.
local function check_case(case)
  local lab <close> = netlab.lab()
  local h = assert(lab:host "t")
  local got = transcript(case, run_pair(h, commands(case, RECORD or NETLAB)))
  if RECORD then
    local f = assert(io.open(expected_file(case), "w"))
    f:write(got)
    f:close()
    return
  end
  local f = assert(io.open(expected_file(case)))
  local want = f:read("a")
  f:close()
  if got ~= want then
    lu.fail(("%s under netlab differs from LuaSocket 3.1.0 at %s; netlab's whole transcript:\n%s"):format(
      case.name, first_difference(got, want), got))
  end
end

for _, case in ipairs(CASES) do
  TestLuaSocket["test_luasockets_" .. case.name:gsub("%-", "_") .. "_prints_what_luasocket_prints"] = function()
    check_case(case)
  end
end

function TestLuaSocket:test_luasockets_testclnt_passes()
  local f = assert(io.open(expected_file(CASES[1])))
  local want = f:read("a")
  f:close()
  -- what LuaSocket printed is a pass: every check, no error
  lu.assertNotStrContains(want, "ERROR")
  for _, line in ipairs{"udp{unconnected} methods are ok", "too many sockets (1025): ok",
      "graceful 'closed' received after 8192 bytes were sent", "testing: done in Ns\n", "rc=0\n"} do
    lu.assertStrContains(want, line)
  end
end

function TestLuaSocket:test_the_scripts_get_netlabs_socket_module_only()
  local lab <close> = netlab.lab()
  local h = assert(lab:host "t")
  local code = [[-e 'print(select(2, require "socket"), select(2, require "socket.unix"), pcall(require, "mime.core"))']]
  local out, rc = run_pair(h, {client = NETLAB .. " " .. code, limit = 10})
  lu.assertEquals(rc, 0, out)
  local socket_file, unix_file, ok = out:match("^(%S+)\t(%S+)\t(%S+)")
  lu.assertStrMatches(socket_file, ".*/socket%.luac?")
  lu.assertNotStrContains(socket_file, "/usr/")
  lu.assertStrMatches(unix_file, ".*/socket/unix%.luac?")
  lu.assertEquals(ok, "false") -- no C module of an installed LuaSocket is within reach
end

function TestLuaSocket:test_bad_input_to_objects()
  local t = socket.tcp()
  -- argument errors raise at the script's line, not in the socket module
  local ok, err = pcall(function() t:bind({}, 1) end)
  lu.assertFalse(ok)
  lu.assertStrMatches(err, "^spec/luasocket_spec%.lua:%d+: bad argument #1 to 'bind' %(string expected, got table%)$")
  helper.raises("port out of range", t.bind, t, LO, 70000)
  helper.raises("invalid timeout mode", t.settimeout, t, 1, "x")
  helper.raises("number expected, got table", t.settimeout, t, {})
  local server = assert(socket.bind(LO, 0))
  local ip, port = server:getsockname()
  lu.assertEquals({socket.tcp():bind(ip, port)}, {nil, "address already in use"})
  lu.assertEquals({socket.tcp():bind("300.1.1.1", 0)}, {nil, "host or service not provided, or not known"})
  lu.assertEquals({socket.connect("no-such-host.invalid", 1)}, {nil, "host or service not provided, or not known"})
  local c = assert(socket.connect(ip, port))
  helper.raises("bad argument #1 to 'send' (string expected, got table)", c.send, c, {})
  helper.raises("bad argument #1 to 'receive' (invalid pattern", c.receive, c, "*x")
  helper.raises("unknown option 'nope'", c.setoption, c, "nope", true)
  helper.raises("boolean expected, got number", c.setoption, c, "keepalive", 3)
  helper.raises("invalid option 'up'", c.shutdown, c, "up")
  local u = socket.udp()
  helper.raises("bad argument #2 to 'sendto' (string expected, got nil)", u.sendto, u, "x")
  lu.assertEquals(u:getfd(), -1) -- a refused sendto made no socket
  lu.assertEquals({u:setpeername("300.0.0.1", 5)}, {nil, "host or service not provided, or not known"})
  for _, s in ipairs{server, c, u, t} do s:close() end
end

function TestLuaSocket:test_netlabs_tools_take_luasocket_objects()
  local server = assert(socket.bind(LO, 0))
  local ip, port = server:getsockname()
  local c = assert(socket.connect(ip, port))
  local a = assert(server:accept())
  lu.assertEquals(c:kind(), "tcp") -- netlab's own methods beside LuaSocket's
  lu.assertNil(socket.udp().accept) -- but no LuaSocket method a kind lacks
  lu.assertNil(socket.tcp().sendto)
  c:send("x\n")
  lu.assertEquals({netlab.wait_any({a}, 2)}, {a, 1})
  c:close()
  helper.raises("attempt to use a closed socket", c.kind, c)
  helper.raises("item 1 is a closed socket", netlab.wait_any, {c}, 0)
  a:close(); server:close()
end
