-- The arp lesson as an exercise: the client fetches a page from the
-- server on one cable; the fault spoils the link layer under it (a stale
-- permanent ARP entry on either end, or the server's interface down), so
-- frames go to a MAC nobody has, or nowhere.
local CLIENT, SERVER, PORT = "10.0.0.1", "10.0.0.2", 80
local NOBODY = "02:00:00:00:00:99" -- a MAC no interface of the lab has
local WAIT = 2 -- seconds a connection may take

-- The working network; returns {client =, server =}.
local function build(net)
  local client, server = assert(net:host "client"), assert(net:host "server")
  assert(net:link(client, server, CLIENT .. "/24", SERVER .. "/24"))
  local listener = assert(server:tcp())
  assert(listener:bind("*", PORT))
  assert(listener:listen(8))
  netlab.daemon(require("netlab.exercise").line_server, listener,
    function() return "<html>hello from the server</html>\n" end, WAIT)
  return {client = client, server = server}
end

-- HOST's eth0 MAC.
local function mac_of(host)
  for _, i in ipairs(assert(host:ifaces())) do
    if i.name == "eth0" then return i.mac end
  end
end

-- Whether HOST's ARP entry for IP (if it has one) names PEER's MAC.
local function entry_right(host, ip, peer)
  local want = mac_of(peer)
  for _, r in ipairs(assert(host:neigh())) do
    if r.ip == ip and r.mac then return r.mac == want, ("%s at %s (%s), %s's is %s"):format(ip, r.mac,
      r.state or "?", peer:name(), want) end
  end
  return true, "no entry yet: the next packet asks"
end

return {
  task = ("the client (%s) cannot fetch the page from the server (%s) port %d "
    .. "(client:tcp():connect(%q, %d)). Find out why (client:neigh(), server:neigh(), netlab.fmt.arp_a(...), "
    .. "server:ifaces(), client:capture{filter = \"arp\"}) and fix it (neigh_del, link_set).")
    :format(CLIENT, SERVER, PORT, SERVER, PORT),
  build = build,
  faults = {
    {"stale_client_entry", "the client has a permanent ARP entry for 10.0.0.2 at " .. NOBODY .. ", nobody's MAC",
      function(env) assert(env.client:neigh_add(SERVER, NOBODY, "eth0")) end},
    {"stale_server_entry", "the server has a permanent ARP entry for 10.0.0.1 at " .. NOBODY .. ": its answers go nowhere",
      function(env) assert(env.server:neigh_add(CLIENT, NOBODY, "eth0")) end},
    {"server_link_down", "the server's eth0 is down (ip link set eth0 down)",
      function(env) assert(env.server:link_set("eth0", {up = false})) end},
  },
  claims = {
    {"the client fetches the page from 10.0.0.2 port 80", function(env)
      local c <close> = assert(env.client:tcp())
      c:settimeout(WAIT)
      local ok, err = c:connect(SERVER, PORT)
      if not ok then return false, err end
      c:send("GET / HTTP/1.0\n")
      local line, rerr = c:receive("*l")
      return line == "<html>hello from the server</html>", line or rerr
    end},
    {"the client's ARP entry for 10.0.0.2 is the server's MAC", function(env)
      return entry_right(env.client, SERVER, env.server)
    end},
    {"the server's ARP entry for 10.0.0.1 is the client's MAC", function(env)
      return entry_right(env.server, CLIENT, env.client)
    end},
  },
}
