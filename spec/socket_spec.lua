-- spec/socket_spec.lua: netlab's kernel sockets under LuaSocket's names.
-- Each lesson opens its own sockets on loopback (127.0.0.1, ::1) or a
-- unix path; every wait is bounded by a timeout and tearDown closes what
-- a test opened, even when the test fails.
local lu = require "luaunit"
local helper = require "helper"
local errno = netlab.errno

local LO, LO6 = "127.0.0.1", "::1"
local T = 2 -- no wait in this file lasts longer than this (seconds)

local opened = {} -- sockets and paths to clean up after each test

-- Remembers socket S so that tearDown closes it; returns S.
local function keep(s)
  if s then opened[#opened + 1] = s end
  return s
end

-- A fresh unix socket path (nothing there yet), removed after the test.
local function sock_path()
  local p = helper.tmpname()
  os.remove(p)
  opened[#opened + 1] = p
  return p
end

-- Closes the sockets and removes the paths of the test that just ran.
local function cleanup()
  for _, x in ipairs(opened) do
    if type(x) == "string" then os.remove(x) else x:close() end
  end
  opened = {}
end

-- A new socket of KIND ("tcp", "udp6"...) with a bounded wait.
local function new(kind, ...)
  local s = keep(assert(netlab[kind](...)))
  s:settimeout(T)
  return s
end

-- A listening stream socket: returns it and its port (or path).
local function listener(kind, host)
  kind = kind or "tcp"
  local s = new(kind)
  if kind == "unix" then
    host = sock_path()
    assert(s:bind(host))
  else
    assert(s:bind(host or LO, 0))
  end
  assert(s:listen())
  local _, port = s:getsockname()
  return s, port or host
end

-- A connected stream pair: the client end, the accepted end, the server.
local function pair(kind, host)
  kind = kind or "tcp"
  local srv, port = listener(kind, host)
  local c = new(kind)
  if kind == "unix" then
    assert(c:connect(port))
  else
    assert(c:connect(host or LO, port))
  end
  local a = keep(assert(srv:accept()))
  a:settimeout(T)
  return c, a, srv, port
end

-- A port on loopback that nothing listens on.
local function free_port()
  local s <close> = assert(netlab.tcp())
  assert(s:bind(LO, 0))
  local _, port = s:getsockname()
  return port
end

-- Runs FN and returns how long it took, then what it returned.
local function timed(fn, ...)
  local t0 = netlab.now()
  local r = table.pack(fn(...))
  return netlab.now() - t0, table.unpack(r, 1, r.n)
end

-- Runs netlab on CODE in a child process; every wait bounded.
-- (The script file has no suffix: helper.tmpname(".lua") would leave the
-- file os.tmpname made behind.)
local function run(code, args)
  local cmd = ("timeout -s KILL 15 %s %s %s"):format(helper.bin, helper.tmpfile(code, ""), args or "")
  return netlab.sh(cmd, {timeout = 20})
end

------------------------------------------------------------------------
-- TCP: a client and a server on one machine

TestSocketTcp = {tearDown = cleanup}

function TestSocketTcp:test_a_client_connects_and_the_server_answers()
  local srv, port = listener()
  local c = new("tcp")
  lu.assertEquals(c:connect(LO, port), 1)
  local a = keep(srv:accept())
  a:settimeout(T)
  lu.assertEquals(c:send("ping\n"), 5)
  lu.assertEquals(a:receive(), "ping")
  lu.assertEquals(a:send("pong\n"), 5)
  lu.assertEquals(c:receive(), "pong")
end

function TestSocketTcp:test_both_ends_know_the_four_tuple()
  local c, a, srv, port = pair()
  local ip, sport, family = srv:getsockname()
  lu.assertEquals({ip, sport, family}, {LO, port, "inet"})
  local cip, cport = c:getsockname()
  lu.assertEquals({c:getpeername()}, {LO, port, "inet"})
  lu.assertEquals({a:getsockname()}, {LO, port, "inet"})
  lu.assertEquals({a:getpeername()}, {cip, cport, "inet"})
end

function TestSocketTcp:test_star_is_every_address_and_names_resolve()
  local any = new("tcp")
  lu.assertEquals(any:bind("*", 0), 1)
  lu.assertEquals(any:getsockname(), "0.0.0.0")
  local any6 = new("tcp6")
  lu.assertEquals(any6:bind("*", 0), 1)
  lu.assertEquals(any6:getsockname(), "::")
  local named = new("tcp")
  lu.assertEquals(named:bind("localhost", 0), 1)
  lu.assertEquals(named:getsockname(), LO)
end

function TestSocketTcp:test_a_socket_not_connected_has_no_peer()
  local s = new("tcp")
  local ok, err, code = s:getpeername()
  lu.assertNil(ok)
  lu.assertEquals(err, "not connected")
  lu.assertEquals(code, errno.ENOTCONN)
end

function TestSocketTcp:test_tostring_shows_kind_role_ends_and_fd()
  local c, a, srv, port = pair()
  local m = new("tcp")
  lu.assertStrMatches(tostring(m), "tcp{master} 0%.0%.0%.0:0 fd=%d+")
  lu.assertStrMatches(tostring(srv), "tcp{server} 127%.0%.0%.1:" .. port .. " fd=%d+")
  local _, cport = c:getsockname()
  lu.assertEquals(tostring(c), ("tcp{client} 127.0.0.1:%d -> 127.0.0.1:%d fd=%d"):format(cport, port, c:getfd()))
  lu.assertEquals(tostring(a), ("tcp{client} 127.0.0.1:%d -> 127.0.0.1:%d fd=%d"):format(port, cport, a:getfd()))
  c:close()
  lu.assertEquals(tostring(c), "tcp{closed}")
end

function TestSocketTcp:test_kind_and_family_name_the_socket()
  lu.assertEquals({new("tcp"):kind(), new("tcp"):getfamily()}, {"tcp", "inet"})
  lu.assertEquals({new("tcp6"):kind(), new("tcp6"):getfamily()}, {"tcp6", "inet6"})
  lu.assertEquals({new("udp"):kind(), new("udp6"):kind()}, {"udp", "udp6"})
  lu.assertEquals({new("unix"):kind(), new("unix"):getfamily()}, {"unix", "unix"})
  lu.assertEquals(new("unix", "dgram"):kind(), "unixdgram")
end

function TestSocketTcp:test_netlab_fds_sit_at_10_or_above()
  local c, a, srv = pair()
  for _, s in ipairs{c, a, srv, new("udp"), new("unix"), new("tcp6")} do
    lu.assertTrue(s:getfd() >= 10, tostring(s))
  end
end

function TestSocketTcp:test_accept_waits_for_a_client_while_a_task_connects()
  local srv, port = listener()
  local client = netlab.spawn(function()
    netlab.sleep(0.05)
    local c <close> = netlab.tcp()
    c:settimeout(T)
    assert(c:connect(LO, port))
    return c:send("late\n")
  end)
  local a = keep(srv:accept())
  a:settimeout(T)
  lu.assertEquals(a:receive(), "late")
  lu.assertEquals(client:join(T), 5)
end

function TestSocketTcp:test_shutdown_send_is_a_fin_the_peer_reads_as_the_end()
  local c, a = pair()
  c:send("last words")
  lu.assertEquals(c:shutdown("send"), 1)
  lu.assertEquals(a:receive("*a"), "last words")
  a:send("still open\n") -- the other direction still works
  lu.assertEquals(c:receive(), "still open")
  lu.assertEquals(c:shutdown(), 1)
end

function TestSocketTcp:test_shutdown_rejects_unknown_directions()
  local c = pair()
  lu.assertErrorMsgContains("bad argument", c.shutdown, c, "sideways")
end

function TestSocketTcp:test_a_bulk_transfer_arrives_whole()
  local c, a = pair()
  local data = string.rep("0123456789abcdef", 256 * 1024) -- 4 MiB
  local sender = netlab.spawn(function()
    local last = c:send(data)
    c:close()
    return last
  end)
  local got = a:receive("*a")
  lu.assertEquals(sender:join(T), #data)
  lu.assertEquals(#got, #data)
  lu.assertTrue(got == data)
end

------------------------------------------------------------------------
-- receive: lines, byte counts, everything, prefixes and partial results

TestSocketReceive = {tearDown = cleanup}

function TestSocketReceive:test_a_line_comes_without_its_cr_and_lf()
  local c, a = pair()
  c:send("one\r\ntwo\nthree\n")
  lu.assertEquals(a:receive("*l"), "one")
  lu.assertEquals(a:receive("l"), "two")
  lu.assertEquals(a:receive(), "three") -- a line is the default pattern
end

function TestSocketReceive:test_a_line_waits_until_its_lf_arrives()
  local c, a = pair()
  local t = netlab.spawn(function()
    c:send("hel")
    netlab.sleep(0.05)
    c:send("lo\n")
  end)
  lu.assertEquals(a:receive(), "hello")
  t:join(T)
end

function TestSocketReceive:test_a_byte_count_takes_exactly_that_many()
  local c, a = pair()
  c:send("abcdef")
  lu.assertEquals(a:receive(4), "abcd")
  lu.assertEquals(a:receive(2), "ef")
  lu.assertEquals(a:receive(0), "")
end

function TestSocketReceive:test_a_byte_count_may_be_a_float_with_an_integer_value()
  local c, a = pair()
  c:send("abcdef")
  lu.assertEquals(a:receive(6 / 2), "abc") -- LuaSocket takes any number
end

function TestSocketReceive:test_a_byte_count_past_any_memory_reads_what_arrives()
  -- the whole count was reserved at once: realloc of 2^63 bytes failed
  -- ("Cannot allocate memory", the data unread) and aborted under ASan
  local c, a = pair()
  c:send("hello")
  c:close()
  lu.assertEquals({a:receive(math.maxinteger)}, {nil, "closed", "hello"})
end

function TestSocketReceive:test_a_byte_count_waits_for_all_its_bytes()
  local c, a = pair()
  local t = netlab.spawn(function()
    c:send("abc")
    netlab.sleep(0.05)
    c:send("def")
  end)
  lu.assertEquals(a:receive(6), "abcdef")
  t:join(T)
end

function TestSocketReceive:test_all_reads_until_the_peer_closes()
  local c, a = pair()
  c:send("line 1\nline 2\r\n")
  c:close()
  lu.assertEquals(a:receive("*a"), "line 1\nline 2\r\n") -- bytes kept as sent
end

function TestSocketReceive:test_a_prefix_goes_in_front_of_what_arrives()
  local c, a = pair()
  c:send("world\nxyz")
  lu.assertEquals(a:receive("*l", "hello "), "hello world")
  -- as in LuaSocket, a count includes the prefix
  lu.assertEquals(a:receive(2, ">"), ">x")
  c:close()
  lu.assertEquals(a:receive("*a", "rest: "), "rest: yz")
  -- and "*a" at the end, with nothing more, is "closed"
  lu.assertEquals({a:receive("*a", "P")}, {nil, "closed", "P"})
end

function TestSocketReceive:test_a_timeout_returns_what_had_arrived_as_partial()
  local c, a = pair()
  a:settimeout(0.05)
  c:send("no newline yet")
  lu.assertEquals({a:receive()}, {nil, "timeout", "no newline yet"})
  c:send("12")
  lu.assertEquals({a:receive(5, "P:")}, {nil, "timeout", "P:12"})
  c:send("tail")
  lu.assertEquals({a:receive("*a")}, {nil, "timeout", "tail"})
end

function TestSocketReceive:test_the_partial_result_is_handed_out_once()
  local c, a = pair()
  a:settimeout(0.05)
  c:send("abc")
  lu.assertEquals(select(3, a:receive()), "abc")
  c:send("def\n")
  lu.assertEquals(a:receive(), "def")
end

function TestSocketReceive:test_a_peer_that_closes_gives_closed_and_the_partial()
  local c, a = pair()
  c:send("half a li")
  c:close()
  local data, err, partial = a:receive()
  lu.assertEquals({data, err, partial}, {nil, "closed", "half a li"})
  lu.assertEquals({a:receive(10)}, {nil, "closed", ""})
end

function TestSocketReceive:test_a_byte_count_cut_short_by_close_keeps_its_bytes()
  local c, a = pair()
  c:send("1234")
  c:close()
  lu.assertEquals({a:receive(10, "#")}, {nil, "closed", "#1234"})
end

function TestSocketReceive:test_closing_the_socket_wakes_a_task_waiting_on_it()
  local c, a = pair()
  local reader = netlab.spawn(function() return a:receive() end)
  netlab.sleep(0.02)
  a:close()
  local data, err = reader:join(T)
  lu.assertNil(data)
  lu.assertEquals(err, "closed")
end

function TestSocketReceive:test_bad_patterns_raise()
  local c, a = pair()
  lu.assertErrorMsgContains("bad argument", a.receive, a, "*x")
  lu.assertErrorMsgContains("bad argument", a.receive, a, "*L")
  lu.assertErrorMsgContains("bad argument", a.receive, a, -1)
  lu.assertErrorMsgContains("bad argument", a.receive, a, {})
  lu.assertErrorMsgContains("bad argument", a.receive, a, "*l", {})
end

------------------------------------------------------------------------
-- send: byte ranges, big buffers, and a peer that went away

TestSocketSend = {tearDown = cleanup}

function TestSocketSend:test_send_returns_the_index_of_the_last_byte_sent()
  local c, a = pair()
  lu.assertEquals(c:send("hello"), 5)
  lu.assertEquals(a:receive(5), "hello")
end

function TestSocketSend:test_i_and_j_choose_a_range_as_string_sub_does()
  local c, a = pair()
  lu.assertEquals(c:send("hello", 2, 4), 4)
  lu.assertEquals(a:receive(3), "ell")
  lu.assertEquals(c:send("hello", -3), 5)
  lu.assertEquals(a:receive(3), "llo")
  lu.assertEquals(c:send("hello", 2), 5)
  lu.assertEquals(a:receive(4), "ello")
  lu.assertEquals(c:send("hello", 1, -2), 4)
  lu.assertEquals(a:receive(4), "hell")
end

function TestSocketSend:test_an_empty_range_sends_nothing()
  local c, a = pair()
  lu.assertEquals(c:send(""), 0)
  lu.assertEquals(c:send("abc", 3, 2), 2)
  c:send("!")
  lu.assertEquals(a:receive(1), "!")
end

function TestSocketSend:test_a_number_is_sent_as_its_text()
  local c, a = pair()
  lu.assertEquals(c:send(12345), 5)
  lu.assertEquals(a:receive(5), "12345")
end

function TestSocketSend:test_bad_data_and_ranges_raise()
  local c = pair()
  lu.assertErrorMsgContains("bad argument", c.send, c, {})
  lu.assertErrorMsgContains("bad argument", c.send, c, nil)
  lu.assertErrorMsgContains("bad argument", c.send, c, "abc", "x")
  lu.assertErrorMsgContains("bad argument", c.send, c, "abc", 1, {})
end

function TestSocketSend:test_writing_to_a_peer_that_closed_returns_closed()
  local c, a = pair()
  a:close()
  -- the first write may still be taken by the kernel; the reset that
  -- answers it makes the next ones fail
  local ok, err, last, code
  for _ = 1, 100 do
    ok, err, last, code = c:send("x")
    if not ok then break end
    netlab.sleep(0.01)
  end
  lu.assertNil(ok)
  lu.assertEquals(err, "closed")
  lu.assertEquals(last, 0)
  lu.assertTrue(code == errno.EPIPE or code == errno.ECONNRESET, tostring(code))
end

function TestSocketSend:test_sigpipe_never_kills_netlab()
  local out, err, code = run([[
    local function closed_pair(kind, path)
      local srv = netlab[kind]()
      if path then assert(srv:bind(path)) else assert(srv:bind("127.0.0.1", 0)) end
      srv:listen()
      local c = netlab[kind]()
      c:settimeout(2)
      if path then assert(c:connect(path)) else assert(c:connect(srv:getsockname())) end
      srv:accept():close()
      return c
    end
    local path = os.tmpname(); os.remove(path)
    for _, c in ipairs{closed_pair("tcp"), closed_pair("unix", path)} do
      local ok, err
      for _ = 1, 100 do
        ok, err = c:send(string.rep("x", 100000))
        if not ok then break end
        netlab.sleep(0.01)
      end
      print(c:kind(), err)
    end
    os.remove(path)
    local p = io.popen("true", "w")   -- a pipe whose reader is gone
    netlab.sleep(0.1)
    p:write(string.rep("x", 1 << 20))
    p:close()
    print("alive")
  ]])
  lu.assertEquals(out, "tcp\tclosed\nunix\tclosed\nalive\n", err)
  lu.assertEquals(code, 0)
end

------------------------------------------------------------------------
-- Timeouts: "b" bounds each wait, "t" the whole call

TestSocketTimeout = {tearDown = cleanup}

function TestSocketTimeout:test_gettimeout_reports_both_limits()
  local s = keep(assert(netlab.tcp()))
  lu.assertEquals({s:gettimeout()}, {nil, nil}) -- no limit at first
  lu.assertEquals(s:settimeout(1.5), 1)
  lu.assertEquals({s:gettimeout()}, {1.5, nil})
  s:settimeout(3, "t")
  lu.assertEquals({s:gettimeout()}, {1.5, 3})
  s:settimeout(nil)
  lu.assertEquals({s:gettimeout()}, {nil, 3})
  s:settimeout(-1, "t") -- negative: no limit, as in LuaSocket
  lu.assertEquals({s:gettimeout()}, {nil, nil})
end

function TestSocketTimeout:test_bad_timeouts_raise()
  local s = new("tcp")
  lu.assertErrorMsgContains("bad argument", s.settimeout, s, "soon")
  lu.assertErrorMsgContains("bad argument", s.settimeout, s, 1, "x")
  lu.assertErrorMsgContains("bad argument", s.settimeout, s, 0 / 0) -- NaN: no limit at all?
end

function TestSocketTimeout:test_zero_never_waits()
  local c, a = pair()
  a:settimeout(0)
  local took, data, err = timed(a.receive, a)
  lu.assertEquals({data, err}, {nil, "timeout"})
  lu.assertTrue(took < 0.05, took)
end

function TestSocketTimeout:test_accept_times_out_when_nobody_connects()
  local srv = listener()
  srv:settimeout(0.1)
  local took, c, err = timed(srv.accept, srv)
  lu.assertEquals({c, err}, {nil, "timeout"})
  lu.assertTrue(took >= 0.09 and took < 1, took)
end

-- A task that sends one byte every 50 ms, ten times.
local function dripper(c)
  return netlab.spawn(function()
    for i = 1, 10 do
      netlab.sleep(0.05)
      c:send(tostring(i % 10))
    end
  end)
end

function TestSocketTimeout:test_a_block_timeout_bounds_each_wait_not_the_call()
  local c, a = pair()
  a:settimeout(0.3) -- each wait is short: the call gets all ten bytes
  local t = dripper(c)
  local took, data, err, partial = timed(a.receive, a, 100)
  t:join(T)
  lu.assertEquals({data, err, partial}, {nil, "timeout", "1234567890"})
  lu.assertTrue(took > 0.7 and took < 1.5, took)
end

function TestSocketTimeout:test_a_total_timeout_bounds_the_whole_call()
  local c, a = pair()
  a:settimeout(nil)
  a:settimeout(0.2, "t")
  local t = dripper(c)
  local took, data, err, partial = timed(a.receive, a, 100)
  lu.assertEquals({data, err}, {nil, "timeout"})
  lu.assertTrue(#partial >= 1 and #partial < 10, partial)
  lu.assertTrue(took >= 0.19 and took < 0.5, took)
  t:join(T)
end

function TestSocketTimeout:test_a_send_that_times_out_tells_how_far_it_got()
  local c = pair() -- nobody reads at the other end: the buffers fill up
  c:settimeout(0.1)
  local data = string.rep("x", 64 * 1024 * 1024)
  local took, ok, err, last = timed(c.send, c, data)
  lu.assertEquals({ok, err}, {nil, "timeout"})
  lu.assertTrue(last > 0 and last < #data, last)
  lu.assertTrue(took < 1, took)
end

function TestSocketTimeout:test_an_accepted_socket_inherits_the_listeners_timeouts()
  local srv, port = listener()
  srv:settimeout(0.25)
  local c = new("tcp")
  c:connect(LO, port)
  local a = keep(srv:accept())
  lu.assertEquals({a:gettimeout()}, {0.25, nil})
end

------------------------------------------------------------------------
-- Options

TestSocketOptions = {tearDown = cleanup}

function TestSocketOptions:test_boolean_options_read_back_as_set()
  local s = new("tcp")
  for _, name in ipairs{"reuseaddr", "reuseport", "keepalive", "tcp-nodelay"} do
    lu.assertEquals(s:setoption(name, true), 1, name)
    lu.assertEquals(s:getoption(name), true, name)
    lu.assertEquals(s:setoption(name, false), 1, name)
    lu.assertEquals(s:getoption(name), false, name)
  end
end

function TestSocketOptions:test_linger_takes_a_table()
  local s = new("tcp")
  lu.assertEquals(s:setoption("linger", {on = true, timeout = 3}), 1)
  lu.assertEquals(s:getoption("linger"), {on = true, timeout = 3})
  s:setoption("linger", {on = false})
  lu.assertEquals(s:getoption("linger").on, false)
end

function TestSocketOptions:test_buffer_sizes_are_at_least_what_was_asked()
  local s = new("tcp")
  lu.assertEquals(s:setoption("rcvbuf", 8192), 1)
  lu.assertTrue(s:getoption("rcvbuf") >= 8192) -- Linux doubles it
  lu.assertEquals(s:setoption("sndbuf", 16384), 1)
  lu.assertTrue(s:getoption("sndbuf") >= 16384)
end

function TestSocketOptions:test_a_tcp_option_on_udp_fails_with_an_errno()
  local u = new("udp")
  local ok, err, code = u:setoption("tcp-nodelay", true)
  lu.assertNil(ok)
  lu.assertIsString(err)
  lu.assertTrue(code == errno.ENOPROTOOPT or code == errno.EOPNOTSUPP, tostring(code))
end

function TestSocketOptions:test_unknown_names_and_wrong_values_raise()
  local s = new("tcp")
  lu.assertErrorMsgContains("unknown option 'no-such-option'", s.setoption, s, "no-such-option", true)
  lu.assertErrorMsgContains("unknown option 'nope'", s.getoption, s, "nope")
  lu.assertErrorMsgContains("bad argument", s.setoption, s, 42, true)
  lu.assertErrorMsgContains("bad argument", s.setoption, s, "reuseaddr", 1)
  lu.assertErrorMsgContains("bad argument", s.setoption, s, "rcvbuf", "big")
  lu.assertErrorMsgContains("bad argument", s.setoption, s, "linger", true)
end

------------------------------------------------------------------------
-- Statistics

TestSocketStats = {tearDown = cleanup}

function TestSocketStats:test_getstats_counts_bytes_and_age()
  local c, a = pair()
  c:send("12345")
  lu.assertEquals(a:receive(5), "12345")
  local received, sent, age = c:getstats()
  lu.assertEquals({received, sent}, {0, 5})
  lu.assertTrue(age >= 0)
  received, sent = a:getstats()
  lu.assertEquals({received, sent}, {5, 0})
  netlab.sleep(0.05)
  lu.assertTrue(select(3, c:getstats()) >= age + 0.05)
end

function TestSocketStats:test_setstats_resets_the_counters()
  local c = pair()
  c:send("abc")
  lu.assertEquals(c:setstats(0, 0, 0), 1)
  local received, sent, age = c:getstats()
  lu.assertEquals({received, sent}, {0, 0})
  lu.assertTrue(age < 0.05)
end

function TestSocketStats:test_datagrams_are_counted_too()
  local u, v = new("udp"), new("udp")
  u:bind(LO, 0)
  local _, port = u:getsockname()
  v:sendto("four", LO, port)
  lu.assertEquals(u:receive(), "four")
  local received, sent = u:getstats()
  lu.assertEquals({received, sent}, {4, 0})
  lu.assertEquals(select(2, v:getstats()), 4)
end

------------------------------------------------------------------------
-- UDP: datagrams

TestSocketUdp = {tearDown = cleanup}

-- A UDP socket bound on loopback, and its port.
local function udp_server(kind, host)
  local u = new(kind or "udp")
  assert(u:setsockname(host or LO, 0))
  local _, port = u:getsockname()
  return u, port
end

function TestSocketUdp:test_sendto_and_receivefrom_tell_who_sent()
  local u, port = udp_server()
  local v = new("udp")
  lu.assertEquals(v:sendto("hello", LO, port), 5)
  local data, ip, from = u:receivefrom()
  lu.assertEquals({data, ip}, {"hello", LO})
  lu.assertEquals(from, select(2, v:getsockname()))
  u:sendto("hi back", ip, from)
  lu.assertEquals(v:receive(), "hi back")
end

function TestSocketUdp:test_each_receive_takes_one_datagram()
  local u, port = udp_server()
  local v = new("udp")
  v:sendto("first", LO, port)
  v:sendto("", LO, port) -- an empty datagram is a datagram too
  v:sendto("third", LO, port)
  lu.assertEquals(u:receive(), "first")
  lu.assertEquals(u:receive(), "")
  lu.assertEquals(u:receive(), "third")
end

function TestSocketUdp:test_a_size_cuts_a_long_datagram()
  local u, port = udp_server()
  local v = new("udp")
  v:sendto("abcdef", LO, port)
  lu.assertEquals(u:receive(3), "abc")
  v:sendto("uvwxyz", LO, port)
  lu.assertEquals(u:receivefrom(2), "uv")
end

function TestSocketUdp:test_receive_times_out_when_nothing_comes()
  local u = udp_server()
  u:settimeout(0.05)
  local data, err = u:receive()
  lu.assertEquals({data, err}, {nil, "timeout"})
  lu.assertEquals({u:receivefrom()}, {nil, "timeout"})
end

function TestSocketUdp:test_setpeername_connects_and_star_forgets()
  local u, port = udp_server()
  local v = new("udp")
  lu.assertStrMatches(tostring(v), "udp{unconnected}.*")
  lu.assertEquals(v:setpeername(LO, port), 1)
  lu.assertStrMatches(tostring(v), "udp{connected} .* %-> 127%.0%.0%.1:" .. port .. " fd=%d+")
  lu.assertEquals({v:getpeername()}, {LO, port, "inet"})
  lu.assertEquals(v:send("via send"), 8)
  lu.assertEquals(u:receive(), "via send")
  lu.assertEquals(v:setpeername("*"), 1)
  lu.assertStrMatches(tostring(v), "udp{unconnected}.*")
  lu.assertEquals(select(2, v:getpeername()), "not connected")
end

function TestSocketUdp:test_bad_destinations()
  local v = new("udp")
  lu.assertErrorMsgContains("bad argument", v.sendto, v, {}, LO, 9)
  lu.assertErrorMsgContains("bad argument", v.sendto, v, "x", LO, 65536)
  lu.assertErrorMsgContains("bad argument", v.sendto, v, "x", LO)
  lu.assertErrorMsgContains("bad argument", v.setpeername, v, LO, 99999)
  lu.assertErrorMsgContains("bad argument", v.receivefrom, v, -1)
  local ok, err = v:sendto("x", "nosuchhost.invalid", 9)
  lu.assertNil(ok)
  lu.assertEquals(err, "host or service not provided, or not known")
end

------------------------------------------------------------------------
-- IPv6

TestSocketIPv6 = {tearDown = cleanup}

function TestSocketIPv6:test_tcp6_talks_over_the_ipv6_loopback()
  local c, a, srv, port = pair("tcp6", LO6)
  lu.assertEquals({srv:getsockname()}, {LO6, port, "inet6"})
  lu.assertEquals({c:getpeername()}, {LO6, port, "inet6"})
  lu.assertStrMatches(tostring(c), "tcp6{client} %[::1%]:%d+ %-> %[::1%]:" .. port .. " fd=%d+")
  c:send("six\n")
  lu.assertEquals(a:receive(), "six")
end

function TestSocketIPv6:test_udp6_datagrams()
  local u, port = udp_server("udp6", LO6)
  local v = new("udp6")
  lu.assertEquals(v:sendto("v6", LO6, port), 2)
  local data, ip = u:receivefrom()
  lu.assertEquals({data, ip}, {"v6", LO6})
end

function TestSocketIPv6:test_an_address_of_the_other_family_is_refused()
  local ok, err = new("tcp6"):connect(LO, 80)
  lu.assertEquals({ok, err}, {nil, "address family mismatch"})
  ok, err = new("tcp"):bind(LO6, 0)
  lu.assertEquals({ok, err}, {nil, "address family mismatch"})
end

------------------------------------------------------------------------
-- Unix-domain sockets

TestSocketUnix = {tearDown = cleanup}

function TestSocketUnix:test_a_stream_on_a_path()
  local c, a, srv, path = pair("unix")
  lu.assertEquals(srv:getsockname(), path)
  lu.assertEquals(c:getpeername(), path)
  lu.assertEquals(tostring(srv), ("unix{server} %s fd=%d"):format(path, srv:getfd()))
  lu.assertEquals(tostring(c), ("unix{client} (unnamed) -> %s fd=%d"):format(path, c:getfd()))
  c:send("over the path\n")
  lu.assertEquals(a:receive(), "over the path")
  a:send("back")
  a:close()
  lu.assertEquals(c:receive("*a"), "back")
end

function TestSocketUnix:test_datagrams_on_paths()
  local path, from = sock_path(), sock_path()
  local u = new("unix", "dgram")
  assert(u:bind(path))
  local v = new("unix", "dgram")
  lu.assertEquals(v:sendto("anonymous", path), 9)
  lu.assertEquals(u:receive(), "anonymous")
  assert(v:bind(from))
  v:sendto("signed", path)
  lu.assertEquals({u:receivefrom()}, {"signed", from})
end

function TestSocketUnix:test_no_server_on_the_path()
  local ok, err, code = new("unix"):connect(sock_path())
  lu.assertEquals({ok, err, code}, {nil, "no such file or directory", errno.ENOENT})
end

function TestSocketUnix:test_a_path_in_use()
  local _, path = listener("unix")
  local ok, err, code = new("unix"):bind(path)
  lu.assertEquals({ok, err, code}, {nil, "address already in use", errno.EADDRINUSE})
end

function TestSocketUnix:test_bad_paths_and_kinds()
  local ok, err = new("unix"):connect(string.rep("x", 200))
  lu.assertEquals({ok, err}, {nil, "invalid address"})
  ok, err = new("unix"):bind("")
  lu.assertEquals({ok, err}, {nil, "invalid address"})
  local s = new("unix")
  lu.assertErrorMsgContains("bad argument", s.connect, s, {})
  lu.assertErrorMsgContains("bad argument", netlab.unix, "raw")
end

------------------------------------------------------------------------
-- Bad input: what the script got wrong raises, what the network says
-- comes back as nil, message, errno

TestSocketBadInput = {tearDown = cleanup}

function TestSocketBadInput:test_hosts_and_ports_of_the_wrong_type_raise()
  local s = new("tcp")
  lu.assertErrorMsgContains("bad argument", s.bind, s, {}, 80)
  lu.assertErrorMsgContains("bad argument", s.bind, s, LO, "eighty")
  lu.assertErrorMsgContains("bad argument", s.bind, s, LO)
  lu.assertErrorMsgContains("bad argument", s.connect, s, nil, 80)
  lu.assertErrorMsgContains("bad argument", s.connect, s, LO, {})
  lu.assertErrorMsgContains("bad argument", s.connect, s, LO)
  lu.assertErrorMsgContains("bad argument", s.listen, s, "many")
end

function TestSocketBadInput:test_ports_outside_0_to_65535_raise()
  local s = new("tcp")
  for _, port in ipairs{-1, 65536, 70000, math.maxinteger} do
    lu.assertErrorMsgContains("port out of range", s.bind, s, LO, port)
    lu.assertErrorMsgContains("port out of range", s.connect, s, LO, port)
  end
  lu.assertEquals(s:bind(LO, 0), 1) -- 0: any free port
end

function TestSocketBadInput:test_bad_argument_errors_blame_the_callers_line()
  local s = new("tcp")
  local f = load("local s = ...\ns:connect({}, 80)", "=caller")
  local ok, err = pcall(f, s)
  lu.assertFalse(ok)
  lu.assertStrContains(err, "caller:2: bad argument #1 to 'connect'")
  f = load("local s = ...\n\ns:receive('*x')", "=caller")
  ok, err = pcall(f, s)
  lu.assertStrContains(err, "caller:3: bad argument #1 to 'receive'")
end

function TestSocketBadInput:test_unparsable_addresses_fail()
  for _, host in ipairs{"", "256.1.1.1", "1.2.3.4.5", "not a host!", "[::1]"} do
    local ok, err = new("tcp"):bind(host, 0)
    lu.assertNil(ok, host)
    lu.assertIsString(err, host)
  end
  lu.assertEquals(select(2, new("tcp"):connect("", 80)), "invalid address")
end

function TestSocketBadInput:test_a_name_that_does_not_resolve()
  local ok, err = new("tcp"):connect("nosuchhost.invalid", 80)
  lu.assertEquals({ok, err}, {nil, "host or service not provided, or not known"})
  ok, err = new("tcp"):bind("nosuchhost.invalid", 0)
  lu.assertEquals({ok, err}, {nil, "host or service not provided, or not known"})
end

function TestSocketBadInput:test_bind_to_a_port_in_use()
  local _, port = listener()
  local ok, err, code = new("tcp"):bind(LO, port)
  lu.assertEquals({ok, err, code}, {nil, "address already in use", errno.EADDRINUSE})
end

function TestSocketBadInput:test_connect_to_a_port_nobody_listens_on()
  local ok, err, code = new("tcp"):connect(LO, free_port())
  lu.assertEquals({ok, err, code}, {nil, "connection refused", errno.ECONNREFUSED})
  lu.assertEquals(errno[code], "ECONNREFUSED")
end

function TestSocketBadInput:test_every_method_raises_on_a_closed_socket()
  local s = assert(netlab.tcp())
  s:close()
  local calls = {
    bind = {LO, 0}, listen = {}, accept = {}, connect = {LO, 80}, send = {"x"},
    receive = {}, sendto = {"x", LO, 80}, receivefrom = {}, setpeername = {LO, 80},
    setsockname = {LO, 0}, getsockname = {}, getpeername = {}, settimeout = {1},
    gettimeout = {}, setoption = {"reuseaddr", true}, getoption = {"reuseaddr"},
    shutdown = {}, getstats = {}, setstats = {0, 0, 0}, dirty = {}, getfamily = {},
  }
  for name, args in pairs(calls) do
    lu.assertErrorMsgContains("attempt to use a closed socket", s[name], s, table.unpack(args))
  end
end

function TestSocketBadInput:test_closing_twice_is_harmless()
  local s = assert(netlab.tcp())
  lu.assertTrue(s:getfd() >= 0)
  lu.assertEquals(s:close(), 1)
  lu.assertEquals(s:close(), 1)
  lu.assertEquals(s:getfd(), -1)
  lu.assertEquals(s:kind(), "tcp")
end

function TestSocketBadInput:test_a_to_be_closed_socket_closes_at_scope_end()
  local fd
  do
    local s <close> = assert(netlab.tcp())
    fd = s:getfd()
  end
  for _, row in ipairs(netlab.fd.list()) do lu.assertNotEquals(row.fd, fd) end
end

------------------------------------------------------------------------
-- No fd leaks, however sockets end

TestSocketFdCount = {tearDown = cleanup}

function TestSocketFdCount:test_ten_thousand_open_close_cycles()
  local before = helper.fd_count()
  local kinds = {"tcp", "udp", "tcp6", "udp6", "unix"}
  for i = 1, 10000 do
    local s = assert(netlab[kinds[i % #kinds + 1]]())
    s:close()
  end
  lu.assertEquals(helper.fd_count(), before)
end

function TestSocketFdCount:test_ten_thousand_garbage_collected_sockets()
  local before = helper.fd_count()
  for i = 1, 10000 do
    assert(netlab.tcp()) -- dropped without close
    if i % 1000 == 0 then collectgarbage() end
  end
  collectgarbage()
  collectgarbage()
  lu.assertEquals(helper.fd_count(), before)
end

function TestSocketFdCount:test_connections_that_end_leave_nothing_open()
  local srv, port = listener()
  collectgarbage()
  local before = helper.fd_count()
  for _ = 1, 300 do
    local c <close> = assert(netlab.tcp())
    c:settimeout(T)
    assert(c:connect(LO, port))
    local a <close> = assert(srv:accept())
    c:send("x\n")
    assert(a:receive() == "x")
  end
  for _ = 1, 300 do -- refused connects must not leak either
    local c = assert(netlab.tcp())
    c:settimeout(T)
    assert(not c:connect(LO, free_port()))
    c:close()
  end
  lu.assertEquals(helper.fd_count(), before)
end

------------------------------------------------------------------------
-- A script with no tasks and no timers: its receives block in the kernel
-- (one system call, as a C program's would). The answers must be the
-- same as through the scheduler; each lesson runs in a fresh netlab.

TestSocketAlone = {}

-- Lua source that runs STEPS (code that calls show(...)) on a connected
-- TCP pair c -> a and a bound UDP socket u, printing each answer.
local function alone_script(steps)
  return [[
    local srv = netlab.tcp(); srv:bind("127.0.0.1", 0); srv:listen()
    local c = netlab.tcp(); c:settimeout(1); assert(c:connect(srv:getsockname()))
    local a = srv:accept()
    local u = netlab.udp(); u:bind("127.0.0.1", 0)
    local v = netlab.udp()
    local function show(...)
      local t = table.pack(...)
      for i = 1, t.n do t[i] = tostring(t[i]) end
      print(table.concat(t, "|"))
    end
  ]] .. steps
end

function TestSocketAlone:test_patterns_timeouts_and_ends_give_the_same_answers()
  local out, err, code = run(alone_script([[
    a:settimeout(0.1)
    c:send("one\r\ntwo\nabcdef")
    show(a:receive()); show(a:receive("*l", "P:")); show(a:receive(4)); show(a:receive(5))
    a:settimeout(nil); a:settimeout(0.1, "t")
    c:send("xyz"); show(a:receive("*l"))
    c:send("tail"); c:close(); show(a:receive("*a", "A:")); show(a:receive(3))
    u:settimeout(0.1)
    v:sendto("dg", u:getsockname())
    show((u:receivefrom())); show(u:receive())
  ]]))
  lu.assertEquals(out, table.concat({"one", "P:two", "abcd", "nil|timeout|ef", "nil|timeout|xyz",
                                     "A:tail", "nil|closed|", "dg", "nil|timeout", ""}, "\n"), err)
  lu.assertEquals(code, 0)
end

function TestSocketAlone:test_timeout_zero_takes_what_is_already_there()
  -- LuaSocket's polling idiom: settimeout(0), then receive what has come
  local out, err, code = run(alone_script([[
    c:send("waiting\n")
    v:sendto("datagram", u:getsockname())
    netlab.sleep(0.05)
    a:settimeout(0); u:settimeout(0)
    show(a:receive()); show(u:receive())
    show(a:receive()); show(u:receive())
  ]]))
  lu.assertEquals(out, "waiting\ndatagram\nnil|timeout|\nnil|timeout\n", err)
  lu.assertEquals(code, 0)
end
