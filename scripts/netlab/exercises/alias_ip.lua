-- The alias_ip lesson as an exercise: A reaches the web server on B's
-- alias 192.168.88.88 from the same network, through an alias of its
-- own, 192.168.88.4/24, on the same LAN (labs/alias_ip.lua's part 3).
-- The fault spoils one of the two aliases: B's missing, B's with a /32
-- mask (B then has no route back to 192.168.88.4), or A's missing (A
-- then has no route to 192.168.88.0/24 at all).
local A_IP, B_IP = "192.168.121.4", "192.168.121.1"
local ALIAS, A_ALIAS, PORT = "192.168.88.88", "192.168.88.4", 80
local WAIT = 2 -- seconds a connection may take

-- The working network; returns {A =, B =}.
local function build(net)
  local a, b = assert(net:host "A"), assert(net:host "B")
  assert(net:link(a, b, A_IP .. "/24", B_IP .. "/24"))
  assert(b:addr_add("eth0", ALIAS .. "/24", {label = "eth0:0"}))
  assert(a:addr_add("eth0", A_ALIAS .. "/24", {label = "eth0:0"}))
  local listener = assert(b:tcp())
  assert(listener:bind("*", PORT))
  assert(listener:listen(8))
  netlab.daemon(require("netlab.exercise").line_server, listener,
    function(c) return ("hello %s, this is %s\n"):format(c:getpeername(), ALIAS) end, WAIT)
  return {A = a, B = b}
end

-- HOST's IPv4 address IP as "cidr label", or nil.
local function holds(host, ip)
  for _, r in ipairs(assert(host:addrs())) do
    if r.address == ip then return ("%s %s"):format(r.cidr, r.label or "") end
  end
end

-- Whether HOST holds CIDR on eth0 labelled eth0:0; the address seen.
local function alias_right(host, cidr)
  local seen = holds(host, cidr:match("^[^/]+"))
  return seen == cidr .. " eth0:0", seen or "no such address"
end

return {
  task = ("host A must reach the web server on B's alias %s, port %d, from its own alias %s on the same LAN "
    .. "(A:tcp():connect(%q, %d) answers \"hello %s, this is %s\"). It cannot. "
    .. "Find out why (A:addrs(), B:addrs(), A:route_get(%q), B:route_get(%q), netlab.fmt.ip_addr(B:ifaces())) "
    .. "and fix it (addr_del, addr_add with {label = \"eth0:0\"}).")
    :format(ALIAS, PORT, A_ALIAS, ALIAS, PORT, A_ALIAS, ALIAS, ALIAS, A_ALIAS),
  build = build,
  faults = {
    {"no_alias", "B lacks its alias 192.168.88.88 (ifconfig eth0:0 192.168.88.88 ... was never run)",
      function(env) assert(env.B:addr_del("eth0", ALIAS .. "/24")) end},
    {"alias_mask_32", "B's alias is 192.168.88.88/32: B answers ARP for it but has no route back to 192.168.88.4",
      function(env)
        assert(env.B:addr_del("eth0", ALIAS .. "/24"))
        assert(env.B:addr_add("eth0", ALIAS .. "/32", {label = "eth0:0"}))
      end},
    {"no_own_alias", "A lacks its alias 192.168.88.4/24: A has no route to 192.168.88.0/24 (network is unreachable)",
      function(env) assert(env.A:addr_del("eth0", A_ALIAS .. "/24")) end},
  },
  claims = {
    {"A reaches 192.168.88.88 port 80 from 192.168.88.4 and B's server answers", function(env)
      local c <close> = assert(env.A:tcp())
      c:settimeout(WAIT)
      local ok, err = c:connect(ALIAS, PORT)
      if not ok then return false, err end
      c:send("hello from A\n")
      local line, rerr = c:receive("*l")
      return line == ("hello %s, this is %s"):format(A_ALIAS, ALIAS), line or rerr
    end},
    {"B holds 192.168.88.88/24 labelled eth0:0", function(env) return alias_right(env.B, ALIAS .. "/24") end},
    {"A holds 192.168.88.4/24 labelled eth0:0", function(env) return alias_right(env.A, A_ALIAS .. "/24") end},
  },
}
