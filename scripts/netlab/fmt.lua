-- netlab.fmt: the tables the course notes show, made from netlab's rows,
-- character for character what the classic tools print:
--   print(netlab.fmt.route_n(host:routes()))   -- route -n
--   print(netlab.fmt.arp_a(host:neigh()))      -- arp -a (-n: no names)
local M = {}

-- The fields each function reads from a row, as "name:kind" words
-- (kinds: string, integer, table, any; "?" after it: may be nil). A row
-- from host:routes(), neigh(), ifaces(), sockets() or lsof() has them;
-- a row the script made is checked against them, so a missing or
-- mistyped field is a bad argument, not an error inside the formatter.
local FIELDS = {
  route_n = "destination:string family:string? gateway:string? genmask:string? prefix:integer? "
    .. "flags:string? metric:integer? iface:string?",
  route_flags = "family:string? gateway:string? prefix:integer?",
  arp_a = "ip:string family:string? mac:string? state:string? iface:string?",
  netstat = "proto:string state:string recv_q:integer send_q:integer local:string local_port:integer "
    .. "remote:string remote_port:integer pid:integer? program:string? command:string?",
  ss = "proto:string state:string recv_q:integer send_q:integer local:string local_port:integer "
    .. "remote:string remote_port:integer family:string? owners:table? pid:integer? fd:integer? "
    .. "command:string?",
  lsof = "fd:string?",
  ip_addr = "index:integer name:string flags:table mtu:integer state:string txqlen:integer mac:string "
    .. "addrs:table?",
  ifconfig = "name:string flags:table flag_bits:integer mtu:integer txqlen:integer mac:string "
    .. "rx_packets:integer rx_bytes:integer tx_packets:integer tx_bytes:integer addrs:table?",
  -- the items of a row's list fields: ifaces' addrs, sockets' owners
  addr = "family:string address:string prefix:integer scope:string? broadcast:string? label:string? "
    .. "iface:string?",
  owner = "pid:integer fd:integer command:string?",
}
-- The list fields of the rows of each function, and their items' schema.
local ITEMS = {ip_addr = {"addrs", "addr"}, ifconfig = {"addrs", "addr"}, ss = {"owners", "owner"}}

-- FIELDS parsed: name -> {{field, kind, optional}, ...}.
local schema = {}
for name, text in pairs(FIELDS) do
  local list = {}
  for field, kind, opt in text:gmatch("([%w_]+):(%a+)(%??)") do list[#list + 1] = {field, kind, opt == "?"} end
  schema[name] = list
end

-- Whether V is of KIND (see FIELDS).
local function is_kind(v, kind)
  if kind == "integer" then return math.type(v) == "integer" end
  return kind == "any" or type(v) == kind
end

-- The type of V as a message says it: "nil", "number 1.5", "string".
local function got(v)
  return math.type(v) == "float" and "number " .. tostring(v) or type(v)
end

-- Raises "bad argument #1 to 'FNAME' (WHERE: MSG)" at the script's line;
-- DEPTH counts the frames from this one's caller up to public function
-- FNAME, both included (1: FNAME called it).
local function bad_row(fname, where, msg, depth)
  error(("bad argument #1 to '%s' (%s%s)"):format(fname, where, msg), depth + 2)
end

-- Raises unless table R (named WHERE, "row 2: ") has the fields of
-- schema NAME and no string with a NUL byte (a terminal would not show
-- what follows it); the items of its list fields are checked against
-- theirs. DEPTH: see bad_row.
local function check_fields(r, name, fname, where, depth)
  for _, f in ipairs(schema[name]) do
    local field, kind, opt = f[1], f[2], f[3]
    local v = r[field]
    if not (v == nil and opt) and not is_kind(v, kind) then
      bad_row(fname, where, ("%s: %s expected, got %s"):format(field, kind, got(v)), depth)
    end
  end
  for k, v in pairs(r) do
    if type(v) == "string" and v:find("\0", 1, true) then
      bad_row(fname, where, tostring(k) .. ": string contains a NUL byte", depth)
    end
  end
  local items = ITEMS[name]
  for i, item in ipairs(items and r[items[1]] or {}) do
    local at = ("%s%s item %d"):format(where, items[1], i)
    if type(item) ~= "table" then bad_row(fname, at, " is a " .. type(item) .. ", not a table", depth) end
    check_fields(item, items[2], fname, at .. ": ", depth + 1)
  end
end

-- Raises unless ROWS is a list of tables with the fields FNAME reads
-- (argument 1 of public function FNAME, whose caller is blamed).
local function check_rows(rows, fname, name)
  if type(rows) ~= "table" then
    error(("bad argument #1 to '%s' (table of rows expected, got %s)"):format(fname, type(rows)), 3)
  end
  for i, r in ipairs(rows) do
    if type(r) ~= "table" then
      error(("bad argument #1 to '%s' (row %d is a %s, not a table)"):format(fname, i, type(r)), 3)
    end
    check_fields(r, name or fname, fname, ("row %d: "):format(i), 3)
  end
end

-- The dotted netmask of IPv4 prefix length PREFIX (0-32).
local function netmask(prefix)
  local bits = prefix == 0 and 0 or (0xffffffff << (32 - prefix)) & 0xffffffff
  return ("%d.%d.%d.%d"):format(bits >> 24, (bits >> 16) & 255, (bits >> 8) & 255, bits & 255)
end

-- The dotted netmask of an IPv4 prefix length: 24 -> "255.255.255.0".
function M.genmask(prefix)
  if math.type(prefix) ~= "integer" or prefix < 0 or prefix > 32 then
    error(("bad argument #1 to 'genmask' (IPv4 prefix length 0-32 expected, got %s)")
      :format(type(prefix) == "number" and tostring(prefix) or type(prefix)), 2)
  end
  return netmask(prefix)
end

-- route -n's flags of row R.
local function flags(r)
  local max = r.family == "inet6" and 128 or 32
  return "U" .. (r.gateway and "G" or "") .. (r.prefix == max and "H" or "")
end

-- route -n's flags of one row: U (up), G (via a gateway), H (a host route).
function M.route_flags(r)
  if type(r) ~= "table" then
    error(("bad argument #1 to 'route_flags' (route row expected, got %s)"):format(type(r)), 2)
  end
  check_fields(r, "route_flags", "route_flags", "", 2)
  return flags(r)
end

-- fmt.route_n(rows) -> text: the IPv4 rows as `route -n` prints them
-- (net-tools' columns; Ref and Use are always 0 on Linux).
function M.route_n(rows)
  check_rows(rows, "route_n")
  local out = {
    "Kernel IP routing table",
    "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface",
  }
  for i, r in ipairs(rows) do
    if r.family ~= "inet6" then
      if r.genmask == nil and not (r.prefix and r.prefix >= 0 and r.prefix <= 32) then
        bad_row("route_n", ("row %d: "):format(i), "prefix: 0-32 expected (or a genmask), got "
          .. tostring(r.prefix), 1)
      end
      out[#out + 1] = ("%-15s %-15s %-15s %-5s %-6d %-2d %7d %s"):format(r.destination,
        r.gateway or "0.0.0.0", r.genmask or netmask(r.prefix), r.flags or flags(r),
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
-- fmt.netstat, fmt.ss, fmt.lsof: host:sockets() and host:lsof() rows as
-- netstat -natp, ss -tanp and lsof -nP -i print them (fmt_sockets.lua).
-- Each checks its rows first.
local iface, sockets = require "netlab.fmt_iface", require "netlab.fmt_sockets"
for name, module in pairs{ip_addr = iface, ifconfig = iface, netstat = sockets, lsof = sockets} do
  local format = module[name]
  M[name] = function(rows)
    check_rows(rows, name)
    return format(rows)
  end
end

-- ss's options netlab.fmt.ss prints as ss does: kinds, states, numbers,
-- processes, tcp_info, memory.
local SS_LETTERS = "tualnpim"

-- Reads fmt.ss's options "-tinm" into the table fmt_sockets.ss takes;
-- a or l, whichever comes last, sets the states (neither: ss's default).
local function ss_letters(opts)
  if not opts:match("^%-%a+$") then
    error(("bad argument #2 to 'ss' (options like \"-tinm\" expected, got %q)"):format(opts), 3)
  end
  local o = {states = "conn"}
  for ch in opts:sub(2):gmatch(".") do
    if not SS_LETTERS:find(ch, 1, true) then
      error(("bad argument #2 to 'ss' (unknown option '%s' in %q (ss's %s))"):format(ch, opts, SS_LETTERS), 3)
    end
    if ch == "a" then o.states = nil
    elseif ch == "l" then o.states = "listen"
    else o[ch] = true end
  end
  return o
end

-- Reads fmt.ss's table options {p =}: ss -tanp's columns, all rows.
local function ss_table(opts)
  for k, v in pairs(opts) do
    if k ~= "p" then error(("bad argument #2 to 'ss' (unknown option %q (p))"):format(tostring(k)), 3) end
    if type(v) ~= "boolean" then
      error(("bad argument #2 to 'ss' (p: boolean expected, got %s)"):format(type(v)), 3)
    end
  end
  return {p = opts.p ~= false, n = true}
end

-- fmt.ss(rows[, "-tinm" | {p = false}]): ss with those options (by
-- default ss -tanp); {p = false}: ss -tan.
function M.ss(rows, opts)
  check_rows(rows, "ss")
  local o
  if type(opts) == "string" then o = ss_letters(opts)
  elseif opts == nil or type(opts) == "table" then o = ss_table(opts or {})
  else
    error(("bad argument #2 to 'ss' (options string or table expected, got %s)"):format(type(opts)), 2)
  end
  return sockets.ss(rows, o)
end

-- The fields of a unix row (host:sockets{proto = "unix"}) the -x modes read.
local UNIX_FIELDS = "proto:string type:string state:string recv_q:integer send_q:integer inode:integer "
  .. "peer:integer path:string refcnt:integer? sock_state:string? pid:integer? program:string? "
  .. "command:string? owners:table? pending:boolean?"
schema.unix = {}
for field, kind, opt in UNIX_FIELDS:gmatch("([%w_]+):(%a+)(%??)") do schema.unix[#schema.unix + 1] = {field, kind, opt == "?"} end
ITEMS.unix = {"owners", "owner"}

-- The unix modes of each formatter: "-x" (ss -xa's all states is
-- implied: "-xa" says it), "-xp" ("-xap") with the Process column.
local UNIX_MODES = {netstat = {["-x"] = true},
  ss = {["-x"] = "-x", ["-xa"] = "-x", ["-xp"] = "-xp", ["-xap"] = "-xp"}}

-- Raises unless ROWS (checked against the unix schema) are unix rows.
local function check_unix_rows(rows, fname)
  check_rows(rows, fname, "unix")
  for i, r in ipairs(rows) do
    if r.proto ~= "unix" then
      error(("bad argument #1 to '%s' (row %d: proto: \"unix\" expected, got %q)"):format(fname, i, r.proto), 3)
    end
  end
end

-- fmt.netstat(rows, "-x") and fmt.ss(rows, "-x" | "-xp"): unix rows as
-- netstat -x -alepn, ss -xa and ss -xap print them (fmt_unix.lua); any
-- other second argument goes to the inet formatters above.
local unix = require "netlab.fmt_unix"
for _, name in ipairs{"netstat", "ss"} do
  local inet = M[name]
  M[name] = function(rows, mode)
    if type(mode) == "string" and UNIX_MODES[name][mode] then
      check_unix_rows(rows, name)
      return unix[name](rows, UNIX_MODES[name][mode])
    end
    if name == "netstat" and mode ~= nil then
      error(("bad argument #2 to 'netstat' (\"-x\" or nothing expected, got %s)")
        :format(type(mode) == "string" and ("%q"):format(mode) or type(mode)), 2)
    end
    return inet(rows, mode)
  end
end

return M
