-- netlab.plot_draw: plot.lua's panels drawn as text for a terminal
-- (exactly width x height characters) or as a standalone SVG document.
local chart = require "netlab.chart"

local M = {}

-- The lines' characters in text: each field's first letter not taken.
local function letters(m)
  local used, out = {}, {}
  for _, p in ipairs(m.panels) do
    for _, f in ipairs(p.fields) do
      local pick
      for ch in (f.name .. "123456789"):gmatch("%w") do
        if not used[ch] then pick = ch break end
      end
      pick = pick or "*"
      used[pick], out[f.name] = true, pick
    end
  end
  return out
end

-- Panel P's value axis, from 0 (or lower) to its highest value or ref.
local function yaxis(p, ticks)
  local lo, hi = 0, 0
  for _, f in ipairs(p.fields) do
    for _, pt in ipairs(f.points) do
      if pt then lo, hi = math.min(lo, pt[2]), math.max(hi, pt[2]) end
    end
  end
  for _, r in ipairs(p.refs) do lo, hi = math.min(lo, r.value), math.max(hi, r.value) end
  return chart.axis(lo, hi, ticks)
end

-- The default title: the fields plotted and how many samples.
local function title(m, opts)
  return opts.title or ("%s over time (%d samples)"):format(table.concat(m.fields, ", "), m.count)
end

-- Text ------------------------------------------------------------------------

-- How many plot rows each panel gets out of ROWS.
local function shares(n, rows)
  local out = {}
  for i = 1, n do out[i] = rows // n + (i <= rows % n and 1 or 0) end
  return out
end

-- Draws field F's line on canvas C (axes AX, AY) with character CH:
-- each sample a point, the columns between two samples interpolated.
local function text_line(c, ax, ay, f, ch)
  local prev
  for _, pt in ipairs(f.points) do
    if pt then
      local col = chart.col(c, ax, pt[1])
      if prev and col > prev.col + 1 then
        for k = prev.col + 1, col - 1 do
          local v = prev.v + (pt[2] - prev.v) * (k - prev.col) / (col - prev.col)
          chart.put(c, chart.row(c, ay, v), k, ch, 2)
        end
      end
      chart.put(c, chart.row(c, ay, pt[2]), col, ch, 3)
      prev = {col = col, v = pt[2]}
    else
      prev = nil
    end
  end
end

-- Panel P's header: its unit, each field's character and name, the refs.
local function text_header(p, chars)
  local parts = {p.unit .. ":"}
  for _, f in ipairs(p.fields) do
    parts[#parts + 1] = ("%s %s%s"):format(chars[f.name], f.name, f.any and "" or " (no value)")
  end
  for _, r in ipairs(p.refs) do parts[#parts + 1] = (". %s %s"):format(r.label or r.field, chart.num(r.value)) end
  return table.concat(parts, "  ")
end

-- The rows of panel P, ROWS high and COLS wide, with labels LW wide.
local function text_panel(p, ax, rows, cols, lw, chars)
  local c = chart.canvas(rows, cols)
  local ay = yaxis(p, math.max(rows // 3, 1))
  for _, r in ipairs(p.refs) do
    for col = 1, cols do chart.put(c, chart.row(c, ay, r.value), col, ".", 1) end
  end
  for i = #p.fields, 1, -1 do -- the first field named is drawn last, on top
    local f = p.fields[i]
    text_line(c, ax, ay, f, chars[f.name])
  end
  local labels, out = chart.text_ylabels(c, ay), {}
  for r = 1, rows do out[r] = ("%" .. lw .. "s|%s"):format(labels[r] or "", chart.row_text(c, r)) end
  return out
end

-- The widest y label of any panel when each has ROWS rows.
local function label_width(m, rows)
  local w = 1
  for i, p in ipairs(m.panels) do w = math.max(w, chart.ylabel_width(yaxis(p, math.max(rows[i] // 3, 1)))) end
  return w
end

-- The height model M needs at least: text lines, or SVG px.
function M.min_height(m, svg)
  return svg and 40 + 80 * #m.panels or 3 + 3 * #m.panels
end

-- Model M as text: WIDTH x HEIGHT characters (80 x 24), lines joined.
function M.text(m, opts)
  local w, h = opts.width or 80, opts.height or 24
  local rows = shares(#m.panels, h - 3 - #m.panels)
  local lw, chars = label_width(m, rows), letters(m)
  local ax = chart.axis(m.t0, m.t1, 6)
  local lines = {chart.fit(title(m, opts), w)}
  local c
  for i, p in ipairs(m.panels) do
    lines[#lines + 1] = chart.fit(text_header(p, chars), w)
    for _, l in ipairs(text_panel(p, ax, rows[i], w - lw - 1, lw, chars)) do lines[#lines + 1] = l end
    c = c or chart.canvas(rows[i], w - lw - 1)
  end
  local line, ticks = chart.text_xaxis(c, ax, lw, " s")
  lines[#lines + 1], lines[#lines + 2] = line, ticks
  return table.concat(lines, "\n") .. "\n"
end

-- SVG -------------------------------------------------------------------------

local COLORS = {"#1a5fb4", "#c01c28", "#26a269", "#e66100", "#613583", "#865e3c", "#0f7b8a", "#a51d2d"}

local STYLE = [[
text { font-family: sans-serif; font-size: 12px; fill: #222; }
.title { font-size: 14px; font-weight: bold; }
.tick { font-size: 11px; fill: #555; }
.axis { font-size: 12px; fill: #333; }
.frame { fill: none; stroke: #888; }
.grid { stroke: #e4e4e4; }
.series { fill: none; stroke-width: 1.5; }
.ref { stroke: #555; stroke-dasharray: 6 4; }]]

-- The polylines of field F (a new one after each gap), in colour COLOR.
local function svg_series(b, ax, ay, f, color)
  local out, pts = {}, {}
  local function flush()
    if #pts > 0 then
      out[#out + 1] = ('<polyline class="series" data-field="%s" stroke="%s" points="%s"><title>%s</title></polyline>')
        :format(chart.xml(f.name), color, table.concat(pts, " "), chart.xml(f.name))
    end
    pts = {}
  end
  for _, pt in ipairs(f.points) do
    if pt then
      pts[#pts + 1] = ("%.1f,%.1f"):format(chart.svg_xy(b, ax, ay, pt[1], pt[2]))
    else
      flush()
    end
  end
  flush()
  return table.concat(out, "\n")
end

-- Panel P's legend, right-aligned above its box B.
local function svg_legend(p, b, colors)
  local out, x = {}, b.x + b.w
  local items = {}
  for _, f in ipairs(p.fields) do items[#items + 1] = {f.name .. (f.any and "" or " (no value)"), colors[f.name]} end
  for i = #items, 1, -1 do
    local text, color = items[i][1], items[i][2]
    out[#out + 1] = chart.svg_text(x, b.y - 6, "end", text)
    x = x - #text * 6.5 - 4
    out[#out + 1] = ('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>')
      :format(x - 14, b.y - 10, x, b.y - 10, color)
    x = x - 26
  end
  return table.concat(out, "\n")
end

-- Panel P in box B: axes, reference lines, a polyline per field.
local function svg_panel(p, b, ax, last, colors)
  local ay = yaxis(p, math.max(b.h // 40, 2))
  local out = {chart.svg_axes(b, ax, ay, last and "time (s)" or "", p.unit), svg_legend(p, b, colors)}
  for _, r in ipairs(p.refs) do
    local _, y = chart.svg_xy(b, ax, ay, ax.lo, r.value)
    out[#out + 1] = ('<line class="ref" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>'):format(b.x, y, b.x + b.w, y)
    out[#out + 1] = chart.svg_text(b.x + b.w - 4, y - 4, "end", ("%s %s"):format(r.label or r.field, chart.num(r.value)))
  end
  for _, f in ipairs(p.fields) do out[#out + 1] = svg_series(b, ax, ay, f, colors[f.name]) end
  return table.concat(out, "\n")
end

-- Model M as a standalone SVG document, WIDTH x HEIGHT px (900 x 200 a panel).
function M.svg(m, opts)
  local n = #m.panels
  local w, h = opts.width or 900, opts.height or (40 + 200 * n)
  local colors, k = {}, 0
  for _, p in ipairs(m.panels) do
    for _, f in ipairs(p.fields) do k = k + 1 colors[f.name] = COLORS[(k - 1) % #COLORS + 1] end
  end
  local ax = chart.axis(m.t0, m.t1, math.max((w - 100) // 100, 2))
  local each = (h - 40) / n
  local out = {chart.svg_open(w, h, STYLE), chart.svg_text(10, 18, "start", title(m, opts), ' class="title"')}
  for i, p in ipairs(m.panels) do
    local b = {x = 80, y = 40 + (i - 1) * each + 22, w = w - 100, h = each - 22 - 36}
    out[#out + 1] = svg_panel(p, b, ax, i == n, colors)
  end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n") .. "\n"
end

return M
