-- reliable: the same 200 numbered messages over UDP and over TCP across a cable losing 10% each way: UDP's receiver misses some, TCP's gets all 200 in order through retransmissions, duplicate ACKs and SACK
--
-- "TCP is reliable, UDP is not." Both ride on IP, which may lose any
-- packet: here the cable drops 10% of the frames each way, at random (a
-- seed makes the draws repeatable), as
--   $ tc qdisc add dev eth0 root netem loss 10%       on both ends
-- would. The client sends the same 200 numbered messages of 1000 bytes
-- to the server twice:
--   $ nc -u 10.0.0.2 5000 < messages     UDP: each message a datagram;
--                                        a lost one is gone, and nobody
--                                        is told
--   $ nc 10.0.0.2 5001 < messages        TCP: a byte stream; the receiver
--                                        acknowledges what it has, the
--                                        sender sends again what is lost
-- In the capture (tcpdump -nn on the client's end) TCP's repair shows:
-- segments sent again, duplicate ACKs (the receiver repeating the last
-- byte it has in order while later segments arrive) and SACK blocks
-- (which later bytes it has), and the kernel's socket table counts the
-- retransmissions (ss -ti). The network:
--
--   client 10.0.0.1 ------ 10 ms, 10% loss each way ------ server 10.0.0.2
--
-- Where the kernel has no netem, netlab carries the cable's frames
-- itself and drops them on the way (a wire link). Exit 0 only if every
-- claim held.
-- Usage: netlab labs/reliable.lua [--fault] [--svg FILE]   (--help lists them)
--   --fault     leave the cable without loss (a wrong setup on purpose):
--               the claims about losses and repairs fail
--   --svg FILE  also write the time-sequence graph as an SVG drawing

local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP
local UDP_PORT, TCP_PORT = 5000, 5001
local COUNT, SIZE = 200, 1000 -- messages, bytes each
local LOSS, DELAY, SEED = "10%", "10ms", 7
local LIMIT = 30 -- seconds the whole lab may take
local WAIT = 10  -- seconds any one transfer may take
local QUIET = 1   -- seconds without a datagram that end UDP's receiver
local MOD = 0x100000000 -- sequence numbers count modulo 2^32
local lab = lesson.new{name = "reliable", limit = LIMIT, programs = {"ss"}, params = {
  {"fault", false, "leave the cable without loss (a wrong setup on purpose): the loss claims fail"},
  {"svg", nil, "also write the time-sequence graph as SVG to FILE", type = "string", arg = "FILE"},
}}
local fault, svg_path = lab.params.fault, lab.params.svg -- no loss; where to draw the graph

-- Message I: "message 007 " padded with dots to SIZE bytes, then a newline.
local function message(i)
  local head = ("message %03d "):format(i)
  return head .. ("."):rep(SIZE - #head - 1) .. "\n"
end

-- The number of message TEXT if it is one intact, else nil.
local function number(text)
  local i = tonumber(text:match("^message (%d%d%d) "))
  return i and message(i) == text .. (text:sub(-1) == "\n" and "" or "\n") and i or nil
end

-- "3, 17, 42" from a list of numbers.
local function list_text(t)
  local out = {}
  for i, v in ipairs(t) do out[i] = tostring(v) end
  return #out > 0 and table.concat(out, ", ") or "none"
end

-- The network ---------------------------------------------------------------

-- Builds the lossy cable; returns the hosts and the link.
local function build(net)
  lab:step("ip netns add client; ip netns add server; ip link add eth0 type veth peer eth0 ...",
    ("client %s and server %s on one cable"):format(CLIENT_IP, SERVER_IP))
  local client, server = assert(net:host "client"), assert(net:host "server")
  local link = assert(net:link(client, server, CLIENT_IP .. "/24", SERVER_IP .. "/24", {engine = "wire"}))
  assert(link:impair{delay = DELAY})
  assert(client:ping(SERVER_IP, {count = 1, timeout = 2})) -- ARP before the loss
  lab:step(("tc qdisc add dev eth0 root netem delay %s loss %s  # in client and in server (seed %d)")
    :format(DELAY, LOSS, SEED), fault and "(--fault: the loss left out)"
    or "each frame, either way, is dropped on the cable with a chance of 1 in 10")
  assert(link:impair{delay = DELAY, loss = fault and "0%" or LOSS, seed = SEED})
  print("  the cable's frames are dropped by netlab itself (a wire link: it counts what it drops)")
  return client, server, link
end

-- What the wire dropped so far from the client's side.
local function dropped(link)
  return link:stats()[1].dropped
end

-- UDP ------------------------------------------------------------------------

-- UDP's receiver: collects datagrams until QUIET seconds pass without
-- one (or COUNT came); returns the numbers it got, in arrival order.
local function udp_receive(u)
  local got = {}
  u:settimeout(QUIET)
  for _ = 1, COUNT do
    local data = u:receive()
    if not data then break end
    got[#got + 1] = number(data) or -1
  end
  return got
end

-- Sends the messages over UDP and checks what arrived.
local function udp(client, server, link)
  lab:step("nc -u -l -p 5000 > got  # in server", "UDP's receiver")
  local r <close> = assert(server:udp())
  assert(r:setsockname(SERVER_IP, UDP_PORT))
  local task = netlab.spawn(udp_receive, r)
  lab:step(("nc -u 10.0.0.2 5000 < messages  # in client"):format(),
    ("%d datagrams of %d bytes, one a millisecond"):format(COUNT, SIZE))
  local s <close> = assert(client:udp())
  local before, sent = dropped(link), 0
  for i = 1, COUNT do
    if s:sendto(message(i), SERVER_IP, UDP_PORT) then sent = sent + 1 end
    netlab.sleep(0.001) -- the pace of a sender that does not flood its own queue
  end
  local got = assert(task:join())
  local lost = dropped(link) - before
  local have, missing, late, twice = {}, {}, 0, false
  for k, i in ipairs(got) do
    twice = twice or have[i] ~= nil
    have[i] = true
    if i < (got[k - 1] or 0) then late = late + 1 end
  end
  for i = 1, COUNT do if not have[i] then missing[#missing + 1] = i end end
  print(("  the server got %d of %d messages; missing: %s"):format(#got, COUNT, list_text(missing)))
  lab:check(sent == COUNT, ("sendto() succeeded all %d times: UDP's sender is never told of a loss"):format(COUNT),
    sent)
  lab:check(#missing > 0 and #missing < COUNT // 2, "UDP's receiver misses some messages, and can say which",
    ("%d missing"):format(#missing))
  lab:check(#missing <= lost and not have[-1] and not twice,
    "each missing message was dropped on the cable; those that came are intact, each once",
    ("the cable dropped %d frames meanwhile"):format(lost))
  print(("  %d came after a later one: UDP promises no order either")
    :format(late))
end

-- TCP ------------------------------------------------------------------------

-- TCP's receiver: reads lines until the sender closes; returns their numbers.
local function tcp_receive(listener)
  local c = listener:accept()
  if not c then return {} end
  c:settimeout(WAIT)
  local got = {}
  for _ = 1, COUNT + 1 do
    local line = c:receive("*l")
    if not line then break end
    got[#got + 1] = number(line) or -1
  end
  c:close()
  return got
end

-- Waits until socket C has nothing unacknowledged (WAIT seconds, 100
-- looks at most); returns its tcp_info.
local function acked_info(c)
  for _ = 1, 100 do
    local q = assert(c:queued())
    if q.send == 0 then break end
    netlab.sleep(WAIT / 100)
  end
  return assert(c:tcp_info())
end

-- Sends the messages over TCP; returns what the server got, the
-- client's tcp_info once all was acknowledged and what ss -ti printed.
local function tcp_send(client, server)
  lab:step("nc -l -p 5001 > got  # in server", "TCP's receiver")
  local listener <close> = assert(server:tcp())
  assert(listener:bind(SERVER_IP, TCP_PORT))
  assert(listener:listen(4))
  listener:settimeout(WAIT)
  local task = netlab.spawn(tcp_receive, listener)
  lab:step("nc 10.0.0.2 5001 < messages  # in client", ("the same %d messages as one byte stream"):format(COUNT))
  local c <close> = assert(client:tcp())
  c:settimeout(WAIT)
  assert(c:connect(SERVER_IP, TCP_PORT))
  local parts = {}
  for i = 1, COUNT do parts[i] = message(i) end
  assert(c:send(table.concat(parts)))
  local info = acked_info(c)
  lab:step("ss -tin dport = :5001  # in client", "the kernel's own count: retrans:now/total")
  local ss = lab:output(client, "ss -tin dport = :5001")
  c:shutdown("send")
  return assert(task:join()), info, ss
end

-- The capture ---------------------------------------------------------------

-- Whether P is a TCP segment from IP.
local function from(p, ip) return p.tcp ~= nil and p.ip.src == ip end

-- Reads the capture until the server's FIN (WAIT seconds, 2000 packets
-- at most); returns the packets.
local function drain(cap)
  local deadline = netlab.now() + WAIT
  for _ = 1, 2000 do
    local p = cap:next(math.max(deadline - netlab.now(), 0))
    if not p or (from(p, SERVER_IP) and p.tcp.flags:find("F", 1, true)) then break end
  end
  return cap:list()
end

-- The client's segments that repeat bytes it had sent before (a SYN
-- sent again too), the first of them that carries data, and how many do.
local function retransmissions(list)
  local out, top, syn, first, data = {}, nil, false, nil, 0
  for _, p in ipairs(list) do
    if from(p, CLIENT_IP) and p.tcp.flags:find("S", 1, true) then
      if syn then out[#out + 1] = p end
      syn = true
    elseif from(p, CLIENT_IP) and p.tcp.len > 0 then
      local stop = (p.tcp.seq + p.tcp.len) % MOD
      if top and (top - stop) % MOD < MOD // 2 then
        out[#out + 1] = p
        first, data = first or p, data + 1
      else top = stop end
    end
  end
  return out, first, data
end

-- The server's duplicate ACKs (no data, the same ack and the same
-- non-zero window as its ACK before, as Wireshark names them) and its
-- segments carrying SACK blocks.
local function repairs(list)
  local dups, sacks, last = {}, {}, nil
  for _, p in ipairs(list) do
    if from(p, SERVER_IP) and p.tcp.len == 0 and p.tcp.flags == "." then
      if last and p.tcp.ack == last.tcp.ack and p.tcp.win == last.tcp.win and p.tcp.win ~= 0 then dups[#dups + 1] = p end
      last = p
      if p.tcp.options and p.tcp.options.sack then sacks[#sacks + 1] = p end
    end
  end
  return dups, sacks
end

-- Prints the ladder's rows around the first retransmission of data;
-- returns how many of the client's data or SYN rows it marks as
-- retransmissions (a FIN sent again comes after the count was read).
local function ladder_excerpt(list)
  local text = netlab.ladder(list, {names = {[CLIENT_IP] = "client", [SERVER_IP] = "server"}})
  local lines, first, marked = {}, nil, 0
  for line in text:gmatch("[^\n]+") do
    lines[#lines + 1] = line
    if line:find("%(retransmission%) %-*>|") and not line:find("FIN", 1, true) then -- the client's data or SYN
      marked = marked + 1
      if line:find(" len %d+ %(retransmission%)") then first = first or #lines end
    end
  end
  print(("\n  The ladder (%d rows; around the first retransmission of data):"):format(#lines - 3))
  for i = 1, 3 do print("    " .. lines[i]) end
  if first then
    print("    ...")
    for i = math.max(4, first - 8), math.min(#lines, first + 2) do print("    " .. lines[i]) end
    print("    ...")
  end
  return marked
end

-- Prints the capture from the first duplicate ACK with a SACK block
-- (DUP) to the first retransmission of data (AGAIN), at most 12 lines.
local function show_repair(list, dup, again)
  print(("\n  What tcpdump printed (%d packets), from the first SACK to the first retransmission of data:")
    :format(#list))
  local on, n = false, 0
  for _, p in ipairs(list) do
    on = on or p == dup
    if on and n < 12 then
      lab:packet(p)
      n = n + 1
    end
    if p == again then break end
  end
end

-- Draws the client's data against time (the time-sequence graph) and
-- checks it marks the COUNT retransmissions (DATA of them of data, the
-- rest a SYN), the SACK blocks and the DUPS duplicate ACKs.
local function graph(list, count, data, dups)
  lab:step("tcptrace -S capture.pcap  # or Wireshark: Statistics > TCP Stream Graphs > Stevens",
    "the time-sequence graph: each segment a bar of sequence numbers against time")
  print(netlab.seqgraph(list, {from = "client"}))
  local model = netlab.seqgraph(list, {from = "client", format = "table"})
  local marked = 0 -- a FIN sent again comes after the capture's count was read
  for _, seg in ipairs(model.segments) do
    if seg.retransmission and not seg.fin then marked = marked + 1 end
  end
  lab:check(data > 0 and marked == count,
    "it marks each segment sent again R: a bar below the highest byte already sent",
    ("%d in the graph, %d in the capture"):format(marked, count))
  lab:check(#model.sacks > 0, "and the SACK blocks S: bytes above the ACK line the server already holds",
    #model.sacks)
  lab:check(dups > 0 and #model.dup_acks == dups, "and each duplicate ACK D, where the ACK line stays flat",
    ("%d in the graph, %d in the capture"):format(#model.dup_acks, dups))
  if svg_path then
    local ok, err = netlab.seqgraph(list, {from = "client", format = "svg", svg = svg_path})
    lab:check(ok, "the graph is drawn as SVG in " .. svg_path, err)
  end
end

-- Sends over TCP under a capture and checks the delivery and the repairs.
local function tcp(client, server)
  lab:step("tcpdump -nn -i eth0 tcp port 5001 &  # in client", "capture on the client's end of the cable")
  local cap <close> = assert(client:capture{iface = "eth0", filter = "tcp port " .. TCP_PORT})
  local got, info, ss = tcp_send(client, server)
  local list = drain(cap)
  local ok = #got == COUNT
  for i, n in ipairs(got) do ok = ok and n == i end
  print(("  the server got %d messages: %s ... %s"):format(#got, tostring(got[1]), tostring(got[#got])))
  lab:check(ok, ("TCP's receiver has all %d messages, each intact, in order"):format(COUNT), #got)

  local again, first, data = retransmissions(list)
  local dups, sacks = repairs(list)
  show_repair(list, sacks[1], first)
  lab:check(cap:stats().dropped == 0, "the capture kept every packet", cap:stats().dropped .. " dropped")
  lab:check(#again > 0, "the capture shows segments sent again: bytes the client had sent before",
    ("%d retransmissions"):format(#again))
  lab:check(#dups > 0, "the server sends duplicate ACKs: the same ack while later segments arrive",
    ("%d duplicate ACKs"):format(#dups))
  lab:check(#sacks > 0, "its ACKs carry SACK blocks naming the later bytes it already has (sack 1 {...})",
    ("%d ACKs with SACK"):format(#sacks))
  local marked = ladder_excerpt(list)
  lab:check(marked > 0 and marked == #again, "the ladder marks each of them (retransmission)", marked)
  graph(list, #again, data, #dups)
  local total = info.total_retrans
  print(("\n  the client's tcp_info (getsockopt TCP_INFO), read once all was acknowledged: total_retrans %d, "
    .. "bytes_retrans %d, lost %d, retrans %d"):format(total, info.bytes_retrans or -1, info.lost, info.retrans))
  lab:check(total > 0 and total == #again and ss:find("retrans:0/" .. total, 1, true),
    "the client's kernel counted the same retransmissions: tcp_info's total_retrans, ss -ti's retrans:0/N",
    ("total_retrans %s, the capture %d"):format(total, #again))
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server, link = build(net)
  print("\n== Part 1: UDP ==")
  udp(client, server, link)
  print("\n== Part 2: TCP ==")
  tcp(client, server)
end)
