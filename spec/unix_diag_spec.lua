-- Unix-domain sockets in the socket table: host:sockets{proto = "unix"}
-- reads sock_diag's UNIX_DIAG (path, type, state, inode, peer, queues,
-- owner), and netlab.fmt.netstat(rows, "-x") and netlab.fmt.ss(rows,
-- "-x" | "-xp") print them as netstat -x -alepn, ss -xa and ss -xap,
-- compared line for line with the real tools run in the same host.
local lu = require "luaunit"
local helper = require "helper"

TestUnixDiag = {}

function TestUnixDiag:tearDown() helper.cleanup() end

-- A program in host H holding one socket of each kind: a stream
-- listener with one accepted connection (5 bytes unread) and one
-- pending, an abstract datagram socket with a connected sender (3 bytes
-- unread), a seqpacket listener and a socketpair. DIR: where its files go.
local PROGRAM = [[exec python3 -c '
import socket, sys, time
d = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(d + "/ux.sock"); s.listen(5)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); c.connect(d + "/ux.sock"); a, _ = s.accept()
c.send(b"hello")
c2 = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); c2.connect(d + "/ux.sock")
g = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); g.bind("\0netlab-spec-abstract")
g2 = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); g2.connect("\0netlab-spec-abstract"); g2.send(b"xyz")
q = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); q.bind(d + "/ux.seq"); q.listen(1)
p1, p2 = socket.socketpair()
time.sleep(30)' ]]

-- A lab with host h running PROGRAM; returns the lab, h, the process,
-- the directory and h's unix rows once all 10 sockets are there.
local function busy_host()
  local lab = netlab.lab()
  local h = assert(lab:host "h")
  local dir = helper.tmpname(".d")
  assert(os.execute("mkdir -p " .. helper.shquote(dir)))
  local p = assert(h:start(PROGRAM .. helper.shquote(dir)))
  local rows
  for _ = 1, 100 do
    rows = assert(h:sockets{proto = "unix"})
    if #rows >= 10 then break end
    netlab.sleep(0.05)
  end
  return lab, h, p, dir, rows
end

-- The rows of ROWS whose FIELD is VALUE.
local function where(rows, field, value)
  local out = {}
  for _, r in ipairs(rows) do
    if r[field] == value then out[#out + 1] = r end
  end
  return out
end

function TestUnixDiag:test_text_equals_netstat_and_ss_in_the_host()
  local lab <close>, h, p, dir, rows = busy_host()
  lu.assertEquals(#rows, 10, netlab.fmt.netstat(rows, "-x"))
  lu.assertEquals(netlab.fmt.netstat(rows, "-x"), h:sh("netstat -x -alepn"))
  lu.assertEquals(netlab.fmt.netstat(rows, "-x"), h:sh("netstat -xapn"))
  lu.assertEquals(netlab.fmt.ss(rows, "-x"), h:sh("ss -xa"))
  lu.assertEquals(netlab.fmt.ss(rows, "-xp"), h:sh("ss -xap"))
  p:stop()
  os.execute("rm -rf " .. helper.shquote(dir))
end

function TestUnixDiag:test_rows_carry_path_type_state_inode_peer_queues_owner()
  local lab <close>, _, p, dir, rows = busy_host()
  local path = dir .. "/ux.sock"
  local listen = where(where(rows, "path", path), "state", "LISTEN")[1]
  lu.assertNotNil(listen, netlab.fmt.netstat(rows, "-x"))
  lu.assertEquals({listen.proto, listen.family, listen.type, listen.abstract}, {"unix", "unix", "stream", false})
  lu.assertEquals({listen.recv_q, listen.send_q, listen.peer}, {1, 5, 0}) -- one pending, backlog 5
  lu.assertEquals({listen.pid, listen.fd, listen.command, listen.sock_state}, {p:pid(), 3, "python3", "UNCONNECTED"})
  -- the accepted end: named by the path, 5 bytes unread, its peer the client
  local accepted = where(where(rows, "path", path), "state", "ESTABLISHED")
  accepted = where(accepted, "recv_q", 5)[1]
  lu.assertNotNil(accepted)
  local client = where(rows, "inode", accepted.peer)[1]
  lu.assertEquals({client.path, client.peer, client.type, client.fd}, {"", accepted.inode, "stream", 4})
  lu.assertTrue(client.send_q > 0) -- what the client sent is charged to it
  -- the connection queued on the listener: no inode, only in /proc
  local pending = where(rows, "pending", true)
  lu.assertEquals(#pending, 1)
  lu.assertEquals({pending[1].inode, pending[1].path, pending[1].sock_state, pending[1].pid},
    {0, path, "CONNECTING", nil})
  -- the abstract datagram socket and its connected sender
  local abstract = where(rows, "path", "@netlab-spec-abstract")[1]
  -- (a datagram socket another connected to counts as connected itself)
  lu.assertEquals({abstract.type, abstract.abstract, abstract.state, abstract.recv_q}, {"dgram", true, "ESTABLISHED", 3})
  local sender = where(where(rows, "type", "dgram"), "peer", abstract.inode)[1]
  lu.assertEquals({sender.state, sender.sock_state, sender.path}, {"ESTABLISHED", "CONNECTED", ""})
  lu.assertEquals(where(rows, "path", dir .. "/ux.seq")[1].type, "seqpacket")
  -- the socketpair: two unnamed ends pointing at each other
  local pairs_ = 0
  for _, r in ipairs(where(where(rows, "type", "stream"), "path", "")) do
    local other = where(rows, "inode", r.peer)[1]
    if other and other.path == "" and other.peer == r.inode then pairs_ = pairs_ + 1 end
  end
  lu.assertEquals(pairs_, 2) -- the socketpair's two ends (the pending client's peer has no inode yet)
  p:stop()
  os.execute("rm -rf " .. helper.shquote(dir))
end

function TestUnixDiag:test_filters_apply_to_unix_rows()
  local lab <close>, h, p, dir = busy_host()
  local listening = assert(h:sockets{proto = "unix", state = "LISTEN"})
  lu.assertEquals(#listening, 2)
  lu.assertEquals(assert(h:sockets{proto = "unix", port = 80}), {}) -- a unix socket has no port
  local l <close> = assert(h:tcp())
  assert(l:bind("127.0.0.1", 8080))
  assert(l:listen())
  local mixed = assert(h:sockets{proto = {"unix", "tcp"}, state = "LISTEN"})
  lu.assertEquals({#mixed, mixed[1].proto, mixed[#mixed].proto}, {3, "tcp", "unix"}) -- inet first
  lu.assertEquals(#assert(h:sockets()), 1) -- the default is inet only, as netstat -natp
  l:close()
  p:stop()
  os.execute("rm -rf " .. helper.shquote(dir))
end

function TestUnixDiag:test_a_host_without_unix_sockets_and_empty_tables()
  local lab <close> = netlab.lab()
  local h = assert(lab:host "h")
  lu.assertEquals(assert(h:sockets{proto = "unix"}), {})
  lu.assertEquals(netlab.fmt.netstat({}, "-x"), h:sh("netstat -x -alepn"))
  lu.assertEquals(netlab.fmt.ss({}, "-x"), h:sh("ss -xa"))
end

function TestUnixDiag:test_netlabs_own_unix_socket_on_the_machine()
  local path = helper.tmpname(".sock")
  local s <close> = assert(netlab.unix())
  assert(s:bind(path))
  assert(s:listen(3))
  local rows = assert(netlab.here:sockets{proto = "unix"})
  local mine = where(rows, "path", path)
  lu.assertEquals(#mine, 1)
  local stat = assert(io.open("/proc/self/stat"))
  local pid = stat:read("n")
  stat:close()
  lu.assertEquals({mine[1].state, mine[1].send_q, mine[1].pid}, {"LISTEN", 3, pid})
  -- (ss -xa: run on the machine by a rootless netlab, ss could not name the owner)
  lu.assertEquals(netlab.fmt.ss(mine, "-x"), netlab.sh("ss -xa src " .. helper.shquote(path)))
  s:close()
  os.remove(path)
end

function TestUnixDiag:test_bad_input_raises()
  local lab <close> = netlab.lab()
  local h = assert(lab:host "h")
  local tcp = {{proto = "tcp", type = "stream", state = "LISTEN", recv_q = 0, send_q = 0, inode = 1, peer = 0, path = ""}}
  helper.raises("bad argument #1 to 'ss' (row 1: proto: \"unix\" expected, got \"tcp\")", netlab.fmt.ss, tcp, "-x")
  helper.raises("bad argument #1 to 'netstat' (row 1: type: string expected, got nil)", netlab.fmt.netstat,
    {{proto = "unix"}}, "-x")
  helper.raises("bad argument #1 to 'ss' (table of rows expected, got string)", netlab.fmt.ss, "rows", "-xp")
  helper.raises("bad argument #2 to 'netstat' (\"-x\" or nothing expected, got \"-y\")", netlab.fmt.netstat, {}, "-y")
  helper.raises("bad argument #2 to 'netstat' (\"-x\" or nothing expected, got number)", netlab.fmt.netstat, {}, 1)
  helper.raises("unknown proto 'unix4'", h.sockets, h, {proto = "unix4"})
  lab:close()
  helper.raises("closed", h.sockets, h, {proto = "unix"})
end
