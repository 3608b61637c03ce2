-- handshake: SYN, SYN-ACK, ACK, data and the FIN/ACK close, captured and printed like tcpdump, then drawn as a ladder with both ends' TCP states
--
-- The course's tcpdump screenshot of one HTTP fetch:
--   $ tcpdump -nn -i eth0 tcp port 80 &
--   $ curl http://www.baidu.com/
-- shows a TCP connection's whole life: the three-way handshake (the
-- client's SYN carries its initial sequence number J; the server's
-- SYN-ACK carries its own K and acknowledges J+1; the client's ACK
-- acknowledges K+1), the request and the answer, each acknowledged, and
-- the four-way close (a FIN from each side, each acknowledged).
-- This lab makes that connection between two sandbox hosts
--
--   client 10.0.0.1 ------------ www.baidu.com 10.0.0.2
--
-- captures it on the client's end of the cable, prints it as tcpdump -nn
-- does, draws it as a ladder with the TCP state of each end after every
-- segment, and checks the numbers. Exit 0 only if every claim held.
-- Usage: netlab labs/handshake.lua [--svg FILE]
--   --svg FILE  also write the ladder as an SVG drawing (for slides)

local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP, PORT = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP, 80
local SERVER = "www.baidu.com"
local LIMIT = 10 -- seconds the whole lab may take
local WAIT = 2   -- seconds any one network wait may take
local MOD = 0x100000000 -- sequence numbers count modulo 2^32
local lab = lesson.new{name = "handshake", limit = LIMIT, programs = {"ss"}, params = {
  {"svg", nil, "also write the ladder diagram as SVG to FILE (for slides)", type = "string", arg = "FILE"},
}}
local svg_path = lab.params.svg -- where to write the ladder as SVG, if anywhere

-- What curl sends (77 bytes, as in the course's capture) and the answer.
local REQUEST = "GET / HTTP/1.1\r\nHost: www.baidu.com\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
local BODY = "<html><body>hello from the lab</body></html>\n"
local RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"):format(#BODY, BODY)

-- The network ----------------------------------------------------------------

-- Reading segments -------------------------------------------------------------

-- Whether P is a segment sent by IP.
local function from(p, ip)
  return p.tcp ~= nil and p.ip ~= nil and p.ip.src == ip
end

-- Whether P carries tcpdump flag letter F ("S", "F", "R", "." for ACK).
local function has(p, f)
  return p.tcp.flags:find(f, 1, true) ~= nil
end

-- Whether P (from IP) acknowledges sequence number SEQ.
local function acks(p, ip, seq)
  return from(p, ip) and has(p, ".") and (p.tcp.ack - seq) % MOD < MOD // 2
end

-- The server and the client ------------------------------------------------------

-- Waits until the capture WATCH (on the cable) shows the server
-- acknowledging the client's FIN (WAIT seconds, 50 packets at most);
-- returns whether it did.
local function fin_acked(watch)
  local deadline, fin_end = netlab.now() + WAIT, nil
  for _ = 1, 50 do
    local p = watch:next(math.max(deadline - netlab.now(), 0))
    if not p then return false end
    if from(p, CLIENT_IP) and has(p, "F") then fin_end = p.tcp.seq + p.tcp.len + 1 end
    if fin_end and acks(p, SERVER_IP, fin_end) then return true end
  end
  return false
end

-- The server: answers one request; once the client has closed, waits for
-- its kernel to acknowledge the FIN (a delayed ACK, some 40 ms later),
-- then closes too, so the close shows its four segments.
local function serve(listener, watch)
  local c = assert(listener:accept())
  c:settimeout(WAIT)
  for _ = 1, 20 do -- the request line and headers, up to the blank line
    local line = c:receive("*l")
    if not line or line == "" then break end
  end
  c:send(RESPONSE)
  c:receive("*a") -- until the client's FIN
  fin_acked(watch)
  c:close()
end

-- The client: connects, sends the request, reads the answer, closes.
local function fetch(client)
  local c <close> = assert(client:tcp())
  c:settimeout(WAIT)
  assert(c:connect(SERVER_IP, PORT))
  assert(c:send(REQUEST))
  local length
  for _ = 1, 20 do
    local line = assert(c:receive("*l"))
    if line == "" then break end
    length = tonumber(line:match("^Content%-Length: (%d+)")) or length
  end
  return assert(c:receive(length or 0))
end

-- The capture -----------------------------------------------------------------

-- The first packet of LIST from index I on for which PRED(p) holds, and its index.
local function find(list, pred, i)
  for k = i or 1, #list do
    if pred(list[k]) then return list[k], k end
  end
end

-- Whether LIST holds the client's ACK of the server's FIN (the last segment).
local function closed(list)
  local fin = find(list, function(p) return from(p, SERVER_IP) and has(p, "F") end)
  if not fin then return false end
  local stop = fin.tcp.seq + fin.tcp.len + 1
  return find(list, function(p) return acks(p, CLIENT_IP, stop) end) ~= nil
end

-- Waits until the capture holds the connection's last ACK (at most 100
-- packets, WAIT seconds); returns the packets captured.
local function wait_closed(cap)
  local deadline = netlab.now() + WAIT
  for _ = 1, 100 do
    if closed(cap:list()) then break end
    if not cap:next(math.max(deadline - netlab.now(), 0)) then break end
  end
  return cap:list()
end

-- The checks -------------------------------------------------------------------

-- The handshake: SYN seq J, SYN-ACK ack J+1 seq K, ACK ack K+1. Returns J, K.
local function check_handshake(list)
  local syn = list[1]
  lab:check(syn and from(syn, CLIENT_IP) and syn.tcp.flags == "S",
    "the client's SYN comes first, with no ACK: its initial sequence number J", syn and ("J = %d"):format(syn.tcp.seq))
  local j = syn and syn.tcp.seq or 0
  local synack, i = find(list, function(p) return from(p, SERVER_IP) end)
  lab:check(synack and synack.tcp.flags == "S." and synack.tcp.ack == (j + 1) % MOD,
    "the server answers SYN-ACK: its own ISN K, and ack J+1",
    synack and ("K = %d, ack %d"):format(synack.tcp.seq, synack.tcp.ack))
  local k = synack and synack.tcp.seq or 0
  local ack = find(list, function(p) return from(p, CLIENT_IP) end, (i or #list) + 1)
  lab:check(ack and ack.tcp.flags == "." and ack.tcp.ack == (k + 1) % MOD and ack.tcp.seq == (j + 1) % MOD,
    "the client's ACK acknowledges K+1 (seq J+1): the connection is ESTABLISHED",
    ack and ("seq %d ack %d"):format(ack.tcp.seq, ack.tcp.ack))
  return j, k
end

-- Bytes of payload sent by IP.
local function payload(list, ip)
  local n = 0
  for _, p in ipairs(list) do
    if from(p, ip) then n = n + p.tcp.len end
  end
  return n
end

-- The data: each side's bytes arrive and are acknowledged by the other.
local function check_data(list, j, k)
  local sent, answered = payload(list, CLIENT_IP), payload(list, SERVER_IP)
  lab:check(sent == #REQUEST and find(list, function(p) return acks(p, SERVER_IP, j + 1 + sent) end),
    ("the request's %d bytes (seq 1:%d) are acknowledged by the server: ack %d"):format(#REQUEST,
      #REQUEST + 1, #REQUEST + 1), ("%d bytes sent"):format(sent))
  lab:check(answered == #RESPONSE and find(list, function(p) return acks(p, CLIENT_IP, k + 1 + answered) end),
    ("the answer's %d bytes are acknowledged by the client: ack %d"):format(#RESPONSE, #RESPONSE + 1),
    ("%d bytes sent"):format(answered))
end

-- The close: a FIN from each side (the client's first), each acknowledged.
local function check_close(list)
  local cfin, ci = find(list, function(p) return from(p, CLIENT_IP) and has(p, "F") end)
  local sfin, si = find(list, function(p) return from(p, SERVER_IP) and has(p, "F") end)
  lab:check(cfin and sfin and ci < si, "the client sends its FIN first, then the server its own")
  local flags = {}
  for k = ci or #list + 1, #list do flags[#flags + 1] = list[k].tcp.flags end
  lab:check(table.concat(flags, " ") == "F. . F. .", "four segments close it: FIN, ACK, FIN, ACK",
    table.concat(flags, " "))
  for _, fin in ipairs{{cfin, CLIENT_IP, SERVER_IP, "client"}, {sfin, SERVER_IP, CLIENT_IP, "server"}} do
    local p, ip, peer, who = table.unpack(fin)
    local stop = p and p.tcp.seq + p.tcp.len + 1
    lab:check(p and find(list, function(q) return acks(q, peer, stop) end),
      ("the %s's FIN is acknowledged (ack = its seq + 1)"):format(who), p and ("FIN seq %d"):format(p.tcp.seq))
  end
end

-- The ladder's last row: the client's and the server's final states.
local function final_states(text)
  local last
  for line in text:gmatch("[^\n]+") do
    if line:find("|[<-]") then last = line end
  end
  return (last or ""):match("(%S+) |.*| (%S+)$")
end

-- The kernel agrees with the ladder: the client's end waits in TIME_WAIT.
local function check_kernel(client, ladder)
  local left, right = final_states(ladder)
  lab:check(left == "TIME_WAIT" and right == "CLOSED",
    "the ladder ends with the client in TIME_WAIT and the server CLOSED", ("%s, %s"):format(left, right))
  lab:step("ss -tan state time-wait  # in client", "the kernel's own view of the client's end")
  local out = client:sh("ss -tan state time-wait", {timeout = WAIT}) or ""
  lab:show((out:gsub("\n$", "")))
  lab:check(out:find(SERVER_IP .. ":" .. PORT, 1, true) ~= nil,
    "the client's kernel holds the connection in TIME-WAIT, as the ladder says")
end

-- The lab ----------------------------------------------------------------------

-- Runs the exchange with a capture on the client's cable end; returns the packets.
local function exchange(client, server)
  lab:step("tcpdump -nn -i eth0 tcp port 80 &  # in client", "capture on the client's end of the cable")
  local cap <close> = assert(client:capture{iface = "eth0", filter = "tcp port 80"})
  lab:step("nc -l -p 80  # in " .. SERVER, "a tiny HTTP server listens on port 80 (netlab sockets in the server host, no real nc)")
  local listener <close> = assert(server:tcp())
  assert(listener:bind(SERVER_IP, PORT))
  assert(listener:listen(4))
  listener:settimeout(WAIT)
  local task = netlab.spawn(serve, listener, cap) -- cap is the server's while we join it
  lab:step("curl http://www.baidu.com/  # in client", "connect, send the request, read the answer, close")
  local body = fetch(client)
  lab:check(body == BODY, "the client got the page", #body .. " bytes")
  task:join()
  return wait_closed(cap)
end

-- Writes the SVG drawing to PATH; checks it was written.
local function write_svg(path, svg)
  local f, err = io.open(path, "w")
  local ok = f and f:write(svg) and f:close()
  lab:check(ok, "the ladder is drawn as SVG in " .. path, err)
end

-- Prints the packets as tcpdump -nn does, then the ladder.
local function show(list)
  print("\n== What tcpdump printed ==")
  for _, p in ipairs(list) do lab:packet(p, "") end
  print("\n== The same connection as a ladder: time flows down, each end's TCP state beside it ==")
  local names = {[CLIENT_IP] = "client", [SERVER_IP] = SERVER}
  local text = netlab.ladder(list, {names = names})
  io.write(text)
  if svg_path then write_svg(svg_path, netlab.ladder(list, {names = names, format = "svg"})) end
  return text
end

-- One frame as bytes --------------------------------------------------------

-- The fields the hex dump points out: a letter to mark their bytes, the
-- layer they are in, where in that layer's header they start (the
-- protocol's own layout), how many bytes, and what they are.
local FIELDS = {
  {"d", "eth", 0, 6, "destination MAC", function(p) return p.eth.dst end},
  {"s", "eth", 6, 6, "source MAC", function(p) return p.eth.src end},
  {"t", "eth", 12, 2, "EtherType (0x0800: IPv4)", function(p) return ("0x%04x"):format(p.eth.type) end},
  {"S", "ip", 12, 4, "source IP address", function(p) return p.ip.src end},
  {"D", "ip", 16, 4, "destination IP address", function(p) return p.ip.dst end},
  {"p", "tcp", 0, 2, "source port", function(p) return p.tcp.sport end},
  {"P", "tcp", 2, 2, "destination port", function(p) return p.tcp.dport end},
  {"f", "tcp", 13, 1, "TCP flags (0x02: SYN)", function(p) return p.tcp.flags end},
}

-- What the N bytes of FIELD's kind say, read back from B (a string):
-- a MAC, a dotted quad, a 16-bit number, or the flags in tcpdump's letters.
local function read_back(f, b)
  local kind = f[2] .. f[4]
  if kind == "eth6" then return (("%02x:"):rep(6):sub(1, -2)):format(b:byte(1, 6)) end
  if kind == "eth2" then return ("0x%04x"):format(string.unpack(">I2", b)) end
  if kind == "ip4" then return ("%d.%d.%d.%d"):format(b:byte(1, 4)) end
  if kind == "tcp2" then return (string.unpack(">I2", b)) end
  local bits, out = b:byte(), ""
  for _, fl in ipairs{{0x01, "F"}, {0x02, "S"}, {0x04, "R"}, {0x08, "P"}, {0x10, "."}} do
    if bits & fl[1] ~= 0 then out = out .. fl[2] end
  end
  return out
end

-- The marks under one -XX line of 16 bytes from byte BASE: each byte of a
-- field under its two hex digits, laid out as tcpdump lays the digits
-- ("\t0x0000:" then " " and a group of two bytes, eight times).
local function marks(base, mark)
  local out = {"\t", (" "):rep(#"0x0000:"), " "}
  for j = 0, 15 do
    if j % 2 == 0 then out[#out + 1] = " " end
    local m = mark[base + j] or " "
    out[#out + 1] = m .. m
  end
  return (table.concat(out):gsub("%s+$", ""))
end

-- Prints TEXT (tcpdump's lines) with, under each hex line, the marks
-- of MARK (byte -> letter) for its 16 bytes; the dump's byte 0 is the
-- frame's byte SHIFT (-X starts after the link-layer header).
local function print_marked(text, mark, shift)
  local n = 0
  for line in text:gmatch("[^\n]+") do
    print("    " .. line)
    if line:match("^\t0x") then
      local m = marks(shift + n * 16, mark)
      if m:match("%S") then print("    " .. m) end
      n = n + 1
    end
  end
end

-- Shows packet P as tcpdump -XX and -X print it, marks where each field
-- of FIELDS sits (from the decoder's layer offsets, p:offsets()), and
-- checks each field's bytes read back as the decoded packet says.
local function show_bytes(p)
  print("\n== One frame as bytes: the client's SYN ==")
  lab:step("tcpdump -nn -e -XX -c 1 'tcp[tcpflags] == tcp-syn'  # in client",
    "-XX: every byte of the frame in hex, the Ethernet header first; under each line, which field a byte is")
  local off, bytes, mark, legend, good = p:offsets(), p:bytes(), {}, {}, true
  for _, f in ipairs(FIELDS) do
    local letter, layer, at, n, what, value = table.unpack(f)
    local first = off[layer] + at
    for i = first, first + n - 1 do mark[i] = letter end
    local back, want = read_back(f, bytes:sub(first + 1, first + n)), value(p)
    good = good and back == want
    local function span(a) -- "26-29 (0x1a-0x1d)": decimal, then tcpdump's hex
      if a < 0 then return "--" end
      if n == 1 then return ("%d (0x%02x)"):format(a, a) end
      return ("%d-%d (0x%02x-0x%02x)"):format(a, a + n - 1, a, a + n - 1)
    end
    legend[#legend + 1] = ("%s  bytes %-17s  in -X: %-17s  %-18s %s"):format(letter, span(first),
      span(first - off.link), tostring(back), what)
  end
  print_marked(table.concat(require("netlab.tcpdump").lines({p}, "-nn -e -XX"), "\n"), mark, 0)
  for _, line in ipairs(legend) do print("    " .. line) end
  lab:check(good, "each field's bytes, read at the offsets the decoder found, are what the packet's fields say")
  lab:step("tcpdump -nn -X ...", ("-X leaves out the link layer: its offsets start at the IP header, %d bytes in")
    :format(off.link))
  local x = p:hex()
  print_marked(x, mark, off.link)
  lab:check(off.ip == off.link and x:match("^\t0x0000:  (%x%x%x%x)") == ("%02x%02x"):format(bytes:byte(off.ip + 1, off.ip + 2)),
    ("-X's first bytes are the IP header's (45..: version 4, 20-byte header): the %d bytes before are the Ethernet header")
      :format(off.link), x:match("^\t0x0000:  (%x+)"))
end

lab:run(function()
  local net <close> = netlab.lab()
  local client, server = lab:one_cable(net, SERVER)
  local list = exchange(client, server)
  local ladder = show(list)
  local syn = find(list, function(p) return from(p, CLIENT_IP) and p.tcp.flags == "S" end)
  if syn then show_bytes(syn) end
  print("\n== The claims ==")
  local j, k = check_handshake(list)
  check_data(list, j, k)
  check_close(list)
  check_kernel(client, ladder)
end)
