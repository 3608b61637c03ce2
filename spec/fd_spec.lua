-- spec/fd_spec.lua: bash's fd redirection with netlab.fd, and the real
-- programs netlab.sh runs.
--   exec 8<> /dev/tcp/127.0.0.1/PORT    netlab.fd.tcp(8, "127.0.0.1", PORT)
--   echo hi >&8                         netlab.fd.write(8, "hi\n")
--   cat <&8                             netlab.fd.read(8) or netlab.sh("cat <&8")
--   ls -l /proc/$$/fd                   netlab.fd.list()
--   exec 8<&-                           netlab.fd.close(8)
-- Every server a lesson talks to is a task of this file; every wait is
-- bounded; tearDown closes the fds and sockets a test opened.
local lu = require "luaunit"
local helper = require "helper"
local fd = netlab.fd
local errno = netlab.errno

local LO = "127.0.0.1"
local T = 2 -- the longest any in-process wait may take (seconds)

-- keep(s) remembers socket S so that tearDown closes it; returns S.
local keep, close_kept = helper.keeper(T)

-- Closes the test's sockets and whatever it placed on fds 3-9.
local function cleanup()
  close_kept()
  for _, n in ipairs(fd.placed()) do
    if n > 2 then fd.close(n) end
  end
end

-- netlab.sh with a time limit, as every call in this file has.
local function sh(cmd, opts)
  opts = opts or {}
  opts.timeout = opts.timeout or 5
  return netlab.sh(cmd, opts)
end

-- A TCP server task on loopback: serves one client with HANDLER(conn)
-- and closes it. Returns the task (joined for HANDLER's results) and port.
local function server(handler)
  local srv = keep(assert(netlab.tcp()))
  assert(srv:bind(LO, 0))
  assert(srv:listen())
  local port = select(2, srv:getsockname())
  local task = netlab.spawn(function()
    local c <close> = assert(srv:accept())
    c:settimeout(T)
    return handler(c)
  end)
  return task, port
end

-- Runs netlab on CODE in a child process, killed after LIMIT seconds (10).
-- (The script file has no suffix: helper.tmpname(".lua") would leave the
-- file os.tmpname made behind.)
local function run(code, limit)
  limit = limit or 10
  local cmd = ("timeout -s KILL %d %s %s"):format(limit, helper.bin, helper.tmpfile(code, ""))
  return netlab.sh(cmd, {timeout = limit + 2})
end

-- A port on loopback that nothing listens on.
local function free_port()
  local s <close> = assert(netlab.tcp())
  assert(s:bind(LO, 0))
  local _, port = s:getsockname()
  return port
end

-- The row of fd.list() for fd N, or nil.
local function row(n)
  for _, r in ipairs(fd.list()) do
    if r.fd == n then return r end
  end
end

-- The fd numbers a child shell has open, as one line: "0 1 2".
local function child_fds()
  local out = sh("ls /proc/$$/fd; true") -- `; true`: the shell stays, ls lists it
  return ((out or ""):gsub("\n$", ""):gsub("\n", " "))
end

-- True if fd N of this process has its close-on-exec flag set.
local function cloexec(n)
  local f = assert(io.open("/proc/self/fdinfo/" .. n))
  local flags = f:read("a"):match("flags:%s*(%d+)")
  f:close()
  return tonumber(flags, 8) & tonumber("2000000", 8) ~= 0
end

------------------------------------------------------------------------
-- fd.tcp: exec 8<> /dev/tcp/host/port

TestFdTcp = {tearDown = cleanup}

function TestFdTcp:test_a_connection_on_fd_8_talks_both_ways()
  local srv, port = server(function(c)
    local line = c:receive()
    c:send("you said " .. line .. "\n")
    return line
  end)
  lu.assertEquals(fd.tcp(8, LO, port), 8)
  lu.assertEquals(fd.write(8, "hello\n"), 6)
  lu.assertEquals(fd.read(8, "*l"), "you said hello")
  lu.assertEquals(srv:join(T), "hello")
  -- "*a" with nothing before the close: "closed", as LuaSocket says
  lu.assertEquals({fd.read(8)}, {nil, "closed", ""})
end

function TestFdTcp:test_fd_list_shows_the_connection_established()
  local srv, port = server(function(c) return c:receive() end)
  fd.tcp(8, LO, port)
  local r = row(8)
  lu.assertNotNil(r)
  lu.assertStrMatches(r.target, "socket:%[%d+%]")
  lu.assertEquals({r.proto, r.family, r.state}, {"tcp", "inet", "ESTABLISHED"})
  lu.assertEquals({r["local"], r.remote, r.remote_port}, {LO, LO, port})
  lu.assertIsNumber(r.local_port)
  lu.assertEquals(r.mode, "lrwx------")
  fd.write(8, "done\n")
  srv:join(T)
end

function TestFdTcp:test_cat_reads_the_connection_from_fd_8()
  local srv, port = server(function(c) c:send("HTTP/1.0 200 OK\r\n\r\nbody\n") end)
  fd.tcp(8, LO, port)
  local out, err, code = sh("cat <&8")
  lu.assertEquals({out, err, code}, {"HTTP/1.0 200 OK\r\n\r\nbody\n", "", 0})
  srv:join(T)
end

function TestFdTcp:test_echo_writes_to_the_connection_on_fd_8()
  local srv, port = server(function(c) return c:receive() end)
  fd.tcp(8, LO, port)
  lu.assertEquals({sh("echo 'GET / HTTP/1.0' >&8")}, {"", "", 0})
  lu.assertEquals(srv:join(T), "GET / HTTP/1.0")
end

function TestFdTcp:test_read_takes_a_pattern()
  local srv, port = server(function(c) c:send("line one\r\nabcdef") end)
  fd.tcp(8, LO, port)
  lu.assertEquals(fd.read(8, "*l"), "line one")
  lu.assertEquals(fd.read(8, 3), "abc")
  lu.assertEquals(fd.read(8, "*a"), "def")
  srv:join(T)
end

function TestFdTcp:test_close_is_exec_8_close()
  local srv, port = server(function(c) return c:receive() end)
  fd.tcp(8, LO, port)
  lu.assertTrue(fd.close(8))
  lu.assertNil(row(8))
  lu.assertEquals({srv:join(T)}, {nil, "closed", ""}) -- the server saw the end
  lu.assertEquals({fd.close(8)}, {nil, "fd 8 is not open", errno.EBADF})
  lu.assertEquals({fd.read(8)}, {nil, "fd 8 is not open", errno.EBADF})
  lu.assertEquals({fd.write(8, "x")}, {nil, "fd 8 is not open", errno.EBADF})
end

function TestFdTcp:test_a_second_tcp_on_the_same_fd_replaces_the_first()
  local first, port1 = server(function(c) return c:receive() end)
  local second, port2 = server(function(c) return c:receive() end)
  fd.tcp(8, LO, port1)
  fd.tcp(8, LO, port2)
  lu.assertEquals({first:join(T)}, {nil, "closed", ""})
  lu.assertEquals(row(8).remote_port, port2)
  fd.write(8, "to the second\n")
  lu.assertEquals(second:join(T), "to the second")
end

function TestFdTcp:test_a_refused_connection_places_nothing()
  local before = helper.fd_count()
  lu.assertEquals({fd.tcp(8, LO, free_port())}, {nil, "connection refused", errno.ECONNREFUSED})
  lu.assertNil(row(8))
  lu.assertEquals(helper.fd_count(), before)
end

function TestFdTcp:test_a_name_that_does_not_resolve_places_nothing()
  local ok, err = fd.tcp(8, "nosuchhost.invalid", 80)
  lu.assertEquals({ok, err}, {nil, "host or service not provided, or not known"})
  lu.assertNil(row(8))
end

function TestFdTcp:test_bad_fd_numbers_raise()
  for _, n in ipairs{-1, 1024, "8", 1.5, false} do
    lu.assertErrorMsgContains("bad argument #1 to 'tcp'", fd.tcp, n, LO, 80)
    lu.assertErrorMsgContains("bad argument #1 to 'read'", fd.read, n)
    lu.assertErrorMsgContains("bad argument #1 to 'write'", fd.write, n, "x")
    lu.assertErrorMsgContains("bad argument #1 to 'close'", fd.close, n)
  end
  lu.assertErrorMsgContains("bad argument #1 to 'tcp'", fd.tcp)
end

function TestFdTcp:test_bad_hosts_ports_and_data_raise()
  lu.assertErrorMsgContains("bad argument", fd.tcp, 8, {}, 80)
  lu.assertErrorMsgContains("port out of range", fd.tcp, 8, LO, 65536)
  local srv, port = server(function(c) return c:receive() end)
  fd.tcp(8, LO, port)
  lu.assertErrorMsgContains("bad argument", fd.write, 8, {})
  lu.assertErrorMsgContains("bad argument", fd.read, 8, "*x")
  fd.close(8)
  srv:join(T)
end

------------------------------------------------------------------------
-- fd.open: put a socket the script already has on a chosen fd

TestFdOpen = {tearDown = cleanup}

function TestFdOpen:test_a_socket_on_fd_9_for_a_child_program()
  local srv, port = server(function(c) return c:receive(), c:receive() end)
  local c = keep(assert(netlab.tcp()))
  assert(c:connect(LO, port))
  lu.assertEquals(fd.open(9, c), 9)
  sh("echo from the child >&9")
  c:send("from the script\n") -- the socket itself still works
  lu.assertEquals({srv:join(T)}, {"from the child", "from the script"})
end

function TestFdOpen:test_closing_fd_9_leaves_the_socket_open()
  local srv, port = server(function(c) return c:receive() end)
  local c = keep(assert(netlab.tcp()))
  assert(c:connect(LO, port))
  fd.open(9, c)
  fd.close(9)
  lu.assertNil(row(9))
  lu.assertEquals(c:send("still here\n"), 11)
  lu.assertEquals(srv:join(T), "still here")
end

function TestFdOpen:test_a_child_waits_on_a_socket_the_script_timed_out_on()
  -- in a fresh netlab with no task, c:receive() waits in the kernel with
  -- the socket's timeout; cat must still wait for the data, not fail
  local out, err, code = run([[
    local srv = netlab.tcp(); srv:bind("127.0.0.1", 0); srv:listen()
    local c = netlab.tcp(); c:settimeout(0.2); assert(c:connect(srv:getsockname()))
    local a = srv:accept()
    print(c:receive())
    netlab.fd.open(9, c)
    netlab.spawn(function() netlab.sleep(0.5); a:send("late\n"); a:close() end)
    print(netlab.sh("cat <&9", {timeout = 5}))
  ]])
  lu.assertEquals(out, "nil\ttimeout\t\nlate\n\t\t0\n", err)
  lu.assertEquals(code, 0)
end

function TestFdOpen:test_a_placed_listener_still_accepts_within_its_timeout()
  local out, err, code = run([[
    local l = netlab.tcp(); l:bind("127.0.0.1", 0); l:listen(); l:settimeout(0.2)
    assert(netlab.fd.open(7, l))
    local t0 = netlab.now()
    print(l:accept())
    print(netlab.now() - t0 < 1)
  ]], 5)
  lu.assertEquals(out, "nil\ttimeout\ntrue\n", err)
  lu.assertEquals(code, 0)
end

function TestFdOpen:test_an_fd_netlab_did_not_place_is_not_clobbered()
  local f = assert(io.open("/dev/null"))
  local n
  for _, r in ipairs(fd.list()) do
    if r.fd > 2 and r.fd < 10 and r.target == "/dev/null" then n = r.fd end
  end
  if n then
    local ok, err = fd.open(n, keep(assert(netlab.tcp())))
    lu.assertNil(ok)
    lu.assertStrContains(err, ("fd %d is already open"):format(n))
  end
  f:close()
  lu.assertNotNil(n, "no fd in 3-9 was free for the file")
end

function TestFdOpen:test_bad_sockets_and_numbers_raise()
  local s = assert(netlab.tcp())
  s:close()
  lu.assertErrorMsgContains("attempt to use a closed socket", fd.open, 9, s)
  lu.assertErrorMsgContains("bad argument", fd.open, 9, "socket")
  lu.assertErrorMsgContains("bad argument #1 to 'open'", fd.open, -1, s)
  lu.assertErrorMsgContains("bad argument #1 to 'open'", fd.open, 1024, s)
end

------------------------------------------------------------------------
-- fd.list: ls -l /proc/self/fd, with lsof's view of sockets

TestFdList = {tearDown = cleanup}

function TestFdList:test_rows_are_sorted_and_start_with_0_1_2()
  local rows = fd.list()
  lu.assertEquals({rows[1].fd, rows[2].fd, rows[3].fd}, {0, 1, 2})
  for i = 2, #rows do lu.assertTrue(rows[i - 1].fd < rows[i].fd) end
  for _, r in ipairs(rows) do
    lu.assertIsString(r.target)
    lu.assertStrMatches(r.mode, "l[r-][w-]x%-%-%-%-%-%-")
  end
end

function TestFdList:test_a_listening_socket_shows_its_port_and_listen()
  local s = keep(assert(netlab.tcp()))
  s:bind(LO, 0)
  s:listen()
  local r = row(s:getfd())
  lu.assertEquals({r.proto, r.family, r["local"], r.local_port, r.state},
                  {"tcp", "inet", LO, select(2, s:getsockname()), "LISTEN"})
  lu.assertNil(r.remote)
end

function TestFdList:test_other_kinds_name_their_protocol()
  local u, u6 = keep(assert(netlab.udp())), keep(assert(netlab.udp6()))
  local x, t6 = keep(assert(netlab.unix())), keep(assert(netlab.tcp6()))
  local xd = keep(assert(netlab.unix("dgram")))
  lu.assertEquals({row(u:getfd()).proto, row(u:getfd()).state}, {"udp", nil})
  lu.assertEquals({row(u6:getfd()).proto, row(u6:getfd()).family}, {"udp6", "inet6"})
  lu.assertEquals({row(x:getfd()).proto, row(x:getfd()).family}, {"unix", "unix"})
  lu.assertEquals(row(xd:getfd()).proto, "unix-dgram")
  lu.assertEquals(row(t6:getfd()).proto, "tcp6")
end

function TestFdList:test_each_socket_is_one_more_row_until_closed()
  local before = #fd.list()
  local s = assert(netlab.tcp())
  lu.assertEquals(#fd.list(), before + 1)
  s:close()
  lu.assertEquals(#fd.list(), before)
end

function TestFdList:test_every_fd_is_listed_even_past_1023()
  local before = #fd.list()
  local socks = {}
  for _ = 1, 1100 do
    local s = netlab.udp()
    if not s then break end -- ulimit -n too low for this lesson
    socks[#socks + 1] = s
  end
  -- listed only with room left (fd.list opens /proc/self/fd); every
  -- socket closed before any assertion, or the rest of the suite runs
  -- out of fds
  local all = #socks == 1100
  local rows = all and fd.list()
  local highest = socks[#socks] and socks[#socks]:getfd()
  local found = rows and row(highest) ~= nil
  for _, s in ipairs(socks) do s:close() end
  lu.skipIf(not all, "ulimit -n leaves no room for 1100 more fds (make test raises it)")
  lu.assertNotNil(rows, "fd.list failed with 1100 more fds")
  lu.assertEquals(#rows, before + 1100)
  lu.assertTrue(found, "fd " .. highest .. " is not listed")
end

------------------------------------------------------------------------
-- fd.epoll: cat /proc/PID/fdinfo/EPFD, the fds an epoll instance watches

TestFdEpoll = {tearDown = cleanup}

-- The inode of socket S, from its /proc/self/fd link.
local function inode(s)
  return tonumber(row(s:getfd()).target:match("^socket:%[(%d+)%]$"))
end

-- The row of fd N in ROWS (fd.epoll's), or nil.
local function watched(rows, n)
  for _, r in ipairs(rows) do
    if r.fd == n then return r end
  end
end

function TestFdEpoll:test_a_socket_a_task_waits_on_is_in_netlabs_own_epoll_fd()
  local s = keep(assert(netlab.tcp()))
  assert(s:bind(LO, 0))
  assert(s:listen())
  s:settimeout(T)
  local t = netlab.spawn(function() return s:accept() end) -- waits in the scheduler's epoll_wait
  netlab.sleep(0.01)
  local rows, epfd = fd.epoll()
  t:cancel()
  lu.assertEquals(row(epfd).target, "anon_inode:[eventpoll]")
  local r = watched(rows, s:getfd())
  lu.assertNotNil(r, "the listener is not watched")
  lu.assertEquals({r.ino, r.target, r.data}, {inode(s), ("socket:[%d]"):format(inode(s)), s:getfd()})
  lu.assertEquals(r.flags, "IN OUT ERR HUP RDHUP ET") -- loop.c: both ways, edge-triggered
  lu.assertEquals(r.events, 0x8000201d)
  for i = 2, #rows do lu.assertTrue(rows[i - 1].fd < rows[i].fd) end
  local n = s:getfd()
  s:close() -- forgotten by the loop before it closes
  lu.assertNil(watched(fd.epoll(), n))
  lu.assertEquals(select(2, fd.epoll(nil, epfd)), epfd)
end

-- Runs python3 CODE in a task, which writes "pid ..." lines to a file;
-- returns the task and that file's first line once written (T seconds at most).
local function python_child(code)
  local path = helper.tmpname(".pid")
  os.remove(path)
  local t = netlab.spawn(sh, "exec python3 -c " .. helper.shquote(code:gsub("PATH", path)), {timeout = 3 * T})
  for _ = 1, 100 * T do
    local f = io.open(path)
    local line = f and f:read("l")
    if f then f:close() end
    if line then os.remove(path) return t, line end
    netlab.sleep(0.01)
  end
  error("the child did not start")
end

function TestFdEpoll:test_another_processs_epoll_fd_lists_its_sockets_past_1023_too()
  local t, line = python_child([[
import os, select, socket, time
s = socket.socket(); high = os.dup2(s.fileno(), 1100, inheritable=False) or 1100
ep = select.epoll(); ep.register(s.fileno(), select.EPOLLIN); ep.register(high, select.EPOLLOUT)
f = open("PATH.tmp", "w"); f.write("%d %d %d %d\n" % (os.getpid(), ep.fileno(), s.fileno(), high)); f.close()
os.rename("PATH.tmp", "PATH"); time.sleep(2)
]])
  local pid, epfd, low, high = line:match("^(%d+) (%d+) (%d+) (%d+)$")
  pid, epfd, low, high = tonumber(pid), tonumber(epfd), tonumber(low), tonumber(high)
  local rows, got = fd.epoll(pid)
  local same = select(1, fd.epoll(pid, epfd))
  local not_epoll = {fd.epoll(pid, low)}
  local not_open = {fd.epoll(pid, 999)}
  t:cancel()
  lu.assertEquals(got, epfd)
  lu.assertEquals(#rows, 2)
  lu.assertEquals({rows[1].fd, rows[1].flags, rows[2].fd, rows[2].flags}, {low, "IN ERR HUP", high, "OUT ERR HUP"}) -- the kernel always adds ERR and HUP
  lu.assertEquals(rows[1].ino, rows[2].ino) -- one socket on two fds
  lu.assertEquals(rows[2].target, ("socket:[%d]"):format(rows[2].ino))
  lu.assertEquals(same, rows)
  lu.assertEquals(not_epoll[3], errno.EINVAL)
  lu.assertStrMatches(not_epoll[2], ("fd %d of process %d is not an epoll instance %%(socket:%%[%%d+%%]%%)"):format(low, pid))
  lu.assertEquals(not_open, {nil, ("fd 999 of process %d is not open"):format(pid), errno.EBADF})
end

function TestFdEpoll:test_a_process_without_epoll_and_one_that_is_gone()
  local t, line = python_child([[
import os, time
f = open("PATH.tmp", "w"); f.write("%d\n" % os.getpid()); f.close(); os.rename("PATH.tmp", "PATH"); time.sleep(2)
]])
  local pid = tonumber(line)
  local none = {fd.epoll(pid)}
  t:cancel()
  lu.assertEquals(none, {nil, ("process %d has no epoll fd"):format(pid), errno.ENOENT})
  local gone = {fd.epoll(0x7fffffff)}
  lu.assertEquals({gone[1], gone[3]}, {nil, errno.ENOENT})
  lu.assertStrContains(gone[2], "cannot list the fds of process 2147483647: ")
  lu.assertEquals(select(3, fd.epoll(nil, 0)), errno.EINVAL) -- stdin is no epoll fd
end

function TestFdEpoll:test_bad_arguments_raise()
  for _, case in ipairs{
    {{"1"}, "bad argument #1 to 'epoll' (pid expected, got string)"},
    {{1.5}, "bad argument #1 to 'epoll' (pid expected, got number 1.5)"},
    {{0}, "bad argument #1 to 'epoll' (pid out of range (1-2147483647))"},
    {{1 << 40}, "bad argument #1 to 'epoll' (pid out of range (1-2147483647))"},
    {{nil, -1}, "bad argument #2 to 'epoll' (fd number out of range (0-2147483647))"},
    {{nil, {}}, "bad argument #2 to 'epoll' (fd number expected, got table)"},
  } do
    local ok, err = pcall(fd.epoll, table.unpack(case[1], 1, 2))
    lu.assertFalse(ok)
    lu.assertStrContains(err, case[2])
  end
end

------------------------------------------------------------------------
-- Close-on-exec: children see 0-2 and the fds placed with netlab.fd

TestFdCloexec = {tearDown = cleanup}

function TestFdCloexec:test_netlab_fds_are_close_on_exec()
  local srv = keep(assert(netlab.tcp()))
  srv:bind(LO, 0)
  srv:listen()
  local c = keep(assert(netlab.tcp()))
  c:connect(srv:getsockname())
  local a = keep(assert(srv:accept()))
  for _, s in ipairs{srv, c, a, keep(assert(netlab.udp())), keep(assert(netlab.unix()))} do
    lu.assertTrue(cloexec(s:getfd()), tostring(s))
  end
  for _, r in ipairs(fd.list()) do
    if r.target == "anon_inode:[eventpoll]" then
      lu.assertTrue(r.fd >= 10 and cloexec(r.fd), "the epoll fd " .. r.fd)
    end
  end
end

function TestFdCloexec:test_a_child_sees_only_0_1_2()
  local s = keep(assert(netlab.tcp()))
  s:bind(LO, 0)
  s:listen()
  lu.assertEquals(child_fds(), "0 1 2")
end

function TestFdCloexec:test_a_child_also_sees_the_placed_fds()
  local srv, port = server(function(c) return c:receive() end)
  fd.tcp(8, LO, port)
  lu.assertEquals(child_fds(), "0 1 2 8")
  fd.close(8)
  lu.assertEquals(child_fds(), "0 1 2")
  srv:join(T)
end

function TestFdCloexec:test_programs_started_without_netlab_sh_miss_netlab_sockets_too()
  local socks = {keep(assert(netlab.tcp())), keep(assert(netlab.udp())), keep(assert(netlab.unix()))}
  local p = assert(io.popen("ls /proc/$$/fd; true"))
  local seen = {}
  for n in p:lines() do seen[tonumber(n)] = true end
  p:close()
  for _, s in ipairs(socks) do lu.assertNil(seen[s:getfd()], tostring(s)) end
end

function TestFdCloexec:test_children_get_default_signal_dispositions()
  local out, _, code = sh("grep -E '^Sig(Ign|Blk)' /proc/self/status")
  lu.assertEquals(out, "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n")
  lu.assertEquals(code, 0)
end

------------------------------------------------------------------------
-- netlab.sh: run a program, get its output and exit code

TestFdSh = {tearDown = cleanup}

function TestFdSh:test_stdout_stderr_and_exit_code()
  lu.assertEquals({sh("echo out; echo err >&2; exit 3")}, {"out\n", "err\n", 3})
  lu.assertEquals({sh("true")}, {"", "", 0})
end

function TestFdSh:test_a_signal_death_is_128_plus_the_signal()
  lu.assertEquals(select(3, sh("kill -TERM $$")), 143)
end

function TestFdSh:test_a_missing_command_is_127()
  local out, err, code = sh("no-such-command-netlab")
  lu.assertEquals(code, 127)
  lu.assertStrContains(err, "not found")
end

function TestFdSh:test_stdin_is_fed_or_empty()
  lu.assertEquals({sh("tr a-z A-Z", {stdin = "shout\n"})}, {"SHOUT\n", "", 0})
  lu.assertEquals({sh("cat")}, {"", "", 0}) -- no stdin: /dev/null
  lu.assertEquals(sh("wc -c", {stdin = ""}), "0\n")
end

function TestFdSh:test_a_large_output_arrives_whole()
  local out, _, code = sh("head -c 3000000 /dev/zero")
  lu.assertEquals({#out, code}, {3000000, 0})
end

function TestFdSh:test_a_large_stdin_does_not_deadlock()
  -- in a child netlab: if netlab.sh blocks in a write, only the child hangs
  local out, err, code = run([[
    local out, err, code = netlab.sh("cat", {stdin = string.rep("x", 1 << 20), timeout = 5})
    print(out and #out, err, code)
  ]])
  lu.assertEquals(out, "1048576\t\t0\n", err)
  lu.assertEquals(code, 0)
end

function TestFdSh:test_a_timeout_stops_the_command()
  local t0 = netlab.now()
  lu.assertEquals({netlab.sh("sleep 5", {timeout = 0.2})}, {nil, "timeout"})
  lu.assertTrue(netlab.now() - t0 < 1)
end

-- True if process PID still runs (a zombie waiting to be reaped does not).
local function running(pid)
  local f = io.open("/proc/" .. pid .. "/stat")
  if not f then return false end
  local state = f:read("a"):match("^%d+ %(.*%) (%u)")
  f:close()
  return state ~= nil and state ~= "Z" and state ~= "X"
end

function TestFdSh:test_a_timeout_stops_what_the_command_started()
  local pidfile = helper.tmpname()
  netlab.sh("sleep 30 & echo $! > " .. pidfile .. "; wait", {timeout = 0.3})
  local f = assert(io.open(pidfile))
  local pid = f:read("n")
  f:close()
  lu.assertNotNil(pid)
  netlab.sleep(0.1)
  local alive = running(pid)
  if alive then sh("kill -KILL " .. pid) end -- leave nothing behind
  lu.assertFalse(alive, "sleep " .. pid .. " outlived netlab.sh's timeout")
end

function TestFdSh:test_commands_run_one_after_another()
  for i = 1, 5 do
    lu.assertEquals({sh("echo " .. i)}, {i .. "\n", "", 0})
  end
end

function TestFdSh:test_commands_in_tasks_run_side_by_side()
  local t0 = netlab.now()
  local tasks = {}
  for i = 1, 3 do tasks[i] = netlab.spawn(sh, "sleep 0.3; echo " .. i) end
  for i, t in ipairs(tasks) do lu.assertEquals(t:join(T), i .. "\n") end
  lu.assertTrue(netlab.now() - t0 < 0.8)
end

function TestFdSh:test_sockets_still_wake_their_tasks_after_sh()
  sh("true")
  sh("true")
  local srv = keep(assert(netlab.tcp()))
  srv:bind(LO, 0)
  srv:listen()
  local port = select(2, srv:getsockname())
  local acceptor = netlab.spawn(function() return srv:accept() end)
  local c = keep(assert(netlab.tcp()))
  lu.assertEquals(c:connect(LO, port), 1)
  keep(assert(acceptor:join(T)))
end

function TestFdSh:test_bad_commands_raise()
  lu.assertErrorMsgContains("bad argument #1 to 'sh' (string expected, got number)", netlab.sh, 42)
  lu.assertErrorMsgContains("bad argument #1 to 'sh' (string expected, got nil)", netlab.sh)
  lu.assertErrorMsgContains("bad argument #2 to 'sh'", netlab.sh, "true", "not options")
  lu.assertErrorMsgContains("bad argument", netlab.sh, "true", {timeout = "soon"})
end

------------------------------------------------------------------------
-- What netlab.fd must not take: netlab's own fds and live sockets' fds

TestFdHeld = {tearDown = cleanup}

-- Asserts that every netlab.fd call on fd N is refused, naming TEXT.
local function assert_held(n, text)
  for _, call in ipairs{{"close", fd.close}, {"read", fd.read}, {"write", fd.write}} do
    local ok, err, code = call[2](n, call[1] == "write" and "x" or nil)
    lu.assertNil(ok, call[1] .. " " .. n)
    lu.assertStrContains(err, ("fd %d "):format(n))
    lu.assertStrContains(err, text)
    lu.assertEquals(code, errno.EBUSY)
  end
  local ok, err = fd.open(n, keep(assert(netlab.tcp())))
  lu.assertNil(ok)
  lu.assertStrContains(err, text)
  lu.assertNotNil(row(n), "fd " .. n .. " is still open")
end

function TestFdHeld:test_netlabs_own_namespace_fds_stay_open()
  local lab <close>, a = helper.two_hosts()
  local namespaces, hosts = 0, {}
  for _, r in ipairs(fd.list()) do
    if r.target:find("^net:") then
      assert_held(r.fd, "network namespace")
      namespaces = namespaces + 1
      local _, err = fd.close(r.fd)
      hosts[#hosts + 1] = err:match("belongs to (host %w+)'s network namespace: closing its lab closes it$")
        or err:match("is netlab's own %(a network namespace, net:%[%d+%]%)") and "netlab"
    end
  end
  lu.assertTrue(namespaces >= 3, "the machine's and two hosts'")
  local named = {}
  for _, h in ipairs(hosts) do named[h] = true end
  lu.assertEquals(named, {["host a"] = true, ["host b"] = true, netlab = true})
  lu.assertEquals(#hosts, namespaces, "each refusal names a host or netlab")
  -- netlab is still in the machine's namespace: host a's address is not
  -- here, and a host socket is still made in its host
  local s <close> = assert(netlab.tcp())
  lu.assertEquals({s:bind("10.0.0.1", 0)}, {nil, "address not available", errno.EADDRNOTAVAIL})
  local h <close> = assert(a:tcp())
  lu.assertEquals(h:bind("10.0.0.1", 0), 1)
end

function TestFdHeld:test_a_hosts_mount_namespace_fd_stays_open()
  local lab <close>, a = helper.two_hosts()
  lu.assertEquals(select(3, a:sh("touch /run/netlab-fd-spec")), 0) -- a's /run: its mount namespace
  local mounts = 0
  for _, r in ipairs(fd.list()) do
    if r.target:find("^mnt:") then
      assert_held(r.fd, "host a's mount namespace: closing its lab closes it")
      mounts = mounts + 1
    end
  end
  lu.assertEquals(mounts, 1, "a's, made by its first command; b has run none")
  lu.assertEquals(select(3, a:sh("test -e /run/netlab-fd-spec")), 0, "a's /run is still there")
end

function TestFdHeld:test_every_fd_a_lab_opens_is_refused()
  local before = {}
  for _, r in ipairs(fd.list()) do before[r.fd] = true end
  local lab <close>, a = helper.two_hosts()
  local cap <close> = assert(a:capture{iface = "eth0"})
  local u <close> = assert(a:udp())
  local refused = 0
  for _, r in ipairs(fd.list()) do
    if not before[r.fd] and r.fd > 2 then
      local ok, err = fd.close(r.fd)
      lu.assertNil(ok, r.target)
      lu.assertStrContains(err, ("fd %d "):format(r.fd))
      refused = refused + 1
    end
  end
  lu.assertTrue(refused >= 6, "namespaces, netlink, the capture, the socket")
  lu.assertStrContains(select(2, fd.close(u:getfd())), ("belongs to host a's %s: close that itself"):format(tostring(u)))
  lu.assertStrContains(select(2, fd.close(cap:fd())), "belongs to host a's ")
  lu.assertEquals(u:sendto("x", "10.0.0.2", 9), 1) -- all still work
end

function TestFdHeld:test_a_live_sockets_fd_is_not_closed_under_it()
  local first = keep(assert(netlab.tcp()))
  local n = first:getfd()
  assert_held(n, "belongs to a live socket (tcp{master}")
  local second = keep(assert(netlab.tcp()))
  lu.assertNotEquals(second:getfd(), n)
  first:close() -- closes its own fd, not the second socket's
  lu.assertEquals(second:bind(LO, 0), 1)
  lu.assertNotNil(row(second:getfd()))
end

function TestFdHeld:test_a_closed_sockets_number_is_free_again()
  local s = assert(netlab.tcp())
  local n = s:getfd()
  s:close()
  lu.assertEquals({fd.close(n)}, {nil, ("fd %d is not open"):format(n), errno.EBADF})
end

function TestFdHeld:test_the_fds_netlab_was_started_with_are_the_scripts()
  -- netlab script 3<file 10<file 11<file 12<file: those are the script's
  -- to read and close; once 12 is closed, netlab's next fd takes the
  -- number (the lowest free from 10), and that one is netlab's
  local file = helper.tmpfile("inherited\n", ".txt")
  local script = helper.tmpfile([[
    local fd = netlab.fd
    print(fd.read(3, "*l"), fd.close(3), fd.close(12))
    local s = netlab.tcp()
    print(s:getfd(), (select(2, fd.close(s:getfd()))))
  ]])
  local cmd = ("exec %s %s 3<%s 10<%s 11<%s 12<%s"):format(helper.bin, script, file, file, file, file)
  local out, err, code = helper.run("bash -c " .. helper.shquote(cmd), 10) -- dash has fds 0-9 only
  lu.assertEquals(code, 0, err)
  lu.assertEquals(out, "inherited\ttrue\ttrue\n12\tfd 12 belongs to a live socket (tcp{master} 0.0.0.0:0 fd=12): close the socket itself\n")
end
