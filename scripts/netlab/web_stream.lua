-- netlab.web_stream: one page's event stream (server-sent events).
-- Every TICK the stream sends what changed: the packets captured on the
-- interface the page watches (tcpdump -nn lines, the printer of
-- netlab.tcpdump), the links' rates, the topology when it changed, the
-- watched host's socket table. Everything is bounded: at most BUDGET
-- packets are read a tick (the kernel drops the rest from the capture's
-- ring, never from the lab's traffic), the last RING packets and their
-- lines are kept for the hex view and ladders, and at most MAX_PENDING bytes wait for a
-- slow page; what does not fit is dropped and counted, and the page
-- shows the count. A host on another machine (lab:machine) is watched by
-- a capture there: each tick one round trip (the worker's
-- capture_batch) brings its next packets back as bytes over the
-- worker's session, decoded and printed here; a worker that goes ends
-- the stream with an "ended" event saying so.
local cprint = require "netlab.print"
local tcpdump = require "netlab.tcpdump"
local http = require "netlab.web_http"
local json = require "netlab.web_json"
local view = require "netlab.web_view"
local sched = require "netlab.sched"
local loop = require "netlab.c.loop"
local cpacket = require("netlab.c.packet").packet

local M = {}

M.TICK, M.BUDGET, M.RING, M.MAX_PENDING = 0.05, 1000, 2000, 256 * 1024
M.REMOTE_BYTES = 1024 * 1024 -- at most this much of a remote capture's packets a tick (and one packet more)
M.LINGER = 20 -- ticks an ended stream has to send its last events
local RATE_EVERY, SLOW_EVERY, PING_EVERY = 0.5, 1, 5

-- The host and interface the page asked to watch ("a/eth0" or a host and
-- iface pair), or nil, a message.
local function watched(lab, q)
  if q.iface == nil then return nil end
  local host, iface = q.iface:match("^([^/]+)/([^/]+)$")
  local h = host and lab._byname[host]
  if not h then return nil, ("no interface %q in this lab (host/iface expected)"):format(q.iface) end
  return h, iface
end

-- The machine host H is on (a proxy's), or nil for a host of this machine.
local function machine_of(h)
  local lm = package.loaded["netlab.lab_machine"]
  return lm and lm.machine_of(h)
end

-- What a stream of host H on MACHINE says once that machine's worker went.
local function gone_text(h, machine)
  return ("machine %s is gone (its worker ended): no capture of host %s"):format(machine.name, h:name())
end

-- Opens the stream's capture on H's IFACE with FILTER (BPF), or returns
-- nil, message for a bad filter or interface (H may be on another
-- machine: the capture is made there, its filter compiled there).
local function open_capture(h, iface, filter)
  local ok, cap, err = pcall(h.capture, h, {iface = iface, filter = filter ~= "" and filter or nil,
                                            buffer = 8 * 1024 * 1024})
  if not ok then return nil, (tostring(cap):gsub("^.-bad argument #1 to 'capture' %((.*)%)$", "%1")) end
  local machine = machine_of(h)
  if not cap and machine and machine.dead then return nil, gone_text(h, machine) end
  if not cap then return nil, err end
  return cap
end

-- Keeps packet P as stream ST's next and returns its JSON for the page.
local function add_packet(st, p)
  local n = st.seq + 1
  st.seq = n
  local line = st.printer:line(p)
  st.ring[n], st.lines[n] = p, line
  st.ring[n - M.RING], st.lines[n - M.RING] = nil, nil
  -- a TCP segment's line has its flags: only those are decoded for their connection
  local conv = line:find("Flags [", 1, true) and view.conv_key(p)
  return conv and ('{"n":%d,"line":%s,"conv":%s}'):format(n, json.quote(line), json.quote(conv))
    or ('{"n":%d,"line":%s}'):format(n, json.quote(line))
end

-- read_packets for a capture on another machine: one round trip, at most
-- BUDGET packets and about REMOTE_BYTES of them, decoded here with the
-- stream's own conversation table (relative sequence numbers as a
-- capture started with the stream prints them). A worker that went
-- ends the stream (st.ended).
local function read_remote(st, out)
  local r, err = st.machine_fn(st.machine, "capture_batch", st.cap, M.BUDGET, M.REMOTE_BYTES)
  if type(r) ~= "table" then
    st.ended = st.machine.dead and gone_text(st.host, st.machine)
      or ("the capture on machine %s failed: %s"):format(st.machine.name, tostring(err))
    return out
  end
  local list, linktype = r.list, r.linktype
  for i = 1, #list - 1, 2 do
    out[#out + 1] = add_packet(st, cpacket.decode(list[i + 1], linktype, list[i], st.flows))
  end
  st.kernel_drops = r.drop or st.kernel_drops
  return out
end

-- Reads up to BUDGET packets of stream ST's capture; returns the JSON of
-- each, {n, line, conv} for the page (written here: thousands a second).
local function read_packets(st)
  local out = json.array({})
  if st.machine then return read_remote(st, out) end
  if not st.cap or not st.cap:isopen() then return out end
  local cap = st.cap
  for _ = 1, M.BUDGET do
    local p = cap:_read()
    if not p then break end
    out[#out + 1] = add_packet(st, p)
  end
  local stats = st.cap:stats()
  st.kernel_drops = stats and stats.drop or st.kernel_drops
  return out
end

-- Adds event NAME with DATA to ST's pending bytes, unless the page is
-- too far behind: then the event is dropped and counted (COUNT: how
-- many updates it carried).
local function queue_raw(st, name, text, count)
  if #st.pending > M.MAX_PENDING then
    st.dropped = st.dropped + (count or 1)
    return
  end
  st.pending = st.pending .. "event: " .. name .. "\ndata: " .. text .. "\n\n"
end

-- The same for DATA, a table sent as JSON.
local function queue(st, name, data, count)
  queue_raw(st, name, json.encode(data), count)
end

-- Whether the page of stream ST has gone: it sends nothing after its
-- request, so its socket turns readable only when it closes.
local function gone(st)
  if not loop.poll(st.c:getfd(), 1, 0) then return false end
  st.c:settimeout(0)
  local _, err = st.c:receive(1)
  return err ~= "timeout"
end

-- Sends what ST has pending without waiting; false once the page left.
local function flush(st)
  if gone(st) then return false end
  if st.pending == "" then return true end
  st.c:settimeout(0)
  local i, err, last = st.c:send(st.pending)
  if i then st.pending = "" return true end
  if err ~= "timeout" then return false end
  st.pending = st.pending:sub((last or 0) + 1)
  return true
end

-- The events of one tick of ST at time NOW.
local function tick(st, now)
  local list = read_packets(st)
  if st.ended then -- the worker went (its batch brought nothing): why, and nothing more
    st.pending = st.pending .. "event: ended\ndata: " .. json.encode({error = st.ended}) .. "\n\n"
    return
  end
  if #list > 0 or st.kernel_drops ~= st.told_drops then
    queue_raw(st, "packets", ('{"list":[%s],"dropped":%d,"kernel_dropped":%d}')
      :format(table.concat(list, ","), st.dropped, st.kernel_drops), #list)
    st.told_drops = st.kernel_drops
  end
  if now >= st.next_rate then
    st.next_rate = now + RATE_EVERY
    queue(st, "rates", {links = st.rates(), dropped = st.dropped})
  end
  if now >= st.next_slow then
    st.next_slow = now + SLOW_EVERY
    local topo = json.encode(view.topology(st.web.lab, st.web.control))
    if topo ~= st.last_topo then
      st.last_topo = topo
      st.pending = st.pending .. "event: topology\ndata: " .. topo .. "\n\n"
    end
    if st.sockets_host then queue(st, "sockets", {host = st.sockets_host:name(), text = view.sockets(st.sockets_host)}) end
  end
  if now >= st.next_ping then
    st.next_ping = now + PING_EVERY
    st.pending = st.pending .. ": ping\n\n" -- finds a page that left
  end
end

-- Checks the stream request's fields; returns the stream's state, or nil,
-- status, message.
local function prepare(web, c, q)
  local st = {web = web, c = c, ring = {}, lines = {}, seq = 0, busy = 0, dropped = 0, kernel_drops = 0, told_drops = 0,
              pending = "", next_rate = 0, next_slow = 0, next_ping = 0, printer = cprint.new(tcpdump.options(""))}
  local h, iface = watched(web.lab, q)
  if q.iface and not h then return nil, 404, iface end
  if h then
    local cap, err = open_capture(h, iface, q.filter or "")
    if not cap then return nil, 400, err end
    st.cap, st.iface, st.host, st.machine = cap, q.iface, h, machine_of(h)
    if st.machine then
      st.flows, st.machine_fn = cpacket.flows(), require("netlab.lab_machine").call_fn
    end
  end
  if q.host then
    st.sockets_host = web.lab._byname[q.host]
    if not st.sockets_host then return nil, 404, ("no host %q in this lab"):format(q.host) end
    local machine = machine_of(st.sockets_host)
    if machine and machine.dead then
      if st.cap then st.cap:close() end
      return nil, 400, gone_text(st.sockets_host, machine)
    end
  end
  st.rates = view.rates(web.lab)
  return st
end

-- Closes what stream ST holds (a remote capture on its machine, unless
-- that machine went, taking it along).
local function finish(st)
  st.web.streams[st.id] = nil
  if st.cap and not (st.machine and st.machine.dead) then st.cap:close() end
  st.printer:close()
  st.ring, st.lines = {}, {}
end

-- The name of the host whose sockets stream ST shows, or nil.
local function q_host(st) return st.sockets_host and st.sockets_host:name() or nil end

-- web_stream.serve(web, c, req): answers REQ on connection C with an
-- event stream until the page leaves or the server closes.
function M.serve(web, c, req)
  local st, status, msg = prepare(web, c, req.query)
  if not st then return http.error(c, status, msg) end
  web.next_stream = web.next_stream + 1
  st.id = web.next_stream
  web.streams[st.id] = st
  local ok, err = pcall(function()
    st.pending = http.head_text(200, {["content-type"] = "text/event-stream; charset=utf-8"})
    queue(st, "hello", {stream = st.id, iface = st.iface, host = q_host(st), control = web.control})
    local clock = os.clock
    local linger = M.LINGER
    while not web.closed do
      local t0 = clock()
      local open = flush(st)
      if open and not st.ended then tick(st, sched.now()) end
      st.busy = st.busy + (clock() - t0) -- the stream's own CPU time (bench/web_stream.lua)
      if not open then break end
      if st.ended then -- its last events sent (or LINGER ticks spent trying): the stream ends
        flush(st)
        linger = linger - 1
        if st.pending == "" or linger <= 0 then break end
      end
      sched.sleep(M.TICK)
    end
  end)
  finish(st)
  if not ok then error(err, 0) end
end

return M
