-- spec/labs_spec.lua: every lab runs as its own process, keeps all its
-- claims (exit 0 and its PASS line), says what it is about, and leaves
-- no process or file behind.
local lu = require "luaunit"
local helper = require "helper"

TestLabs = {}

local new_mark, marked = helper.new_mark, helper.marked

local LABS = {"http_fd8", "tcp_login", "udp_chat", "unix_socket", "two_hosts", "ping", "routes", "alias_ip", "subnet",
  "netstat", "tcp_states", "four_tuple", "redis_nc", "tunnel", "vpn", "epoll", "copies"}

-- Runs lab NAME with ARGS; returns stdout, stderr, exit code, and the pids
-- of processes it left behind.
local function run_lab(name, args)
  local mark = new_mark()
  local cmd = ("env NETLAB_SPEC_MARK=%s %s labs/%s.lua %s"):format(mark, helper.bin, name, args or "")
  local out, err, code = helper.run(cmd, 60)
  return out or "", err or "", code, marked(mark)
end

-- Asserts that a lab run passed: exit 0, its PASS line, and KEY.
local function assert_passed(out, err, code, key)
  local context = "\n--- stdout\n" .. out .. "\n--- stderr\n" .. err
  lu.assertEquals(code, 0, "the lab failed:" .. context)
  lu.assertStrContains(out, "\nPASS: all ", false, context)
  lu.assertNotStrContains(out, "[FAIL]", false, context)
  if key then lu.assertStrContains(out, key, false, context) end
end

-- Runs lab NAME (with ARGS) and asserts it passed, printed every line
-- of SAYS, and left no process behind; returns its stdout.
local function lab_says(name, says, args)
  local out, err, code, left = run_lab(name, args)
  assert_passed(out, err, code)
  local context = "\n--- stdout\n" .. out .. "\n--- stderr\n" .. err
  for _, line in ipairs(says) do lu.assertStrContains(out, line, false, context) end
  -- the lesson is in what it prints, never "see labs/x.lua" or "this lab's code"
  lu.assertNil(out:match("[%w_/]+%.lua"), "the lab points at a source file" .. context)
  lu.assertNil(out:match("[%w ]+ this lab[^\n]*"), "the lab points at its own code" .. context)
  lu.assertEquals(left, {}, "processes left behind")
  return out
end

function TestLabs.test_http_fd8_reads_the_page_through_fd_8()
  lab_says("http_fd8", {
    "| HTTP/1.0 200 OK",
    "$ exec 8<> /dev/tcp/www.baidu.com/80",
    "[ ok ] the server got GET / HTTP/1.0 from the client host, from fd 8's local port",
    "->10.0.2.2:80 (ESTABLISHED)",
    "[ ok ] the shell's fd 8 is this process's fd 8: the same socket inode",
    "[ ok ] fd 8 is gone after exec 8<&-",
  })
end

function TestLabs.test_tcp_login_serves_20_clients_at_once()
  lab_says("tcp_login", {
    "the server counted 20 clients",
    "[ ok ] a wrong password is answered false",
    "listen on host www.baidu.com, 10.0.2.2 port 8888",
    "[ ok ] the clients were served at the same time",
  })
end

function TestLabs.test_epoll_one_thread_against_a_process_per_client()
  local t0 = netlab.now()
  local out = lab_says("epoll", {
    "[ ok ] one process, one thread holds all 12 clients (/proc/",
    "[ ok ] its epoll fd watches every one of the 12 connections: each tfd is the connection's fd, each ino its socket's inode  (12 connections, 12 matched)",
    "[ ok ] and one more, the listening socket: one epoll_wait covers them all  (13 tfd lines)",
    "[ ok ] 13 processes: the parent and a child per client, each with one thread  (13 processes, 13 threads)",
    "[ ok ] each child's fds hold one client's connection, a different one each  (12 of 12)",
    "[ ok ] after bye, 12 answers from 12 different pids: each client's own child",
    "  | select high ValueError: filedescriptor out of range in select()",
    "== Part 3: clients served in 0.3 s, 16 connecting at a time ==",
  }, "--clients 12 --seconds 0.3")
  lu.assertTrue(netlab.now() - t0 < 20 * helper.slow, "the lab is quick")
  -- the tfd lines shown are the epoll server's own sockets, by inode
  local fd, ino = out:match("\n  | tfd: +(%d+) events: 8000201d data: +%x+  pos:0 ino:(%x+) sdev:%x+\n")
  lu.assertNotNil(fd, out)
  lu.assertStrContains(out, ("\n  fd %s -> socket:[%d]: ino %s is %d; events 8000201d = IN OUT ERR HUP RDHUP ET\n")
    :format(fd, tonumber(ino, 16), ino, tonumber(ino, 16)))
end

function TestLabs.test_copies_follows_the_bytes_and_counts_each_path()
  local out = lab_says("copies", {
    "[ ok ] every byte is either not sent yet (in the client's send buffer) or in the server's receive buffer: none is on the wire now  (",
    "[ ok ] reading emptied the receive buffer, the window reopened and the sender's buffer emptied too  (Send-Q 0, Recv-Q 0)",
    "[ ok ] every path delivered the 131072 bytes in order: ",
    "(bytes_received 131073, bytes_acked 131074, RX ",
    "[ ok ] read+send: rchar grew by the file (read() copied it into the script), wchar not at all",
    "[ ok ] sendfile: no byte entered the script, yet rchar and wchar both grew by the file",
    "[ ok ] neither relay shows in /proc/PID/io",
  }, "--size 131072")
  -- the table: one row per path, the file's size in each, the copies the script's calls made
  for _, row in ipairs{{"read+send -> receive", "3.0x"}, {"sendfile -> receive", "1.0x"},
                       {"sendfile -> relay receive+send -> receive", "3.0x"}, {"sendfile -> relay splice -> receive", "1.0x"}} do
    local line = out:match("\n  " .. row[1]:gsub("%p", "%%%0") .. " +0%.12 [^\n]*")
    lu.assertNotNil(line, row[1] .. " has its row:\n" .. out)
    lu.assertStrContains(line, " " .. row[2] .. " ")
  end
  local out2, err, code = run_lab("copies", "--size 100")
  lu.assertEquals(code, 2, out2 .. err)
  lu.assertStrContains(err, "copies: --size: 100 is out of range (65536 to 67108864) (netlab --lab copies --help lists the options)\n")
end

function TestLabs.test_epoll_refuses_bad_knobs()
  for _, case in ipairs{
    {"--clients 1", "epoll: --clients: 1 is out of range (2 to 300)"},
    {"--seconds soon", "epoll: --seconds: a number expected, got 'soon'"},
    {"--seconds 9", "epoll: --seconds: 9 is out of range (0.2 to 5)"},
  } do
    local out, err, code = run_lab("epoll", case[1])
    lu.assertEquals(code, 2, out .. err)
    lu.assertEquals(out, "")
    lu.assertStrContains(err, case[2] .. " (netlab --lab epoll --help lists the options)\n")
  end
  local out, _, code = run_lab("epoll", "--help")
  lu.assertEquals(code, 0)
  lu.assertStrContains(out, "  --clients N        clients connected at once to each server (part 1) (2 to 300; default 50)\n")
  lu.assertStrContains(out, "  --seconds X        how long each server is timed in part 3 (0.2 to 5; default 1.0)\n")
end

function TestLabs.test_udp_chat_scripted_conversation()
  lab_says("udp_chat", {
    "  server> bye",
    "[ ok ] receivefrom names the sender's address and port",
    'receiver got "hello, udp" from 10.0.1.2:',
  })
end

function TestLabs.test_udp_chat_interactive_needs_a_terminal()
  local out, err, code = run_lab("udp_chat", "--interactive </dev/null")
  assert_passed(out, err, code, "needs a terminal on stdin; running the scripted conversation")
end

function TestLabs.test_udp_chat_interactive_on_a_terminal()
  local steps = helper.tmpfile(table.concat({
    "expect 10 you> ",
    "send hello from the keyboard\\r",
    "expect 10 server> server heard: hello from the keyboard",
    "expect 10 you> ",
    "send bye\\r",
    "expect 10 PASS: all",
    "wait 10",
  }, "\n") .. "\n", ".steps")
  local mark = new_mark()
  local out, err = helper.run(("env NETLAB_SPEC_MARK=%s python3 spec/ptyrun.py %s -- %s labs/udp_chat.lua --interactive")
    :format(mark, steps, helper.bin), 60)
  out = out or ""
  local context = "\n--- ptyrun\n" .. out .. "\n--- stderr\n" .. tostring(err)
  lu.assertNotStrContains(out, " fail ", false, context)
  lu.assertStrContains(out, "exit 0\n", false, context)
  lu.assertStrContains(out, "the server got all 2 lines intact", false, context)
  lu.assertEquals(marked(mark), {}, "processes left behind")
end

function TestLabs.test_tcpdump_lines_fold_to_netlab_width()
  local out, err, code = helper.run(("env NETLAB_WIDTH=80 %s labs/tcp_states.lua"):format(helper.bin), 60)
  lu.assertEquals(code, 0, out .. tostring(err))
  local packets, continued = 0, 0
  for line in out:gmatch("[^\n]+") do
    if line:match("^    %d%d:%d%d:%d%d%.%d+ IP ") then
      packets = packets + 1
      lu.assertTrue(#line <= 80, line)
    elseif line:match("^        %S") then
      continued = continued + 1
      lu.assertTrue(#line <= 80, line)
    end
  end
  lu.assertTrue(packets >= 9, out)
  lu.assertTrue(continued >= packets, out) -- every SYN, FIN and ACK line is longer than 80
end

function TestLabs.test_ctrl_c_ends_a_lab_with_one_line()
  local steps = helper.tmpfile("expect 10 == Part 1\nsend \\x03\nwait 10\n", ".steps")
  local mark = new_mark()
  local out = helper.run(("env NETLAB_SPEC_MARK=%s python3 spec/ptyrun.py %s -- %s labs/tcp_states.lua")
    :format(mark, steps, helper.bin), 60) or ""
  lu.assertNotStrContains(out, " fail ", false, out)
  lu.assertStrContains(out, "exit 130\n", false, out)
  lu.assertStrContains(out, "\r\ninterrupted (Ctrl-C): the lab stopped before its end\r\n", false, out)
  lu.assertNotStrContains(out, "[FAIL]", false, out)
  lu.assertNotStrContains(out, "traceback", false, out)
  lu.assertEquals(marked(mark), {}, "processes left behind")
end

function TestLabs.test_an_error_in_a_lab_shows_the_labs_frames_not_netlabs()
  local src = table.concat({
    'local lab = require("netlab.lesson").new{name = "oops", limit = 20}',
    'local function nap() netlab.sleep("x") end',
    'lab:run(function() lab:step("sleep x", "a nap"); nap() end)', ""}, "\n")
  local file = helper.tmpfile(src)
  local out, err, code = helper.netlab(file)
  lu.assertEquals(code, 1, out .. err)
  lu.assertStrContains(out, ("[FAIL] the lab ran to its end  (%s:2: bad argument #1 to 'sleep'"):format(file))
  lu.assertStrContains(out, ("stack traceback:\n\t%s:2: in upvalue 'nap'\n"):format(file), false, out)
  lu.assertStrContains(out, "frames inside netlab hidden: NETLAB_TRACEBACK=full shows them)")
  lu.assertNotStrContains(out, "lesson.lua")
  lu.assertNotStrContains(out, "sched.lua")
end

function TestLabs.test_unix_socket_cleans_up_its_files()
  local out = lab_says("unix_socket", {
    "connect: connection refused (ECONNREFUSED)",
    "connect: no such file or directory (ENOENT)",
  })
  local dir = out:match("temporary directory: (%S+)")
  lu.assertNotNil(dir, "the lab names its temporary directory")
  lu.assertNil(io.open(dir), "the temporary directory is gone")
end

function TestLabs.test_two_hosts_talk_over_their_link()
  lab_says("two_hosts", {
    "[ ok ] b received a's line",
    "$ ip netns exec a ip addr",
    "inet 10.0.0.1/24 brd 10.0.0.255 scope global eth0",
    "[ ok ] the machine's network is as it was",
  })
end

function TestLabs.test_ping_shows_echo_ttl_exceeded_and_traceroute()
  lab_says("ping", {
    "type=0 code=0 id=",
    "From 10.0.0.254 icmp_seq=1 Time to live exceeded",
    "[ ok ] hop 1 is the router r",
  })
end

function TestLabs.test_ping_reads_icmp_fields_from_the_capture()
  lab_says("ping", {
    "ICMP echo request, id ",
    "[ ok ] on the wire: each request is type 8 code 0 from 10.0.0.1, each reply type 0 code 0 from 10.0.0.2, with the same id and seq",
    "[ ok ] it quotes our request: destination 10.0.1.2, our id and seq",
    "[ ok ] on the wire: probe seq N has TTL N, all 5 sent at once (-m 5)  (1:1 2:2 3:3 4:4 5:5)",
  })
end

function TestLabs.test_handshake_capture_ladder_and_claims()
  local t0 = netlab.now()
  local out = lab_says("handshake", {
    "$ tcpdump -nn -i eth0 tcp port 80 &  # in client",
    "Flags [P.], seq 1:78, ack 1, win ",
    "length 77: HTTP: GET / HTTP/1.1",
    "[ ok ] the server answers SYN-ACK: its own ISN K, and ack J+1",
    "[ ok ] four segments close it: FIN, ACK, FIN, ACK  (F. . F. .)",
    "[ ok ] the client's kernel holds the connection in TIME-WAIT, as the ladder says",
  })
  lu.assertTrue(netlab.now() - t0 < 5, "the demo lab is quick")
  -- the tcpdump lines come first, one per segment, then the ladder
  local lines = {}
  for line in out:gmatch("%d%d:%d%d:%d%d%.%d+ IP [^\n]+") do lines[#lines + 1] = line end
  lu.assertEquals(#lines, 11, out)
  lu.assertStrMatches(lines[1], ".* IP 10%.0%.0%.1%.%d+ > 10%.0%.0%.2%.80: Flags %[S%], seq %d+, win .*")
  for _, row in ipairs{
    "SYN_SENT |%-+ SYN seq=0 %-+>| SYN_RECV",
    "ESTABLISHED |<%-+ SYN,ACK seq=0 ack=1 %-+| SYN_RECV",
    "FIN_WAIT_1 |%-+ FIN,ACK seq=78 ack=110 %-+>| CLOSE_WAIT",
    "FIN_WAIT_2 |<%-+ ACK ack=79 %-+| CLOSE_WAIT",
    "TIME_WAIT |<%-+ FIN,ACK seq=110 ack=79 %-+| LAST_ACK",
    "TIME_WAIT |%-+ ACK ack=111 %-+>| CLOSED",
  } do
    lu.assertNotNil(out:find(row), row .. " in:\n" .. out)
  end
end

function TestLabs.test_handshake_shows_the_syn_byte_by_byte()
  local out = lab_says("handshake", {
    "== One frame as bytes: the client's SYN ==",
    "$ tcpdump -nn -e -XX -c 1 'tcp[tcpflags] == tcp-syn'  # in client",
    "\t         dddd dddd dddd ssss ssss ssss tttt\n",
    "\t                                  SSSS SSSS DDDD\n",
    "\t         DDDD pppp PPPP                       ff\n",
    "t  bytes 12-13 (0x0c-0x0d)  in -X: --                 0x0800             EtherType (0x0800: IPv4)",
    "S  bytes 26-29 (0x1a-0x1d)  in -X: 12-15 (0x0c-0x0f)  10.0.0.1           source IP address",
    "D  bytes 30-33 (0x1e-0x21)  in -X: 16-19 (0x10-0x13)  10.0.0.2           destination IP address",
    "P  bytes 36-37 (0x24-0x25)  in -X: 22-23 (0x16-0x17)  80                 destination port",
    "f  bytes 47 (0x2f)          in -X: 33 (0x21)          S                  TCP flags (0x02: SYN)",
    "[ ok ] each field's bytes, read at the offsets the decoder found, are what the packet's fields say",
    "[ ok ] -X's first bytes are the IP header's (45..: version 4, 20-byte header): the 14 bytes before are the Ethernet header",
  })
  -- the MACs the legend names are the SYN's, as tcpdump -e printed them
  local src, dst = out:match("\n    %d%d:%d%d:%d%d%.%d+ (%x%x:[%x:]+) > (%x%x:[%x:]+), ethertype IPv4 %(0x0800%)")
  lu.assertNotNil(src, out)
  lu.assertStrContains(out, "d  bytes 0-5 (0x00-0x05)    in -X: --                 " .. dst .. "  destination MAC")
  lu.assertStrContains(out, "s  bytes 6-11 (0x06-0x0b)   in -X: --                 " .. src .. "  source MAC")
  -- and the -XX dump's first line starts with those bytes
  lu.assertStrContains(out, "\t0x0000:  " .. (dst .. src):gsub(":", ""):gsub("(%x%x%x%x)", "%1 "):sub(1, 29) .. " 0800 4500")
end

function TestLabs.test_handshake_draws_its_ladder_as_svg()
  local path = helper.tmpname(".svg")
  local out, err, code, left = run_lab("handshake", "--svg " .. path)
  assert_passed(out, err, code, "[ ok ] the ladder is drawn as SVG in " .. path)
  lu.assertEquals(left, {}, "processes left behind")
  local f = assert(io.open(path))
  local svg = f:read("a")
  f:close()
  lu.assertStrMatches(svg, '^<%?xml version="1%.0" encoding="UTF%-8"%?>\n<svg .*</svg>\n$')
  lu.assertStrContains(svg, ">FIN_WAIT_2</text>")
  lu.assertStrContains(svg, ">www.baidu.com</text>")
end

function TestLabs.test_arp_request_and_reply_before_the_syn()
  lab_says("arp", {
    "$ arp -d 10.0.1.1  # in client",
    "ethertype ARP (0x0806), length 42: Request who-has 10.0.1.1 tell 10.0.1.2, length 28",
    "[ ok ] request, then reply, then the SYN",
    "[ ok ] on the client's cable the SYN's frame is addressed to the router's MAC, its IP packet to 10.0.2.2",
    "[ ok ] on the server's cable the same SYN comes from the router's other MAC, still from IP 10.0.1.2",
  })
end

function TestLabs.test_synflood_fills_the_backlog_and_cookies_let_the_client_in()
  lab_says("synflood", {
    "$ sysctl -w net.ipv4.tcp_syncookies=0  # in server",
    "10.0.0.2:80      10.0.0.99:1000",
    "[ ok ] the real client's SYNs are dropped: its connect times out  (timeout)",
    "[ ok ] the real client gets in",
    "[ ok ] the server answered it with a SYN cookie (TcpExt SyncookiesSent)",
  })
end

function TestLabs.test_mss_follows_the_mtu()
  lab_says("mss", {
    "options [mss 1460,",
    "options [mss 960,",
    "[ ok ] no segment carries more than the MSS, 1460 bytes  (1448)",
    "[ ok ] no segment carries more than the MSS, 960 bytes  (948)",
    "[ ok ] a smaller MTU, a smaller MSS, smaller segments  (1460 -> 960)",
  })
end

function TestLabs.test_capture_labs_have_summary_lines_and_are_listed()
  local names = {"handshake", "arp", "synflood", "mss"}
  local listed = helper.run(helper.bin .. " --labs", 20) or ""
  for _, name in ipairs(names) do
    local f = assert(io.open("labs/" .. name .. ".lua"))
    local first = f:read("l")
    f:close()
    lu.assertStrMatches(first, "%-%- " .. name .. ": .+", nil, nil, name)
    lu.assertNotNil(("\n" .. listed):find("\n" .. name .. " +%S"), name .. " is listed:\n" .. listed)
  end
end

function TestLabs.test_routes_host_route_reaches_the_alias()
  lab_says("routes", {
    "[ ok ] A reaches 192.168.88.88 now",
    "[ ok ] A cannot reach 192.168.88.88",
    "192.168.88.88   192.168.121.1   255.255.255.255 UGH   0      0        0 eth0",
    "192.168.88.88 AND 255.255.255.255 = 192.168.88.88   == 192.168.88.88/32  match (/32)   <- longest match",
  })
end

function TestLabs.test_alias_ip_label_and_reachability()
  lab_says("alias_ip", {
    "inet 192.168.88.88/24 brd 192.168.88.255 scope global eth0:0",
    "$ ifconfig eth0:0 192.168.88.88 netmask 255.255.255.0 up",
    "[ ok ] A cannot: no route matches 192.168.88.88",
    "[ ok ] A reaches 192.168.88.88: the packet goes to B's MAC, B owns the address",
  })
end

function TestLabs.test_subnet_forwarding_decisions()
  lab_says("subnet", {
    "[ ok ] 202.112.14.137 AND 255.255.255.224 = 202.112.14.128",
    "[ ok ] a delivers to b directly: no gateway, the /24 of its own LAN",
    "[ ok ] 10.8.0.2 matches the host route (/32): next hop r",
    "[ ok ] a's TCP connection reaches c through r",
    "[ ok ] 172.16.0.2 matches only the default (/0): next hop r",
    "[ ok ] b's connect fails at once: network is unreachable",
  })
end

function TestLabs.test_every_lab_has_a_summary_line()
  for _, name in ipairs(LABS) do
    local f = assert(io.open("labs/" .. name .. ".lua"))
    local first = f:read("l")
    f:close()
    lu.assertStrMatches(first, "%-%- " .. name .. ": .+", nil, nil, name)
  end
end

function TestLabs.test_netlab_labs_lists_them()
  local out, err, code = helper.run(helper.bin .. " --labs", 20)
  lu.assertEquals(code, 0, err)
  for _, name in ipairs(LABS) do
    lu.assertNotNil(("\n" .. out):find("\n" .. name .. " +%S"), name .. " is listed:\n" .. out)
  end
end

function TestLabs.test_netstat_listening_established_and_owners()
  lab_says("netstat", {
    "$ netstat -natp  # in server",
    "LISTEN      ",
    "/python3",
    "[ ok ] port 8000 is owned by python3, the program host:start ran",
    "[ ok ] no two of them have the same four-tuple: the remote address or port differs",
    "[ ok ] four sockets on port 8080, all held by this one process (netlab)  (4)",
    "$ lsof -nP -i :8080  # in server",
    "[ ok ] lsof itself prints the same (host:lsof, netlab.fmt.lsof)",
    "[ ok ] python3's own fds: its listening socket and the connection it accepted",
    "TCP 10.0.0.2:8080->10.0.0.3:",
    "[ ok ] in the server, the connection on port 8000 belongs to python3: the process that accepted it",
  })
end

function TestLabs.test_tcp_states_close_sequence_and_keepalive()
  local out = lab_says("tcp_states", {
    "[ ok ] the active closer waits in FIN_WAIT_1 for the ACK of its FIN  (FIN_WAIT_1)",
    "[ ok ] the server stays in CLOSE_WAIT: its application forgot to close  (CLOSE_WAIT)",
    "[ ok ] the server waits in LAST_ACK for the ACK of its FIN  (LAST_ACK)",
    "[ ok ] the ACK reached the server: its socket is gone (CLOSED)",
    "[ ok ] the client stays in TIME_WAIT, its timer counting down from 60 s (TCP_TIMEWAIT_LEN)",
    "[ ok ] the server's kernel acknowledges each probe (ack = the next byte expected)",
    "timer:(keepalive,",
    "FIN_WAIT_1 |-- FIN,ACK seq=1 ack=1 (retransmission) --->| CLOSE_WAIT",
    "  [watch] server: CLOSE_WAIT -> LAST_ACK\n",
    -- the ss -tano steps show what ss -tano prints
    "  client | State ",
    "  client | FIN-WAIT-1 ",
    "  server | CLOSE-WAIT ",
    "  server | LAST-ACK ",
    " timer:(timewait,",
    "[ ok ] the active closer went ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT",
    "[ ok ] the passive closer went ESTABLISHED -> CLOSE_WAIT -> LAST_ACK -> CLOSED",
  })
  -- the timeline, in order
  local rows = {}
  for c, s in out:gmatch("\n    (%u[%u_%d]+) +(%u[%u_%d]+) +%l") do rows[#rows + 1] = c .. "/" .. s end
  lu.assertEquals(rows, {"ESTABLISHED/ESTABLISHED", "FIN_WAIT_1/CLOSE_WAIT", "FIN_WAIT_2/CLOSE_WAIT",
    "TIME_WAIT/LAST_ACK", "TIME_WAIT/CLOSED"}, out)
  -- each [watch] line under the step that made the change, before the next look
  local function under(step, line)
    local from = out:find("\n$ " .. step, 1, true)
    lu.assertNotNil(from, step)
    local to = out:find("\n$ ", from + 1, true) or #out
    lu.assertStrContains(out:sub(from, to), "\n  [watch] " .. line .. "\n", false, out)
  end
  under("close(fd)  # the client's application", "client: ESTABLISHED -> FIN_WAIT_1")
  under("close(fd)  # the client's application", "server: ESTABLISHED -> CLOSE_WAIT")
  under("ip route del blackhole 10.0.0.1/32", "client: FIN_WAIT_1 -> FIN_WAIT_2")
  under("close(fd)  # the server's application", "server: CLOSE_WAIT -> LAST_ACK")
  under("close(fd)  # the server's application", "client: FIN_WAIT_2 -> TIME_WAIT")
  under("ip route del blackhole 10.0.0.2/32", "server: LAST_ACK -> CLOSED")
  -- the keepalive probes: an empty ACK from the client, answered by the server
  lu.assertStrMatches(out, ".*IP 10%.0%.0%.1%.%d+ > 10%.0%.0%.2%.5001: Flags %[%.%], ack 1, win %d+, options "
    .. "%[nop,nop,TS val %d+ ecr %d+%], length 0\n[^\n]+IP 10%.0%.0%.2%.5001 > 10%.0%.0%.1%.%d+: Flags %[%.%], ack 7,.*")
end

function TestLabs.test_four_tuple_fds_and_tuples()
  local out = lab_says("four_tuple", {
    "[ ok ] five sockets, five fds, five inodes: accept() made a new socket per connection",
    "[ ok ] the accepted socket's local address is 10.0.0.22: the address the client used",
    "[ ok ] a third on 0.0.0.0:7100 fails: it would overlap both  (address already in use)",
    "[ ok ] refused before a packet leaves: that four-tuple is taken (EADDRNOTAVAIL)  (address not available)",
    "10.0.0.1:40000 -> 10.0.0.22:7000 ESTABLISHED",
  })
  lu.assertStrMatches(out, ".*server listener  fd %d+ +%-> socket:%[%d+%] +0%.0%.0%.0:7000 %-> %*:%* LISTEN.*")
end

function TestLabs.test_redis_nc_text_in_the_payloads()
  lab_says("redis_nc", {
    "  GET name\n  $6\n  netlab\n",
    'payload: "SET name netlab\\r\\n"',
    'payload: "$6\\r\\nnetlab\\r\\n"',
    "[ ok ] each command is one segment whose payload is exactly the typed line, and each answer one segment back  (5 commands, 5 answers)",
    "[ ok ] bash got +PONG, the value SET earlier, and +OK for QUIT",
  })
end

-- TCP under real conditions ----------------------------------------------------

-- Runs lab NAME with --fault and asserts it failed every claim of
-- CLAIMS (the lab's own lines, each a [FAIL]), with exit 1, leaving
-- nothing behind.
local function lab_fails(name, claims)
  local out, err, code, left = run_lab(name, "--fault")
  local context = "\n--- stdout\n" .. out .. "\n--- stderr\n" .. err
  lu.assertEquals(code, 1, "the lab should fail with --fault:" .. context)
  lu.assertStrContains(out, "\nFAIL: ", false, context)
  for _, claim in ipairs(claims) do lu.assertStrContains(out, "[FAIL] " .. claim, false, context) end
  lu.assertEquals(left, {}, "processes left behind")
end

function TestLabs.test_delay_costs_a_round_trip_per_wait()
  local out = lab_says("delay", {
    "$ tc qdisc add dev eth0 root netem delay 50ms  # in client and in server",
    "[ ok ] ping's RTT is about 100 ms: 50 ms there, 50 ms back",
    "[ ok ] the first echo took two round trips, about 200 ms: ARP's request and reply came first",
    "[ ok ] connect() returned after one round trip (about 100 ms): SYN out, SYN-ACK back",
    "[ ok ] in the ladder's time column the SYN-ACK comes 100 ms after the SYN",
    "[ ok ] the first byte leaves only then: one round trip after the SYN, at about 0.100",
    "[ ok ] each request waits one round trip, about 100 ms, for its answer",
    "[ ok ] the last answer came 4 round trips after the SYN, about 400 ms",
  })
  -- the ladder's rows: the SYN at 0, the SYN-ACK a round trip later
  lu.assertStrMatches(out, ".*\n    0%.000000        SYN_SENT |%-+ SYN seq=0 %-+>| SYN_RECV\n    0%.1%d%d%d%d%d     "
    .. "ESTABLISHED |<%-+ SYN,ACK seq=0 ack=1 %-+| SYN_RECV\n.*")
end

function TestLabs.test_delay_fails_when_one_direction_is_delayed()
  -- a round trip is both directions: delaying one halves every time the lab measures
  lab_fails("delay", {
    "ping's RTT is about 100 ms",
    "connect() returned after one round trip",
    "in the ladder's time column the SYN-ACK comes 100 ms after the SYN",
    "each request waits one round trip",
  })
end

function TestLabs.test_reliable_udp_misses_some_tcp_repairs_all()
  local svg = helper.tmpname(".svg")
  local out = lab_says("reliable", {
    "$ tc qdisc add dev eth0 root netem delay 10ms loss 10%  # in client and in server (seed 7)",
    "[ ok ] sendto() succeeded all 200 times: UDP's sender is never told of a loss",
    "[ ok ] UDP's receiver misses some messages, and can say which",
    "[ ok ] each missing message was dropped on the cable; those that came are intact, each once",
    "[ ok ] TCP's receiver has all 200 messages, each intact, in order",
    "[ ok ] the capture shows segments sent again: bytes the client had sent before",
    "[ ok ] the server sends duplicate ACKs: the same ack while later segments arrive",
    "[ ok ] its ACKs carry SACK blocks naming the later bytes it already has (sack 1 {...})",
    "[ ok ] the ladder marks each of them (retransmission)",
    "[ ok ] the client's kernel counted the same retransmissions",
    "[ ok ] it marks each segment sent again R: a bar below the highest byte already sent",
    "[ ok ] and the SACK blocks S: bytes above the ACK line the server already holds",
    "[ ok ] and each duplicate ACK D, where the ACK line stays flat",
    "[ ok ] the graph is drawn as SVG in " .. svg,
    "R retransmission  - ack  D dup ack",
  }, "--svg " .. svg)
  local f = assert(io.open(svg))
  lu.assertStrMatches(f:read("a"), '^<%?xml version="1%.0" encoding="UTF%-8"%?>\n<svg .*</svg>\n$')
  f:close()
  local missing = out:match("the server got %d+ of 200 messages; missing: ([%d, ]+)\n")
  lu.assertNotNil(missing, out)
  lu.assertStrMatches(out, ".*sack %d {%d+:%d+}.*")
  lu.assertStrMatches(out, ".*\n +%d+%.%d+ +ESTABLISHED |%-+ [%u,]*ACK seq=%d+:%d+ ack=1 len %d+ %(retransmission%) %-+>| ESTABLISHED\n.*")
end

function TestLabs.test_reliable_fails_on_a_cable_without_loss()
  lab_fails("reliable", {
    "UDP's receiver misses some messages",
    "the capture shows segments sent again",
    "the server sends duplicate ACKs",
    "its ACKs carry SACK blocks",
    "the ladder marks each of them",
    "the client's kernel counted the same retransmissions",
    "it marks each segment sent again R",
  })
end

function TestLabs.test_send_buffer_fills_both_buffers_then_the_window_reopens()
  local out = lab_says("send_buffer", {
    "[ ok ] the kernel doubles what was asked: 32768, room for its own bookkeeping beside the bytes",
    "[ ok ] it returned before the first byte could even reach the server, 20 ms away",
    "[ ok ] the 10000 bytes wait in the server's receive buffer: Recv-Q 10000",
    "[ ok ] SIOCINQ says 10000 bytes wait to be read",
    "[ ok ] send() blocked until its timeout: the kernel took only part of the 200000 bytes",
    "[ ok ] the server's Recv-Q grew while its application read nothing, then stopped",
    "[ ok ] the client's Send-Q holds the rest: every byte send() took is in the server's Recv-Q or the client's Send-Q",
    "[ ok ] the window shrank with each ACK to win 0: no room left",
    "[ ok ] the client then only probes the window: an empty segment one byte below the acknowledged edge",
    "[ ok ] ss -tm shows the same buffers: rb32768 in the server (SO_RCVBUF), tb32768 in the client (SO_SNDBUF)",
    "[ ok ] the server's kernel sends a window update: the same ack, the window open again",
    "[ ok ] and the client's data flows again at once",
    "[ ok ] the client's Send-Q empties: the server acknowledged everything",
    "$ ss -tmn  # in server",
    " skmem:(r",
  })
  lu.assertStrMatches(out, ".*IP 10%.0%.0%.2%.5001 > 10%.0%.0%.1%.%d+: Flags %[%.%], ack %d+, win 0, .*")
end

function TestLabs.test_send_buffer_fails_when_the_server_reads_all_along()
  lab_fails("send_buffer", {
    "the 10000 bytes wait in the server's receive buffer",
    "send() blocked until its timeout",
    "the window shrank with each ACK to win 0",
    "the client then only probes the window",
    "the server's kernel sends a window update",
  })
end

function TestLabs.test_congestion_slow_start_sawtooth_and_bbr()
  local svg = helper.tmpname(".svg")
  local out = lab_says("congestion", {
    "$ tc qdisc add dev eth0 root netem delay 20ms rate 10mbit limit 40  # in client and in server",
    "the bandwidth-delay product: 10 mbit/s x 40 ms = 50000 bytes, 34.5 segments of 1448 bytes",
    "[ ok ] slow start doubles cwnd each round trip",
    "[ ok ] a loss (the queue overflowed) cuts it: ssthresh = 0.5 x the cwnd it had",
    "[ ok ] then congestion avoidance adds about one segment each round trip: linear, not doubling",
    "[ ok ] the bytes in flight stay near the bandwidth-delay product (50000 bytes): what fills the pipe",
    "[ ok ] so the cable carries most of its 10 mbit/s",
    "[ ok ] a loss (the queue overflowed) cuts it: ssthresh = 0.7 x the cwnd it had",
    "[ ok ] the plot is drawn as SVG in " .. svg,
    "segments:  c cwnd  s ssthresh  . BDP 34.5",
    "bytes:  i inflight  . BDP 50k",
  }, "--svg " .. svg)
  local f = assert(io.open(svg))
  lu.assertStrMatches(f:read("a"), '^<%?xml version="1%.0" encoding="UTF%-8"%?>\n<svg .*</svg>\n$')
  f:close()
  local have_bbr = false
  for _, name in ipairs(assert(netlab.tcp_congestion()).available) do have_bbr = have_bbr or name == "bbr" end
  if have_bbr then
    lu.assertStrContains(out, "[ ok ] bbr measures the bottleneck's rate: about 10 mbit/s")
    lu.assertStrContains(out, "[ ok ] losses do not slow it down: segments were lost, yet its pacing rate stays near the bottleneck's")
  else
    lu.assertStrContains(out, "this kernel has no tcp_bbr")
  end
end

function TestLabs.test_congestion_fails_with_a_bloated_queue()
  -- a queue 25 times the pipe: no loss in time, no sawtooth, far more than a BDP in flight
  lab_fails("congestion", {
    "then congestion avoidance adds about one segment each round trip",
    "the bytes in flight stay near the bandwidth-delay product",
    "a loss (the queue overflowed) cuts it: ssthresh = 0.7 x the cwnd it had",
  })
end

function TestLabs.test_traffic_top_s_numbers_match_the_senders_and_the_interfaces()
  local out = lab_says("traffic", {
    "$ iftop -n -N -P -T  # in server; netlab.top(lab, {duration = 7, every = 0.25})",
    "[ ok ] a:5001's cumulative total is what its sender sent (the kernel counts the SYN as a byte)",
    "[ ok ] b:5002's cumulative total is what its sender sent",
    "[ ok ] a:5003's cumulative total is what its sender sent",
    "[ ok ] a:5001's 2 s column is the bytes it sent in those ",
    "[ ok ] b:5002's 2 s column is the bytes it sent in those ",
    "[ ok ] server:eth0 received its connections' bytes plus 66 bytes for each segment",
    "[ ok ] server:eth1 received its connections' bytes plus 66 bytes for each segment",
    "[ ok ] at the burst's end the 2 s column shows its rate, the 40 s column (",
    "[ ok ] 2 s later the 2 s column is back to 0; the 10 and 40 s columns still count the burst",
  })
  -- iftop's screen, not on a terminal: printed once, at the end
  lu.assertStrMatches(out, ".*\n  | 10%.0%.0%.1:%d+ +=> 10%.0%.0%.2:5001 .*")
  lu.assertStrMatches(out, ".*\n  | TX: +cum: .*")
  lu.assertNil(out:find("\27", 1, true))
end

-- The names of every lab in labs/.
local function all_labs()
  local names = {}
  local ls = assert(io.popen("ls labs"))
  for f in ls:lines() do names[#names + 1] = f:match("^(.+)%.lua$") end
  ls:close()
  return names
end

function TestLabs.test_every_lab_is_listed_with_its_summary()
  local names = all_labs()
  lu.assertTrue(#names >= 17, table.concat(names, " "))
  local listed, err, code = helper.run(helper.bin .. " --labs", 20)
  lu.assertEquals(code, 0, err)
  for _, name in ipairs(names) do
    local f = assert(io.open("labs/" .. name .. ".lua"))
    local summary = f:read("l"):match("^%-%- " .. name:gsub("%p", "%%%0") .. ": (.+)$")
    f:close()
    lu.assertNotNil(summary, name .. " has no summary line")
    lu.assertStrContains(listed, ("%-14s %s\n"):format(name, summary), false, name .. " in:\n" .. listed)
  end
end

function TestLabs.test_lab_runs_by_name()
  local out, err, code = helper.run(helper.bin .. " --lab four_tuple", 30)
  lu.assertEquals(code, 0, tostring(out) .. tostring(err))
  lu.assertStrContains(out, "\nPASS: all ")
  out, err, code = helper.run(helper.bin .. " --lab no_such_lab", 10)
  lu.assertNotEquals(code, 0)
  lu.assertStrContains(err, "no lab named 'no_such_lab' (see --labs)")
end

function TestLabs.test_docs_labs_md_covers_every_lab()
  local f = assert(io.open("docs/labs.md"))
  local doc = f:read("a")
  f:close()
  for _, name in ipairs(all_labs()) do
    lu.assertStrContains(doc, "\n### " .. name .. "\n", false, name .. " has no section in docs/labs.md")
    lu.assertStrContains(doc, "\n    netlab labs/" .. name .. ".lua", false, name .. ": how to run it")
    lu.assertStrContains(doc, "| [" .. name .. "](#" .. name .. ") |", false, name .. " in the table")
  end
end

-- The text of lab NAME's section in docs/labs.md: from its heading to the
-- next heading of any level (or the end).
local function lab_section(doc, name)
  local start = assert(doc:find("\n### " .. name .. "\n", 1, true), name .. " has no section")
  local stop = doc:find("\n##", start + 1, true)
  return doc:sub(start, stop or #doc)
end

-- A teacher hands each lab out with questions: a new lab without them fails.
function TestLabs.test_docs_labs_md_has_questions_for_every_lab()
  local f = assert(io.open("docs/labs.md"))
  local doc = f:read("a")
  f:close()
  for _, name in ipairs(all_labs()) do
    local section = lab_section(doc, name)
    lu.assertStrContains(section, "\nQuestions to hand out:\n- ", false,
      name .. ": no \"Questions to hand out:\" list in its docs/labs.md section")
  end
end

-- Programs ------------------------------------------------------------------

-- Shell builtins and programs of Debian's essential set: on every machine,
-- never declared.
local ESSENTIAL = {sh = true, bash = true, cat = true, ls = true, printf = true, command = true,
  exec = true}

-- The first word of every literal command lab NAME runs (host:sh,
-- netlab.sh, host:start and the `local cmd = "..."` they are given), and
-- the programs its lesson.new declares.
local function lab_programs(name)
  local f = assert(io.open("labs/" .. name .. ".lua"))
  local src = f:read("a")
  f:close()
  local runs = {}
  for _, pat in ipairs{'sh%(%(?%[?%[?"([%a][%w_%-%.]*)', 'local cmd = %(?%[?%[?"([%a][%w_%-%.]*)',
      '"exec (%a[%w_%-%.]*)', ':output%([%w_]+, %(?"([%a][%w_%-%.]*)'} do
    for word in src:gmatch(pat) do runs[word] = true end
  end
  local declared = {}
  for word in (src:match("programs = (%b{})") or ""):gmatch('"([^"]+)"') do declared[word] = true end
  return runs, declared
end

function TestLabs.test_every_lab_declares_the_programs_it_runs()
  local programs = require "netlab.programs"
  for _, name in ipairs(all_labs()) do
    local runs, declared = lab_programs(name)
    for word in pairs(runs) do
      lu.assertTrue(ESSENTIAL[word] or programs.package[word] ~= nil,
        name .. " runs " .. word .. ": add it to netlab.programs with its Debian package")
      lu.assertTrue(ESSENTIAL[word] or declared[word] or (name == "redis_nc" and word == "nc"),
        name .. " runs " .. word .. " but does not list it in lesson.new's programs")
    end
  end
end

function TestLabs.test_make_demo_installs_every_package_the_labs_need()
  local f = assert(io.open("Makefile"))
  local deb_labs = f:read("a"):match("\nDEB_LABS%s*=%s*([^\n]+)")
  f:close()
  local listed = {}
  for pkg in deb_labs:gmatch("%S+") do listed[pkg] = true end
  for prog, pkg in pairs(require("netlab.programs").package) do
    lu.assertTrue(listed[pkg], prog .. "'s package " .. pkg .. " is not in the Makefile's DEB_LABS")
  end
end

function TestLabs.test_a_lab_says_which_program_is_missing_and_its_package()
  -- with an empty PATH ss cannot be found, as on a machine without iproute2
  local out, err, code = helper.run("env PATH=/nonexistent " .. helper.bin .. " labs/handshake.lua", 20)
  lu.assertEquals(code, 1, out .. err)
  lu.assertEquals(out, "FAIL: handshake: this lab runs programs that are not installed here: "
    .. "ss (Debian's iproute2); install them:  sudo apt-get install -y iproute2\n", err)
end

-- A directory holding copies of the programs OTHERS (from /usr/bin or
-- /usr/sbin): a PATH on which they are found and nothing else is.
local function path_of(others)
  local dir = helper.tmpname("-path")
  local cmd = {"mkdir -p " .. helper.shquote(dir)}
  for _, prog in ipairs(others) do
    cmd[#cmd + 1] = ("for d in /usr/bin /usr/sbin; do [ -e $d/%s ] && cp $d/%s %s/ && break; done")
      :format(prog, prog, helper.shquote(dir))
  end
  local _, err, code = helper.run("sh -c " .. helper.shquote(table.concat(cmd, "; ")))
  lu.assertEquals(code, 0, err)
  return dir
end

-- The sbin directories, which the commands netlab runs search after PATH.
local SBIN = {"/usr/local/sbin", "/usr/sbin", "/sbin"}

-- True if program PROG is in an sbin directory.
local function in_sbin(prog)
  for _, d in ipairs(SBIN) do
    local f = io.open(d .. "/" .. prog)
    if f then f:close() return true end
  end
  return false
end

-- The command that runs lab NAME with PATH=DIR, where the sbin
-- directories are empty when HIDE_SBIN (a mount namespace of its own,
-- with a tmpfs over each: as on a machine without the program).
local function lab_command(name, dir, hide_sbin)
  local run = ("env PATH=%s %s labs/%s.lua"):format(dir, helper.bin, name)
  if not hide_sbin then return run end
  return "unshare -m --propagation private sh -c " .. helper.shquote(
    "for d in " .. table.concat(SBIN, " ") .. [[; do [ -d "$d" ] && [ ! -L "$d" ] &&
      { mount -n -t tmpfs tmpfs "$d" || exit 2; }; done; exec ]] .. run)
end

function TestLabs.test_every_lab_names_each_of_its_programs_that_is_missing()
  -- each program a lab declares, alone missing (from PATH, and from the
  -- sbin directories when it lies there: as root only), stops the lab
  -- before its first step with one line naming it and its Debian package
  local programs = require "netlab.programs"
  local checked, pairs_ = 0, 0
  for _, name in ipairs(all_labs()) do
    local _, declared = lab_programs(name)
    for prog in pairs(declared) do
      pairs_ = pairs_ + 1
      local hide = in_sbin(prog)
      if helper.root or not hide then
        local others = {}
        for p in pairs(declared) do if p ~= prog then others[#others + 1] = p end end
        local dir = path_of(others)
        local out, err, code = helper.run(lab_command(name, dir, hide), 20)
        helper.run("rm -rf " .. helper.shquote(dir))
        local pkg = programs.package[prog]
        lu.assertEquals({out, code}, {("FAIL: %s: this lab runs programs that are not installed here: "
          .. "%s (Debian's %s); install them:  sudo apt-get install -y %s\n"):format(name, prog, pkg, pkg), 1},
          name .. " without " .. prog .. ": " .. err)
        checked = checked + 1
      end
    end
  end
  lu.assertTrue(pairs_ >= 15 and checked >= (helper.root and pairs_ or 4), checked .. " of " .. pairs_ .. " checked")
end

function TestLabs.test_commands_find_the_sbin_programs_a_users_path_lacks()
  -- Debian's PATH for an ordinary user has no sbin: netlab's commands get it
  -- appended (route, arp, sysctl live there), netlab's own PATH is untouched
  local out, err, code = helper.run(("env PATH=/usr/bin:/bin %s -e %s"):format(helper.bin, helper.shquote(
    'print((netlab.sh("command -v sysctl"))) print(os.getenv("PATH")) '
    .. 'local lab <close> = netlab.lab() print((lab:host("a"):sh("command -v route")))')))
  lu.assertEquals({out, code}, {"/usr/sbin/sysctl\n\n/usr/bin:/bin\n/usr/sbin/route\n\n", 0}, err)
end

function TestLabs.test_routes_runs_for_a_user_whose_path_has_no_sbin()
  local out, err, code = helper.run(helper.as_nobody(("env PATH=/usr/local/bin:/usr/bin:/bin %s labs/routes.lua")
    :format(helper.bin)), 60)
  lu.assertEquals(code, 0, out .. err)
  lu.assertStrContains(out, "\nPASS: all ")
end

function TestLabs.test_programs_find_what_path_holds_and_name_the_rest()
  local programs = require "netlab.programs"
  lu.assertTrue(programs.find("sh"))
  lu.assertFalse(programs.find("netlab-no-such-program"))
  lu.assertNil(programs.missing({"sh", "cat"}))
  lu.assertEquals(programs.missing({"netlab-no-such-program"}), "this lab runs programs that are not "
    .. "installed here: netlab-no-such-program (Debian's netlab-no-such-program); install them:  "
    .. "sudo apt-get install -y netlab-no-such-program")
  helper.raises("programs: table expected, got string", require("netlab.lesson").new,
    {name = "x", programs = "ss"})
end

function TestLabs.test_tunnel_shows_a_packet_inside_a_packet()
  local out = lab_says("tunnel", {
    "[ ok ] vxlan0's MTU is eth0's 1500 less the 50 bytes VXLAN wraps around each frame  (1450 and 1500)",
    "[ ok ] outside: IP 10.0.1.2 > 10.0.2.2, UDP to port 4789, VXLAN vni 42",
    "[ ok ] router r lowers the outer TTL (64 -> 63); the inner TTL stays 64  (outer 64 -> 63, inner 64 -> 64)",
    "[ ok ] inside the tunnel the SYN announces mss 1410: 1460 less VXLAN's 50 bytes  (outside 1460, inside 1410)",
  })
  -- the frame inside prints on its own line under the VXLAN one, indented as the lab's packets are
  lu.assertStrMatches(out, ".*> 10%.0%.2%.2%.4789: VXLAN, flags %[I%] %(0x08%), vni 42\n    IP 192%.168%.42%.1 > "
    .. "192%.168%.42%.2: ICMP echo request.*")
end

function TestLabs.test_vpn_carries_the_same_handshake_inside_udp()
  lab_says("vpn", {
    "[ ok ] a cannot reach b across the public network  (0)",
    "[ ok ] gw_a sends the other site's prefix into the tunnel  (directly connected on tun0)",
    "[ ok ] the public link carries only UDP 203.0.113.1:5555 <-> 198.51.100.2:5555",
    "[ ok ] each datagram carries a whole IP packet: the first is a's SYN to b",
    "[ ok ] inside the tunnel is the same handshake a and b see: S seq ",
    "IP 10.1.0.2.", -- the connection itself on tun0
  })
end
