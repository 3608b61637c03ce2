-- netlab.fmt_sockets: host:sockets() rows as the classic tools print them
-- (exposed as netlab.fmt.netstat, netlab.fmt.ss and netlab.fmt.lsof,
-- which check their argument first).
--   print(netlab.fmt.netstat(h:sockets{proto = "tcp"}))   -- netstat -natp
--   print(netlab.fmt.ss(h:sockets{proto = "tcp"}))        -- ss -tanp
--   print(netlab.fmt.ss(h:sockets(), "-tinm"))            -- ss -tinm
--   print(netlab.fmt.lsof(h:lsof{port = 8080}))            -- lsof -nP -i :8080
local ss_info = require "netlab.fmt_ss_info"

local M = {}

-- netlab.c.diag, for service names (loaded when ss first needs one).
local function cdiag() return require "netlab.c.diag" end

-- netstat's spelling of the rows' states (the rows spell FIN_WAIT_1).
local NETSTAT_STATE = {FIN_WAIT_1 = "FIN_WAIT1", FIN_WAIT_2 = "FIN_WAIT2", UNCONN = ""}

-- netstat's "address:port" in 23 columns: the address is cut so that
-- the port always shows (net-tools' tcp_do_one without -W); port 0 is *.
local function netstat_addr(ip, port)
  local p = port == 0 and "*" or tostring(port)
  if #ip + #p > 22 then ip = ip:sub(1, 22 - #p) end
  return ip .. ":" .. p
end

-- netstat -p's "PID/Program name": argv[0], but only its last part when
-- it is an absolute path, cut to 19 characters; "-" when unknown.
local function netstat_prog(r)
  if not r.pid then return "-" end
  local prog = r.program or r.command or ""
  if prog:sub(1, 1) == "/" then prog = prog:match("([^/]*)$") end
  return (("%d/%s"):format(r.pid, prog)):sub(1, 19)
end

-- fmt.netstat(rows) -> text: the rows as `netstat -natp` (or -nap with
-- UDP rows) prints them. netstat's Send-Q of a listening socket is 0
-- (/proc/net/tcp), where ss shows the backlog.
function M.netstat(rows)
  local out = {
    "Active Internet connections (servers and established)\n",
    "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    \n",
  }
  for _, r in ipairs(rows) do
    local send_q = r.state == "LISTEN" and 0 or r.send_q
    out[#out + 1] = ("%-4s  %6d %6d %-23s %-23s %-11s %-20s\n"):format(r.proto, r.recv_q, send_q,
      netstat_addr(r["local"], r.local_port), netstat_addr(r.remote, r.remote_port),
      NETSTAT_STATE[r.state] or r.state, netstat_prog(r))
  end
  return table.concat(out)
end

-- ss's spelling of the states.
local SS_STATE = {ESTABLISHED = "ESTAB", SYN_SENT = "SYN-SENT", SYN_RECV = "SYN-RECV",
  FIN_WAIT_1 = "FIN-WAIT-1", FIN_WAIT_2 = "FIN-WAIT-2", TIME_WAIT = "TIME-WAIT",
  CLOSE = "UNCONN", CLOSE_WAIT = "CLOSE-WAIT", LAST_ACK = "LAST-ACK", LISTEN = "LISTEN",
  CLOSING = "CLOSING", UNCONN = "UNCONN"}

-- ss's address part: IPv6 in brackets, its wildcard "*".
local function ss_addr(r, ip)
  if r.family == "inet6" then return ip == "::" and "*" or "[" .. ip .. "]" end
  return ip
end

-- ss -p's process column: users:(("comm",pid=N,fd=M),...), the holders
-- in the order ss finds them (its table puts the last found first).
local function ss_users(r)
  local list = r.owners or (r.pid and {r}) or {}
  if #list == 0 then return "" end
  local parts = {}
  for i = #list, 1, -1 do
    local o = list[i]
    parts[#parts + 1] = ('("%s",pid=%d,fd=%d)'):format(o.command or "", o.pid, o.fd)
  end
  return " users:(" .. table.concat(parts, ",") .. ")" -- ss prints the space in the cell
end

-- ss's port: "*" for 0; without -n (O.n false) the service's name from
-- /etc/services, but never for a port of the ephemeral range (Linux's
-- default, 32768-60999, which every new namespace starts with).
local function ss_port(r, port, o)
  if port == 0 then return "*" end
  if not o.n and (port < 32768 or port > 60999) then
    return cdiag().service(port, r.proto:sub(1, 3)) or tostring(port)
  end
  return tostring(port)
end

-- One row's cells, in ss's columns under options O: the last (Process)
-- holds -p's users and the second line of -i and -m.
local function ss_cells(r, o)
  return {r.proto:sub(1, 3), SS_STATE[r.state] or r.state, tostring(r.recv_q), tostring(r.send_q),
          ss_addr(r, r["local"]) .. ":", ss_port(r, r.local_port, o),
          ss_addr(r, r.remote) .. ":", ss_port(r, r.remote_port, o),
          (o.p and ss_users(r) or "") .. ss_info.line(r, o)}
end

-- ss's columns: header, alignment, and the text printed before each.
local SS_COLUMNS = {
  {"Netid", "-", ""}, {"State", "-", " "}, {"Recv-Q", "-", " "}, {"Send-Q", "-", " "},
  {"Local Address:", "", " "}, {"Port", "-", ""}, {"Peer Address:", "", " "}, {"Port", "-", ""},
  {"Process", "-", ""},
}

-- TEXT padded with spaces to W bytes (none when W is nil), on the right
-- when LEFT (aligned left), else on the left. (string.format's widths
-- stop at 99; an -i cell is wider.)
local function pad(text, w, left)
  local fill = (" "):rep((w or 0) - #text)
  return left and text .. fill or fill .. text
end

-- Lays LINES (lists of cells) out as ss does: each column as wide as
-- its widest cell; the first shown column has no delimiter before it.
-- ss never measures the last cell of its output (its last field is not
-- flushed before the widths are worked out), so the last column's width
-- leaves the last line out: one row of output has an unpadded header.
local function ss_render(lines, shown)
  local width, first, last = {}, math.huge, 0
  for c in pairs(shown) do first, last = math.min(first, c), math.max(last, c) end
  for i, cells in ipairs(lines) do
    for c in pairs(shown) do
      if c ~= last or i < #lines then width[c] = math.max(width[c] or 0, #cells[c]) end
    end
  end
  local out = {}
  for _, cells in ipairs(lines) do
    local line = {}
    for c, col in ipairs(SS_COLUMNS) do
      if shown[c] then
        local delim = c == first and "" or col[3]
        local w = width[c] -- nil: the last column with no row to measure
        line[#line + 1] = delim .. pad(cells[c], w, col[2] == "-")
      end
    end
    out[#out + 1] = table.concat(line) .. "\n"
  end
  return table.concat(out)
end

-- The states ss shows without -a or -l (SS_CONN), and with -l.
local SS_HIDDEN = {LISTEN = true, CLOSE = true, UNCONN = true, TIME_WAIT = true, SYN_RECV = true}
local SS_LISTENING = {LISTEN = true, CLOSE = true, UNCONN = true}

-- Whether ss with options O shows row R: its kind (-t, -u) and state.
local function ss_shows(r, o)
  local proto = r.proto:sub(1, 3)
  if (o.t or o.u) and not o[proto:sub(1, 1)] then return false end
  if o.states == "conn" then return not SS_HIDDEN[r.state] end
  if o.states == "listen" then return SS_LISTENING[r.state] == true end
  return true
end

-- fmt.ss(rows, o) -> text: the rows as `ss` prints them with options O
-- (fmt.lua reads them from "-tanp" or {p =}): t, u (which kinds; both or
-- neither: a Netid column when the rows mix them, UDP's first), states
-- (nil: all, as -a; "conn": ss's default; "listen": -l), n (numbers,
-- not service names and k/M/G rates), p (the process column's cells),
-- i (tcp_info's line), m (skmem).
function M.ss(rows, o)
  local lines, kinds = {{}}, {}
  for c, col in ipairs(SS_COLUMNS) do lines[1][c] = col[1] end
  for _, proto in ipairs{"udp", "tcp"} do
    for _, r in ipairs(rows) do
      if r.proto:sub(1, 3) == proto and ss_shows(r, o) then
        lines[#lines + 1] = ss_cells(r, o)
        kinds[proto] = true
      end
    end
  end
  local shown = {}
  for c = 1, #SS_COLUMNS do shown[c] = true end
  local netid = o.t and o.u or (not o.t and not o.u and kinds.tcp and kinds.udp)
  if not netid then shown[1] = nil end
  return ss_render(lines, shown)
end

-- The pieces fmt_unix.lua shares (netstat -x, ss -x).
M.netstat_prog, M.ss_users, M.ss_render = netstat_prog, ss_users, ss_render

-- lsof's columns: header, field (each at least as wide as its header).
local LSOF_COLUMNS = {{"COMMAND", "command"}, {"PID", "pid"}, {"USER", "user"}, {"TYPE", "type"},
  {"DEVICE", "device"}, {"SIZE", "size"}, {"NODE", "node"}}

-- fmt.lsof(rows) -> text: host:lsof rows as `lsof -nP -i` prints them:
-- each column as wide as its header or widest cell; the FD column is the
-- fd number (at least 4 wide), its mode letter and lock column.
function M.lsof(rows)
  local cells = {}
  for i, r in ipairs(rows) do
    cells[i] = {command = tostring(r.command or ""):sub(1, 9), pid = tostring(r.pid),
                user = tostring(r.user or ""), num = tostring(r.fdnum or (r.fd or ""):match("%d+") or ""),
                mode = tostring(r.fd or ""):match("%d+(%a?)") or "", type = tostring(r.type or ""),
                device = tostring(r.device or ""), size = "", node = tostring(r.node or ""),
                name = tostring(r.name or "")}
  end
  local w = {num = 4}
  for _, col in ipairs(LSOF_COLUMNS) do w[col[2]] = #col[1] end
  for _, c in ipairs(cells) do
    for k, v in pairs(c) do w[k] = math.max(w[k] or 0, #v) end
  end
  local function line(c)
    local function f(k, left) return (left and "%-" or "%") .. w[k] .. "s" end
    return (f("command", true) .. " " .. f("pid") .. " " .. f("user", true) .. " " .. f("num") .. "%-1s  "
      .. f("type") .. " " .. f("device") .. " " .. f("size") .. " " .. f("node") .. " %s\n"):format(
      c.command, c.pid, c.user, c.num, c.mode, c.type, c.device, c.size, c.node, c.name)
  end
  local out = {line{command = "COMMAND", pid = "PID", user = "USER", num = "FD", mode = " ", type = "TYPE",
                    device = "DEVICE", size = "SIZE", node = "NODE", name = "NAME"}}
  for _, c in ipairs(cells) do out[#out + 1] = line(c) end
  return table.concat(out)
end

return M
