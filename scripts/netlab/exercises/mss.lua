-- The mss lesson as an exercise: an MTU mismatch. The two ends of one
-- cable must agree on the largest frame; the fault lowers one end's MTU,
-- so big packets from the other end are dropped at it (a veth drops a
-- frame longer than its MTU, as a real NIC does) while small ones pass.
local CLIENT, SERVER = "10.0.0.1", "10.0.0.2"
local BIG = 1400 -- bytes of ping data: more than the faulty MTU allows

-- The working network; returns {client =, server =}.
local function build(net)
  local client, server = assert(net:host "client"), assert(net:host "server")
  assert(net:link(client, server, CLIENT .. "/24", SERVER .. "/24"))
  return {client = client, server = server}
end

-- HOST's eth0 MTU.
local function mtu_of(host)
  for _, i in ipairs(assert(host:ifaces())) do
    if i.name == "eth0" then return i.mtu end
  end
end

-- Whether FROM's BIG-byte ping to IP is answered.
local function big_ping(from, ip)
  local r, err = from:ping(ip, {count = 1, size = BIG, timeout = 1})
  if not r then return false, err end
  return r.received == 1, ("%d of 1 replies"):format(r.received)
end

return {
  task = ("small pings between the client (%s) and the server (%s) work, but a %d-byte one "
    .. "(client:ping(%q, {size = %d})) gets no answer, and so would a big TCP segment. "
    .. "Find out why (client:ifaces(), server:ifaces(), netlab.fmt.ip_addr(...)) and fix it (link_set).")
    :format(CLIENT, SERVER, BIG, SERVER, BIG),
  build = build,
  faults = {
    {"server_mtu_1000", "the server's eth0 has MTU 1000: the client's 1428-byte frames are dropped at it",
      function(env) assert(env.server:link_set("eth0", {mtu = 1000})) end},
    {"client_mtu_1000", "the client's eth0 has MTU 1000: the server's 1428-byte replies are dropped at it",
      function(env) assert(env.client:link_set("eth0", {mtu = 1000})) end},
    {"server_mtu_576", "the server's eth0 has MTU 576, IPv4's smallest datagram every host must take",
      function(env) assert(env.server:link_set("eth0", {mtu = 576})) end},
  },
  claims = {
    {("a %d-byte ping from the client is answered"):format(BIG), function(env) return big_ping(env.client, SERVER) end},
    {("a %d-byte ping from the server is answered"):format(BIG), function(env) return big_ping(env.server, CLIENT) end},
    {"both ends of the cable have the same MTU", function(env)
      local a, b = mtu_of(env.client), mtu_of(env.server)
      return a == b, ("client %s, server %s"):format(a, b)
    end},
  },
}
