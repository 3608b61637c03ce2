-- netlab.fmt: the tables the course notes show, made from netlab's rows,
-- character for character what the classic tools print:
--   print(netlab.fmt.route_n(host:routes()))   -- route -n
--   print(netlab.fmt.arp_a(host:neigh()))      -- arp -a (-n: no names)
local M = {}

-- Raises unless ROWS is a list of tables (argument 1 of FNAME).
local function check_rows(rows, fname)
  if type(rows) ~= "table" then
    error(("bad argument #1 to '%s' (table of rows expected, got %s)"):format(fname, type(rows)), 3)
  end
  for i, r in ipairs(rows) do
    if type(r) ~= "table" then
      error(("bad argument #1 to '%s' (row %d is a %s, not a table)"):format(fname, i, type(r)), 3)
    end
  end
end

-- The dotted netmask of an IPv4 prefix length: 24 -> "255.255.255.0".
function M.genmask(prefix)
  local bits = prefix == 0 and 0 or (0xffffffff << (32 - prefix)) & 0xffffffff
  return ("%d.%d.%d.%d"):format(bits >> 24, (bits >> 16) & 255, (bits >> 8) & 255, bits & 255)
end

-- route -n's flags of one row: U (up), G (via a gateway), H (a host route).
function M.route_flags(r)
  local max = r.family == "inet6" and 128 or 32
  return "U" .. (r.gateway and "G" or "") .. (r.prefix == max and "H" or "")
end

-- fmt.route_n(rows) -> text: the IPv4 rows as `route -n` prints them
-- (net-tools' columns; Ref and Use are always 0 on Linux).
function M.route_n(rows)
  check_rows(rows, "route_n")
  local out = {
    "Kernel IP routing table",
    "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface",
  }
  for _, r in ipairs(rows) do
    if r.family ~= "inet6" then
      out[#out + 1] = ("%-15s %-15s %-15s %-5s %-6d %-2d %7d %s"):format(r.destination,
        r.gateway or "0.0.0.0", r.genmask or M.genmask(r.prefix), r.flags or M.route_flags(r),
        r.metric or 0, 0, 0, r.iface or "*")
    end
  end
  return table.concat(out, "\n") .. "\n"
end

-- fmt.arp_a(rows) -> text: the IPv4 entries as `arp -a` prints them
-- (`arp -an`: "?" for every name, as when no name is known).
function M.arp_a(rows)
  check_rows(rows, "arp_a")
  local out = {}
  for _, r in ipairs(rows) do
    if r.family ~= "inet6" then
      local at = r.mac and (r.mac .. " [ether]") or "<incomplete>"
      local perm = r.state == "PERMANENT" and " PERM" or ""
      out[#out + 1] = ("? (%s) at %s%s on %s\n"):format(r.ip, at, perm, r.iface or "?")
    end
  end
  return table.concat(out)
end

-- fmt.ip_addr(rows) and fmt.ifconfig(rows): host:ifaces() rows as `ip
-- addr` and `ifconfig` print them (scripts/netlab/fmt_iface.lua).
local iface = require "netlab.fmt_iface"
M.ip_addr, M.ifconfig = iface.ip_addr, iface.ifconfig
-- fmt.netstat, fmt.ss, fmt.lsof: host:sockets() and host:lsof() rows as
-- netstat -natp, ss -tanp and lsof -nP -i print them (fmt_sockets.lua).
local sockets = require "netlab.fmt_sockets"
for _, name in ipairs{"netstat", "ss", "lsof"} do
  M[name] = function(rows)
    check_rows(rows, name)
    return sockets[name](rows)
  end
end

return M
