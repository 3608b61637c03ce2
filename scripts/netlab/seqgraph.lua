-- netlab.seqgraph: a TCP connection's time-sequence graph, as tcptrace
-- and Wireshark's "Stevens/tcptrace" graphs draw it.
--   print(netlab.seqgraph(cap))                      -- text, 80 x 24
--   netlab.seqgraph(cap, {svg = "seq.svg"})          -- an SVG file
--   netlab.seqgraph("x.pcap", {port = 80, from = "server", format = "svg"})
-- One direction's data against time: each data segment a vertical bar
-- from its first to its last sequence number (relative to the sender's
-- ISN), the receiver's ACKs as a step line under them and its receive
-- window's right edge (ack + win << wscale) as a step line above; bars
-- repeating bytes already sent are retransmissions; duplicate ACKs,
-- SACK blocks the receiver reports and its zero windows are marked. The model is
-- format = "table"; seqgraph_draw.lua renders it.
local input = require "netlab.packet_input"

local M = {}

local MOD = 0x100000000 -- sequence numbers live modulo 2^32

-- Raises MSG as a misuse of seqgraph (M.seqgraph reports it at the caller).
local function misuse(msg)
  error({seqgraph = msg})
end

-- Raises a "bad argument #N to 'seqgraph'" error with MSG.
local function bad(n, msg)
  misuse(("bad argument #%d to 'seqgraph' (%s)"):format(n, msg))
end

-- Segments --------------------------------------------------------------------

-- "ip:port" ("[ip]:port" for IPv6).
local function endpoint(ip, port)
  local fmt = tostring(ip):find(":", 1, true) and "[%s]:%s" or "%s:%s"
  return fmt:format(tostring(ip), tostring(port))
end

-- Packet P's TCP segment as a plain table, or nil if it carries none;
-- I is its place among the packets (for errors).
local function segment(p, i)
  local tcp = p.tcp
  local ip = tcp and (p.ip or p.ip6)
  if not (ip and input.indexable(tcp)) then return nil end
  if type(p.time) ~= "number" then bad(1, ("packet %d has no time"):format(i)) end
  local flags = tostring(tcp.flags or "")
  return {
    p = p, index = i, time = p.time, sip = tostring(ip.src), dip = tostring(ip.dst), sport = tcp.sport, dport = tcp.dport,
    src = endpoint(ip.src, tcp.sport), dst = endpoint(ip.dst, tcp.dport),
    syn = flags:find("S", 1, true) ~= nil, fin = flags:find("F", 1, true) ~= nil,
    rst = flags:find("R", 1, true) ~= nil, has_ack = flags:find(".", 1, true) ~= nil,
    seq = tcp.seq or 0, ack = tcp.ack or 0, len = tcp.len or 0, win = tcp.win or 0,
  }
end

-- The TCP segments among PACKETS.
local function segments(packets)
  local segs = {}
  for i, p in ipairs(packets) do segs[#segs + 1] = segment(p, i) end
  return segs
end

-- Choosing the connection -------------------------------------------------------

-- Whether S's ends are those CONN names ({src =, sport =, dst =, dport =},
-- each optional), in either direction; PORT: one end's port.
local function matches(s, conn, port)
  if port and s.sport ~= port and s.dport ~= port then return false end
  if not conn then return true end
  local function one_way(a, ap, b, bp)
    return (conn.src == nil or conn.src == a) and (conn.sport == nil or conn.sport == ap)
      and (conn.dst == nil or conn.dst == b) and (conn.dport == nil or conn.dport == bp)
  end
  return one_way(s.sip, s.sport, s.dip, s.dport) or one_way(s.dip, s.dport, s.sip, s.sport)
end

-- Whether endpoint text FROM ("ip" or "ip:port") names S's source.
local function is_from(s, from)
  return from == s.src or from == s.sip
end

-- The first connection's segments among SEGS that OPTS selects.
local function connection(segs, opts)
  local ep = opts.from ~= "client" and opts.from ~= "server" and opts.from or nil
  return input.first_connection(segs,
    function(s) return matches(s, opts.conn, opts.port) and (not ep or is_from(s, ep) or ep == s.dst or ep == s.dip) end,
    function(s) return s.syn and not s.has_ack end)
end

-- The client's endpoint: the first SYN's sender, else the first segment's.
local function client(conn)
  for _, s in ipairs(conn) do
    if s.syn and not s.has_ack then return s.src, s.dst end
  end
  return conn[1].src, conn[1].dst
end

-- Payload bytes each endpoint sent.
local function bytes_sent(conn)
  local n = {}
  for _, s in ipairs(conn) do n[s.src] = (n[s.src] or 0) + s.len end
  return n
end

-- The data sender's and receiver's endpoints, from option FROM ("client",
-- "server", an address or "ip:port"; by default the side that sent more).
local function direction(conn, from)
  local c, srv = client(conn)
  if from == "client" then return c, srv end
  if from == "server" then return srv, c end
  if from then
    for _, s in ipairs(conn) do
      if is_from(s, from) then return s.src, s.dst end
    end
    return conn[1].dst, conn[1].src -- FROM sent nothing that was captured
  end
  local n = bytes_sent(conn)
  if (n[srv] or 0) > (n[c] or 0) then return srv, c end
  return c, srv
end

-- Sequence space ------------------------------------------------------------------

-- A - B in sequence space: signed, within +-2^31.
local function seqdiff(a, b)
  local d = (a - b) % MOD
  return d >= MOD // 2 and d - MOD or d
end

-- The sender's base (the seq of its SYN, else of its first segment).
local function base_of(conn, from)
  for _, s in ipairs(conn) do
    if s.src == from and s.syn then return s.seq end
  end
  for _, s in ipairs(conn) do
    if s.src == from then return s.seq end
  end
  for _, s in ipairs(conn) do
    if s.dst == from and s.has_ack then return s.ack end -- only its ACKs were seen
  end
  return 0
end

-- The window scale of the receiver's window: its SYN's wscale, when both
-- SYNs carried the option (RFC 7323); nil when no handshake was seen.
local function wscale_of(conn, from, to)
  local got = {}
  for _, s in ipairs(conn) do
    if s.syn and got[s.src] == nil then
      local o = s.p.tcp.options
      got[s.src] = type(o) == "table" and o.wscale or false
    end
  end
  if got[from] == nil or got[to] == nil then return nil end
  if not (got[from] and got[to]) then return 0 end
  return math.min(got[to], 14)
end

-- The model -------------------------------------------------------------------------

-- Whether the sender's segment S (relative SEQ, N sequence numbers) is
-- a keep-alive, as Wireshark tells them: at most one byte, one below the
-- next sequence number (ST.max), no SYN or FIN.
local function is_keepalive(s, seq, n, st)
  return st.max ~= nil and s.len <= 1 and not (s.syn or s.fin) and not s.rst and seq == st.max - 1 and n <= 1
end

-- Notes data segment S (from the sender) in model G: its relative range,
-- and whether it repeats bytes already sent (a retransmission). ST.keepalive:
-- whether it was a keep-alive, whose ACK is no duplicate.
local function add_data(g, s, st)
  local n = s.len + (s.syn and 1 or 0) + (s.fin and 1 or 0)
  local seq = seqdiff(s.seq, g.base)
  st.keepalive = is_keepalive(s, seq, n, st)
  if n == 0 then return end
  local again = st.max ~= nil and seq < st.max and not st.keepalive
  g.segments[#g.segments + 1] = {packet = s.index, time = s.time - g.t0, seq = seq, stop = seq + n, len = s.len,
    syn = s.syn, fin = s.fin, retransmission = again}
  if again then g.retransmissions = g.retransmissions + 1 end
  st.max = math.max(st.max or seq + n, seq + n)
end

-- The SACK blocks of receiver's segment S, relative, into model G.
local function add_sacks(g, s, t)
  local o = s.p.tcp.options
  local blocks = type(o) == "table" and o.sack
  if type(blocks) ~= "table" then return end
  for _, b in ipairs(blocks) do
    g.sacks[#g.sacks + 1] = {time = t, left = seqdiff(b[1], g.base), right = seqdiff(b[2], g.base)}
  end
end

-- Whether the receiver's segment S repeats its last ACK (PREV): a
-- duplicate ACK, by Wireshark's rule: no data, SYN, FIN or RST, the
-- receiver's next sequence number (ST.rnext), the same ack and the same
-- window, not zero (a zero window repeated answers a window probe), and
-- not the answer to a keep-alive (ST.keepalive). Whether bytes are still
-- out does not matter: an ACK repeated after the last byte is one too.
local function is_dup(s, prev, ack, st)
  return prev ~= nil and s.len == 0 and not (s.syn or s.fin) and s.win ~= 0 and prev.ack == ack
    and prev.win == s.win and s.seq == st.rnext and not st.keepalive
end

-- Notes the receiver's next sequence number after its segment S in ST.rnext.
local function advance_receiver(s, st)
  local stop = (s.seq + s.len + (s.syn and 1 or 0) + (s.fin and 1 or 0)) % MOD
  if st.rnext == nil or seqdiff(stop, st.rnext) > 0 then st.rnext = stop end
end

-- Notes the receiver's segment S in model G: its ACK, window edge
-- (ack + win << wscale; a SYN's window is never scaled), whether it is
-- a duplicate ACK, its SACK blocks and a zero window. ST: what
-- is_dup needs of both sides.
local function add_ack(g, s, st)
  if not s.has_ack or s.rst then return advance_receiver(s, st) end
  local t, ack = s.time - g.t0, seqdiff(s.ack, g.base)
  local shift = s.syn and 0 or g.wscale
  local prev = g.acks[#g.acks]
  local dup = is_dup(s, prev, ack, st)
  advance_receiver(s, st)
  if dup then
    st.dups = (st.dups or 0) + 1
    g.dup_acks[#g.dup_acks + 1] = {packet = s.index, time = t, ack = ack, n = st.dups}
  else
    st.dups = 0
  end
  g.acks[#g.acks + 1] = {packet = s.index, time = t, ack = ack, win = s.win, window = ack + (s.win << shift)}
  if s.win == 0 then g.zero_windows[#g.zero_windows + 1] = {time = t, ack = ack} end
  add_sacks(g, s, t)
end

-- The time-sequence model of connection CONN under OPTS.
local function model(conn, opts, skipped)
  local from, to = direction(conn, opts.from)
  local ws = wscale_of(conn, from, to)
  local g = {from = from, to = to, base = base_of(conn, from), t0 = conn[1].time,
    wscale = opts.wscale or ws or 0, wscale_known = opts.wscale ~= nil or ws ~= nil,
    segments = {}, acks = {}, dup_acks = {}, sacks = {}, zero_windows = {}, retransmissions = 0,
    duration = conn[#conn].time - conn[1].time, skipped = skipped}
  local st = {}
  for _, s in ipairs(conn) do
    if s.src == from then add_data(g, s, st) else add_ack(g, s, st) end
  end
  return g
end

-- Options ---------------------------------------------------------------------------

local FORMATS = {text = true, svg = true, table = true}
local OPTIONS = {format = true, width = true, height = true, port = true, conn = true,
  from = true, wscale = true, svg = true, title = true}

-- Raises unless V (option NAME) is an integer from LO to HI.
local function check_int(name, v, lo, hi)
  if v ~= nil and (math.type(v) ~= "integer" or v < lo or v > hi) then
    bad(2, ("%s: integer %d-%d expected, got %s"):format(name, lo, hi, tostring(v)))
  end
end

-- Raises unless CONN is nil or {src =, sport =, dst =, dport =}.
local function check_conn(conn)
  if conn == nil then return end
  if type(conn) ~= "table" then bad(2, ("conn: table expected, got %s"):format(type(conn))) end
  for k, v in pairs(conn) do
    if k == "src" or k == "dst" then
      if type(v) ~= "string" then bad(2, ("conn.%s: address string expected, got %s"):format(k, type(v))) end
    elseif k == "sport" or k == "dport" then
      check_int("conn." .. k, v, 0, 65535)
    else
      bad(2, ("conn: unknown field '%s'"):format(tostring(k)))
    end
  end
end

-- OPTS checked: nil or a table of known options of the right kinds.
local function check_opts(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then bad(2, ("table expected, got %s"):format(type(opts))) end
  for k in pairs(opts) do
    if not OPTIONS[k] then bad(2, ("unknown option '%s'"):format(tostring(k))) end
  end
  if opts.format ~= nil and not FORMATS[opts.format] then
    bad(2, ("format: \"text\", \"svg\" or \"table\" expected, got %s"):format(tostring(opts.format)))
  end
  local svg = opts.format == "svg" or opts.svg ~= nil
  check_int("width", opts.width, svg and 200 or 30, 20000)
  check_int("height", opts.height, svg and 150 or 8, 20000)
  check_int("port", opts.port, 0, 65535)
  check_int("wscale", opts.wscale, 0, 14)
  check_conn(opts.conn)
  for _, k in ipairs{"from", "svg", "title"} do
    if opts[k] ~= nil and type(opts[k]) ~= "string" then
      bad(2, ("%s: string expected, got %s"):format(k, type(opts[k])))
    end
  end
  return opts
end

-- What the options select, for the message when nothing matched.
local function wanted(opts)
  local parts = {}
  if opts.port then parts[#parts + 1] = "port " .. opts.port end
  for _, k in ipairs{"src", "sport", "dst", "dport"} do
    if opts.conn and opts.conn[k] then parts[#parts + 1] = k .. " " .. tostring(opts.conn[k]) end
  end
  if opts.from and opts.from ~= "client" and opts.from ~= "server" then parts[#parts + 1] = "endpoint " .. opts.from end
  return table.concat(parts, ", ")
end

-- The model of the connection OPTS selects among PACKETS.
local function build(packets, opts)
  local list = input.list(packets, function(msg) bad(1, msg) end)
  local segs = segments(list)
  if #segs == 0 then misuse(("seqgraph: no TCP segment among the %d packets"):format(#list)) end
  local conn = connection(segs, opts)
  if not conn then misuse(("seqgraph: no TCP connection with %s among the %d packets"):format(wanted(opts), #list)) end
  return model(conn, opts, #list - #conn)
end

-- netlab.seqgraph(packets[, opts]) -> text | svg | model | true: see the
-- file's head; opts.svg = path writes the SVG there (-> true | nil, msg, errno).
function M.seqgraph(packets, opts)
  local ok, g = pcall(function()
    opts = check_opts(opts)
    return build(packets, opts)
  end)
  if not ok then error(type(g) == "table" and g.seqgraph or g, type(g) == "table" and 2 or 0) end
  if opts.format == "table" then return g end
  local draw = require "netlab.seqgraph_draw"
  if opts.svg then
    return require("netlab.chart").write_file(opts.svg, draw.svg(g, opts))
  end
  if opts.format == "svg" then return draw.svg(g, opts) end
  return draw.text(g, opts)
end

M._seqdiff = seqdiff
return M
