-- copies: the copies data takes from one application to another (user buffer -> send buffer -> the wire -> receive buffer -> user buffer) in the kernel's counters; sendfile and splice skip the copies through user space
--
-- A write() copies the bytes out of the application's memory into the
-- kernel's send buffer and returns; TCP sends them on the wire; the
-- receiving kernel keeps them in its receive buffer until the other
-- application's read() copies them into its memory. Each stage has a
-- counter the kernel keeps:
--   $ cat /proc/PID/io       rchar, wchar: bytes through read()/write()
--                            and their kin (syscr, syscw: how many calls)
--   $ ss -tin                bytes_acked (the sender's), bytes_received
--   $ ss -tn                 Send-Q (SIOCOUTQ), Recv-Q (SIOCINQ)
--   $ ip -s link show eth0   the interface's RX/TX bytes: the wire
-- A file sent with read() + write() goes through the application's
-- memory; sendfile(2) hands the kernel the file instead, and a relay
-- that splice(2)s one socket into another never holds the bytes. The
-- network:
--
--   client 10.0.0.1 ---------------- server 10.0.0.2 (a relay and a sink)
--
-- Every part runs in this one netlab process, so /proc/self/io counts
-- the client, the relay and the sink together. Exit 0 only if every
-- claim held.
-- Usage: netlab labs/copies.lua [--size N]   (--help lists the options)

local lesson = require "netlab.lesson"

local SERVER_IP = lesson.CABLE_SERVER_IP
local PORT, RELAY_PORT, SINK_PORT = 7001, 7002, 7003
local CHUNK = 65536   -- bytes a read or receive of the loops asks for
local FIRST = 65536   -- bytes of part 1's one message
local SMALL_BUF = 16384 -- the server's SO_RCVBUF in part 1, so the bytes wait in both buffers
local WAIT = 5        -- seconds any one network wait may take
local LIMIT = 40      -- seconds the whole lab may take
local lab = lesson.new{name = "copies", limit = LIMIT, params = {
  {"size", 4 << 20, "bytes of the file part 2 sends along each path", min = 1 << 16, max = 64 << 20},
}}
local SIZE = lab.params.size

-- Counters -----------------------------------------------------------------

-- This process's /proc/self/io: {rchar =, wchar =, syscr =, syscw =, ...}.
local function proc_io()
  local f <close> = assert(io.open("/proc/self/io"))
  local t = {}
  for k, v in f:read("a"):gmatch("(%w+): (%d+)") do t[k] = tonumber(v) end
  return t
end

-- The RX and TX byte counters of HOST's eth0.
local function wire(host)
  for _, row in ipairs(assert(host:ifaces())) do
    if row.name == "eth0" then return {rx = row.rx_bytes, tx = row.tx_bytes} end
  end
end

-- A listening socket of HOST on IP:PORT (RCVBUF: its SO_RCVBUF, set
-- before listen so the window scale fits it).
local function listen(host, ip, port, rcvbuf)
  local s = assert(host:tcp())
  assert(s:setoption("reuseaddr", true))
  if rcvbuf then assert(s:setoption("rcvbuf", rcvbuf)) end
  assert(s:bind(ip, port))
  assert(s:listen(4))
  s:settimeout(WAIT)
  return s
end

-- A connection from HOST to IP:PORT.
local function connect(host, ip, port)
  local c = assert(host:tcp())
  c:settimeout(WAIT)
  assert(c:connect(ip, port))
  return c
end

-- Part 1: one message, stage by stage -----------------------------------------

-- Prints where the message is, stage by stage: K holds the counters
-- (the client's queues q and tcp_info ci, the server's sq and si, the
-- wire's growth at each end).
local function print_stages(k)
  print(("  %-36s %s"):format("stage", "the kernel's counter"))
  print(("  %-36s %d bytes still held: Send-Q (SIOCOUTQ), %d of them not sent yet"):format("the client's send buffer", k.q.send, k.q.unsent))
  print(("  %-36s bytes_acked %d (tcp_info; the SYN counts as one)"):format("", k.ci.bytes_acked))
  print(("  %-36s client eth0 TX +%d bytes, server eth0 RX +%d (headers too)"):format("the wire", k.tx, k.rx))
  print(("  %-36s %d bytes: Recv-Q (SIOCINQ); bytes_received %d"):format("the server's receive buffer", k.sq.recv, k.si.bytes_received))
end

-- Checks part 1's claims about the counters K (print_stages').
local function check_stages(k)
  local q, sq, ci, si = k.q, k.sq, k.ci, k.si
  lab:check(q.send > 0 and sq.recv > 0, "the message waits in both kernels: the receiver's buffer is full, the rest is in the sender's",
    ("Send-Q %d, Recv-Q %d"):format(q.send, sq.recv))
  lab:check(q.unsent + sq.recv == FIRST,
    "every byte is either not sent yet (in the client's send buffer) or in the server's receive buffer: none is on the wire now",
    ("%d + %d = %d"):format(q.unsent, sq.recv, q.unsent + sq.recv))
  local unacked = si.bytes_received - (ci.bytes_acked - 1)
  lab:check(si.bytes_received == sq.recv and q.send - q.unsent == unacked,
    "the server received just what it holds (none read yet); the client's Send-Q keeps, besides the unsent bytes, those the server has not acknowledged yet",
    ("bytes_received %d, Send-Q less unsent %d, received less acknowledged %d"):format(si.bytes_received, q.send - q.unsent, unacked))
  lab:check(k.rx > si.bytes_received, "the wire carried those bytes and more (the handshake and every segment's headers)",
    ("RX +%d"):format(k.rx))
end

-- Sends one message of FIRST bytes to a server that does not read yet,
-- follows it through the stages with the kernel's counters, then reads.
local function part1(client, server)
  lab:step("write(fd, buf, 65536)  # the client; the server does not read() yet",
    "user buffer -> send buffer -> the wire -> receive buffer; then the server's read()")
  local l <close> = listen(server, SERVER_IP, PORT, SMALL_BUF)
  local w0c, w0s = wire(client), wire(server)
  local c <close> = connect(client, SERVER_IP, PORT)
  local s <close> = assert(l:accept())
  s:settimeout(WAIT)
  local msg = ("m"):rep(FIRST)
  local t0 = netlab.now()
  assert(c:send(msg))
  local took = netlab.now() - t0
  netlab.sleep(0.1) -- what can cross has crossed
  local k = {q = assert(c:queued()), sq = assert(s:queued()), ci = assert(c:tcp_info()), si = assert(s:tcp_info()),
    tx = wire(client).tx - w0c.tx, rx = wire(server).rx - w0s.rx}
  print(("  send() returned after %.2f ms with all %d bytes: they are the kernel's now"):format(took * 1000, FIRST))
  print_stages(k)
  check_stages(k)
  lab:step("read(fd, buf, 65536)  # the server, now", "receive buffer -> user buffer")
  local got = assert(s:receive(FIRST))
  netlab.sleep(0.05)
  local q, sq, si = assert(c:queued()), assert(s:queued()), assert(s:tcp_info())
  print(("  read %d bytes; Send-Q %d, Recv-Q %d, bytes_received %d"):format(#got, q.send, sq.recv, si.bytes_received))
  lab:check(got == msg and q.send == 0 and sq.recv == 0 and si.bytes_received == FIRST,
    "reading emptied the receive buffer, the window reopened and the sender's buffer emptied too",
    ("Send-Q %d, Recv-Q %d"):format(q.send, sq.recv))
end

-- Part 2: the paths --------------------------------------------------------------

-- Makes the file part 2 sends: SIZE bytes, every 64 KiB block numbered
-- so a misplaced block shows. Its name is removed at once, so nothing is
-- left behind however the lab ends; returns the open file and its bytes.
local function make_file()
  local blocks = {}
  for i = 0, (SIZE - 1) // CHUNK do blocks[#blocks + 1] = ("block %08d\n"):format(i) .. ("."):rep(CHUNK - 15) end
  local data = table.concat(blocks):sub(1, SIZE)
  local path = os.tmpname()
  local f = assert(io.open(path, "w+b"))
  os.remove(path)
  assert(f:write(data))
  assert(f:flush())
  return f, data
end

-- Receives everything SOCK gets until its end, comparing it with DATA;
-- counts the copies into user space in COPIES. Returns the bytes and
-- whether each was right.
local function sink(sock, data, copies)
  local n, same = 0, true
  for _ = 1, SIZE // CHUNK + 2 do
    local chunk, err, partial = sock:receive(CHUNK)
    chunk = chunk or partial
    same = same and chunk == data:sub(n + 1, n + #chunk)
    n, copies.n = n + #chunk, copies.n + #chunk
    if err then return n, same and err == "closed" end
  end
  return n, false
end

-- The client's two ways of sending file F (from its start) on connection C.
local SEND = {}

-- read() the file into the script's memory, send() each piece.
function SEND.loop(c, f, copies)
  for _ = 1, SIZE // CHUNK + 1 do
    local piece = f:read(CHUNK)
    if not piece then break end
    assert(c:send(piece))
    copies.n = copies.n + 2 * #piece -- into the script, and out of it
  end
end

-- sendfile(): the file straight into the socket.
function SEND.sendfile(c, f)
  assert(netlab.sendfile(c, f) == SIZE)
end

-- The relay's two ways of moving IN to OUT.
local RELAY = {}

-- receive() into the script's memory, send() it on.
function RELAY.loop(inb, out, copies)
  for _ = 1, SIZE // CHUNK + 2 do
    local chunk, err, partial = inb:receive(CHUNK)
    chunk = chunk or partial
    if #chunk > 0 then assert(out:send(chunk)) end
    copies.n = copies.n + 2 * #chunk
    if err then return end
  end
end

-- splice(): from one socket into the other through a pipe.
function RELAY.splice(inb, out)
  assert(netlab.splice(inb, out) == SIZE)
end

-- Sends the file from the client to the server's sink (through the
-- relay when HOW.relay): HOW.send is the client's way, HOW.relay the
-- relay's. Returns what the transfer did: bytes and whether right, the
-- last hop's bytes_received, the client's bytes_acked, the copies.
local function transfer(client, server, file, data, how)
  local copies = {n = 0}
  local l <close> = how.relay and listen(server, "127.0.0.1", SINK_PORT) or listen(server, SERVER_IP, PORT)
  local rl <close> = how.relay and listen(server, SERVER_IP, RELAY_PORT) or nil
  local receiver = netlab.spawn(function()
    local s <close> = assert(l:accept())
    s:settimeout(WAIT)
    local n, right = sink(s, data, copies)
    return n, right, assert(s:tcp_info()).bytes_received
  end)
  local relay = how.relay and netlab.spawn(function()
    local inb <close> = assert(rl:accept())
    inb:settimeout(WAIT)
    local out <close> = connect(server, "127.0.0.1", SINK_PORT)
    RELAY[how.relay](inb, out, copies)
    out:shutdown("send")
  end)
  local c <close> = connect(client, SERVER_IP, how.relay and RELAY_PORT or PORT)
  assert(file:seek("set", 0))
  SEND[how.send](c, file, copies)
  c:shutdown("send")
  if relay then relay:join(WAIT * 2) end
  local n, right, received = receiver:join(WAIT * 2)
  return {n = n, right = right, received = received, acked = assert(c:tcp_info()).bytes_acked, copies = copies.n}
end

-- Runs one path and measures it: its row of the table.
local function measure(client, server, file, data, how)
  collectgarbage()
  local io0, w0, cpu0, t0 = proc_io(), wire(server), os.clock(), netlab.now()
  local r = transfer(client, server, file, data, how)
  local t1, cpu1, w1, io1 = netlab.now(), os.clock(), wire(server), proc_io()
  r.name, r.time, r.cpu = how.name, t1 - t0, cpu1 - cpu0
  r.wire = w1.rx - w0.rx
  for _, k in ipairs{"rchar", "wchar", "syscr", "syscw"} do r[k] = io1[k] - io0[k] end
  return r
end

local PATHS = {
  {name = "read+send -> receive", send = "loop"},
  {name = "sendfile -> receive", send = "sendfile"},
  {name = "sendfile -> relay receive+send -> receive", send = "sendfile", relay = "loop"},
  {name = "sendfile -> relay splice -> receive", send = "sendfile", relay = "splice"},
}

-- Prints the table of the rows.
local function print_table(rows)
  local mib = 1 << 20
  print(("  %-42s %8s %9s %9s %9s %7s %7s %8s %7s %7s %7s"):format("path", "file MiB", "wire RX", "rchar", "wchar",
    "syscr", "syscw", "copies", "ms", "cpu ms", "MB/s"))
  for _, r in ipairs(rows) do
    print(("  %-42s %8.2f %9d %9d %9d %7d %7d %7.1fx %7.1f %7.1f %7.0f"):format(r.name, SIZE / mib, r.wire, r.rchar, r.wchar,
      r.syscr, r.syscw, r.copies / SIZE, r.time * 1000, r.cpu * 1000, SIZE / r.time / 1e6))
  end
  print("  (copies: bytes the script's own calls moved between the kernel and its memory, per byte of the file;")
  print("   ms and MB/s are one run's on a machine that may be busy: compare the rows, not the numbers)")
end

-- Checks the rows' claims.
local function check_rows(rows)
  local all = true
  for _, r in ipairs(rows) do
    all = all and r.n == SIZE and r.right and r.received == SIZE + 1 and r.acked == SIZE + 2
      and r.wire >= SIZE and r.wire < SIZE * 1.1
  end
  lab:check(all, ("every path delivered the %d bytes in order: the last receiver's bytes_received is the file and its FIN, the client's bytes_acked the file, its SYN and its FIN (each takes one sequence number), the server's eth0 RX a little more (headers)"):format(SIZE),
    ("bytes_received %d, bytes_acked %d, RX %d on the first path"):format(rows[1].received, rows[1].acked, rows[1].wire))
  local loop, sf, relay, splice = rows[1], rows[2], rows[3], rows[4]
  local little = SIZE // 100
  lab:check(loop.rchar >= SIZE and loop.wchar < little,
    "read+send: rchar grew by the file (read() copied it into the script), wchar not at all: send() and recv() are not read() and write(), /proc/PID/io never counts a socket's copies",
    ("rchar +%d, wchar +%d"):format(loop.rchar, loop.wchar))
  lab:check(sf.rchar >= SIZE and sf.wchar >= SIZE and sf.syscw < loop.syscr,
    "sendfile: no byte entered the script, yet rchar and wchar both grew by the file: the kernel counts sendfile's bytes as read and written; these counters count what calls moved, not copies",
    ("rchar +%d, wchar +%d in %d sendfile calls"):format(sf.rchar, sf.wchar, sf.syscw))
  lab:check(math.abs(splice.rchar - relay.rchar) < little and math.abs(splice.wchar - relay.wchar) < little,
    "neither relay shows in /proc/PID/io: receive() and send() are recv() and send(), splice() is not counted either; the table's copies column says what each relay's calls moved through the script (2x the file, against none)",
    ("rchar %+d, wchar %+d against the receive+send relay"):format(splice.rchar - relay.rchar, splice.wchar - relay.wchar))
end

-- Sends the file along each path; prints and checks the table.
local function part2(client, server)
  lab:step("cat /proc/self/io; ip -s link show eth0; ss -tin  # before and after each path",
    ("a file of %d bytes sent to the server along four paths, the counters read before and after each"):format(SIZE))
  local file <close>, data = make_file()
  print("  read() + send(): the file passes through the script's memory on its way into the socket")
  print("  sendfile(sock, file): the kernel moves it from the page cache into the socket")
  print("  a relay on the server (10.0.0.2:7002 -> 127.0.0.1:7003): receive() + send(), or splice() through a pipe")
  local rows = {}
  for _, how in ipairs(PATHS) do rows[#rows + 1] = measure(client, server, file, data, how) end
  print_table(rows)
  check_rows(rows)
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = lab:one_cable(net)
  part1(client, server)
  part2(client, server)
end)
