-- netlab.ladder: a TCP conversation drawn as a ladder (sequence) diagram.
--   print(netlab.ladder(cap))                      -- text, for a terminal
--   netlab.ladder(packets, {names = {"client", "server"}, format = "svg"})
-- Two columns, one per endpoint; time flows down; one arrow per segment,
-- labelled as the course writes them ("SYN,ACK seq=0 ack=1", sequence
-- numbers relative to each side's ISN); beside each column, that side's
-- TCP state after the segment, from a small state machine run on the
-- segments (the sender moves on sending, the receiver on receiving).
local input = require "netlab.packet_input"

local M = {}

local MOD = 0x100000000 -- sequence numbers live modulo 2^32
local STATE_WIDTH = #"ESTABLISHED" -- the longest state name

-- Packets in, segments out -------------------------------------------------

-- Raises MSG as a misuse of ladder (M.ladder reports it at the caller).
local function misuse(msg)
  error({ladder = msg})
end

-- Raises a "bad argument #1 to 'ladder'" error with MSG.
local function bad(msg)
  misuse(("bad argument #1 to 'ladder' (%s)"):format(msg))
end

local indexable = input.indexable

-- PACKETS as a list: a list, a capture, a pcap reader or a pcap file's path.
local function packet_list(packets)
  return input.list(packets, bad)
end

-- tcpdump's flag letters and the names the course gives them, in order.
local FLAGS = {{"S", "SYN"}, {"F", "FIN"}, {"P", "PSH"}, {"R", "RST"},
  {"U", "URG"}, {"E", "ECE"}, {"W", "CWR"}, {".", "ACK"}}

-- The set of flags in tcpdump's flag text ("S.", "FP.", "R").
local function parse_flags(text)
  local set = {}
  for _, f in ipairs(FLAGS) do
    if tostring(text or ""):find(f[1], 1, true) then set[f[2]] = true end
  end
  return set
end

-- "ip:port" ("[ip]:port" for IPv6).
local function endpoint(ip, port)
  local fmt = tostring(ip):find(":", 1, true) and "[%s]:%s" or "%s:%s"
  return fmt:format(tostring(ip), tostring(port))
end

-- Packet P's TCP segment as a plain table, or nil if it carries none.
local function segment(p)
  local tcp = p.tcp
  local ip = tcp and (p.ip or p.ip6)
  if not (ip and indexable(tcp)) then return nil end
  return {
    time = p.time, sip = ip.src, dip = ip.dst,
    src = endpoint(ip.src, tcp.sport), dst = endpoint(ip.dst, tcp.dport),
    flags = parse_flags(tcp.flags), seq = tcp.seq or 0, ack = tcp.ack or 0, len = tcp.len or 0,
  }
end

-- The TCP segments among PACKETS, and how many packets carried none.
local function segments(packets)
  local segs = {}
  for _, p in ipairs(packets) do segs[#segs + 1] = segment(p) end
  return segs, #packets - #segs
end

-- Choosing the conversation -------------------------------------------------

-- How many entries map NAMES has (0 for a list of names).
local function named_count(names)
  if not names or names[1] then return 0 end
  local n = 0
  for _ in pairs(names) do n = n + 1 end
  return n
end

-- The name NAMES gives the endpoint EP (ip:port) of address IP, if any.
local function name_of(names, ep, ip)
  if not names or names[1] then return nil end
  return names[ep] or names[tostring(ip)]
end

-- Whether S belongs to a conversation between the endpoints NAMES gives.
local function wanted(s, names)
  local want = math.min(named_count(names), 2)
  local got = (name_of(names, s.src, s.sip) and 1 or 0) + (name_of(names, s.dst, s.dip) and 1 or 0)
  return got >= want
end

-- The first conversation's segments (between NAMES' endpoints if given),
-- up to where a new connection reuses its 4-tuple.
local function conversation(segs, names)
  return input.first_connection(segs, function(s) return wanted(s, names) end,
    function(s) return s.flags.SYN and not s.flags.ACK end)
end

-- The two ends: the one that sent the first SYN (else the first segment)
-- is on the left.
local function ends(segs)
  local first = segs[1]
  for _, s in ipairs(segs) do
    if s.flags.SYN and not s.flags.ACK then first = s break end
  end
  return {ep = first.src, ip = first.sip}, {ep = first.dst, ip = first.dip}
end

-- Relative numbers ------------------------------------------------------------

-- How far sequence number A is past B, modulo 2^32.
local function seqdiff(a, b)
  return (a - b) % MOD
end

-- Whether sequence number A is at or past B.
local function seq_ge(a, b)
  return seqdiff(a, b) < MOD // 2
end

-- Each endpoint's base: the seq of its SYN, else of its first segment.
local function bases(segs)
  local base = {}
  for _, s in ipairs(segs) do
    if s.flags.SYN and base[s.src] == nil then base[s.src] = s.seq end
  end
  for _, s in ipairs(segs) do
    if base[s.src] == nil then base[s.src] = s.seq end
  end
  return base
end

-- The names of S's flags as the course writes them: "SYN,ACK".
local function flag_names(s)
  local out = {}
  for _, f in ipairs(FLAGS) do
    if s.flags[f[2]] then out[#out + 1] = f[2] end
  end
  return #out > 0 and table.concat(out, ",") or "none"
end

-- The arrow's label: "PSH,ACK seq=1:78 ack=1 len 77", numbers relative.
local function label(s, base)
  local f = s.flags
  local parts = {flag_names(s)}
  local seq = seqdiff(s.seq, base[s.src])
  if s.len > 0 then
    parts[#parts + 1] = ("seq=%d:%d"):format(seq, (seq + s.len) % MOD)
  elseif f.SYN or f.FIN or f.RST or not f.ACK then
    parts[#parts + 1] = ("seq=%d"):format(seq)
  end
  if f.ACK then
    local peer = base[s.dst]
    parts[#parts + 1] = ("ack=%d"):format(peer and seqdiff(s.ack, peer) or s.ack)
  end
  if s.len > 0 then parts[#parts + 1] = ("len %d"):format(s.len) end
  return table.concat(parts, " ")
end

-- The TCP state machine -------------------------------------------------------

-- The state after sending a FIN, by the state before.
local FIN_SENT = {ESTABLISHED = "FIN_WAIT_1", SYN_RECV = "FIN_WAIT_1", CLOSE_WAIT = "LAST_ACK"}
-- The state after our SYN or FIN is acknowledged, by the state before.
local ACKED = {SYN_SENT = "ESTABLISHED", SYN_RECV = "ESTABLISHED", FIN_WAIT_1 = "FIN_WAIT_2",
  CLOSING = "TIME_WAIT", LAST_ACK = "CLOSED"}
-- The state after the peer's FIN arrives, by the state before.
local FIN_RECEIVED = {ESTABLISHED = "CLOSE_WAIT", SYN_RECV = "CLOSE_WAIT", FIN_WAIT_1 = "CLOSING",
  FIN_WAIT_2 = "TIME_WAIT"}

-- Whether segment S acknowledges sequence number END.
local function acks(s, stop)
  return s.flags.ACK and stop ~= nil and seq_ge(s.ack, stop)
end

-- The sender's state after sending S (PEER: the other side). A FIN sent
-- without acknowledging a FIN already seen from the peer crossed it on the
-- wire: both are closing at once (CLOSING), not CLOSE_WAIT -> LAST_ACK.
local function on_send(me, peer, s)
  local f = s.flags
  if f.RST then me.state = "CLOSED" return end
  if f.SYN then
    me.syn_end = (s.seq + 1) % MOD
    if me.state == "CLOSED" and not f.ACK then me.state = "SYN_SENT" end
  end
  if f.FIN then
    me.fin_end = (s.seq + s.len + 1) % MOD
    local crossed = me.state == "CLOSE_WAIT" and not acks(s, peer.fin_end)
    me.state = crossed and "CLOSING" or FIN_SENT[me.state] or me.state
  end
end

-- The receiver's state after our SYN or FIN is acknowledged by S.
local function on_acked(me, s)
  local synning = me.state == "SYN_SENT" or me.state == "SYN_RECV"
  if me.state == "SYN_SENT" and not s.flags.SYN then return end
  if acks(s, synning and me.syn_end or me.fin_end) then
    me.state = ACKED[me.state] or me.state
  end
end

-- The receiver's state after S arrives.
local function on_receive(me, s)
  local f = s.flags
  if f.RST then
    if me.state ~= "LISTEN" then me.state = "CLOSED" end
    return
  end
  if f.SYN and not f.ACK then
    if me.state == "LISTEN" or me.state == "SYN_SENT" then me.state = "SYN_RECV" end
  elseif f.ACK then
    on_acked(me, s)
  end
  if f.FIN then me.state = FIN_RECEIVED[me.state] or me.state end
end

-- Whether S only repeats what its sender already sent (a retransmission);
-- notes in ME the highest sequence number sent.
local function retransmitted(me, s)
  local n = s.len + (s.flags.SYN and 1 or 0) + (s.flags.FIN and 1 or 0)
  if n == 0 then return false end
  local stop = (s.seq + n) % MOD
  if me.snd_max and seq_ge(me.snd_max, stop) then return true end
  me.snd_max = stop
  return false
end

-- The states the two sides start in: a SYN first means the left side is
-- CLOSED and the right one LISTEN (CLOSED if its first answer is a RST);
-- a capture that starts mid-way finds both ESTABLISHED.
local function initial_states(segs, left, right)
  local s1 = segs[1]
  if not (s1.flags.SYN and not s1.flags.ACK and s1.src == left.ep) then
    return "ESTABLISHED", "ESTABLISHED"
  end
  for _, s in ipairs(segs) do
    if s.src == right.ep then return "CLOSED", s.flags.RST and "CLOSED" or "LISTEN" end
  end
  return "CLOSED", "LISTEN"
end

-- The diagram -------------------------------------------------------------------

-- "%.6f" seconds since T0, or "" when the packet has no time.
local function reltime(t, t0)
  if type(t) ~= "number" or type(t0) ~= "number" then return "" end
  return ("%.6f"):format(t - t0)
end

-- One row per segment: time, direction, label and both states after it.
local function rows(segs, left, right)
  local base, side = bases(segs), {[left.ep] = left, [right.ep] = right}
  local out = {}
  for _, s in ipairs(segs) do
    local me, peer = side[s.src], side[s.dst]
    local again, before = retransmitted(me, s), {left.state, right.state}
    on_send(me, peer, s)
    on_receive(peer, s)
    out[#out + 1] = {
      time = reltime(s.time, segs[1].time), right = me == left,
      label = label(s, base) .. (again and " (retransmission)" or ""),
      again = again, rst = s.flags.RST, states = {left.state, right.state},
      changed = {left.state ~= before[1], right.state ~= before[2]},
    }
  end
  return out
end

-- Default names: client and server after a handshake, else A and B.
local function default_names(left)
  local syn = left.initial == "CLOSED"
  return syn and "client" or "A", syn and "server" or "B"
end

-- The two column headings' names, from option NAMES.
local function names_for(names, left, right)
  local l, r = default_names(left)
  if names and names[1] then return tostring(names[1]), tostring(names[2] or r) end
  return name_of(names, left.ep, left.ip) or l, name_of(names, right.ep, right.ip) or r
end

-- Everything a renderer draws, from the packets and the options.
local function diagram(packets, opts)
  local list = packet_list(packets)
  local segs, other = segments(list)
  if #segs == 0 then misuse(("ladder: no TCP segment among the %d packets"):format(#list)) end
  local conv = conversation(segs, opts.names)
  if not conv then misuse("ladder: no TCP conversation between the endpoints given in names") end
  local left, right = ends(conv)
  left.state, right.state = initial_states(conv, left, right)
  left.initial, right.initial = left.state, right.state
  local d = {left = left, right = right, skipped = other + #segs - #conv}
  left.name, right.name = names_for(opts.names, left, right)
  d.rows = rows(conv, left, right)
  return d
end

-- Text ----------------------------------------------------------------------------

-- The widest of the strings LIST, at least MIN.
local function widest(list, min)
  local w = min or 0
  for _, s in ipairs(list) do w = math.max(w, #s) end
  return w
end

-- The text diagram's column widths, for a total of WIDTH (80) if it fits.
local function text_columns(d, width)
  local c = {time = #"time", label = 0}
  for _, r in ipairs(d.rows) do
    c.time, c.label = math.max(c.time, #r.time), math.max(c.label, #r.label)
  end
  c.left = widest({d.left.name, d.left.ep}, STATE_WIDTH)
  c.right = widest({d.right.name, d.right.ep}, STATE_WIDTH)
  local fixed = c.time + 2 + c.left + 2 + 2 + c.right
  c.arrow = math.max(c.label + 8, (width or 80) - fixed)
  return c
end

-- An arrow W wide pointing right (or left), LABEL in its middle.
local function text_arrow(lbl, w, right)
  local dashes = w - #lbl - 3
  local a = dashes // 2
  local head, tail = ("-"):rep(a), ("-"):rep(dashes - a)
  if right then return head .. " " .. lbl .. " " .. tail .. ">" end
  return "<" .. head .. " " .. lbl .. " " .. tail
end

-- One line: time, left column, the space between lifelines, right column.
local function text_line(c, time, l, middle, r)
  local line = ("%" .. c.time .. "s  %" .. c.left .. "s |%s| %s"):format(time, l, middle, r)
  return (line:gsub("%s+$", ""))
end

-- The text diagram of D, lines joined with newlines.
local function render_text(d, width)
  local c = text_columns(d, width)
  local blank = (" "):rep(c.arrow)
  local lines = {
    text_line(c, "time", d.left.name, blank, d.right.name),
    text_line(c, "", d.left.ep, blank, d.right.ep),
    text_line(c, "", d.left.initial, blank, d.right.initial),
  }
  for _, r in ipairs(d.rows) do
    lines[#lines + 1] = text_line(c, r.time, r.states[1], text_arrow(r.label, c.arrow, r.right), r.states[2])
  end
  if d.skipped > 0 then
    lines[#lines + 1] = ("(%d packet%s of other flows not shown)"):format(d.skipped, d.skipped == 1 and "" or "s")
  end
  return table.concat(lines, "\n") .. "\n"
end

-- SVG -----------------------------------------------------------------------------

local CHAR = 7.2  -- px per character of the 12px monospace font
local ROW = 34    -- px between arrows
local SLANT = 18  -- px an arrow falls while it crosses
local TOP = 76    -- px above the first arrow (the headings)

-- S with &, <, >, " and ' escaped for XML text and attributes.
local function xml_escape(s)
  local map = {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;"}
  return (tostring(s):gsub("[&<>\"']", map))
end

-- A <text> element at X, Y anchored ANCHOR, with optional extra attributes.
local function svg_text(x, y, anchor, text, extra)
  return ('<text x="%.1f" y="%.1f" text-anchor="%s"%s>%s</text>')
    :format(x, y, anchor, extra or "", xml_escape(text))
end

-- The x positions of the SVG's columns, and its width.
local function svg_columns(d, width)
  local c = text_columns(d, nil)
  local g = {time = 10}
  g.xl = g.time + (c.time + 2) * CHAR + c.left * CHAR + 10
  g.xr = g.xl + math.max(c.label * CHAR + 60, (width or 0) - g.xl - c.right * CHAR - 20, 260)
  g.width = g.xr + 10 + c.right * CHAR + 10
  return g
end

-- The headings: names, endpoints and starting states above the lifelines.
local function svg_head(d, g)
  local out = {svg_text(g.time, TOP - 10, "start", "time", ' font-weight="bold"')}
  for i, side in ipairs{d.left, d.right} do
    local x, anchor = i == 1 and g.xl or g.xr, "middle"
    out[#out + 1] = svg_text(x, 18, anchor, side.name, ' font-weight="bold"')
    out[#out + 1] = svg_text(x, 34, anchor, side.ep)
    out[#out + 1] = svg_text(x + (i == 1 and -8 or 8), TOP - 10, i == 1 and "end" or "start",
      side.initial, ' class="state"')
  end
  return table.concat(out, "\n")
end

-- The two lifelines, down to BOTTOM.
local function svg_lifelines(g, bottom)
  local fmt = '<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" class="life"/>'
  return fmt:format(g.xl, 42, g.xl, bottom) .. "\n" .. fmt:format(g.xr, 42, g.xr, bottom)
end

-- Row R as SVG at height Y: a slanted arrow, its label along it, the time
-- and the states that changed (the sender's where the arrow starts, the
-- receiver's where it ends).
local function svg_row(r, g, y)
  local x1, x2 = r.right and g.xl or g.xr, r.right and g.xr or g.xl
  local cls = r.rst and "seg rst" or (r.again and "seg again" or "seg")
  local angle = math.deg(math.atan(SLANT, g.xr - g.xl)) * (r.right and 1 or -1)
  local mx, my = (x1 + x2) / 2, y + SLANT / 2 - 5
  local out = {
    ('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" class="%s" marker-end="url(#head)"/>')
      :format(x1, y, x2, y + SLANT, cls),
    svg_text(mx, my, "middle", r.label, (' transform="rotate(%.2f %.1f %.1f)"'):format(angle, mx, my)),
    svg_text(g.time, y + 4, "start", r.time, ' class="time"'),
  }
  local ly, ry = r.right and y or y + SLANT, r.right and y + SLANT or y
  if r.changed[1] then out[#out + 1] = svg_text(g.xl - 8, ly + 4, "end", r.states[1], ' class="state"') end
  if r.changed[2] then out[#out + 1] = svg_text(g.xr + 8, ry + 4, "start", r.states[2], ' class="state"') end
  return table.concat(out, "\n")
end

-- The SVG's style sheet and arrowhead.
local SVG_DEFS = [[
<style>
text { font-family: monospace; font-size: 12px; fill: #222; }
.state { fill: #1a5fb4; }
.time { fill: #666; }
.life { stroke: #888; stroke-width: 1.5; }
.seg { stroke: #222; stroke-width: 1.2; }
.again { stroke-dasharray: 5 3; }
.rst { stroke: #c01c28; }
</style>
<defs><marker id="head" markerWidth="10" markerHeight="8" refX="10" refY="4" orient="auto">
<path d="M0,0 L10,4 L0,8 z" fill="#222"/></marker></defs>]]

-- The SVG diagram of D: a standalone document.
local function render_svg(d, width)
  local g = svg_columns(d, width)
  local bottom = TOP + #d.rows * ROW + 10
  local height = bottom + (d.skipped > 0 and 30 or 10)
  local out = {
    '<?xml version="1.0" encoding="UTF-8"?>',
    ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">')
      :format(math.ceil(g.width), height, math.ceil(g.width), height),
    SVG_DEFS, svg_head(d, g), svg_lifelines(g, bottom),
  }
  for i, r in ipairs(d.rows) do out[#out + 1] = svg_row(r, g, TOP + (i - 1) * ROW) end
  if d.skipped > 0 then
    out[#out + 1] = svg_text(g.time, bottom + 20, "start", ("(%d packets of other flows not shown)"):format(d.skipped))
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n") .. "\n"
end

-- Options -------------------------------------------------------------------------

-- Raises a "bad argument #2 to 'ladder'" error with MSG.
local function bad_opt(msg)
  misuse(("bad argument #2 to 'ladder' (%s)"):format(msg))
end

-- OPTS checked: nil or a table with names, format and width of the right kinds.
local function check_opts(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then bad_opt(("table expected, got %s"):format(type(opts))) end
  if opts.names ~= nil and type(opts.names) ~= "table" then
    bad_opt(("names: table expected, got %s"):format(type(opts.names)))
  end
  if opts.format ~= nil and opts.format ~= "text" and opts.format ~= "svg" then
    bad_opt(("format: \"text\" or \"svg\" expected, got %s"):format(tostring(opts.format)))
  end
  if opts.width ~= nil and (math.type(opts.width) ~= "integer" or opts.width < 1) then
    bad_opt(("width: positive integer expected, got %s"):format(tostring(opts.width)))
  end
  return opts
end

-- netlab.ladder(packets[, {names =, format =, width =}]) -> text: the first
-- TCP conversation of PACKETS (a list, a capture, a pcap reader, a pcap
-- file's path) as a ladder diagram, in text or (format = "svg") a
-- standalone SVG document.
function M.ladder(packets, opts)
  local ok, d = pcall(function()
    opts = check_opts(opts)
    return diagram(packets, opts)
  end)
  if not ok then error(type(d) == "table" and d.ladder or d, type(d) == "table" and 2 or 0) end
  if opts.format == "svg" then return render_svg(d, opts.width) end
  return render_text(d, opts.width)
end

return M
