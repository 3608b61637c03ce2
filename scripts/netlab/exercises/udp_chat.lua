-- The udp_chat lesson as an exercise: the client sends a datagram to the
-- chat server on www (the notes' www.baidu.com, one router away), port
-- 10086, and the server answers to the address and port it came from.
-- UDP has no handshake, so a fault shows only as silence: no server
-- bound to the port, one bound to the wrong port (a typo: 10068), or the
-- client without its default route (sendto: network is unreachable).
local lesson = require "netlab.lesson"

local SERVER_IP, CLIENT_IP, PORT = lesson.SERVER_IP, lesson.CLIENT_IP, 10086
local ROUTER = "10.0.1.1" -- r's address on the client's network
local WAIT = 2 -- seconds to wait for one datagram
local MAX = 100 -- datagrams one server answers, at most

-- Starts the chat server of host WWW on IP:PORT: it answers every
-- datagram with "server heard: " and the datagram. Returns the socket,
-- or nil and why.
local function start(www, ip, port)
  local s, err = www:udp()
  if not s then return nil, err end
  local ok, berr = s:bind(ip, port)
  if not ok then
    s:close()
    return nil, berr
  end
  netlab.daemon(function()
    for _ = 1, MAX do
      local data, from, fport = s:receivefrom()
      if not data then return end
      s:sendto("server heard: " .. data, from, fport)
    end
  end)
  return s
end

-- The network without its server; returns {client =, www =, serve =}.
local function build(net)
  local client, www = lesson.across_router(net, "client", "www")
  return {client = client, www = www, serve = function(ip, port) return start(www, ip, port) end}
end

return {
  task = ("the client (%s) must chat with the UDP chat server on www (%s) port %d: each datagram it sends is "
    .. "answered \"server heard: \" and the datagram (c = client:udp(); c:sendto(\"hi\", %q, %d); c:receivefrom()). "
    .. "No answer comes. Find out why (www:sockets{proto = \"udp\"}, netlab.fmt.ss(..., \"-uan\"), client:routes(), "
    .. "client:route_get(%q)) and fix it: serve(ip, port) starts the chat server on www (ip \"*\": every address); "
    .. "route_add.")
    :format(CLIENT_IP, SERVER_IP, PORT, SERVER_IP, PORT, SERVER_IP),
  build = build,
  faults = {
    {"not_listening", "the chat server was never started: nothing is bound to UDP port 10086, the datagrams are dropped",
      function() end},
    {"wrong_port", "the chat server is bound to port 10068, not 10086 (a typo): the datagrams go to a port nobody has",
      function(env) assert(env.serve("*", 10068)) end},
    {"no_client_route", "the client has no default route via r (10.0.1.1): sendto fails, network is unreachable",
      function(env)
        assert(env.serve("*", PORT))
        assert(env.client:route_del("default"))
      end},
  },
  claims = {
    {"the client's datagram \"hi\" is answered \"server heard: hi\" from 10.0.2.2 port 10086", function(env)
      local c <close> = assert(env.client:udp())
      c:settimeout(WAIT)
      local n, err = c:sendto("hi", SERVER_IP, PORT)
      if not n then return false, err end
      local data, ip, port = c:receivefrom()
      if not data then return false, ip end
      return data == "server heard: hi" and ip == SERVER_IP and port == PORT, ("%q from %s:%s"):format(data, ip, port)
    end},
    {"the client's kernel sends 10.0.2.2's datagrams via r (10.0.1.1)", function(env)
      local r, err = env.client:route_get(SERVER_IP)
      return r ~= nil and r.gateway == ROUTER, r and (r.gateway or "no gateway") or err
    end},
    {"www has a UDP socket on 10.0.2.2 (or every address) port 10086", function(env)
      local seen = {}
      for _, r in ipairs(assert(env.www:sockets{proto = "udp"})) do
        seen[#seen + 1] = r["local"] .. ":" .. r.local_port
        if r.local_port == PORT and (r["local"] == SERVER_IP or r["local"] == "0.0.0.0") then return true, seen[#seen] end
      end
      return false, #seen > 0 and table.concat(seen, ", ") or "no UDP socket"
    end},
  },
}
