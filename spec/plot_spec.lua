-- spec/plot_spec.lua: netlab.tcp_sampler samples a connection's tcp_info
-- from a task while a transfer runs, and netlab.plot draws samples over
-- time (cwnd and ssthresh in segments, rtt in ms, bytes in flight), as
-- text of the size asked and as SVG.
local lu = require "luaunit"
local helper = require "helper"
local plot = require("netlab.plot").plot
local tcp_sampler = require("netlab.tcp_sampler").tcp_sampler

TestPlot = {}

-- A wire link a - b (10.0.0.1 - 10.0.0.2) impaired by IMPAIR, a server
-- on b's PORT reading all, and a connected client socket in a.
local function connected(impair, port)
  local lab = netlab.lab()
  local a, b = assert(lab:host "a"), assert(lab:host "b")
  local link = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24", {engine = "wire"}))
  if impair then assert(link:impair(impair)) end
  local server = assert(b:tcp())
  assert(server:bind("*", port))
  assert(server:listen())
  local reader = netlab.spawn(function()
    local s <close> = assert(server:accept())
    s:settimeout(20)
    return #(s:receive("*a") or "")
  end)
  local c = assert(a:tcp())
  c:settimeout(20)
  assert(c:connect("10.0.0.2", port))
  return lab, c, reader
end

-- Bytes in flight as the sampler documents it, from sample S's own fields.
local function inflight(s)
  local segs = s.unacked - (s.sacked or 0) - (s.lost or 0) + (s.sacked ~= nil and (s.retrans or 0) or 0)
  return math.max(segs, 0) * (s.snd_mss or s.mss)
end

-- The sampler --------------------------------------------------------------

function TestPlot:test_samples_follow_a_transfer_over_a_delayed_lossy_wire()
  local lab <close>, c, reader = connected({delay = "10ms", loss = "2%", seed = 5}, 7301)
  local smp = tcp_sampler(c, {every = 0.01, count = 5000})
  assert(c:send(("x"):rep(500000)))
  c:shutdown("send")
  lu.assertEquals(reader:join(25), 500000)
  local samples = smp:stop()
  lu.assertFalse(smp:isrunning())
  lu.assertTrue(#samples >= 5, #samples .. " samples")
  lu.assertEquals(samples[1].state, "ESTABLISHED")
  lu.assertEquals(samples[1].snd_mss, c:tcp_info().snd_mss) -- sock:tcp_info's fields
  local last = -1
  for i, s in ipairs(samples) do
    lu.assertTrue(s.time > last, "time increases at sample " .. i)
    last = s.time
    lu.assertTrue(s.cwnd >= 1, "cwnd")
    if s.rtt > 0 then lu.assertTrue(s.rtt >= 19, "rtt " .. s.rtt .. " ms over 2 x 10 ms") end
    lu.assertEquals(s.inflight, inflight(s), "inflight at sample " .. i)
  end
  lu.assertTrue(samples[#samples].total_retrans > 0, "2% loss: the kernel retransmitted")
  local grew = false
  for _, s in ipairs(samples) do grew = grew or s.cwnd > samples[1].cwnd end
  lu.assertTrue(grew, "cwnd grew")
  c:close()
end

function TestPlot:test_count_duration_and_a_closed_socket_end_the_sampler()
  local lab <close>, c = connected(nil, 7302)
  local smp = tcp_sampler(c, {every = 0.001, count = 5})
  lu.assertEquals(#assert(smp:wait(5)), 5)
  lu.assertFalse(smp:isrunning())
  local t0 = netlab.now()
  local timed = tcp_sampler(c, {every = 0.01, duration = 0.1})
  local got = assert(timed:wait(5))
  lu.assertTrue(netlab.now() - t0 < 1 and #got >= 1 and #got <= 11, #got .. " samples in 0.1 s")
  local open = tcp_sampler(c, {every = 0.01})
  netlab.sleep(0.05)
  c:close()
  lu.assertNotNil(open:wait(5), "ends when its socket closes")
  lu.assertNil(open:error())
  lu.assertStrContains(tostring(open), "netlab.tcp_sampler (ended, ")
  lu.assertEquals(#open:stop(), #open:samples()) -- stop again is harmless
end

function TestPlot:test_stop_ends_a_running_sampler_and_wait_times_out()
  local lab <close>, c = connected(nil, 7303)
  local smp <close> = tcp_sampler(c, {every = 0.01})
  local ok, err = smp:wait(0.05)
  lu.assertEquals({ok, err}, {nil, "timeout"})
  lu.assertTrue(smp:isrunning())
  local n = #smp:stop()
  netlab.sleep(0.05)
  lu.assertEquals(#smp:samples(), n, "no sample after stop")
  c:close()
end

function TestPlot:test_sampler_bad_input()
  local lab <close>, c = connected(nil, 7304)
  helper.raises("bad argument #1 to 'tcp_sampler' (netlab.socket expected, got number)", tcp_sampler, 1)
  helper.raises("bad argument #1 to 'tcp_sampler' (netlab.socket expected, got nil)", tcp_sampler)
  local u <close> = assert(netlab.udp())
  helper.raises("bad argument #1 to 'tcp_sampler' (a TCP socket expected, got a udp socket)", tcp_sampler, u)
  local cases = {
    {"table expected, got number", 3},
    {"unknown option 'interval'", {interval = 1}},
    {"every: positive number of seconds expected, got 0", {every = 0}},
    {"every: positive number of seconds expected, got NaN", {every = 0 / 0}},
    {"duration: positive number of seconds expected, got -1", {duration = -1}},
    {"count: integer 1-1000000 expected, got 1.5", {count = 1.5}},
    {"count: integer 1-1000000 expected, got 0", {count = 0}},
  }
  for _, k in ipairs(cases) do
    helper.raises("bad argument #2 to 'tcp_sampler' (" .. k[1] .. ")", tcp_sampler, c, k[2])
  end
  c:close()
  helper.raises("attempt to use a closed socket", tcp_sampler, c)
  local smp = tcp_sampler(netlab.tcp()) -- never connected: samples of state CLOSE
  helper.raises("bad argument #1 to 'wait' (timeout in seconds expected, got string)", smp.wait, smp, "1")
  smp:stop()
end

-- The plot (samples made by hand) ---------------------------------------------------

-- N samples 0.1 s apart: cwnd 10, 20, ...; ssthresh from the 4th; rtt 20 ms up.
local function made(n)
  local out = {}
  for i = 1, n do
    out[i] = {time = (i - 1) * 0.1, cwnd = 10 * i, ssthresh = i >= 4 and 35 or nil, rtt = 20 + i,
      inflight = 1448 * 10 * i, state = "ESTABLISHED"}
  end
  return out
end

-- The lines of TEXT.
local function lines(text)
  local out = {}
  for line in text:gmatch("([^\n]*)\n") do out[#out + 1] = line end
  return out
end

-- How many times PATTERN (plain) occurs in S.
local function count(s, pattern)
  local n, at = 0, 1
  while true do
    local i, j = s:find(pattern, at, true)
    if not i then return n end
    n, at = n + 1, j + 1
  end
end

-- The points of the polylines of FIELD in SVG, one list per polyline.
local function polylines(svg, field)
  local out = {}
  for pts in svg:gmatch('data%-field="' .. field .. '" stroke="[^"]*" points="([^"]*)"') do
    local list = {}
    for x, y in pts:gmatch("([%d.]+),([%d.]+)") do list[#list + 1] = {tonumber(x), tonumber(y)} end
    out[#out + 1] = list
  end
  return out
end

function TestPlot:test_text_is_the_size_asked_with_a_panel_per_unit()
  for _, size in ipairs{{80, 24}, {120, 40}, {30, 15}} do
    local ls = lines(plot(made(20), nil, {width = size[1], height = size[2]}))
    lu.assertEquals(#ls, size[2])
    for i, l in ipairs(ls) do lu.assertEquals(#l, size[1], ("line %d: %q"):format(i, l)) end
  end
  local text = plot(made(20))
  local ls = lines(text)
  lu.assertStrContains(ls[1], "cwnd, ssthresh, rtt, inflight over time (20 samples)")
  lu.assertStrContains(text, "segments:  c cwnd  s ssthresh")
  lu.assertStrContains(text, "ms:  r rtt")
  lu.assertStrContains(text, "bytes:  i inflight")
  lu.assertStrContains(ls[#ls], "s")
end

function TestPlot:test_the_text_lines_rise_with_the_values()
  local ls = lines(plot(made(20), {"cwnd"}, {width = 60, height = 20}))
  local left, right = {math.huge}, {0} -- {column, row} of the leftmost and rightmost c
  for r = 3, 18 do
    local plotted = ls[r]:match("|(.*)$")
    local i, j = plotted:find("c"), plotted:match(".*()c")
    if i and i < left[1] then left = {i, r} end
    if j and j > right[1] then right = {j, r} end
  end
  lu.assertEquals(left, {1, 18 - 1}, "cwnd 10 at time 0: the first column, just above 0")
  lu.assertEquals(right[2], 3, "cwnd 200: the top row")
end

function TestPlot:test_where_lines_meet_the_field_named_first_is_on_top()
  local same = {{time = 0, cwnd = 10, ssthresh = 10}, {time = 1, cwnd = 20, ssthresh = 20}}
  local function plotted(fields)
    local text = plot(same, fields, {width = 40, height = 8})
    return table.concat(lines(text), "\n", 3, 5):gsub("[^%a]", "")
  end
  lu.assertStrMatches(plotted({"cwnd", "ssthresh"}), "c+")
  lu.assertStrMatches(plotted({"ssthresh", "cwnd"}), "s+")
end

function TestPlot:test_svg_has_a_polyline_point_per_sample_and_gaps()
  local samples = made(12)
  samples[7].cwnd = nil -- a gap
  local svg = plot(samples, {"cwnd", "ssthresh", "rtt"}, {format = "svg", width = 600, height = 400})
  local _, err, code = helper.run("xmllint --noout " .. helper.tmpfile(svg, ".svg"))
  lu.assertEquals(code, 0, err)
  lu.assertStrContains(svg, 'width="600" height="400"')
  local cwnd = polylines(svg, "cwnd")
  lu.assertEquals({#cwnd, #cwnd[1], #cwnd[2]}, {2, 6, 5})
  lu.assertTrue(cwnd[2][5][2] < cwnd[1][1][2], "higher values are higher up")
  lu.assertEquals(#polylines(svg, "ssthresh")[1], 9)
  lu.assertEquals(#polylines(svg, "rtt")[1], 12)
  lu.assertEquals(count(svg, '<rect x="80'), 2) -- two panels: segments, ms
end

function TestPlot:test_refs_draw_a_reference_line_in_their_fields_panel()
  local opts = {refs = {{field = "inflight", value = 30000, label = "BDP"}}}
  lu.assertStrContains(plot(made(5), {"inflight"}, opts), ". BDP 30k")
  opts.format = "svg"
  local svg = plot(made(5), {"inflight"}, opts)
  lu.assertEquals(count(svg, '<line class="ref"'), 1)
  lu.assertStrContains(svg, ">BDP 30k<")
end

function TestPlot:test_a_known_field_without_values_is_said_and_the_svg_written()
  local text = plot(made(3), {"cwnd", "ssthresh"})
  lu.assertStrContains(text, "s ssthresh (no value)")
  local path = helper.tmpname(".svg")
  lu.assertEquals(plot(made(5), nil, {svg = path, title = "<cwnd> & co"}), true)
  local f = assert(io.open(path))
  local svg = f:read("a")
  f:close()
  os.remove(path)
  lu.assertStrContains(svg, "&lt;cwnd&gt; &amp; co")
  local ok, err = plot(made(5), nil, {svg = "/nonexistent/dir/p.svg"})
  lu.assertNil(ok)
  lu.assertStrContains(err, "/nonexistent/dir/p.svg")
end

function TestPlot:test_a_sampler_is_plotted_as_its_samples()
  local fake = {samples = function() return made(4) end}
  lu.assertEquals(plot(fake), plot(made(4)))
  lu.assertIs(netlab.plot, plot)
  lu.assertIs(netlab.tcp_sampler, tcp_sampler)
end

function TestPlot:test_plot_bad_input()
  helper.raises("plot: no samples", plot, {})
  helper.raises("bad argument #1 to 'plot' (samples expected, got number)", plot, 5)
  helper.raises("bad argument #1 to 'plot' (sample 2 is a string)", plot, {made(1)[1], "x"})
  helper.raises("bad argument #1 to 'plot' (sample 1 has no time)", plot, {{cwnd = 1}})
  helper.raises("bad argument #2 to 'plot' (list of field names expected, got string)", plot, made(2), "cwnd")
  helper.raises("bad argument #2 to 'plot' (list of field names expected, got an empty table)", plot, made(2), {})
  helper.raises("bad argument #2 to 'plot' (field 1: string expected, got number)", plot, made(2), {1})
  helper.raises("plot: no sample has a number in field 'cwdn'", plot, made(2), {"cwdn"})
  local cases = {
    {"table expected, got string", "svg"},
    {"unknown option 'fields'", {fields = {"cwnd"}}},
    {"format: \"text\" or \"svg\" expected, got png", {format = "png"}},
    {"width: integer 30-20000 expected, got 29", {width = 29}},
    {"height: at least 12 for 3 panels, got 11", {height = 11}},
    {"height: at least 280 for 3 panels, got 250", {format = "svg", height = 250}},
    {"refs: list expected, got number", {refs = 1}},
    {"refs[1]: {field = name, value = number[, label = text]} expected", {refs = {{field = "cwnd"}}}},
    {"refs[1]: field 'delivery_rate' is not plotted", {refs = {{field = "delivery_rate", value = 1}}}},
    {"title: string expected, got number", {title = 1}},
  }
  for _, k in ipairs(cases) do
    helper.raises("bad argument #3 to 'plot' (" .. k[1] .. ")", plot, made(2), nil, k[2])
  end
end

function TestPlot:test_every_sampler_method_is_documented()
  local doc = require "netlab.doc"
  for k, v in pairs(require("netlab.tcp_sampler").Sampler) do
    if type(v) == "function" and not k:find("^_") then
      lu.assertNotNil(doc["tcp_sampler:" .. k], "tcp_sampler:" .. k .. " has no entry in scripts/netlab/doc.lua")
    end
  end
end
