-- spec/diag_spec.lua: the kernel's view of a host's sockets. host:sockets
-- lists what sock_diag says (listening vs established, one port with many
-- four-tuples, TIME_WAIT, CLOSE_WAIT, SYN_SENT, UDP) with the process
-- holding each socket; netlab.fmt.netstat, ss and lsof print exactly what
-- netstat -natp, ss -tanp and lsof -nP -i print in the same host;
-- sock:info, netlab.fd.list(pid) and host:lsof name the owner. Bad input
-- raises; rootless works.
local lu = require "luaunit"
local helper = require "helper"
local errno = require "netlab.errno"
local cdiag = require "netlab.c.diag"

TestDiag = {}

local two_hosts = helper.two_hosts
local MYPID = cdiag.pid()
-- The command name of this process (netlab, or netlab-asan under make asan).
local MYCOMM = io.open("/proc/self/comm"):read("l")

function TestDiag:tearDown() helper.cleanup() end

-- A listening server on B at 10.0.0.2:PORT (backlog BACKLOG).
local function server(b, port, backlog)
  local s = assert(b:tcp())
  s:settimeout(5)
  assert(s:bind("10.0.0.2", port))
  assert(s:listen(backlog))
  return s
end

-- A client on A connected to 10.0.0.2:PORT, and the server's end.
local function connection(a, srv, port)
  local c = assert(a:tcp())
  c:settimeout(5)
  assert(c:connect("10.0.0.2", port))
  local x = assert(srv:accept())
  x:settimeout(5)
  return c, x
end

-- The rows of ROWS whose FIELD equals VALUE.
local function where(rows, field, value)
  local out = {}
  for _, r in ipairs(rows) do
    if r[field] == value then out[#out + 1] = r end
  end
  return out
end

-- Waits (at most 5 s) until host H has a socket matching FILTER; its rows.
local function wait_for(h, filter)
  for _ = 1, 100 do
    local rows = assert(h:sockets(filter))
    if #rows > 0 then return rows end
    netlab.sleep(0.05)
  end
  lu.fail("no socket matching the filter appeared")
end

-- Good paths -----------------------------------------------------------

function TestDiag:test_listening_and_established_with_their_owner()
  local lab <close>, a, b = two_hosts()
  local srv = server(b, 8080)
  local c, x = connection(a, srv, 8080)
  local rows = assert(b:sockets{proto = "tcp"})
  local listen = where(rows, "state", "LISTEN")
  lu.assertEquals(#listen, 1)
  lu.assertEquals({listen[1]["local"], listen[1].local_port, listen[1].remote_port}, {"10.0.0.2", 8080, 0})
  lu.assertEquals({listen[1].pid, listen[1].fd, listen[1].command}, {MYPID, srv:getfd(), MYCOMM})
  local est = where(rows, "state", "ESTABLISHED")
  lu.assertEquals(#est, 1)
  local _, cport = c:getsockname()
  lu.assertEquals({est[1].remote, est[1].remote_port, est[1].local_port}, {"10.0.0.1", cport, 8080})
  lu.assertEquals({est[1].pid, est[1].fd, est[1].proto, est[1].family}, {MYPID, x:getfd(), "tcp", "inet"})
  lu.assertEquals(#assert(b:sockets{state = "LISTEN"}), 1)
  lu.assertEquals(#assert(b:sockets{state = {"LISTEN", "ESTABLISHED"}}), 2)
  lu.assertEquals(#assert(b:sockets{port = cport}), 1) -- the remote port counts
  lu.assertEquals(#assert(b:sockets{port = 9}), 0)
  lu.assertEquals(#assert(b:sockets{proto = "udp"}), 0)
  lu.assertEquals(#assert(a:sockets{state = "ESTABLISHED", port = 8080}), 1)
end

function TestDiag:test_tcp_info_of_an_established_connection()
  local lab <close>, a, b = two_hosts()
  local srv = server(b, 8080)
  local c, x = connection(a, srv, 8080)
  assert(c:send(("x"):rep(1000)))
  assert(x:receive(1000))
  local r = assert(c:info())
  lu.assertEquals(r.state, "ESTABLISHED")
  lu.assertTrue(r.rtt > 0 and r.rtt < 1000, "rtt in ms: " .. tostring(r.rtt))
  lu.assertTrue(r.cwnd >= 1)
  lu.assertEquals(r.mss, 1448) -- 1500 - 20 - 20 - 12 (timestamps)
  lu.assertEquals(r.total_retrans, 0)
  lu.assertEquals(r.retransmits, 0)
  lu.assertEquals(r.timer, "off")
end

function TestDiag:test_one_server_port_many_four_tuples()
  local lab <close>, a, b = two_hosts()
  local srv = server(b, 8080)
  local conns = {}
  for i = 1, 5 do conns[i] = {connection(a, srv, 8080)} end
  local rows = assert(b:sockets{state = "ESTABLISHED", port = 8080})
  lu.assertEquals(#rows, 5)
  local tuples = {}
  for _, r in ipairs(rows) do
    lu.assertEquals({r["local"], r.local_port, r.remote}, {"10.0.0.2", 8080, "10.0.0.1"})
    tuples[r.remote_port] = true
  end
  local n = 0
  for _ in pairs(tuples) do n = n + 1 end
  lu.assertEquals(n, 5, "five different client ports")
  lu.assertEquals(#assert(a:sockets{state = "ESTABLISHED"}), 5)
end

function TestDiag:test_time_wait_after_an_active_close()
  local lab <close>, a, b = two_hosts()
  local srv = server(b, 8080)
  local c, x = connection(a, srv, 8080)
  x:close() -- the server closes first: its side waits in TIME_WAIT
  lu.assertEquals(select(2, c:receive("*l")), "closed")
  c:close()
  local rows = wait_for(b, {state = "TIME_WAIT"})
  lu.assertEquals(#rows, 1)
  lu.assertEquals({rows[1].local_port, rows[1].inode, rows[1].pid, rows[1].timer},
                  {8080, 0, nil, "timewait"})
  lu.assertTrue(rows[1].expires > 0 and rows[1].expires <= 60000)
  lu.assertEquals(#assert(a:sockets{state = "TIME_WAIT"}), 0)
end

function TestDiag:test_close_wait_when_the_peer_closed_and_the_app_did_not()
  local lab <close>, a, b = two_hosts()
  local srv = server(b, 8080)
  local c, x = connection(a, srv, 8080)
  assert(c:send("bye\n"))
  c:close()
  local rows = wait_for(b, {state = "CLOSE_WAIT"})
  lu.assertEquals(rows[1].fd, x:getfd())
  lu.assertEquals(rows[1].recv_q, 5, "the unread line and the FIN wait in the receive queue")
  local fin = wait_for(a, {state = "FIN_WAIT_2"})
  lu.assertEquals(fin[1].inode, 0, "closed by netlab: no fd holds it any more")
end

function TestDiag:test_syn_sent_to_a_silent_address()
  local lab <close>, a = two_hosts()
  local c = assert(a:tcp())
  c:settimeout(0)
  c:connect("10.0.0.77", 80) -- nobody owns 10.0.0.77: the SYN gets no answer
  local rows = wait_for(a, {state = "SYN_SENT"})
  lu.assertEquals({rows[1].remote, rows[1].remote_port, rows[1].fd, rows[1].pid},
                  {"10.0.0.77", 80, c:getfd(), MYPID})
  lu.assertEquals(rows[1].send_q, 1, "the SYN counts as one byte unacknowledged")
end

function TestDiag:test_udp_unconnected_and_connected()
  local lab <close>, a, b = two_hosts()
  local u = assert(b:udp())
  assert(u:setsockname("10.0.0.2", 5353))
  local v = assert(a:udp())
  assert(v:setpeername("10.0.0.2", 5353))
  local rows = assert(b:sockets{proto = "udp"})
  lu.assertEquals(#rows, 1)
  lu.assertEquals({rows[1].proto, rows[1].state, rows[1].local_port, rows[1].fd}, {"udp", "UNCONN", 5353, u:getfd()})
  local mine = assert(v:info())
  lu.assertEquals({mine.state, mine.remote, mine.remote_port}, {"ESTABLISHED", "10.0.0.2", 5353})
  lu.assertEquals(#assert(b:sockets{proto = "udp6"}), 0)
  lu.assertEquals(#assert(b:sockets{proto = "tcp"}), 0)
end

function TestDiag:test_tcp6_rows()
  local lab <close>, _, b = two_hosts()
  local s = assert(b:tcp6())
  assert(s:bind("::", 9090))
  assert(s:listen())
  local rows = assert(b:sockets{proto = "tcp6"})
  lu.assertEquals(#rows, 1)
  lu.assertEquals({rows[1].proto, rows[1].family, rows[1]["local"], rows[1].local_port}, {"tcp6", "inet6", "::", 9090})
  lu.assertEquals(#assert(b:sockets{proto = "tcp4"}), 0)
end

function TestDiag:test_sock_info_is_the_row_of_sockets()
  local lab <close>, a, b = two_hosts()
  local srv = server(b, 8080)
  local c = connection(a, srv, 8080)
  local info = assert(c:info())
  local row = assert(a:sockets{state = "ESTABLISHED"})[1]
  for _, k in ipairs{"proto", "local", "local_port", "remote", "remote_port", "state", "inode", "fd", "pid"} do
    lu.assertEquals(info[k], row[k], k)
  end
  lu.assertEquals(assert(srv:info()).state, "LISTEN")
  local fresh = assert(a:tcp()) -- in no table until bound or connected
  local none, msg, code = fresh:info()
  lu.assertNil(none)
  lu.assertStrContains(msg, "not in the kernel's table")
  lu.assertEquals(code, errno.ENOENT)
end

function TestDiag:test_the_machines_own_sockets()
  local s = assert(netlab.tcp())
  assert(s:bind("127.0.0.1", 0))
  assert(s:listen())
  local _, port = s:getsockname()
  local rows = assert(netlab.here:sockets{proto = "tcp4", state = "LISTEN", port = port})
  lu.assertEquals(#rows, 1)
  lu.assertEquals({rows[1].pid, rows[1].fd}, {MYPID, s:getfd()})
  lu.assertEquals(assert(s:info()).inode, rows[1].inode)
  s:close()
end

-- A lab host B with sockets in many states: listening (IPv4 and IPv6),
-- established (IPv4, IPv6 with an address netstat cuts), TIME_WAIT,
-- CLOSE_WAIT, SYN_SENT, and a UDP socket. Returns what must stay open.
local function busy_host(lab, a, b)
  assert(a:addr_add("eth0", "fd00::1/64"))
  assert(b:addr_add("eth0", "fd00::5678:9abc:def0:2/64"))
  local keep = {server(b, 8080)}
  local s6 = assert(b:tcp6())
  s6:settimeout(5)
  assert(s6:bind("::", 9090))
  assert(s6:listen())
  keep[#keep + 1] = s6
  keep[#keep + 1] = {connection(a, keep[1], 8080)}
  local c6 = assert(a:tcp6())
  assert(c6:connect("fd00::5678:9abc:def0:2", 9090))
  keep[#keep + 1] = {c6, assert(s6:accept())}
  local c2, x2 = connection(a, keep[1], 8080) -- TIME_WAIT on b
  x2:close()
  c2:receive("*a")
  c2:close()
  local c3, x3 = connection(a, keep[1], 8080) -- CLOSE_WAIT on b
  c3:close()
  keep[#keep + 1] = x3
  local c4 = assert(b:tcp()) -- SYN_SENT on b
  c4:settimeout(0)
  c4:connect("10.0.0.77", 80)
  keep[#keep + 1] = c4
  local u = assert(b:udp())
  assert(u:setsockname("10.0.0.2", 53))
  keep[#keep + 1] = u
  wait_for(b, {state = "CLOSE_WAIT"})
  return keep
end

function TestDiag:test_netstat_and_ss_text_equal_the_real_tools()
  local lab <close>, a, b = two_hosts()
  local keep = busy_host(lab, a, b)
  -- No normalisation: netstat and ss run in the host see netlab's pid
  -- (one /proc for all) and its program name, as the rows do.
  local rows = assert(b:sockets{proto = "tcp"})
  lu.assertEquals(netlab.fmt.netstat(rows), b:sh("netstat -natp"))
  lu.assertEquals(netlab.fmt.ss(rows), b:sh("ss -tanp"))
  local udp = assert(b:sockets{proto = "udp"})
  lu.assertEquals(netlab.fmt.netstat(udp), b:sh("netstat -nuap"))
  lu.assertEquals(netlab.fmt.ss(udp), b:sh("ss -uanp"))
  lu.assertEquals(netlab.fmt.ss(assert(b:sockets())), b:sh("ss -tuanp"))
  lu.assertEquals(netlab.fmt.ss(rows, {p = false}), b:sh("ss -tan"))
  lu.assertEquals(netlab.fmt.ss(udp, {p = false}), b:sh("ss -uan"))
  lu.assertEquals(netlab.fmt.ss(assert(b:sockets()), {p = false}), b:sh("ss -tuan"))
  lu.assertEquals(netlab.fmt.ss(rows, {p = true}), b:sh("ss -tanp"))
  local text = netlab.fmt.netstat(rows)
  for _, state in ipairs{"LISTEN", "ESTABLISHED", "TIME_WAIT", "CLOSE_WAIT", "SYN_SENT"} do
    lu.assertStrContains(text, state)
  end
  lu.assertStrContains(text, "fd00::5678:9abc:de:9090") -- cut to show the port
  lu.assertEquals(#keep > 0, true)
end

function TestDiag:test_the_owner_of_a_program_started_in_a_host()
  local lab <close>, a, b = two_hosts()
  local p = assert(b:start([[exec python3 -c 'import socket, time
s = socket.socket(); s.bind(("0.0.0.0", 9000)); s.listen(); c, _ = s.accept(); time.sleep(30)']]))
  local row = wait_for(b, {state = "LISTEN", port = 9000})[1]
  lu.assertEquals(row.pid, p:pid())
  lu.assertEquals(row.fd, 3)
  lu.assertStrContains(row.command, "python3")
  local c = assert(a:tcp())
  assert(c:connect("10.0.0.2", 9000))
  wait_for(b, {state = "ESTABLISHED", port = 9000})
  -- netlab.fd.list(pid): the program's fds, its sockets from the kernel
  local byfd = {}
  for _ = 1, 100 do -- until the program has accepted (fd 4)
    for _, f in ipairs(assert(netlab.fd.list(p:pid()))) do byfd[f.fd] = f end
    if byfd[4] then break end
    netlab.sleep(0.05)
  end
  lu.assertEquals({byfd[3].proto, byfd[3].local_port, byfd[3].state}, {"tcp", 9000, "LISTEN"})
  lu.assertEquals({byfd[4].state, byfd[4].remote}, {"ESTABLISHED", "10.0.0.1"})
  lu.assertEquals(byfd[0].target, "/dev/null")
  lu.assertEquals(byfd[3].mode, "lrwx------")
  -- host:lsof, and its text as lsof -nP -i :9000 prints it in the host
  local rows = assert(b:lsof{port = 9000})
  lu.assertEquals(#rows, 2)
  lu.assertEquals({rows[1].pid, rows[1].fd, rows[1].type, rows[1].node, rows[1].name},
                  {p:pid(), "3u", "IPv4", "TCP", "*:9000 (LISTEN)"})
  local _, cport = c:getsockname()
  lu.assertEquals(rows[2].name, ("10.0.0.2:9000->10.0.0.1:%d (ESTABLISHED)"):format(cport))
  lu.assertEquals(netlab.fmt.lsof(rows), b:sh("lsof -nP -i :9000"))
  lu.assertEquals(netlab.fmt.lsof(assert(b:lsof{pid = p:pid()})), b:sh("lsof -nP -a -i -p " .. p:pid()))
  p:stop()
end

function TestDiag:test_lsof_text_equals_lsof_for_netlabs_own_sockets()
  local lab <close>, a, b = two_hosts()
  local keep = busy_host(lab, a, b)
  for _, port in ipairs{8080, 9090, 53, 80} do
    lu.assertEquals(netlab.fmt.lsof(assert(b:lsof{port = port})), b:sh("lsof -nP -i :" .. port), "port " .. port)
  end
  local mine = assert(b:lsof{pid = MYPID})
  lu.assertTrue(#mine >= 6)
  lu.assertEquals(mine[1].command, MYCOMM)
  lu.assertEquals(#keep > 0, true)
end

-- Bad input ------------------------------------------------------------

function TestDiag:test_bad_filters_raise()
  local lab <close>, _, b = two_hosts()
  helper.raises("bad argument #1 to 'sockets' (table expected, got string)", b.sockets, b, "tcp")
  helper.raises("unknown proto 'sctp'", b.sockets, b, {proto = "sctp"})
  helper.raises("unknown state 'ESTAB'", b.sockets, b, {state = "ESTAB"})
  helper.raises("option 'state': string expected, got number", b.sockets, b, {state = {1}})
  helper.raises("option 'port': port number (1-65535) expected", b.sockets, b, {port = 70000})
  helper.raises("option 'port': port number (1-65535) expected", b.sockets, b, {port = "80"})
  helper.raises("option 'port': port number (1-65535) expected", b.sockets, b, {port = 0})
  helper.raises("option 'port': port number (1-65535) expected", b.lsof, b, {port = 0})
  helper.raises("unknown option 'host'", b.sockets, b, {host = "a"})
  helper.raises("option 'proto': empty list", b.sockets, b, {proto = {}})
  helper.raises("calling 'sockets' on bad self", b.sockets, 42)
  helper.raises("bad argument #1 to 'lsof' (table expected, got number)", b.lsof, b, 8080)
  helper.raises("option 'pid': pid expected", b.lsof, b, {pid = -1})
  helper.raises("unknown option 'proto'", b.lsof, b, {proto = "tcp"})
  helper.raises("calling 'sockets' on bad self (netlab.here expected", netlab.here.sockets, {})
end

function TestDiag:test_closed_host_and_closed_socket_raise()
  local lab, a, b = two_hosts()
  local s = assert(a:tcp())
  lab:close()
  helper.raises("attempt to use a closed host", b.sockets, b)
  helper.raises("attempt to use a closed host", b.lsof, b, {port = 1})
  helper.raises("closed socket", s.info, s)
  local t = assert(netlab.tcp())
  t:close()
  helper.raises("closed socket", t.info, t)
end

function TestDiag:test_formatters_and_fd_list_reject_bad_input()
  for _, name in ipairs{"netstat", "ss", "lsof"} do
    helper.raises(("bad argument #1 to '%s' (table of rows expected, got nil)"):format(name), netlab.fmt[name])
    helper.raises("row 1 is a number", netlab.fmt[name], {1})
  end
  helper.raises("bad argument #2 to 'ss' (options string or table expected, got boolean)", netlab.fmt.ss, {}, true)
  helper.raises("bad argument #2 to 'ss' (unknown option \"i\" (p))", netlab.fmt.ss, {}, {i = true})
  helper.raises("bad argument #2 to 'ss' (p: boolean expected, got number)", netlab.fmt.ss, {}, {p = 0})
  helper.raises("bad argument #1 to 'list' (pid expected, got string)", netlab.fd.list, "1")
  helper.raises("bad argument #1 to 'list' (pid expected, got float)", netlab.fd.list, 1.5)
  local none, msg, code = netlab.fd.list(0x7ffffffe)
  lu.assertNil(none)
  lu.assertStrContains(msg, "cannot list the fds of process")
  lu.assertEquals(code, errno.ENOENT)
end

function TestDiag:test_empty_tables_print_headers_only()
  lu.assertEquals(netlab.fmt.netstat({}), "Active Internet connections (servers and established)\n"
    .. "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n")
  lu.assertEquals(netlab.fmt.lsof({}), "COMMAND PID USER   FD   TYPE DEVICE SIZE NODE NAME\n")
end

-- Docs -----------------------------------------------------------------

function TestDiag:test_every_function_has_a_doc_line()
  local doc = require "netlab.doc"
  local names = {"host:sockets", "host:lsof", "socket:info", "netlab.here:sockets", "netlab.fmt.netstat",
                 "netlab.fmt.ss", "netlab.fmt.lsof", "netlab.watch", "netlab.fd.list", "watcher"}
  for name, v in pairs(require("netlab.watch").Watcher) do
    if type(v) == "function" and not name:match("^__") then names[#names + 1] = "watcher:" .. name end
  end
  local missing = {}
  for _, name in ipairs(names) do
    if type(doc[name]) ~= "string" then missing[#missing + 1] = name end
  end
  lu.assertEquals(missing, {})
  for name, line in pairs(require "netlab.doc_diag") do
    lu.assertStrContains(line, " -- ", false, name .. ": a usage, then what it does")
  end
  local clab = require "netlab.c.lab"
  for _, m in ipairs{"sockets", "lsof"} do lu.assertIsFunction(clab.meta.__index[m]) end
  lu.assertIsFunction(require("netlab.socket").meta.__index.info)
end

-- Rootless -------------------------------------------------------------


-- The child, run as nobody: sockets, info, owners, netstat text, watch.
local CHILD = [[
local lab <close> = netlab.lab()
local a, b = lab:host "a", lab:host "b"
if not a then print("refused") return end
assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
local s = assert(b:tcp()); assert(s:bind("10.0.0.2", 80)); assert(s:listen())
local w = assert(netlab.watch(b, function() end))
local c = assert(a:tcp()); assert(c:connect("10.0.0.2", 80))
local x = assert(s:accept())
local rows = assert(b:sockets{proto = "tcp"})
print("rows " .. #rows)
print("owner " .. tostring(rows[1].pid == require("netlab.c.diag").pid()))
print("info " .. assert(c:info()).state)
print("netstat " .. tostring(netlab.fmt.netstat(rows) == b:sh("netstat -natp")))
print("lsof " .. #assert(b:lsof{port = 80}))
print("here " .. type(netlab.here:sockets{proto = "tcp4"}))
netlab.sleep(0.05)
print("watch " .. table.concat(w:states(), ","))
w:stop()
]]

function TestDiag:test_rootless_sockets_info_lsof_and_watch()
  local path = helper.tmpfile(CHILD)
  helper.sh("chmod 644 " .. helper.shquote(path))
  local out, err = helper.run(helper.as_nobody(helper.bin .. " " .. path), 30)
  if out:match("^refused") then return end -- no user namespaces here: rootless_spec says why
  lu.assertStrContains(out, "rows 2\n", err)
  lu.assertStrContains(out, "owner true\n")
  lu.assertStrContains(out, "info ESTABLISHED\n")
  lu.assertStrContains(out, "netstat true\n")
  lu.assertStrContains(out, "lsof 2\n")
  lu.assertStrContains(out, "here table\n")
  lu.assertStrContains(out, "watch LISTEN,ESTABLISHED\n")
end
