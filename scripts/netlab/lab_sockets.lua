-- netlab.lab_sockets: the kernel's view of a host's sockets.
--   host:sockets{proto = "tcp", state = "LISTEN", port = 80}  -- ss -tan / netstat -tan
--   sock:info()                 -- the same row for one netlab socket
--   host:lsof{port = 8080}      -- lsof -nP -i :8080
--   netlab.here:sockets()       -- the machine's own (read only)
--
-- The rows come from sock_diag (bindings/l_diag.c, core/sockets/diag.c), asked
-- from inside the host, never from /proc/net; the process holding a
-- socket is found as netstat -p and lsof find it, by its inode among
-- every /proc/PID/fd. Pids are the machine's (as netlab sees them).
--
-- A row: proto ("tcp", "tcp6", "udp", "udp6"), family, local,
-- local_port, remote, remote_port, state, recv_q, send_q, inode, uid,
-- timer ("off", "on", "keepalive", "timewait", "probe"), expires (ms),
-- timer_retrans, skmem (ss -m's counters); for TCP (but TIME_WAIT and
-- SYN_RECV) every field sock:tcp_info gives (the same names and units:
-- rtt, rto... in ms, cwnd, ssthresh absent while "infinite", retrans,
-- total_retrans, delivery_rate in bytes/s...; see netlab.doc_tcp), mss
-- (snd_mss's older name), congestion and its own numbers (bbr...); where
-- a process holds it: pid, fd, command (/proc/PID/comm), program
-- (argv[0]), owners (all of them).
-- States: LISTEN, SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT_1,
-- FIN_WAIT_2, TIME_WAIT, CLOSE_WAIT, LAST_ACK, CLOSING, CLOSE; an
-- unconnected UDP socket is UNCONN, a connected one ESTABLISHED.
-- A unix row (proto = "unix", from sock_diag's UNIX_DIAG): family
-- "unix", type ("stream", "dgram", "seqpacket"), state (LISTEN,
-- ESTABLISHED, UNCONN), path (as ss and netstat print it: "" unnamed,
-- "@name" abstract), abstract, inode, peer (the other end's inode, 0:
-- none), recv_q, send_q (a listener: pending connections and backlog),
-- uid, and from /proc/net/unix refcnt and sock_state ("UNCONNECTED",
-- "CONNECTED"...: netstat -x's State); owners as for the others; a
-- connection not yet accepted has no inode, so only /proc lists it: its
-- row has inode 0 and pending = true.
local selfcheck = require "netlab.selfcheck"
local cdiag = require "netlab.c.diag"
local clab = require "netlab.c.lab"
local lab = require "netlab.lab"
local socket = require "netlab.socket"
local errno = require "netlab.errno"

local M = {}

local methods = clab.meta.__index
local argerror, typename = lab.argerror, lab.typename

-- proto filter -> the {family, protocol} dumps it needs, in netstat's
-- order (tcp, tcp6, udp, udp6).
local KINDS = {
  tcp = {{"inet", "tcp"}, {"inet6", "tcp"}},
  udp = {{"inet", "udp"}, {"inet6", "udp"}},
  tcp4 = {{"inet", "tcp"}}, tcp6 = {{"inet6", "tcp"}},
  udp4 = {{"inet", "udp"}}, udp6 = {{"inet6", "udp"}},
  inet = {{"inet", "tcp"}, {"inet6", "tcp"}, {"inet", "udp"}, {"inet6", "udp"}},
  unix = {{"unix"}},
}
M.KINDS = KINDS

-- Every kind once, in the order the rows come: netstat's, then unix.
local ORDER = {KINDS.inet[1], KINDS.inet[2], KINDS.inet[3], KINDS.inet[4], KINDS.unix[1]}

local STATES = {}
for _, s in ipairs{"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT_1", "FIN_WAIT_2",
                   "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
                   "UNCONN"} do
  STATES[s] = true
end
M.STATES = STATES

-- Reads a filter option V that is a NAME or a list of names from
-- KNOWN; returns a set. Raises as method FNAME's argument 1.
local function name_set(v, what, known, fname)
  local list = type(v) == "table" and v or {v}
  local set = {}
  for _, name in ipairs(list) do
    if type(name) ~= "string" then
      argerror(1, fname, ("option '%s': string expected, got %s"):format(what, typename(name)), 4)
    end
    if not known[name] then
      argerror(1, fname, ("option '%s': unknown %s '%s'"):format(what, what, name), 4)
    end
    set[name] = true
  end
  if next(set) == nil then argerror(1, fname, ("option '%s': empty list"):format(what), 4) end
  return set
end

-- Checks host:sockets' filter F; returns {kinds = {{family, proto}...},
-- states = set or nil, port = n or nil}.
local function check_filter(f, fname)
  if f == nil then return {kinds = KINDS.inet} end
  if type(f) ~= "table" then argerror(1, fname, "table expected, got " .. typename(f), 3) end
  for k in pairs(f) do
    if k ~= "proto" and k ~= "state" and k ~= "port" then
      argerror(1, fname, ("unknown option '%s'"):format(tostring(k)), 3)
    end
  end
  local out = {kinds = KINDS.inet}
  if f.proto ~= nil then
    local protos, seen = name_set(f.proto, "proto", KINDS, fname), {}
    out.kinds = {}
    for _, k in ipairs(ORDER) do -- netstat's order, each kind once
      for p in pairs(protos) do
        for _, want in ipairs(KINDS[p]) do
          if want[1] == k[1] and want[2] == k[2] and not seen[k] then
            seen[k] = true
            out.kinds[#out.kinds + 1] = k
          end
        end
      end
    end
  end
  if f.state ~= nil then out.states = name_set(f.state, "state", STATES, fname) end
  if f.port ~= nil then
    if math.type(f.port) ~= "integer" or f.port < 1 or f.port > 65535 then
      argerror(1, fname, "option 'port': port number (1-65535) expected, got " .. tostring(f.port), 3)
    end
    out.port = f.port
  end
  return out
end

-- Whether row R passes filter F.
local function wanted(r, f)
  if f.states and not f.states[r.state] then return false end
  if f.port and r.local_port ~= f.port and r.remote_port ~= f.port then return false end
  return true
end

-- Puts the process holding each row's socket into it (pid, fd, command,
-- program, owners), from OWNERS (diag.owners()).
local function add_owners(rows, owners)
  for _, r in ipairs(rows) do
    local list = r.inode ~= 0 and owners[r.inode]
    if list then
      table.sort(list, function(a, b) return a.pid < b.pid or (a.pid == b.pid and a.fd < b.fd) end)
      r.pid, r.fd, r.command, r.program = list[1].pid, list[1].fd, list[1].command, list[1].program
      r.owners = list
    end
  end
  return rows
end
M.add_owners = add_owners

-- The rows of one kind K: through diag D, or (unix) host H's UNIX_DIAG.
local function dump_kind(d, h, k)
  if k[1] == "unix" then return require("netlab.c.unixdiag").dump(h) end
  return d:dump(k[1], k[2])
end

-- Dumps the kinds of filter F of host H through diag D; the rows F keeps.
local function dump(d, f, h)
  local rows = {}
  for _, k in ipairs(f.kinds) do
    local got, err, code = dump_kind(d, h, k)
    if not got then return nil, err, code end
    for _, r in ipairs(got) do
      if wanted(r, f) then rows[#rows + 1] = r end
    end
  end
  return rows
end

-- The rows of host H (a netlab.host userdata) that filter F keeps,
-- with their owners | nil, message, errno.
local function sockets_of(h, f, owners)
  local d, err, code = cdiag.open(h)
  if not d then return nil, "cannot read the socket table: " .. err, code end
  local rows
  rows, err, code = dump(d, f, h)
  d:close()
  if not rows then return nil, "cannot read the socket table: " .. err, code end
  return add_owners(rows, owners or cdiag.owners())
end
M.sockets_of, M.check_filter = sockets_of, check_filter

-- host:sockets([filter]) -> {row, ...} | nil, message, errno: the
-- host's TCP and UDP sockets as the kernel sees them. filter: proto
-- ("tcp", "udp" (both families), "tcp4", "tcp6", "udp4", "udp6",
-- "inet": all of those, the default; "unix": unix-domain sockets; or a
-- list), state (a name or a list), port (local or remote; never a unix
-- socket).
function methods:sockets(filter)
  lab.check_host(self, "sockets", 0)
  return sockets_of(self, check_filter(filter, "sockets"))
end

-- netlab.here:sockets([filter]): the machine's own sockets (read only).
lab.Here.sockets = function(self, filter)
  selfcheck.check(self, lab.Here, "sockets")
  return sockets_of(self._host, check_filter(filter, "sockets"))
end

-- lsof's spelling of TCP states (as /proc/net/tcp's readers spell them).
local LSOF_STATE = {FIN_WAIT_1 = "FIN_WAIT1", FIN_WAIT_2 = "FIN_WAIT2"}

-- lsof's "ip:port": the wildcard "*", IPv6 in brackets.
local function lsof_ep(r, ip, port)
  if ip == "0.0.0.0" or ip == "::" then ip = "*"
  elseif r.family == "inet6" then ip = "[" .. ip .. "]" end
  return ip .. ":" .. (port == 0 and "*" or port)
end

-- lsof's NAME of a socket row: "10.0.0.1:40000->10.0.0.2:8080 (ESTABLISHED)";
-- UDP's has no state (lsof leaves a space where it would be).
local function lsof_name(r)
  local name = lsof_ep(r, r["local"], r.local_port)
  if r.remote_port ~= 0 then name = name .. "->" .. lsof_ep(r, r.remote, r.remote_port) end
  if r.proto:sub(1, 3) == "udp" then return name .. " " end
  return ("%s (%s)"):format(name, LSOF_STATE[r.state] or r.state)
end

-- One lsof row: socket row R as held by process O (an owner).
local function lsof_row(r, o)
  return {command = o.command, pid = o.pid, user = cdiag.user(r.uid) or tostring(r.uid),
          fd = o.fd .. "u", fdnum = o.fd, type = r.family == "inet6" and "IPv6" or "IPv4",
          device = r.inode, node = r.proto:sub(1, 3):upper(), name = lsof_name(r), socket = r}
end

-- Checks host:lsof's filter F: {port =, pid =}.
local function check_lsof_filter(f)
  if f == nil then return {} end
  if type(f) ~= "table" then argerror(1, "lsof", "table expected, got " .. typename(f), 3) end
  for k, v in pairs(f) do
    if k ~= "port" and k ~= "pid" then argerror(1, "lsof", ("unknown option '%s'"):format(tostring(k)), 3) end
    local max = k == "port" and 65535 or 0x7fffffff
    if math.type(v) ~= "integer" or v < 1 or v > max then
      argerror(1, "lsof", ("option '%s': %s expected, got %s"):format(k, k == "port" and "port number (1-65535)"
        or "pid", tostring(v)), 3)
    end
  end
  return f
end

-- host:lsof{port =, pid =} -> {row, ...} | nil, message, errno: the
-- processes holding the host's TCP and UDP sockets (lsof -nP -i :port,
-- lsof -p pid), one row per fd, by pid then fd: command, pid, user, fd
-- ("3u"), fdnum, type ("IPv4"), device (the inode), node ("TCP"), name,
-- socket (the host:sockets row).
function methods:lsof(filter)
  lab.check_host(self, "lsof", 0)
  local f = check_lsof_filter(filter)
  local rows, err, code = sockets_of(self, {kinds = KINDS.inet, port = f.port}, cdiag.owners(f.pid))
  if not rows then return nil, err, code end
  local out = {}
  for _, r in ipairs(rows) do
    for _, o in ipairs(r.owners or {}) do out[#out + 1] = lsof_row(r, o) end
  end
  table.sort(out, function(a, b) return a.pid < b.pid or (a.pid == b.pid and a.fdnum < b.fdnum) end)
  return out
end

-- sock:info() -> row | nil, message, errno: the kernel's row for this
-- netlab socket (found by its inode in its namespace's table).
function socket.meta.__index:info()
  local d, ino, code = cdiag.socket(self) -- raises on a closed socket
  if not d then return nil, ino, code end
  for _, k in ipairs(KINDS.inet) do
    local rows, err, code = d:dump(k[1], k[2])
    if not rows then
      d:close()
      return nil, "cannot read the socket table: " .. err, code
    end
    for _, r in ipairs(rows) do
      if r.inode == ino then
        d:close()
        return add_owners({r}, cdiag.owners(cdiag.pid()))[1]
      end
    end
  end
  d:close()
  return nil, "socket not in the kernel's table (not bound, listening or connected)", errno.ENOENT
end

return M
