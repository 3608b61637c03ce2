-- netlab.chart: what the x/y pictures (seqgraph, plot) share: axis
-- scales with round ticks, a character canvas for the terminal, and the
-- pieces of a standalone SVG document.
local M = {}

-- Numbers -------------------------------------------------------------------

-- A round step (1, 2 or 5 times a power of ten) giving about N ticks over SPAN.
local function nice_step(span, n)
  local raw = span / math.max(n, 1)
  local p = 10 ^ math.floor(math.log(raw, 10))
  for _, m in ipairs{1, 2, 5, 10} do
    if m * p >= raw then return m * p end
  end
  return 10 * p
end

-- An axis from 0 (or LO) to at least HI with about N round ticks:
-- {lo =, hi =, step =, ticks = {v, ...}}; HI is rounded up to a tick.
function M.axis(lo, hi, n)
  lo = lo or 0
  if not (hi > lo) then hi = lo + 1 end
  local step = nice_step(hi - lo, n)
  lo = math.floor(lo / step + 1e-9) * step
  local top = lo + math.ceil((hi - lo) / step - 1e-9) * step
  local ticks = {}
  for i = 0, math.floor((top - lo) / step + 0.5) do ticks[#ticks + 1] = lo + i * step end
  return {lo = lo, hi = top, step = step, ticks = ticks}
end

-- V as an axis label: "0", "0.25", "0.00005", "1448", "150k", "2.5M".
function M.num(v)
  local a = math.abs(v)
  if a >= 1e6 and v % 1e5 == 0 then return ("%gM"):format(v / 1e6) end
  if a >= 1e4 and v % 100 == 0 then return ("%gk"):format(v / 1e3) end
  if v == math.floor(v) then return ("%d"):format(v) end
  local decimals = math.min(math.max(3 - math.floor(math.log(a, 10)), 0), 9) -- 4 digits, no noise
  return (("%." .. decimals .. "f"):format(v):gsub("0+$", ""):gsub("%.$", ""))
end

-- V's place between the axis A's ends, from 0 to 1.
function M.frac(a, v)
  return (v - a.lo) / (a.hi - a.lo)
end

-- Text ----------------------------------------------------------------------

-- A canvas of ROWS x COLS cells; each cell keeps the character of the
-- highest priority put there.
function M.canvas(rows, cols)
  local c = {rows = rows, cols = cols, ch = {}, pri = {}}
  for r = 1, rows do c.ch[r], c.pri[r] = {}, {} end
  return c
end

-- Puts character CH of priority PRI at ROW, COL (1-based; outside: ignored).
function M.put(c, row, col, ch, pri)
  if row < 1 or row > c.rows or col < 1 or col > c.cols then return end
  if (c.pri[row][col] or 0) <= pri then c.ch[row][col], c.pri[row][col] = ch, pri end
end

-- Row R of canvas C as text, blanks where nothing was put.
function M.row_text(c, r)
  local out = {}
  for col = 1, c.cols do out[col] = c.ch[r][col] or " " end
  return table.concat(out)
end

-- The canvas column (1..cols) of value V on axis A.
function M.col(c, a, v)
  return math.floor(M.frac(a, v) * (c.cols - 1) + 0.5) + 1
end

-- The canvas row (1 at the top) of value V on axis A.
function M.row(c, a, v)
  return c.rows - math.floor(M.frac(a, v) * (c.rows - 1) + 0.5)
end

-- S cut to W characters, or padded with blanks to W.
function M.fit(s, w)
  if #s > w then return s:sub(1, w) end
  return s .. (" "):rep(w - #s)
end

-- The x axis under a plot COLS wide after LEFT columns of labels: the
-- line with its tick marks, and the line of tick labels, UNIT at its end.
function M.text_xaxis(c, a, left, unit)
  local line, labels = {}, {}
  for i = 1, c.cols do line[i], labels[i] = "-", " " end
  local free = 1 -- the first label column not yet written
  for _, v in ipairs(a.ticks) do
    local col = M.col(c, a, v)
    line[col] = "+"
    local text = M.num(v)
    local at = math.min(math.max(col - #text // 2, free), c.cols - #text - #unit)
    if at >= free then
      for k = 1, #text do labels[at + k - 1] = text:sub(k, k) end
      free = at + #text + 1
    end
  end
  for k = 1, #unit do labels[c.cols - #unit + k] = unit:sub(k, k) end
  local pad = (" "):rep(left)
  return pad .. "+" .. table.concat(line), pad .. " " .. table.concat(labels)
end

-- The y-axis labels of canvas C's rows for axis A: row -> label text.
function M.text_ylabels(c, a)
  local at = {}
  for _, v in ipairs(a.ticks) do at[M.row(c, a, v)] = M.num(v) end
  return at
end

-- The widest y label axis A's ticks give.
function M.ylabel_width(a)
  local w = 1
  for _, v in ipairs(a.ticks) do w = math.max(w, #M.num(v)) end
  return w
end

-- SVG -----------------------------------------------------------------------

-- S with &, <, >, " and ' escaped for XML text and attributes.
function M.xml(s)
  local map = {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;"}
  return (tostring(s):gsub("[&<>\"']", map))
end

-- A <text> element at X, Y anchored ANCHOR, with optional extra attributes.
function M.svg_text(x, y, anchor, text, extra)
  return ('<text x="%.1f" y="%.1f" text-anchor="%s"%s>%s</text>')
    :format(x, y, anchor, extra or "", M.xml(text))
end

-- The head of a standalone SVG document W x H px with style sheet STYLE.
function M.svg_open(w, h, style)
  return table.concat({
    '<?xml version="1.0" encoding="UTF-8"?>',
    ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">'):format(w, h, w, h),
    "<style>", style, "</style>",
    ('<rect x="0" y="0" width="%d" height="%d" fill="#fff"/>'):format(w, h),
  }, "\n")
end

-- The box B = {x =, y =, w =, h =} of a plot's area, its grid lines and
-- tick labels for axes AX (x) and AY (y), and the axes' titles.
function M.svg_axes(b, ax, ay, xtitle, ytitle, yfmt)
  yfmt = yfmt or M.num
  local out = {('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="frame"/>'):format(b.x, b.y, b.w, b.h)}
  for _, v in ipairs(ax.ticks) do
    local x = b.x + M.frac(ax, v) * b.w
    out[#out + 1] = ('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="grid"/>'):format(x, b.y, x, b.y + b.h)
    out[#out + 1] = M.svg_text(x, b.y + b.h + 14, "middle", M.num(v), ' class="tick"')
  end
  for _, v in ipairs(ay.ticks) do
    local y = b.y + b.h - M.frac(ay, v) * b.h
    out[#out + 1] = ('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="grid"/>'):format(b.x, y, b.x + b.w, y)
    out[#out + 1] = M.svg_text(b.x - 4, y + 4, "end", yfmt(v), ' class="tick"')
  end
  out[#out + 1] = M.svg_text(b.x + b.w / 2, b.y + b.h + 30, "middle", xtitle, ' class="axis"')
  out[#out + 1] = M.svg_text(b.x, b.y - 6, "start", ytitle, ' class="axis"')
  return table.concat(out, "\n")
end

-- SVG X, Y coordinates of the point (VX, VY) in box B with axes AX, AY.
function M.svg_xy(b, ax, ay, vx, vy)
  return b.x + M.frac(ax, vx) * b.w, b.y + b.h - M.frac(ay, vy) * b.h
end

-- Writes TEXT to the file at PATH -> true | nil, msg, errno.
function M.write_file(path, text)
  local f, err, code = io.open(path, "w")
  if not f then return nil, err, code end
  local ok, werr, wcode = f:write(text)
  f:close()
  if not ok then return nil, werr, wcode end
  return true
end

return M
