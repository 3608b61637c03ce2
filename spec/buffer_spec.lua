-- spec/buffer_spec.lua: netlab.buffer, a block of bytes a script reuses
-- for socket I/O (receive_into, receivefrom_into; send and sendto from
-- one), so a stream or a ping-pong makes no Lua string per call. Every
-- socket is on loopback or a unix path, every wait bounded, and each
-- test's sockets are closed after it.
local lu = require "luaunit"
local helper = require "helper"
local errno = netlab.errno

local LO = "127.0.0.1"
local keep, close_kept = helper.keeper(2)

-- A connected TCP pair on loopback: the client end and the accepted end.
local function tcp_pair()
  local srv = keep(assert(netlab.tcp()))
  assert(srv:bind(LO, 0))
  assert(srv:listen())
  local c = keep(assert(netlab.tcp()))
  assert(c:connect(LO, select(2, srv:getsockname())))
  return c, keep(assert(srv:accept()))
end

-- Two UDP sockets on loopback: the sender, the receiver and its port.
local function udp_pair()
  local u, v = keep(assert(netlab.udp())), keep(assert(netlab.udp()))
  assert(v:bind(LO, 0))
  return u, v, select(2, v:getsockname())
end

------------------------------------------------------------------------
-- The buffer itself

TestBuffer = {}

function TestBuffer:test_a_buffer_has_a_size_and_holds_what_is_set()
  local b <close> = netlab.buffer(16)
  lu.assertEquals({b:size(), #b}, {16, 0})
  lu.assertEquals(tostring(b), "netlab.buffer: 0 of 16 bytes")
  lu.assertIs(b:set("hello\0world"), b)
  lu.assertEquals(#b, 11)
  lu.assertEquals(b:tostring(), "hello\0world")
  lu.assertEquals(b:tostring(2, 4), "ell")
  lu.assertEquals(b:tostring(-5), "world")
  lu.assertEquals(b:tostring(3, 2), "")
  lu.assertEquals(b:tostring(12), "")
  lu.assertIs(b:clear(), b)
  lu.assertEquals({#b, b:size(), b:tostring()}, {0, 16, ""})
end

function TestBuffer:test_closing_frees_it_and_again_is_harmless()
  local b = netlab.buffer(8)
  b:set("x")
  b:close()
  b:close()
  lu.assertEquals(tostring(b), "netlab.buffer (closed)")
  for _, use in ipairs({
    function() return #b end, function() return b:size() end,
    function() return b:set("y") end, function() return b:tostring() end,
    function() return b:clear() end,
  }) do
    helper.raises("attempt to use a closed buffer", use)
  end
end

function TestBuffer:test_bad_sizes_and_contents_raise()
  for _, size in ipairs({0, -1, 2 ^ 31, 1 << 40}) do
    helper.raises("bad argument #1 to 'buffer' (size of 1 byte to 1 GiB expected)", function() netlab.buffer(size) end)
  end
  helper.raises("bad argument #1 to 'buffer' (number expected, got string)", function() netlab.buffer("big") end)
  helper.raises("number has no integer representation", netlab.buffer, 1.5)
  helper.raises("number expected, got no value", netlab.buffer)
  local b <close> = netlab.buffer(4)
  helper.raises("bad argument #1 to 'set' (5 bytes do not fit in a buffer of 4)", function() b:set("12345") end)
  lu.assertEquals(#b, 0) -- nothing was copied
  helper.raises("string expected, got nil", function() b:set(nil) end)
  helper.raises("bad argument #1 to 'size' (netlab.buffer expected, got number)", function() b.size(42) end)
  b:set("abc")
  helper.raises("i out of range (the buffer holds 3 bytes)", function() b:tostring(5) end)
  helper.raises("i out of range (the buffer holds 3 bytes)", function() b:tostring(-4) end)
  helper.raises("j out of range (the buffer holds 3 bytes)", function() b:tostring(1, 4) end)
  helper.raises("j out of range (the buffer holds 3 bytes)", function() b:tostring(3, 1) end)
end

------------------------------------------------------------------------
-- Streams

TestBufferStream = {tearDown = close_kept}

function TestBufferStream:test_a_stream_is_sent_from_and_received_into_buffers()
  local c, a = tcp_pair()
  local out <close> = netlab.buffer(64)
  local into <close> = netlab.buffer(64)
  out:set("0123456789")
  lu.assertEquals(c:send(out), 10)
  lu.assertEquals(c:send(out, 3, -4), 7) -- "23456": LuaSocket's i, j, the last index sent
  lu.assertEquals(c:send(out, 11), 10) -- an empty range sends nothing
  netlab.sleep(0.05)
  lu.assertEquals(a:receive_into(into, 4), 4)
  lu.assertEquals(into:tostring(), "0123")
  lu.assertEquals(a:receive_into(into), 11) -- what has arrived, up to the size
  lu.assertEquals(into:tostring(), "45678923456")
  lu.assertEquals((a:getstats()), 15)
end

function TestBufferStream:test_bytes_an_earlier_receive_left_come_first()
  local c, a = tcp_pair()
  local into <close> = netlab.buffer(8)
  c:send("line\nrest of it")
  lu.assertEquals(a:receive(), "line")
  lu.assertEquals(a:receive_into(into), 8)
  lu.assertEquals(into:tostring(), "rest of ")
  lu.assertEquals(a:receive_into(into), 2)
  lu.assertEquals(into:tostring(), "it")
  c:send("abc\n")
  lu.assertEquals(a:receive(), "abc") -- receive goes on after receive_into
end

function TestBufferStream:test_a_bulk_stream_comes_through_a_small_buffer_in_order()
  -- receive_into reads ahead what has arrived past the buffer's size
  -- (one syscall for several receives): every byte comes once, in order,
  -- then receive and the end of the stream go on from there
  local c, a = tcp_pair()
  local parts = {}
  for i = 1, 3000 do parts[i] = ("%07d\n"):format(i) end
  local all = table.concat(parts) -- 24000 bytes
  lu.assertEquals(c:send(all), #all)
  c:send("tail\n")
  c:close()
  netlab.sleep(0.05)
  local into <close> = netlab.buffer(1000)
  lu.assertEquals(a:receive_into(into), 1000)
  lu.assertTrue(a:dirty()) -- what came past the buffer waits in netlab's own
  local got = {into:tostring()}
  local n = 1000
  while n < #all do
    local k = assert(a:receive_into(into, math.min(1000, #all - n)))
    got[#got + 1] = into:tostring()
    n = n + k
  end
  lu.assertEquals(n, #all)
  lu.assertEquals(table.concat(got), all)
  lu.assertEquals(a:receive(), "tail")
  lu.assertEquals({a:receive_into(into)}, {nil, "closed"})
  lu.assertEquals((a:getstats()), #all + 5) -- each byte counted once
end

function TestBufferStream:test_a_large_receive_into_reads_only_what_it_asked_for()
  -- from 16 KiB a receive_into reads straight into the buffer and no
  -- further (no read-ahead to copy a second time): the rest stays in the
  -- kernel, every byte comes once, in order
  local c, a = tcp_pair()
  local parts = {}
  for i = 1, 20000 do parts[i] = ("%07d\n"):format(i) end
  local all = table.concat(parts) -- 160000 bytes
  local t = netlab.spawn(function() return c:send(all) end)
  local into <close> = netlab.buffer(16384)
  local got, n = {}, 0
  while n < #all do
    local k = assert(a:receive_into(into))
    lu.assertFalse(a:dirty()) -- nothing read ahead into netlab's buffer
    got[#got + 1] = into:tostring()
    n = n + k
  end
  lu.assertEquals(t:join(), #all)
  lu.assertEquals(table.concat(got), all)
  lu.assertEquals((a:getstats()), #all)
  -- one byte less and it reads ahead again
  c:send(("y"):rep(20000))
  netlab.sleep(0.05)
  local small <close> = netlab.buffer(16383)
  lu.assertEquals(a:receive_into(small), 16383)
  lu.assertTrue(a:dirty())
  lu.assertEquals(a:receive_into(small), 20000 - 16383)
  lu.assertFalse(a:dirty())
end

function TestBufferStream:test_end_timeout_and_closed_socket()
  local c, a = tcp_pair()
  local into <close> = netlab.buffer(8)
  into:set("old")
  a:settimeout(0.05)
  lu.assertEquals({a:receive_into(into)}, {nil, "timeout"})
  lu.assertEquals(#into, 0) -- a failed receive leaves the buffer empty
  c:close()
  lu.assertEquals({a:receive_into(into)}, {nil, "closed"})
  a:close()
  helper.raises("attempt to use a closed socket", function() a:receive_into(into) end)
  helper.raises("attempt to use a closed socket", function() a:send(into) end)
end

function TestBufferStream:test_a_task_waits_for_bytes_into_its_buffer()
  local c, a = tcp_pair()
  local into <close> = netlab.buffer(32)
  local t = netlab.spawn(function() return a:receive_into(into) end)
  netlab.sleep(0.05)
  lu.assertEquals(t:status(), "waiting")
  c:send("late")
  lu.assertEquals(t:join(2), 4)
  lu.assertEquals(into:tostring(), "late")
end

function TestBufferStream:test_a_buffer_closed_while_a_task_waits_raises_there()
  local c, a = tcp_pair()
  local into = netlab.buffer(32)
  local t = netlab.spawn(function() return a:receive_into(into) end)
  netlab.sleep(0.05)
  into:close()
  c:send("after")
  helper.raises("attempt to use a closed buffer", function() t:join(2) end)
  local again <close> = netlab.buffer(32)
  lu.assertEquals(a:receive_into(again), 5) -- the bytes were left for the next receive
end

function TestBufferStream:test_other_userdata_are_told_apart_from_sockets_and_buffers()
  -- sockets and buffers are told by a tag in their first bytes: another
  -- userdata, one of the same size, or one whose metatable changed is
  -- refused or taken for what it really is
  local c, a = tcp_pair()
  local b <close> = netlab.buffer(8)
  local recv_into = getmetatable(a).__index.receive_into
  helper.raises("netlab.socket expected, got netlab.buffer", function() recv_into(b, b) end)
  helper.raises("bad argument #1 to 'receive_into' (netlab.buffer expected, got netlab.socket)",
    function() a:receive_into(c) end)
  local p = netlab.packet.ip{dst = LO} / netlab.packet.udp{dport = 9}
  helper.raises("netlab.buffer expected", function() a:receive_into(p) end)
  local u = netlab.udp()
  u:close()
  helper.raises("attempt to use a closed socket", function() recv_into(u, b) end)
  -- a socket keeps working when debug gives it another metatable
  local mt = debug.getmetatable(a)
  debug.setmetatable(a, {})
  c:send("abc")
  local ok, n = pcall(recv_into, a, b)
  debug.setmetatable(a, mt)
  lu.assertEquals({ok, n}, {true, 3})
  lu.assertEquals(b:tostring(), "abc")
end

function TestBufferStream:test_bad_arguments_raise()
  local c, a = tcp_pair()
  local b <close> = netlab.buffer(4)
  b:set("abcd")
  helper.raises("bad argument #1 to 'receive_into' (netlab.buffer expected, got string)", function() a:receive_into("x") end)
  helper.raises("bad argument #1 to 'receive_into' (netlab.buffer expected, got nil)", function() a:receive_into() end)
  helper.raises("(byte count of 1 to 4 expected (the buffer's size))", function() a:receive_into(b, 5) end)
  helper.raises("(byte count of 1 to 4 expected (the buffer's size))", function() a:receive_into(b, 0) end)
  helper.raises("number expected, got string", function() a:receive_into(b, "all") end)
  helper.raises("bad argument #2 to 'send' (i out of range (the buffer holds 4 bytes))", function() c:send(b, 6) end)
  helper.raises("bad argument #2 to 'send' (i out of range (the buffer holds 4 bytes))", function() c:send(b, 0) end)
  helper.raises("bad argument #3 to 'send' (j out of range (the buffer holds 4 bytes))", function() c:send(b, 1, 5) end)
  helper.raises("bad argument #1 to 'send' (string expected, got table)", function() c:send({}) end)
  helper.raises("datagram socket expected", function() a:receivefrom_into(b) end)
  local gone = netlab.buffer(4)
  gone:close()
  helper.raises("attempt to use a closed buffer", function() c:send(gone) end)
  helper.raises("attempt to use a closed buffer", function() a:receive_into(gone) end)
  a:settimeout(0)
  lu.assertEquals({a:receive_into(b)}, {nil, "timeout"}) -- nothing sent by the refusals
end

------------------------------------------------------------------------
-- Datagrams

TestBufferDatagram = {tearDown = close_kept}

function TestBufferDatagram:test_one_datagram_each_and_its_sender()
  local u, v, port = udp_pair()
  local out <close> = netlab.buffer(32)
  local into <close> = netlab.buffer(32)
  out:set("ping")
  lu.assertEquals(u:sendto(out, LO, port), 4)
  lu.assertEquals(u:sendto(out, LO, port), 4)
  local n, ip, from = v:receivefrom_into(into)
  local _, uport = u:getsockname()
  lu.assertEquals({n, ip, from}, {4, LO, uport})
  lu.assertEquals(into:tostring(), "ping")
  lu.assertEquals(v:receive_into(into), 4)
  out:clear()
  lu.assertEquals(u:sendto(out, LO, port), 0) -- a zero-length datagram is one
  into:set("old")
  lu.assertEquals(v:receive_into(into), 0)
  lu.assertEquals(#into, 0)
end

function TestBufferDatagram:test_a_datagram_longer_than_the_buffer_is_reported()
  local u, v, port = udp_pair()
  local into <close> = netlab.buffer(8)
  u:sendto(("x"):rep(20), LO, port)
  lu.assertEquals({v:receive_into(into)},
                  {nil, "datagram truncated (20 bytes, the buffer took 8)", errno.EMSGSIZE})
  lu.assertEquals(into:tostring(), ("x"):rep(8))
  u:sendto("0123456789", LO, port)
  lu.assertEquals({v:receivefrom_into(into, 4)},
                  {nil, "datagram truncated (10 bytes, the buffer took 4)", errno.EMSGSIZE})
  lu.assertEquals(into:tostring(), "0123")
end

function TestBufferDatagram:test_a_unix_datagram_names_its_sender_path()
  local dir = helper.tmpname()
  os.remove(dir)
  local pa, pb = dir .. ".a", dir .. ".b"
  local x, y = keep(netlab.unix("dgram")), keep(netlab.unix("dgram"))
  assert(x:bind(pa))
  assert(y:bind(pb))
  local b <close> = netlab.buffer(16)
  b:set("hi")
  lu.assertEquals(x:sendto(b, pb), 2)
  lu.assertEquals({y:receivefrom_into(b)}, {2, pa})
  os.remove(pa)
  os.remove(pb)
end

function TestBufferDatagram:test_timeout_closed_and_bad_arguments()
  local u, v, port = udp_pair()
  local b <close> = netlab.buffer(8)
  v:settimeout(0.05)
  lu.assertEquals({v:receivefrom_into(b)}, {nil, "timeout"})
  helper.raises("bad argument #1 to 'sendto' (string expected, got boolean)", function() u:sendto(true, LO, port) end)
  helper.raises("bad argument #1 to 'receivefrom_into' (netlab.buffer expected, got nil)", function() v:receivefrom_into(nil) end)
  local gone = netlab.buffer(8)
  gone:close()
  helper.raises("attempt to use a closed buffer", function() u:sendto(gone, LO, port) end)
  helper.raises("attempt to use a closed buffer", function() v:receivefrom_into(gone) end)
  v:close()
  helper.raises("attempt to use a closed socket", function() v:receivefrom_into(b) end)
end
