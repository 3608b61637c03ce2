-- netlab.plot: samples over time (netlab.tcp_sampler's tcp_info samples,
-- or any list of tables with a `time`) as panels of lines, one panel per
-- unit, sharing the time axis.
--   print(netlab.plot(samples))                          -- cwnd, ssthresh, rtt, inflight
--   netlab.plot(sampler, {"cwnd", "ssthresh"}, {svg = "cwnd.svg"})
--   netlab.plot(samples, {"inflight"}, {refs = {{field = "inflight", value = bdp, label = "BDP"}}})
-- Fields of one unit share a panel (cwnd and ssthresh in segments, rtt
-- in ms, inflight in bytes); a field this file does not know gets a
-- panel of its own. plot_draw.lua renders the panels.
local M = {}

-- The unit of each tcp_info field netlab.tcp_sampler gives.
local UNITS = {}
local function unit(name, fields)
  for f in fields:gmatch("%S+") do UNITS[f] = name end
end
unit("segments", "cwnd ssthresh unacked sacked lost retrans retransmits total_retrans reordering fackets"
  .. " delivered delivered_ce segs_in segs_out data_segs_in data_segs_out total_rto total_rto_recoveries"
  .. " probes backoff rcv_ooopack dsack_dups reord_seen")
unit("ms", "rtt rttvar rto ato min_rtt rcv_rtt busy_time rwnd_limited sndbuf_limited last_data_sent"
  .. " last_data_recv last_ack_recv last_ack_sent total_rto_time")
unit("bytes", "inflight send_q recv_q notsent_bytes snd_wnd rcv_wnd rcv_space rcv_ssthresh bytes_acked"
  .. " bytes_sent bytes_received bytes_retrans mss snd_mss rcv_mss advmss pmtu")
unit("bytes/s", "delivery_rate pacing_rate max_pacing_rate")
M.UNITS = UNITS

local DEFAULT_FIELDS = {"cwnd", "ssthresh", "rtt", "inflight"}

-- Raises MSG as a misuse of plot (M.plot reports it at the caller).
local function misuse(msg)
  error({plot = msg})
end

-- Raises a "bad argument #N to 'plot'" error with MSG.
local function bad(n, msg)
  misuse(("bad argument #%d to 'plot' (%s)"):format(n, msg))
end

-- Arguments -------------------------------------------------------------------

-- SAMPLES as a list (a sampler gives its :samples()), each with a time.
local function sample_list(samples)
  if type(samples) == "table" and type(samples.samples) == "function" then samples = samples:samples() end
  if type(samples) ~= "table" then bad(1, ("samples expected, got %s"):format(samples == nil and "no value" or type(samples))) end
  for i, s in ipairs(samples) do
    if type(s) ~= "table" then bad(1, ("sample %d is a %s"):format(i, type(s))) end
    if type(s.time) ~= "number" or s.time ~= s.time then bad(1, ("sample %d has no time"):format(i)) end
  end
  if #samples == 0 then misuse("plot: no samples") end
  return samples
end

-- FIELDS checked: nil (the default ones) or a non-empty list of names.
local function field_list(fields)
  if fields == nil then return DEFAULT_FIELDS end
  if type(fields) ~= "table" then bad(2, ("list of field names expected, got %s"):format(type(fields))) end
  if #fields == 0 then bad(2, "list of field names expected, got an empty table") end
  for i, f in ipairs(fields) do
    if type(f) ~= "string" then bad(2, ("field %d: string expected, got %s"):format(i, type(f))) end
  end
  return fields
end

-- Raises unless V (option NAME) is an integer from LO to HI.
local function check_int(name, v, lo, hi)
  if v ~= nil and (math.type(v) ~= "integer" or v < lo or v > hi) then
    bad(3, ("%s: integer %d-%d expected, got %s"):format(name, lo, hi, tostring(v)))
  end
end

-- Raises unless REFS is nil or a list of {field =, value =[, label =]}.
local function check_refs(refs)
  if refs == nil then return end
  if type(refs) ~= "table" then bad(3, ("refs: list expected, got %s"):format(type(refs))) end
  for i, r in ipairs(refs) do
    if type(r) ~= "table" or type(r.field) ~= "string" or type(r.value) ~= "number" or r.value ~= r.value
      or (r.label ~= nil and type(r.label) ~= "string") then
      bad(3, ("refs[%d]: {field = name, value = number[, label = text]} expected"):format(i))
    end
  end
end

local OPTIONS = {format = true, width = true, height = true, title = true, svg = true, refs = true}

-- OPTS checked: nil or a table of known options of the right kinds.
local function check_opts(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then bad(3, ("table expected, got %s"):format(type(opts))) end
  for k in pairs(opts) do
    if not OPTIONS[k] then bad(3, ("unknown option '%s'"):format(tostring(k))) end
  end
  if opts.format ~= nil and opts.format ~= "text" and opts.format ~= "svg" then
    bad(3, ("format: \"text\" or \"svg\" expected, got %s"):format(tostring(opts.format)))
  end
  local svg = opts.format == "svg" or opts.svg ~= nil
  check_int("width", opts.width, svg and 200 or 30, 20000)
  check_int("height", opts.height, svg and 100 or 6, 20000)
  for _, k in ipairs{"svg", "title"} do
    if opts[k] ~= nil and type(opts[k]) ~= "string" then bad(3, ("%s: string expected, got %s"):format(k, type(opts[k]))) end
  end
  check_refs(opts.refs)
  return opts
end

-- The model -------------------------------------------------------------------

-- Field F's points: {{time, value}, ...} with false where a sample lacks
-- a number (a gap in the line).
local function series(samples, f)
  local pts, any = {}, false
  for _, s in ipairs(samples) do
    local v = s[f]
    if type(v) == "number" and v == v and v ~= math.huge then
      pts[#pts + 1], any = {s.time, v}, true
    elseif pts[#pts] ~= false then
      pts[#pts + 1] = false
    end
  end
  return pts, any
end

-- The panels: one per unit in the order FIELDS name them, each
-- {unit =, fields = {{name =, points =, any =}, ...}, refs = {...}}.
local function panels(samples, fields, refs)
  local out, by_unit = {}, {}
  for _, f in ipairs(fields) do
    local pts, any = series(samples, f)
    if not any and not UNITS[f] then misuse(("plot: no sample has a number in field '%s'"):format(f)) end
    local u = UNITS[f] or f
    if not by_unit[u] then
      by_unit[u] = {unit = u, fields = {}, refs = {}}
      out[#out + 1] = by_unit[u]
    end
    table.insert(by_unit[u].fields, {name = f, points = pts, any = any})
  end
  for i, r in ipairs(refs or {}) do
    local p = by_unit[UNITS[r.field] or r.field]
    if not p then bad(3, ("refs[%d]: field '%s' is not plotted"):format(i, r.field)) end
    table.insert(p.refs, r)
  end
  return out
end

-- The time span of SAMPLES.
local function span(samples)
  local lo, hi = math.huge, -math.huge
  for _, s in ipairs(samples) do lo, hi = math.min(lo, s.time), math.max(hi, s.time) end
  return lo, hi
end

-- netlab.plot(samples[, fields[, opts]]) -> text | svg | true | nil, msg,
-- errno (opts.svg = path): see the file's head.
function M.plot(samples, fields, opts)
  local ok, m = pcall(function()
    local list = sample_list(samples)
    fields = field_list(fields)
    opts = check_opts(opts)
    local t0, t1 = span(list)
    local m = {panels = panels(list, fields, opts.refs), t0 = math.min(t0, 0), t1 = t1, count = #list,
      fields = fields}
    local svg = opts.format == "svg" or opts.svg ~= nil
    local least = require("netlab.plot_draw").min_height(m, svg)
    if opts.height and opts.height < least then
      bad(3, ("height: at least %d for %d panel%s, got %d"):format(least, #m.panels, #m.panels == 1 and "" or "s", opts.height))
    end
    return m
  end)
  if not ok then error(type(m) == "table" and m.plot or m, type(m) == "table" and 2 or 0) end
  local draw = require "netlab.plot_draw"
  if opts.svg then return require("netlab.chart").write_file(opts.svg, draw.svg(m, opts)) end
  if opts.format == "svg" then return draw.svg(m, opts) end
  return draw.text(m, opts)
end

return M
