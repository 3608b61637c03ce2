-- netlab.top_draw: a netlab.top view as text laid out as iftop lays out
-- its screen (iftop 1.0's ui.c, with -n -N -P -T: numbers, ports, and
-- each line's cumulative total): the bar scale on top, two lines per
-- connection ("=>" what the left end sent, "<=" what it received) with
-- the cumulative bytes and the 2, 10 and 40 s rates at the right, the
-- interfaces the same way, and the TX / RX / TOTAL footer with cum,
-- peak and rates. Rates are bits per second and sizes bytes, in iftop's
-- units: b, Kb, Mb, Gb and B, KB, MB, GB, each 1024 times the last.
-- ASCII only: "+" and "-" draw the scale's line where curses draws
-- box characters.
local M = {}

local RATE_UNITS = {"b", "Kb", "Mb", "Gb"}
local SIZE_UNITS = {"B", "KB", "MB", "GB"}
local COL = 8 -- the width of each number column, as in iftop

-- N (bits or bytes) in iftop's readable_size: " 1.23Mb", " 12.3KB", "  640B".
local function readable(n, units)
  local size, i = 1, 1
  while true do
    if n < size * 1000 or i == #units then return (" %4.0f%s"):format(n / size, units[i]) end
    i, size = i + 1, size * 1024
    if n < size * 10 then return (" %4.2f%s"):format(n / size, units[i]) end
    if n < size * 100 then return (" %4.1f%s"):format(n / size, units[i]) end
  end
end
M.readable = readable

-- A rate of BPS bytes per second as iftop writes it: in bits.
function M.rate(bps) return readable(math.max(bps, 0) * 8, RATE_UNITS) end
-- A size of N bytes as iftop writes it.
function M.size(n) return readable(math.max(n, 0), SIZE_UNITS) end

-- A line of W blank cells to write text into at columns.
local function line(w)
  local cells = {}
  for i = 1, w do cells[i] = " " end
  return cells
end

-- Writes S into cells C from column X (0-based, as curses counts); what
-- falls past the edge is cut.
local function put(c, x, s)
  for i = 1, #s do
    if x + i <= #c and x + i >= 1 then c[x + i] = s:sub(i, i) end
  end
end

-- The cells as text, trailing blanks left out.
local function text(c) return (table.concat(c):gsub(" +$", "")) end

-- iftop's bar scales (bits/s): the first one above every rate shown.
local SCALES = {64000, 128000, 256000, 1000000, 10000000, 100000000, 1000000000}

-- The scale's top (bits/s) for the largest rate in VIEW.
local function scale_max(view)
  local top = 0
  for _, list in ipairs{view.conns, view.ifaces} do
    for _, r in ipairs(list) do
      for w = 1, 3 do top = math.max(top, r.sent_rates[w] * 8, r.recv_rates[w] * 8) end
    end
  end
  for _, max in ipairs(SCALES) do
    if top <= max then return max end
  end
  return SCALES[#SCALES]
end

-- The two lines of the bar scale W wide up to MAX bits/s: five labels
-- at fifths of it (linear, as iftop draws by default), then the line
-- with a "+" under each.
local function scale_lines(w, max)
  local labels, rule = line(w), line(w)
  for x = 1, w do rule[x] = "-" end
  rule[1] = "+"
  for k = 1, 5 do
    local label = M.rate(max * k / 5 / 8):gsub("^ +", "")
    local x = math.floor(k / 5 * w)
    if x < w then rule[x + 1] = "+" end
    put(labels, math.min(x, w - #label), label)
  end
  return {text(labels), text(rule)}
end

-- An endpoint cut to L columns as iftop's sprint_host cuts it: the port
-- always shows, the address gives way.
local function endpoint(addr, port, l)
  local service = ":" .. port
  local host = addr:find(":", 1, true) and "[" .. addr .. "]" or addr
  if #host + #service > l then host = host:sub(1, math.max(l - #service, 0)) end
  return (host .. service):sub(1, l)
end

-- The two lines of one pair: LEFT => RIGHT with R's sent numbers, then
-- <= with its received ones; W wide, host columns L wide.
local function pair_lines(w, l, left, right, r)
  local up, down = line(w), line(w)
  put(up, 0, left)
  put(up, l, " => ")
  put(down, l, " <= ")
  put(up, l + 4, right)
  put(up, w - COL * 4, M.size(r.sent))
  put(down, w - COL * 4, M.size(r.recv))
  for k = 1, 3 do
    put(up, w - COL * (4 - k), M.rate(r.sent_rates[k]))
    put(down, w - COL * (4 - k), M.rate(r.recv_rates[k]))
  end
  return text(up), text(down)
end

-- The footer's three lines for totals T (iftop's TX, RX, TOTAL).
local function footer(w, t)
  local out = {}
  local rows = {
    {"TX: ", t.sent, t.peak.sent, t.sent_rates},
    {"RX: ", t.recv, t.peak.recv, t.recv_rates},
    {"TOTAL: ", t.total, t.peak.total, t.total_rates},
  }
  for i, row in ipairs(rows) do
    local c = line(w)
    put(c, 0, row[1])
    if i == 1 then put(c, 16, "cum: ") put(c, 32, "peak: ") put(c, w - COL * 4, "rates:") end
    put(c, 22, M.size(row[2]))
    put(c, 39, M.rate(row[3]))
    for k = 1, 3 do put(c, w - COL * (4 - k), M.rate(row[4][k])) end
    out[i] = text(c)
  end
  return out
end

-- The pairs' lines of VIEW, connections then interfaces, W wide; with
-- their rows (two lines each) so a caller can mark bars.
local function pairs_of(view, w)
  local l = math.floor((w - COL * 3 - 4) / 2) - 4
  local lines, rows = {}, {}
  local function add(left, right, r)
    local up, down = pair_lines(w, l, left, right, r)
    lines[#lines + 1], lines[#lines + 2] = up, down
    rows[#rows + 1] = r
  end
  for _, r in ipairs(view.conns) do
    add(endpoint(r.src, r.sport, l), endpoint(r.dst, r.dport, l), r)
  end
  for _, r in ipairs(view.ifaces) do
    add((r.host .. ":" .. r.name):sub(1, l), "(interface)", r)
  end
  return lines, rows
end

-- text(view[, {width =, height =}]) -> the view as iftop's screen, a
-- newline after each line; HEIGHT (lines) drops the last pairs so the
-- footer still shows. Also the bar scale's top, the pairs' rows and the
-- line each starts at (for marking bars).
function M.text(view, opts)
  opts = opts or {}
  local w = opts.width or 80
  local max = scale_max(view)
  local out = scale_lines(w, max)
  local lines, rows = pairs_of(view, w)
  local room = opts.height and math.max(opts.height - #out - 4, 0) or #lines
  local starts = {}
  for i = 1, math.min(#lines, room - room % 2) do
    out[#out + 1] = lines[i]
    if i % 2 == 1 then starts[#starts + 1] = #out end
  end
  out[#out + 1] = ("-"):rep(w)
  for _, l in ipairs(footer(w, view.totals)) do out[#out + 1] = l end
  return table.concat(out, "\n") .. "\n", max, rows, starts
end

-- The bar's length in columns (iftop's get_bar_length, linear) of BPS
-- bytes/s on a scale up to MAX bits/s, W wide.
local function bar_length(bps, max, w)
  if bps <= 0 then return 0 end
  return math.min(math.floor(bps * 8 / max * w), w)
end

-- LINE with its first N columns in reverse video (a terminal's bar).
local function reverse(s, n, w)
  if n <= 0 then return s end
  s = s .. (" "):rep(math.max(w - #s, 0))
  return "\27[7m" .. s:sub(1, n + 1) .. "\27[0m" .. s:sub(n + 2)
end

-- ansi(view, {width =, height =}) -> the text with each pair's 10 s
-- rate drawn as a reverse-video bar under its lines, as iftop draws them.
function M.ansi(view, opts)
  local w = opts.width or 80
  local body, max, rows, starts = M.text(view, opts)
  local lines = {}
  for l in body:gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
  for i, at in ipairs(starts) do
    local r = rows[i]
    lines[at] = reverse(lines[at], bar_length(r.sent_rates[2], max, w), w)
    lines[at + 1] = reverse(lines[at + 1], bar_length(r.recv_rates[2], max, w), w)
  end
  return table.concat(lines, "\n") .. "\n"
end

return M
