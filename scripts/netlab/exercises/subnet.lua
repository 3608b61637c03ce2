-- The subnet lesson as an exercise: a and b share one cable and should
-- share one network, 192.168.1.0/24; the fault puts a wrong mask or a
-- wrong address on one of them, so the network numbers (address AND
-- mask) no longer agree and the hosts cannot reach each other.
local A, B = "192.168.1.10", "192.168.1.200"
local NET, PREFIX = "192.168.1.0", 24

-- The working network; returns {a =, b =}.
local function build(net)
  local a, b = assert(net:host "a"), assert(net:host "b")
  assert(net:link(a, b, A .. "/24", B .. "/24"))
  return {a = a, b = b}
end

-- Replaces HOST's address OLD (a CIDR) on eth0 by NEW.
local function readdress(host, old, new)
  assert(host:addr_del("eth0", old))
  assert(host:addr_add("eth0", new))
end

-- Whether FROM's ping to IP is answered; the reply count or the error.
local function pings(from, ip)
  local r, err = from:ping(ip, {count = 1, timeout = 1})
  if not r then return false, err end
  return r.received == 1, ("%d of 1 replies"):format(r.received)
end

-- "a.b.c.d" AND a prefix length's mask, as text.
local function network_of(ip, prefix)
  local a, b, c, d = ip:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  local n = ((tonumber(a) * 256 + tonumber(b)) * 256 + tonumber(c)) * 256 + tonumber(d)
  n = n & ((0xffffffff << (32 - prefix)) & 0xffffffff)
  return ("%d.%d.%d.%d/%d"):format(n >> 24 & 255, n >> 16 & 255, n >> 8 & 255, n & 255, prefix)
end

-- The networks of HOST's IPv4 addresses on eth0, joined by ", ".
local function networks(host)
  local out = {}
  for _, r in ipairs(assert(host:addrs())) do
    if r.iface == "eth0" and r.family == "inet" then out[#out + 1] = network_of(r.address, r.prefix) end
  end
  return table.concat(out, ", ")
end

return {
  task = ("a (%s) and b (%s) share one cable and should be on one network, %s/%d; "
    .. "a:ping(%q) fails. Find out why (a:addrs(), b:addrs(), a:route_get(%q), netlab.fmt.ip_addr(a:ifaces())) "
    .. "and fix it (addr_del, addr_add).")
    :format(A, B, NET, PREFIX, B, B),
  build = build,
  faults = {
    {"a_mask_25", "a has 192.168.1.10/25: its network 192.168.1.0/25 stops at .127, so b's .200 is not on it",
      function(env) readdress(env.a, A .. "/24", A .. "/25") end},
    {"b_mask_25", "b has 192.168.1.200/25: its network 192.168.1.128/25 leaves a's .10 out, so b cannot answer",
      function(env) readdress(env.b, B .. "/24", B .. "/25") end},
    {"a_wrong_network", "a has 192.168.2.10/24: the right host number on the wrong network",
      function(env) readdress(env.a, A .. "/24", "192.168.2.10/24") end},
  },
  claims = {
    {"a pings b (192.168.1.200) and gets the reply", function(env) return pings(env.a, B) end},
    {"b pings a (192.168.1.10) and gets the reply", function(env) return pings(env.b, A) end},
    {"a's and b's addresses AND their masks give the same network, 192.168.1.0/24", function(env)
      local na, nb = networks(env.a), networks(env.b)
      return na == NET .. "/24" and nb == NET .. "/24" and env.a:addrs() and true, ("a: %s; b: %s"):format(na, nb)
    end},
  },
}
