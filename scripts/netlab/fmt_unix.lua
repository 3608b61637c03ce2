-- netlab.fmt_unix: host:sockets{proto = "unix"} rows as the classic
-- tools print unix-domain sockets (exposed as netlab.fmt.netstat(rows,
-- "-x") and netlab.fmt.ss(rows, "-x" | "-xp"), which check their rows):
--   print(netlab.fmt.netstat(rows, "-x"))   -- netstat -x -alepn (= -xapn)
--   print(netlab.fmt.ss(rows, "-x"))        -- ss -xa
--   print(netlab.fmt.ss(rows, "-xp"))       -- ss -xap
local sockets = require "netlab.fmt_sockets"

local M = {}

-- netstat's Type column.
local NETSTAT_TYPE = {stream = "STREAM", dgram = "DGRAM", seqpacket = "SEQPACKET"}

-- netstat's State column by socket state (SS_*); an unconnected
-- listener is LISTENING, another unconnected socket blank.
local NETSTAT_STATE = {FREE = "FREE", UNCONNECTED = "", CONNECTING = "CONNECTING",
  CONNECTED = "CONNECTED", DISCONNECTING = "DISCONNECTING"}

-- Row R's netstat State: from its socket state (/proc/net/unix's St),
-- or, for a row without one, what its kernel state implies.
local function netstat_state(r)
  local st = r.sock_state or (r.state == "ESTABLISHED" and "CONNECTED" or "UNCONNECTED")
  if st == "UNCONNECTED" and r.state == "LISTEN" then return "LISTENING" end
  return NETSTAT_STATE[st] or ""
end

-- fmt.netstat(rows, "-x") -> text: unix rows as `netstat -x -alepn`
-- (net-tools' unix_do_one: -e adds nothing for unix sockets) prints them.
function M.netstat(rows)
  local out = {
    "Active UNIX domain sockets (servers and established)\n",
    "Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path\n",
  }
  for _, r in ipairs(rows) do
    out[#out + 1] = ("%-5s %-6d %-11s %-10s %-13s %-8d %-20s %s\n"):format("unix", r.refcnt or 0,
      r.state == "LISTEN" and "[ ACC ]" or "[ ]", NETSTAT_TYPE[r.type] or "UNKNOWN", netstat_state(r),
      r.inode, sockets.netstat_prog(r), r.path)
  end
  return table.concat(out)
end

-- ss's Netid and State of unix sockets.
local SS_NETID = {stream = "u_str", dgram = "u_dgr", seqpacket = "u_seq"}
local SS_STATE = {ESTABLISHED = "ESTAB", LISTEN = "LISTEN", UNCONN = "UNCONN"}

-- One row's cells in ss's columns: the name (or "*") and the inode as
-- address and port, the peer as "*" and its inode (ss's unix_stats_print).
local function ss_cells(r, process)
  return {SS_NETID[r.type] or "???", SS_STATE[r.state] or r.state, tostring(r.recv_q), tostring(r.send_q),
          (r.path ~= "" and r.path or "*") .. " ", tostring(r.inode), "* ", tostring(r.peer),
          process and sockets.ss_users(r) or ""}
end

-- fmt.ss(rows, "-x" | "-xp") -> text: unix rows as `ss -xa` (or, with
-- "-xp", `ss -xap`) prints them, the Netid column always shown; a
-- pending connection (no inode yet) is not among them, as in ss.
function M.ss(rows, mode)
  local header = {"Netid", "State", "Recv-Q", "Send-Q", "Local Address:", "Port", "Peer Address:", "Port",
    "Process"}
  local lines = {header}
  for _, r in ipairs(rows) do
    if not r.pending then lines[#lines + 1] = ss_cells(r, mode == "-xp") end -- sock_diag never sees those
  end
  local shown = {}
  for c = 1, #header do shown[c] = true end
  return sockets.ss_render(lines, shown)
end

return M
