-- netlab.seqgraph_draw: the time-sequence model of seqgraph.lua drawn as
-- text for a terminal (exactly width x height characters) or as a
-- standalone SVG document.
local chart = require "netlab.chart"

local M = {}

-- The value ranges of model G: {t = time axis, y = sequence axis}.
local function axes(g, xticks, yticks)
  local lo, hi = 0, 1
  local function see(v) lo, hi = math.min(lo, v), math.max(hi, v) end
  for _, s in ipairs(g.segments) do see(s.seq) see(s.stop) end
  for _, a in ipairs(g.acks) do see(a.ack) see(a.window) end
  for _, s in ipairs(g.sacks) do see(s.left) see(s.right) end
  return {t = chart.axis(0, math.max(g.duration, 1e-6), xticks), y = chart.axis(lo, hi, yticks)}
end

-- The title line: which direction, what was counted, the window scale.
local function title(g, opts)
  if opts.title then return opts.title end
  local n = g.retransmissions
  local scale = g.wscale_known and ("wscale %d"):format(g.wscale) or "wscale 0 (assumed)"
  return ("%s > %s: %d segment%s, %d retrans, %s"):format(g.from, g.to,
    #g.segments, #g.segments == 1 and "" or "s", n, scale)
end

-- Text ------------------------------------------------------------------------

local LEGEND = "| data  R retransmission  - ack  D dup ack  = window  S sack  Z zero window"

-- For each column of canvas C, the value of the step line through
-- POINTS (time, value) at that column: col -> value.
local function steps(c, ax, points, key)
  local at, out = {}, {}
  for _, p in ipairs(points) do at[chart.col(c, ax, p.time)] = p[key] end
  local v
  for col = 1, c.cols do
    v = at[col] or v
    out[col] = v
  end
  return out
end

-- Draws the step line of POINTS' field KEY on canvas C with character CH.
local function text_steps(c, a, points, key, ch, pri)
  for col, v in pairs(steps(c, a.t, points, key)) do
    chart.put(c, chart.row(c, a.y, v), col, ch, pri)
  end
end

-- Draws a vertical bar from value LO to HI at time T.
local function text_bar(c, a, t, lo, hi, ch, pri)
  local col = chart.col(c, a.t, t)
  for r = chart.row(c, a.y, hi), chart.row(c, a.y, lo) do chart.put(c, r, col, ch, pri) end
end

-- The canvas of model G with axes A.
local function text_canvas(g, a, rows, cols)
  local c = chart.canvas(rows, cols)
  text_steps(c, a, g.acks, "window", "=", 1)
  text_steps(c, a, g.acks, "ack", "-", 2)
  for _, s in ipairs(g.segments) do
    text_bar(c, a, s.time, s.seq, s.stop, s.retransmission and "R" or "|", s.retransmission and 6 or 3)
  end
  for _, d in ipairs(g.dup_acks) do
    chart.put(c, chart.row(c, a.y, d.ack), chart.col(c, a.t, d.time), "D", 2.5)
  end
  for _, s in ipairs(g.sacks) do text_bar(c, a, s.time, s.left, s.right, "S", 4) end
  for _, z in ipairs(g.zero_windows) do
    chart.put(c, chart.row(c, a.y, z.ack), chart.col(c, a.t, z.time), "Z", 5)
  end
  return c
end

-- Model G as text: WIDTH x HEIGHT characters (80 x 24), lines joined.
function M.text(g, opts)
  local w, h = opts.width or 80, opts.height or 24
  local rows = h - 4
  local a = axes(g, 6, math.max(rows // 4, 1))
  local lw = chart.ylabel_width(a.y)
  local c = text_canvas(g, a, rows, w - lw - 1)
  local labels = chart.text_ylabels(c, a.y)
  local lines = {chart.fit(title(g, opts), w), chart.fit(LEGEND, w)}
  for r = 1, rows do
    lines[#lines + 1] = ("%" .. lw .. "s|%s"):format(labels[r] or "", chart.row_text(c, r))
  end
  local line, ticks = chart.text_xaxis(c, a.t, lw, " s")
  lines[#lines + 1], lines[#lines + 2] = line, ticks
  return table.concat(lines, "\n") .. "\n"
end

-- SVG -------------------------------------------------------------------------

local STYLE = [[
text { font-family: sans-serif; font-size: 12px; fill: #222; }
.title { font-size: 14px; font-weight: bold; }
.tick { font-size: 11px; fill: #555; }
.axis { font-size: 12px; fill: #333; }
.frame { fill: none; stroke: #888; }
.grid { stroke: #e4e4e4; }
.seg { stroke: #222; stroke-width: 1.2; fill: none; }
.retrans { stroke: #d01c28; stroke-width: 2; }
.rmark { font-size: 10px; font-weight: bold; fill: #d01c28; }
.ack { stroke: #26a269; stroke-width: 1.2; fill: none; }
.win { stroke: #c89a00; stroke-width: 1.2; fill: none; }
.dupack { stroke: #26a269; stroke-width: 2; }
.sack { stroke: #1a5fb4; stroke-width: 3; opacity: 0.7; }
.zerowin { fill: #e66100; stroke: #222; }]]

-- The path of a step line through POINTS' field KEY, on to the box's end.
local function svg_steps(b, a, points, key, cls, name)
  if #points == 0 then return "" end
  local d = {}
  for i, p in ipairs(points) do
    local x, y = chart.svg_xy(b, a.t, a.y, p.time, p[key])
    d[#d + 1] = (i == 1 and "M%.1f %.1f" or "H%.1f V%.1f"):format(x, y)
  end
  d[#d + 1] = ("H%.1f"):format(b.x + b.w)
  return ('<path class="%s" d="%s"><title>%s</title></path>'):format(cls, table.concat(d, " "), name)
end

-- Segment S as an I-beam from its first to its last sequence number.
local function svg_segment(b, a, s)
  local x, y1 = chart.svg_xy(b, a.t, a.y, s.time, s.seq)
  local _, y2 = chart.svg_xy(b, a.t, a.y, s.time, s.stop)
  local what = ("%.6f s: seq %d:%d, %d bytes%s%s%s"):format(s.time, s.seq, s.stop, s.len,
    s.syn and ", SYN" or "", s.fin and ", FIN" or "", s.retransmission and " (retransmission)" or "")
  local path = ('<path class="seg%s" d="M%.1f %.1f H%.1f M%.1f %.1f V%.1f M%.1f %.1f H%.1f"><title>%s</title></path>')
    :format(s.retransmission and " retrans" or "", x - 2, y1, x + 2, x, y1, y2, x - 2, y2, x + 2, chart.xml(what))
  if not s.retransmission then return path end
  return path .. "\n" .. chart.svg_text(x, y2 - 3, "middle", "R", ' class="rmark"') -- as tcptrace marks them
end

-- SACK block S, just right of its ACK's time.
local function svg_sack(b, a, s)
  local x, y1 = chart.svg_xy(b, a.t, a.y, s.time, s.left)
  local _, y2 = chart.svg_xy(b, a.t, a.y, s.time, s.right)
  return ('<line class="sack" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"><title>%.6f s: SACK %d:%d</title></line>')
    :format(x + 3, y1, x + 3, y2, s.time, s.left, s.right)
end

-- Duplicate ACK D: a short tick across the ACK line.
local function svg_dup(b, a, d)
  local x, y = chart.svg_xy(b, a.t, a.y, d.time, d.ack)
  return ('<path class="dupack" d="M%.1f %.1f V%.1f"><title>%.6f s: duplicate ACK %d of ack %d</title></path>')
    :format(x, y - 5, y + 5, d.time, d.n, d.ack)
end

-- Zero window Z: a dot on the ACK line.
local function svg_zero(b, a, z)
  local x, y = chart.svg_xy(b, a.t, a.y, z.time, z.ack)
  return ('<circle class="zerowin" cx="%.1f" cy="%.1f" r="4"><title>%.6f s: zero window at ack %d</title></circle>')
    :format(x, y, z.time, z.ack)
end

-- The legend, in the line under the title.
local function svg_legend(x, y)
  local items = {{"seg", "data segment"}, {"seg retrans", "retransmission"}, {"ack", "ACK"}, {"dupack", "dup ACK"},
    {"win", "receive window (ack + win << wscale)"}, {"sack", "SACK block"}}
  local out = {}
  for _, it in ipairs(items) do
    out[#out + 1] = ('<line class="%s key" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>'):format(it[1], x, y - 4, x + 14, y - 4)
    out[#out + 1] = chart.svg_text(x + 18, y, "start", it[2])
    x = x + 34 + #it[2] * 6.5
  end
  out[#out + 1] = ('<circle class="zerowin key" cx="%.1f" cy="%.1f" r="4"/>'):format(x + 4, y - 4)
  out[#out + 1] = chart.svg_text(x + 12, y, "start", "zero window")
  return table.concat(out, "\n")
end

-- Model G as a standalone SVG document, WIDTH x HEIGHT px (900 x 540).
function M.svg(g, opts)
  local w, h = opts.width or 900, opts.height or 540
  local b = {x = 80, y = 62, w = w - 100, h = h - 62 - 44}
  local a = axes(g, math.max(b.w // 100, 2), math.max(b.h // 50, 2))
  local out = {chart.svg_open(w, h, STYLE),
    chart.svg_text(10, 18, "start", title(g, opts), ' class="title"'), svg_legend(10, 38),
    chart.svg_axes(b, a.t, a.y, "time (s)", "sequence number (relative, bytes)"),
    svg_steps(b, a, g.acks, "window", "win", "receive window"), svg_steps(b, a, g.acks, "ack", "ack", "ACK")}
  for _, s in ipairs(g.sacks) do out[#out + 1] = svg_sack(b, a, s) end
  for _, d in ipairs(g.dup_acks) do out[#out + 1] = svg_dup(b, a, d) end
  for _, z in ipairs(g.zero_windows) do out[#out + 1] = svg_zero(b, a, z) end
  for pass = 1, 2 do -- retransmissions last, on top of the SACK blocks beside them
    for _, s in ipairs(g.segments) do
      if s.retransmission == (pass == 2) then out[#out + 1] = svg_segment(b, a, s) end
    end
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n") .. "\n"
end

return M
