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
  lu.assertEquals(getmetatable(socket.tcp()), getmetatable(netlab.tcp()))
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
  lu.assertEquals(unix.dgram():kind(), "unixdgram")
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
