-- The routes lesson as an exercise: A must reach the web server on B's
-- alias 192.168.88.88. The network is labs/routes.lua's (A and B on one
-- cable, A's default route through a gateway G that knows nothing of
-- 192.168.88.0/24) with the host route through B in place; the fault
-- breaks one link of the chain that makes it work.
local A_IP, B_IP, G_IP = "192.168.121.4", "192.168.121.1", "192.168.121.2"
local ALIAS, PORT = "192.168.88.88", 80
local WAIT = 2 -- seconds a connection may take

-- The working network; returns {A =, B =, G =}.
local function build(net)
  local a, b, g = assert(net:host "A"), assert(net:host "B"), assert(net:host "G")
  assert(net:link(a, b, A_IP .. "/24", B_IP .. "/24"))
  assert(b:addr_add("eth0", ALIAS .. "/24", {label = "eth0:0"}))
  assert(net:link(a, g, nil, G_IP .. "/24"))
  assert(a:route_add(G_IP, {dev = "eth1"}))
  assert(a:route_add("default", {via = G_IP}))
  assert(a:route_add(ALIAS, {via = B_IP}))
  local listener = assert(b:tcp())
  assert(listener:bind("*", PORT))
  assert(listener:listen(8))
  netlab.daemon(require("netlab.exercise").line_server, listener,
    function(c) return ("hello %s, this is %s\n"):format(c:getpeername(), ALIAS) end, WAIT)
  return {A = a, B = b, G = g}
end

-- A's connection to the alias: the answer line, or nil and why.
local function reach(env)
  local c <close> = assert(env.A:tcp())
  c:settimeout(WAIT)
  local ok, err = c:connect(ALIAS, PORT)
  if not ok then return nil, err end
  c:send("hello from A\n")
  return c:receive("*l")
end

return {
  task = ("host A must reach the web server on B's alias address %s, port %d (A:tcp():connect(%q, %d)). "
    .. "It cannot. Find out why (A:routes(), A:route_get(%q), B:addrs(), netlab.fmt.route_n(...)) and fix it.")
    :format(ALIAS, PORT, ALIAS, PORT, ALIAS),
  build = build,
  faults = {
    {"no_host_route", "A has no host route to 192.168.88.88: its default route sends it to G, who drops it",
      function(env) assert(env.A:route_del(ALIAS)) end},
    {"wrong_gateway", "A's host route to 192.168.88.88 goes via 192.168.121.9, a gateway nobody is",
      function(env)
        assert(env.A:route_del(ALIAS))
        assert(env.A:route_add(ALIAS, {via = "192.168.121.9"}))
      end},
    {"no_alias", "B lacks its alias address 192.168.88.88 (ifconfig eth0:0 ... was never run)",
      function(env) assert(env.B:addr_del("eth0", ALIAS .. "/24")) end},
  },
  claims = {
    {"A reaches 192.168.88.88 port 80 and B's server answers", function(env)
      local line, err = reach(env)
      return line == ("hello %s, this is %s"):format(A_IP, ALIAS), line or err
    end},
    {"A's kernel sends 192.168.88.88's packets to B (192.168.121.1)", function(env)
      local r, err = env.A:route_get(ALIAS)
      return r ~= nil and r.gateway == B_IP, r and (r.gateway or "no gateway") or err
    end},
    {"B holds 192.168.88.88", function(env)
      for _, a in ipairs(assert(env.B:addrs())) do
        if a.address == ALIAS then return true end
      end
      return false
    end},
  },
}
