-- spec/zcopy_spec.lua: netlab.sendfile and netlab.splice, the copies the
-- kernel makes without the bytes entering the script's memory. Sockets
-- on loopback (and a unix pair); every wait is bounded and tearDown
-- closes what a test opened.
local lu = require "luaunit"
local helper = require "helper"

local LO = "127.0.0.1"
local T = 2 -- no wait in this file lasts longer than this (seconds)
local keep, close_kept = helper.keeper(T)

local files = {} -- paths to remove after each test

-- A file holding N bytes of a pattern where every 16-byte block differs:
-- its path and its bytes.
local function file_of(n)
  local parts = {}
  for i = 0, n // 16 do parts[#parts + 1] = ("%015x\n"):format(i) end
  local data = table.concat(parts):sub(1, n)
  local path = helper.tmpfile(data)
  files[#files + 1] = path
  return path, data
end

-- A listening tcp socket on loopback and its port.
local function listener()
  local s = keep(assert(netlab.tcp()))
  assert(s:bind(LO, 0))
  assert(s:listen())
  local _, port = s:getsockname()
  return s, port
end

-- A connected tcp pair: the client end and the accepted end.
local function pair()
  local srv, port = listener()
  local c = keep(assert(netlab.tcp()))
  assert(c:connect(LO, port))
  return c, keep(assert(srv:accept()))
end

-- A task reading everything SOCK receives until the peer closes.
local function drain(sock)
  return netlab.spawn(function()
    local data, err, partial = sock:receive("*a")
    return data or partial, err
  end)
end

-- The fd number io.open gave file F (found in this process's fd table).
local function fd_of(path)
  for _, row in ipairs(netlab.fd.list()) do
    if row.target == path then return row.fd end
  end
end

TestSendfile = {}

-- Closes the sockets and removes the files of the test that just ran.
local function cleanup()
  close_kept()
  for _, p in ipairs(files) do os.remove(p) end
  files = {}
end

TestSendfile.tearDown = cleanup

function TestSendfile:test_a_whole_file_arrives_and_its_position_advances()
  local path, data = file_of(300000)
  local c, a = pair()
  local reader = drain(a)
  local f <close> = assert(io.open(path, "rb"))
  lu.assertEquals(netlab.sendfile(c, f), #data)
  lu.assertEquals(f:seek(), #data, "the file's position moved as a read would")
  lu.assertEquals(f:read(1), nil, "nothing left to read")
  c:close()
  local got = reader:join(T)
  lu.assertEquals(#got, #data)
  lu.assertTrue(got == data, "the bytes, in order")
end

function TestSendfile:test_starts_where_the_file_was_read_to()
  local path, data = file_of(5000)
  local c, a = pair()
  local reader = drain(a)
  local f <close> = assert(io.open(path, "rb"))
  lu.assertEquals(f:read(100), data:sub(1, 100)) -- Lua's buffer holds more than that
  lu.assertEquals(netlab.sendfile(c, f), #data - 100)
  c:close()
  lu.assertTrue(reader:join(T) == data:sub(101))
end

function TestSendfile:test_offset_and_count_leave_the_position()
  local path, data = file_of(10000)
  local c, a = pair()
  local reader = drain(a)
  local f <close> = assert(io.open(path, "rb"))
  lu.assertEquals(netlab.sendfile(c, f, 1000, 500), 500)
  lu.assertEquals(netlab.sendfile(c, f, 9990, 500), 10, "no further than the end")
  lu.assertEquals(netlab.sendfile(c, f, 20000), 0, "past the end: nothing")
  lu.assertEquals(netlab.sendfile(c, f, 0, 0), 0)
  lu.assertEquals(f:seek(), 0, "an offset leaves the position alone")
  c:close()
  lu.assertTrue(reader:join(T) == data:sub(1001, 1500) .. data:sub(9991))
end

function TestSendfile:test_an_fd_number_and_its_position()
  local path, data = file_of(4000)
  local c, a = pair()
  local reader = drain(a)
  local f <close> = assert(io.open(path, "rb"))
  local fd = assert(fd_of(path))
  lu.assertEquals(netlab.sendfile(c, fd, nil, 1000), 1000)
  lu.assertEquals(netlab.sendfile(c, fd), 3000, "from where the last one stopped")
  c:close()
  lu.assertTrue(reader:join(T) == data)
end

function TestSendfile:test_waits_for_a_slow_reader_in_the_main_chunk_and_in_a_task()
  local path, data = file_of(4 << 20) -- far more than the socket buffers hold
  local c, a = pair()
  local reader = netlab.spawn(function()
    local parts = {}
    for _ = 1, 100000 do
      local chunk, err, partial = a:receive(65536)
      parts[#parts + 1] = chunk or partial
      if err then break end
      if #parts % 8 == 0 then netlab.sleep(0.001) end
    end
    return table.concat(parts)
  end)
  lu.assertEquals(netlab.sendfile(c, assert(io.open(path, "rb"))), #data)
  local sender = netlab.spawn(function() return netlab.sendfile(c, assert(io.open(path, "rb"))) end)
  lu.assertEquals(sender:join(T * 5), #data)
  lu.assertEquals(select(2, c:getstats()), 2 * #data, "counted as sent")
  c:close()
  local got = reader:join(T * 5)
  lu.assertEquals(#got, 2 * #data)
  lu.assertTrue(got == data .. data)
end

function TestSendfile:test_a_full_buffer_times_out_saying_how_much_went()
  local path, data = file_of(8 << 20)
  local c = pair() -- the peer never reads
  c:settimeout(0.2)
  local f <close> = assert(io.open(path, "rb"))
  local t0 = netlab.now()
  local ok, err, sent = netlab.sendfile(c, f)
  lu.assertNil(ok)
  lu.assertEquals(err, "timeout")
  lu.assertTrue(sent > 0 and sent < #data, tostring(sent))
  lu.assertEquals(f:seek(), sent, "the position counts what was sent")
  lu.assertTrue(netlab.now() - t0 < 1)
end

function TestSendfile:test_in_the_main_chunk_alone_it_waits_in_the_kernel_to_the_end()
  -- nothing else to run: each sendfile blocks in the kernel (one system
  -- call, as sock:send) while another process reads slowly, and all of
  -- the file arrives
  local path, data = file_of(4 << 20) -- far more than the socket buffers hold
  local srv, port = listener()
  local script = helper.tmpfile(([[
    local s = assert(netlab.tcp()); s:settimeout(5)
    assert(s:connect("127.0.0.1", PORT))
    local n = 0
    while true do
      local chunk, err, partial = s:receive(65536)
      n = n + #(chunk or partial)
      if err then break end
      if n % (1 << 20) < 65536 then netlab.sleep(0.01) end
    end
    print(n)]]):gsub("PORT", port))
  files[#files + 1] = script
  local reader = assert(io.popen(("exec %s %s"):format(helper.bin, script)))
  srv:settimeout(T)
  local c = keep(assert(srv:accept()))
  c:settimeout(T)
  lu.assertEquals(netlab.sendfile(c, assert(io.open(path, "rb"))), #data)
  lu.assertEquals(netlab.sendfile(c, assert(io.open(path, "rb")), 0, 65536), 65536)
  c:close()
  lu.assertEquals(reader:read("n"), #data + 65536)
  lu.assertTrue(reader:close())
end

function TestSendfile:test_a_total_timeout_bounds_the_wait_in_the_kernel()
  local path, data = file_of(8 << 20)
  local c = pair() -- the peer never reads
  c:settimeout(0.2, "t")
  local f <close> = assert(io.open(path, "rb"))
  local t0 = netlab.now()
  local ok, err, sent = netlab.sendfile(c, f, 0)
  local took = netlab.now() - t0
  lu.assertNil(ok)
  lu.assertEquals(err, "timeout")
  lu.assertTrue(sent > 0 and sent < #data, tostring(sent))
  lu.assertTrue(took >= 0.15 and took < 1, tostring(took))
end

function TestSendfile:test_a_closed_peer_is_closed()
  local path = file_of(8 << 20)
  local c, a = pair()
  a:close()
  netlab.sleep(0.05)
  local ok, err = netlab.sendfile(c, assert(io.open(path, "rb")))
  lu.assertNil(ok)
  lu.assertTrue(err == "closed" or err == "connection reset by peer", err)
end

function TestSendfile:test_bad_sockets_raise()
  local path = file_of(100)
  local f <close> = assert(io.open(path, "rb"))
  helper.raises("bad argument #1 to 'netlab.sendfile' (netlab.socket expected, got nil)", netlab.sendfile, nil, f)
  local s = assert(netlab.tcp())
  helper.raises("not connected", netlab.sendfile, s, f)
  s:close()
  helper.raises("attempt to use a closed socket", netlab.sendfile, s, f)
  local u <close> = assert(netlab.udp())
  helper.raises("bad argument #1 to 'netlab.sendfile' (stream socket expected (tcp or unix), got a datagram socket)",
    netlab.sendfile, u, f)
  helper.raises("got a listening one", netlab.sendfile, (listener()), f)
end

function TestSendfile:test_bad_files_and_counts_raise()
  local path = file_of(100)
  local c, a = pair()
  helper.raises("bad argument #2 to 'netlab.sendfile' (file or fd number expected, got string)", netlab.sendfile, c, path)
  helper.raises("file or fd number expected, got netlab.socket", netlab.sendfile, c, a)
  local f = assert(io.open(path, "rb"))
  f:close()
  helper.raises("attempt to use a closed file", netlab.sendfile, c, f)
  helper.raises("bad argument #2 to 'netlab.sendfile' (fd 9999 is not open)", netlab.sendfile, c, 9999)
  helper.raises("fd number expected, got a negative or huge number", netlab.sendfile, c, -1)
  helper.raises("regular file expected, got a socket", netlab.sendfile, c, a:getfd())
  helper.raises("regular file expected", netlab.sendfile, c, assert(fd_of("/dev/null")))
  local g <close> = assert(io.open(path, "rb"))
  helper.raises("bad argument #3 to 'netlab.sendfile' (negative offset)", netlab.sendfile, c, g, -1)
  helper.raises("bad argument #4 to 'netlab.sendfile' (negative byte count)", netlab.sendfile, c, g, 0, -5)
  helper.raises("number has no integer representation", netlab.sendfile, c, g, 0, 1.5)
  helper.raises("bad argument #3 to 'netlab.sendfile' (number expected, got table)", netlab.sendfile, c, g, {})
end

TestSplice = {}

TestSplice.tearDown = cleanup

-- A relay: IN (accepted from the client) spliced to OUT (connected to a
-- sink); returns the client's end, the relay's two ends and the sink's.
local function relay()
  local client, inbound = pair()
  local out, sink = pair()
  return client, inbound, out, sink
end

function TestSplice:test_a_relay_moves_everything_and_leaves_no_fd()
  local _, data = file_of(3 << 20)
  local client, inbound, out, sink = relay()
  local reader = drain(sink)
  local fds = helper.fd_count()
  local writer = netlab.spawn(function() assert(client:send(data)); client:close() end)
  lu.assertEquals(netlab.splice(inbound, out), #data, "until the client's end of stream")
  writer:join(T)
  lu.assertEquals(select(1, inbound:getstats()), #data, "received through the pipe")
  lu.assertEquals(select(2, out:getstats()), #data, "sent through the pipe")
  out:close()
  lu.assertTrue(reader:join(T) == data)
  lu.assertEquals(helper.fd_count(), fds - 2, "the pipe is closed (and the client and out)")
end

function TestSplice:test_what_receive_read_ahead_is_sent_first()
  local client, inbound, out, sink = relay()
  assert(client:send("HELLO\nand the rest of it"))
  client:close()
  lu.assertEquals(inbound:receive("*l"), "HELLO") -- netlab read the rest into its buffer too
  lu.assertEquals(netlab.splice(inbound, out), #"and the rest of it")
  out:close()
  lu.assertEquals(sink:receive("*a"), "and the rest of it")
end

function TestSplice:test_a_count_moves_that_many_and_leaves_the_rest()
  local client, inbound, out, sink = relay()
  assert(client:send(("x"):rep(1000) .. "tail"))
  lu.assertEquals(netlab.splice(inbound, out, 1000), 1000)
  lu.assertEquals(sink:receive(1000), ("x"):rep(1000))
  lu.assertEquals(inbound:receive(4), "tail")
  lu.assertEquals(netlab.splice(inbound, out, 0), 0)
end

function TestSplice:test_an_early_end_is_closed_with_the_count()
  local client, inbound, out, sink = relay()
  assert(client:send("short"))
  client:close()
  local ok, err, moved = netlab.splice(inbound, out, 100)
  lu.assertNil(ok)
  lu.assertEquals(err, "closed")
  lu.assertEquals(moved, 5)
  lu.assertEquals(sink:receive(5), "short")
end

function TestSplice:test_a_silent_source_times_out_and_leaves_no_fd()
  local _, inbound, out = relay()
  inbound:settimeout(0.1)
  local fds = helper.fd_count()
  local ok, err, moved = netlab.splice(inbound, out)
  lu.assertNil(ok)
  lu.assertEquals(err, "timeout")
  lu.assertEquals(moved, 0)
  lu.assertEquals(helper.fd_count(), fds, "the pipe is closed")
end

function TestSplice:test_closing_the_source_in_another_task_ends_it()
  local _, inbound, out = relay()
  netlab.spawn(function() netlab.sleep(0.05); inbound:close() end)
  local ok, err = netlab.splice(inbound, out)
  lu.assertNil(ok)
  lu.assertEquals(err, "closed")
end

function TestSplice:test_unix_sockets()
  local path = helper.tmpname()
  os.remove(path)
  files[#files + 1] = path
  local srv = keep(assert(netlab.unix()))
  assert(srv:bind(path))
  assert(srv:listen())
  local c = keep(assert(netlab.unix()))
  assert(c:connect(path))
  local a = keep(assert(srv:accept()))
  local out, sink = pair()
  assert(c:send("over a unix socket"))
  c:close()
  lu.assertEquals(netlab.splice(a, out), 18)
  out:close()
  lu.assertEquals(sink:receive("*a"), "over a unix socket")
end

function TestSplice:test_bad_input_raises()
  local c, a = pair()
  helper.raises("bad argument #1 to 'netlab.splice' (netlab.socket expected, got nil)", netlab.splice, nil, a)
  helper.raises("bad argument #2 to 'netlab.splice' (netlab.socket expected, got string)", netlab.splice, c, "x")
  helper.raises("to 'netlab.splice' (a socket other than the one read from expected)", netlab.splice, a, a)
  helper.raises("bad argument #3 to 'netlab.splice' (negative byte count)", netlab.splice, a, c, -1)
  helper.raises("number has no integer representation", netlab.splice, a, c, 0.5)
  local u <close> = assert(netlab.udp())
  helper.raises("bad argument #2 to 'netlab.splice' (stream socket expected", netlab.splice, a, u)
  helper.raises("bad argument #1 to 'netlab.splice' (connected socket expected, got a listening one)",
    netlab.splice, (listener()), c)
  local closed = assert(netlab.tcp())
  closed:close()
  helper.raises("attempt to use a closed socket", netlab.splice, a, closed)
end
