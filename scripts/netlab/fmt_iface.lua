-- netlab.fmt_iface: host:ifaces() rows as `ip addr` and `ifconfig` print
-- them, so labs show what the course notes show (merged into netlab.fmt):
--   print(fmt.ip_addr(h:ifaces()))    print(fmt.ifconfig(h:ifaces()))
local M = {}

-- The flags ifconfig names, in its order (net-tools' ife_print).
local IFCONFIG_FLAGS = {"UP", "BROADCAST", "LOOPBACK", "POINTOPOINT", "RUNNING",
  "NOARP", "PROMISC", "MULTICAST"}

-- The flags ip shows between < >: all but RUNNING, in the kernel's order.
local function ip_flags(row)
  local out = {}
  for _, f in ipairs(row.flags) do
    if f ~= "RUNNING" then out[#out + 1] = f end
  end
  return table.concat(out, ",")
end

-- "link/ether aa:.. brd ff:ff:ff:ff:ff:ff" or link/loopback.
local function link_line(row)
  local loop = false
  for _, f in ipairs(row.flags) do loop = loop or f == "LOOPBACK" end
  if loop then return ("    link/loopback %s brd 00:00:00:00:00:00"):format(row.mac) end
  return ("    link/ether %s brd ff:ff:ff:ff:ff:ff"):format(row.mac)
end

-- One address line of ip addr.
local function ip_addr_line(a)
  local brd = a.broadcast and (" brd " .. a.broadcast) or ""
  local sec = a.secondary and " secondary" or ""
  local label = a.family == "inet" and (" " .. (a.label or a.iface)) or ""
  return ("    %s %s/%d%s scope %s%s%s"):format(a.family, a.address, a.prefix, brd, a.scope, sec, label)
end

-- fmt.ip_addr(rows) -> text: the interfaces and addresses as `ip addr`
-- prints them (without the lifetimes).
function M.ip_addr(rows)
  local lines = {}
  for _, row in ipairs(rows) do
    lines[#lines + 1] = ("%d: %s: <%s> mtu %d state %s qlen %d")
      :format(row.index, row.name, ip_flags(row), row.mtu, row.state, row.txqlen)
    lines[#lines + 1] = link_line(row)
    for _, a in ipairs(row.addrs or {}) do lines[#lines + 1] = ip_addr_line(a) end
  end
  return table.concat(lines, "\n")
end

-- The dotted netmask of an IPv4 prefix length: 24 -> 255.255.255.0.
local function netmask(prefix)
  local bits = prefix == 0 and 0 or (0xffffffff << (32 - prefix)) & 0xffffffff
  return ("%d.%d.%d.%d"):format(bits >> 24, (bits >> 16) & 255, (bits >> 8) & 255, bits & 255)
end

-- ifconfig's "flags=4163<UP,BROADCAST,RUNNING,MULTICAST>".
local function ifconfig_flags(row)
  local set, names = {}, {}
  for _, f in ipairs(row.flags) do set[f] = true end
  for _, f in ipairs(IFCONFIG_FLAGS) do
    if set[f] then names[#names + 1] = f end
  end
  return ("flags=%d<%s>"):format(row.flag_bits & 0xffff, table.concat(names, ","))
end

-- A byte count as ifconfig prints it: "1234 (1.2 KB)".
local function bytes(n)
  local units, v, i = {"B", "KB", "MB", "GB", "TB"}, n, 1
  while v >= 1000 and i < #units do v, i = v / 1000, i + 1 end
  return ("%d (%.1f %s)"):format(n, v, units[i])
end

local SCOPE_ID = {global = "0x0<global>", link = "0x20<link>", host = "0x10<host>", site = "0x40<site>"}

-- The lines of one ifconfig stanza: interface ROW under NAME, its IPv4
-- addresses INET and (for the interface itself) IPv6 ones and counters.
local function stanza(row, name, inet, full)
  local loop = false
  for _, f in ipairs(row.flags) do loop = loop or f == "LOOPBACK" end
  local out = {("%s: %s  mtu %d"):format(name, ifconfig_flags(row), row.mtu)}
  for _, a in ipairs(inet) do
    local brd = a.broadcast and ("  broadcast " .. a.broadcast) or ""
    out[#out + 1] = ("        inet %s  netmask %s%s"):format(a.address, netmask(a.prefix), brd)
  end
  if full then
    for _, a in ipairs(row.addrs or {}) do
      if a.family == "inet6" then
        out[#out + 1] = ("        inet6 %s  prefixlen %d  scopeid %s")
          :format(a.address, a.prefix, SCOPE_ID[a.scope] or "0x0")
      end
    end
  end
  if loop then
    out[#out + 1] = ("        loop  txqueuelen %d  (Local Loopback)"):format(row.txqlen)
  else
    out[#out + 1] = ("        ether %s  txqueuelen %d  (Ethernet)"):format(row.mac, row.txqlen)
  end
  if full then
    out[#out + 1] = ("        RX packets %d  bytes %s"):format(row.rx_packets, bytes(row.rx_bytes))
    out[#out + 1] = ("        TX packets %d  bytes %s"):format(row.tx_packets, bytes(row.tx_bytes))
  end
  return table.concat(out, "\n")
end

-- fmt.ifconfig(rows) -> text: as `ifconfig -a` prints the interfaces; an
-- alias (an IPv4 address labelled "eth0:0") gets a stanza of its own.
function M.ifconfig(rows)
  local stanzas = {}
  for _, row in ipairs(rows) do
    local own, aliases, order = {}, {}, {}
    for _, a in ipairs(row.addrs or {}) do
      local label = a.label or row.name
      if a.family ~= "inet" then -- IPv6 goes in the main stanza
      elseif label == row.name then own[#own + 1] = a
      else
        if not aliases[label] then aliases[label], order[#order + 1] = {}, label end
        table.insert(aliases[label], a)
      end
    end
    stanzas[#stanzas + 1] = stanza(row, row.name, own, true)
    for _, label in ipairs(order) do stanzas[#stanzas + 1] = stanza(row, label, aliases[label], false) end
  end
  return table.concat(stanzas, "\n\n")
end

return M
