-- The four_tuple lesson as an exercise: the client opens two connections
-- from one source port, 40000, at once: one to the server's 10.0.0.2 and
-- one to its alias 10.0.0.22, both port 7000. They share three of the
-- four numbers and differ in the remote address, so both may exist. The
-- fault takes the second destination away: the alias missing, put on
-- the client instead of the server, or the listener bound to 10.0.0.2.
local lesson = require "netlab.lesson"

local CLIENT_IP, SERVER_IP, ALIAS = lesson.CABLE_CLIENT_IP, lesson.CABLE_SERVER_IP, "10.0.0.22"
local PORT, SOURCE = 7000, 40000
local WAIT = 2 -- seconds a connection may take

-- The server: tells each connection its four-tuple, then closes first
-- (so TIME_WAIT stays on the server's side and the client's port is free).
local function serve(listener)
  while true do
    local c = listener:accept()
    if not c then return end
    local lip, lport = c:getsockname()
    local rip, rport = c:getpeername()
    c:send(("%s:%s -> %s:%s\n"):format(rip, rport, lip, lport))
    c:close()
  end
end

-- The working network; returns {client =, server =}.
local function build(net)
  local client, server = assert(net:host "client"), assert(net:host "server")
  assert(net:link(client, server, CLIENT_IP .. "/24", SERVER_IP .. "/24"))
  assert(server:addr_add("eth0", ALIAS .. "/24", {label = "eth0:0"}))
  return {client = client, server = server}
end

-- Starts the server of ENV on IP port 7000 ("*": every address); returns
-- the listener, or nil and why.
local function listen_on(env, ip)
  local l, err = env.server:tcp()
  if not l then return nil, err end
  local ok, berr = l:bind(ip, PORT)
  if ok then ok, berr = l:listen(8) end
  if not ok then
    l:close()
    return nil, berr
  end
  netlab.daemon(serve, l)
  return l
end

-- A connection of ENV's client from SOURCE to IP:PORT, or nil and why.
local function dial(env, ip)
  local s = assert(env.client:tcp())
  s:settimeout(WAIT)
  assert(s:setoption("reuseaddr", true))
  local ok, err = s:bind(CLIENT_IP, SOURCE)
  if ok then ok, err = s:connect(ip, PORT) end
  if not ok then
    s:close()
    return nil, err
  end
  return s
end

-- The server's answer on connection S (or ERR, if S is nil); S closed
-- after the server's FIN, so the client's side leaves no TIME_WAIT.
local function answer(s, err)
  if not s then return err end
  local line, rerr = s:receive("*l")
  s:receive("*a")
  s:close()
  return line or rerr
end

-- Both connections at once; the server's answer on each (or the error).
local function both(env)
  local a, aerr = dial(env, SERVER_IP)
  local b, berr = dial(env, ALIAS)
  return answer(a, aerr), answer(b, berr)
end

local function want(ip) return ("%s:%d -> %s:%d"):format(CLIENT_IP, SOURCE, ip, PORT) end

return {
  task = ("the client (%s) must hold two connections at once from its source port %d: to the server's %s "
    .. "and to its alias %s, both port %d (s = client:tcp(); s:setoption(\"reuseaddr\", true); s:bind(%q, %d); "
    .. "s:connect(%q, %d)); the server answers each with its four-tuple. The second fails. Find out why "
    .. "(server:addrs(), client:addrs(), server:sockets{proto = \"tcp\"}, netlab.fmt.ss(...)) and fix it "
    .. "(addr_del, addr_add with {label = \"eth0:0\"}; serve(ip) starts the server on ip, port %d, \"*\": every address).")
    :format(CLIENT_IP, SOURCE, SERVER_IP, ALIAS, PORT, CLIENT_IP, SOURCE, ALIAS, PORT, PORT),
  build = function(net)
    local env = build(net)
    env.serve = function(ip) return listen_on(env, ip) end
    return env
  end,
  faults = {
    {"no_alias", "the server lacks its alias 10.0.0.22: nobody answers ARP for it",
      function(env)
        assert(listen_on(env, "*"))
        assert(env.server:addr_del("eth0", ALIAS .. "/24"))
      end},
    {"alias_on_client", "the alias 10.0.0.22 was added on the client, not the server: the client connects to itself",
      function(env)
        assert(listen_on(env, "*"))
        assert(env.server:addr_del("eth0", ALIAS .. "/24"))
        assert(env.client:addr_add("eth0", ALIAS .. "/24", {label = "eth0:0"}))
      end},
    {"bound_to_one_address", "the server listens on 10.0.0.2:7000 only: the connection to 10.0.0.22 is refused",
      function(env) assert(listen_on(env, SERVER_IP)) end},
  },
  claims = {
    {"from 10.0.0.1:40000, both connections are answered, each with its four-tuple", function(env)
      local la, lb = both(env)
      return la == want(SERVER_IP) and lb == want(ALIAS), ("%s; %s"):format(la, lb)
    end},
    {"the server holds 10.0.0.22, the client does not", function(env)
      local function has(h)
        for _, r in ipairs(assert(h:addrs())) do if r.address == ALIAS then return true end end
        return false
      end
      local s, c = has(env.server), has(env.client)
      return s and not c, ("server %s, client %s"):format(s, c)
    end},
    {"the server listens on port 7000 of 10.0.0.2 and of 10.0.0.22 (or of every address)", function(env)
      local seen, on = {}, {}
      for _, r in ipairs(assert(env.server:sockets{proto = "tcp", state = "LISTEN", port = PORT})) do
        seen[#seen + 1] = r["local"] .. ":" .. r.local_port
        on[r["local"]] = true
      end
      return on["0.0.0.0"] or (on[SERVER_IP] and on[ALIAS]) or false,
        #seen > 0 and table.concat(seen, ", ") or "nothing listens"
    end},
  },
}
