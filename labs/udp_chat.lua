-- udp_chat: UDP datagrams one way, a reply back, then a chat loop until "bye" (Java DatagramSocket)
--
-- The course notes build a UDP chat in Java in three steps:
--   1. a sender sends one datagram to a receiver listening on a port;
--   2. the receiver answers to the address and port the datagram came from;
--   3. both loop, line after line, until someone says "bye".
-- Here both ends are netlab UDP sockets in one script, on two sandbox
-- hosts one router apart (each a network namespace of this process):
--
--   client 10.0.1.2 --- r 10.0.1.1 | 10.0.2.1 --- www.baidu.com 10.0.2.2
--
-- the receiver (the "server", on www.baidu.com) is a task, the sender
-- (the "client", on client) is the main chunk. With
-- --interactive on a terminal you type the client's lines; otherwise a
-- scripted conversation runs. Usage: netlab labs/udp_chat.lua [--interactive]
-- Exit 0 only if every datagram arrived intact from the expected address.

local lesson = require "netlab.lesson"

-- Where each end lives: two lab hosts, and the notes' port.
local server_host = "www.baidu.com"
local client_host = "client"
local SERVER_IP, CLIENT_IP = lesson.SERVER_IP, lesson.CLIENT_IP
local server_port = 10086
local notes_port = 10086
local LIMIT = 20        -- seconds a scripted run may take
local MAX_LINES = 50    -- the chat loop's bound
local WAIT = 5          -- seconds to wait for one datagram

local script = {"hi, are you there?", "how is the UDP weather?", "no handshake, no connection, still works", "bye"}

-- The command line ---------------------------------------------------------

-- True when stdin is a terminal (test -t 0 in a child that shares it).
local function stdin_is_tty()
  io.stdout:flush()
  return os.execute("test -t 0") == true
end

-- The lab's knobs (--help lists them).
local PARAMS = {
  {"interactive", false, "type the client's lines yourself (needs a terminal on stdin); no time limit then"},
}

-- Whether the user types the client's lines: --interactive and a
-- terminal on stdin (else it says so and the scripted conversation runs).
local function keyboard_wanted(want)
  local interactive = want and stdin_is_tty()
  if want and not interactive then
    print("(--interactive needs a terminal on stdin; running the scripted conversation)")
  end
  return interactive
end

-- A scripted run never hangs: past LIMIT seconds it reports and fails.
local lab = lesson.new{name = "udp_chat", limit = LIMIT, side_width = 10, params = PARAMS, exercise = "udp_chat"}
local interactive = keyboard_wanted(lab.params.interactive)
if interactive then lab.limit = nil end -- the user types: no time limit (known once new read --interactive)

-- "ip:port", for printing an address.
local function addr(ip, port) return ("%s:%s"):format(ip, port) end

-- Parts --------------------------------------------------------------------

-- Step 1: one datagram from the client to the server.
local function one_way(server, client, saddr, caddr)
  print("\n== Step 1: one way: the sender sends, the receiver receives ==")
  lab:java("receiver", ("DatagramSocket ds = new DatagramSocket(%d);"):format(notes_port),
    ("%s:udp():bind(%q, %d)  (on host %s)"):format("www", saddr.ip, saddr.port, server_host))
  lab:java("sender", "DatagramSocket ds = new DatagramSocket();",
    ("%s:udp():bind(%q, 0): a free port, here %d"):format(client_host, caddr.ip, caddr.port))
  local msg = "hello, udp"
  lab:java("sender", ('ds.send(new DatagramPacket(b, b.length, InetAddress.getByName("%s"), %d));'):format(server_host, notes_port),
    ("client:sendto(%q, %q, %d)"):format(msg, server_host, saddr.port))
  local n, err = client:sendto(msg, server_host, saddr.port)
  lab:check(n == #msg, "sendto sent the whole datagram", n or err)
  lab:java("receiver", "ds.receive(dp); dp.getAddress(); dp.getPort(); new String(dp.getData(), 0, dp.getLength());",
    "server:receivefrom() -> data, ip, port")
  local data, ip, port = server:receivefrom()
  print(("  receiver got %q from %s"):format(tostring(data), addr(ip, port)))
  lab:check(data == msg, "the receiver got the message intact", data or ip)
  lab:check(ip == caddr.ip and port == caddr.port, "receivefrom names the sender's address and port",
    addr(ip, port) .. " vs sender " .. addr(caddr.ip, caddr.port))
  return ip, port
end

-- Step 2: the server answers to the address the datagram came from.
local function reply(server, client, saddr, ip, port)
  print("\n== Step 2: two way: the receiver answers to dp.getAddress(), dp.getPort() ==")
  local msg = "got it, thanks"
  lab:java("receiver", "ds.send(new DatagramPacket(b, b.length, dp.getAddress(), dp.getPort()));",
    ("server:sendto(%q, %q, %d)"):format(msg, ip, port))
  server:sendto(msg, ip, port)
  lab:java("sender", "ds.receive(dp);", "client:receivefrom()")
  local data, rip, rport = client:receivefrom()
  print(("  sender got %q from %s"):format(tostring(data), addr(rip, rport)))
  lab:check(data == msg, "the reply arrived intact", data or rip)
  lab:check(rip == saddr.ip and rport == saddr.port, "the reply came from the receiver's address and port",
    addr(rip, rport))
end

-- The server's side of the chat: answers every line until "bye".
local function chat_server(server, log)
  for _ = 1, MAX_LINES do
    local data, ip, port = server:receivefrom()
    if not data then log.error = ip return end
    log[#log + 1] = {data = data, ip = ip, port = port}
    local answer = data == "bye" and "bye" or ("server heard: " .. data)
    server:sendto(answer, ip, port)
    if data == "bye" then return true end
  end
end

-- The client's lines: typed by the user, or the scripted conversation.
local function line_source(interactive)
  if not interactive then
    local i = 0
    return function() i = i + 1 return script[i] end
  end
  return function()
    io.write("you> ")
    io.stdout:flush()
    local line = io.read("l")
    if line == nil then print("bye") return "bye" end -- Ctrl-D says bye
    return line:sub(1, 1000)
  end
end

-- Step 3: the chat loop, bounded by MAX_LINES and WAIT per datagram.
local function chat(server, client, saddr, caddr, interactive)
  print('\n== Step 3: a chat loop until "bye" ==')
  lab:java("both", 'while (true) { ... ds.send(dp); ds.receive(dp); if ("bye".equals(line)) break; }')
  if interactive then print('  Type lines for the client; "bye" (or Ctrl-D) ends the chat.') end
  local log = {}
  local task = netlab.spawn(chat_server, server, log)
  local next_line = line_source(interactive)
  local sent, ok_content, ok_from = {}, true, true
  for _ = 1, MAX_LINES do
    local line = next_line()
    if line == nil then line = "bye" end
    if not interactive then print("  client> " .. line) end
    client:sendto(line, server_host, saddr.port)
    sent[#sent + 1] = line
    local answer, ip, port = client:receivefrom()
    print(("  server> %s%s"):format(tostring(answer), answer and "" or (" " .. tostring(ip))))
    local want = line == "bye" and "bye" or ("server heard: " .. line)
    if answer ~= want then ok_content = false end
    if ip ~= saddr.ip or port ~= saddr.port then ok_from = false end
    if line == "bye" or not answer then break end
  end
  local done, why = task:join(WAIT)
  lab:check(done == true, "the server left its loop after \"bye\"", why or log.error)
  local same = #log == #sent
  for i, e in ipairs(log) do
    if e.data ~= sent[i] or e.ip ~= caddr.ip or e.port ~= caddr.port then same = false end
  end
  lab:check(same, ("the server got all %d lines intact, each from the client's %s"):format(#sent, addr(caddr.ip, caddr.port)),
    ("%d received"):format(#log))
  lab:check(ok_content, "every answer arrived intact")
  lab:check(ok_from, ("every answer came from the server's %s"):format(addr(saddr.ip, saddr.port)))
end

-- The lab ------------------------------------------------------------------

local function main(interactive)
  local net <close> = netlab.lab()
  local chost, www = lesson.across_router(net, client_host, server_host)
  local server <close> = assert(www:udp())
  assert(server:bind(SERVER_IP, server_port))
  local client <close> = assert(chost:udp())
  assert(client:bind(CLIENT_IP, 0))
  server:settimeout(WAIT)
  client:settimeout(WAIT)
  local saddr, caddr = {}, {}
  saddr.ip, saddr.port = server:getsockname()
  caddr.ip, caddr.port = client:getsockname()
  print(("Receiver (server) at %s, sender (client) at %s; UDP, no connection."):format(
    addr(saddr.ip, saddr.port), addr(caddr.ip, caddr.port)))
  local ip, port = one_way(server, client, saddr, caddr)
  if ip then reply(server, client, saddr, ip, port) end
  chat(server, client, saddr, caddr, interactive)
end

-- Runs main, failing past LIMIT seconds unless interactive; prints the
-- verdict and exits.
lab:run(main, interactive)
