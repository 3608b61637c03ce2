-- netlab.lab_iface: a host's interfaces and addresses, and impairment of
-- a lab's links. Loaded by netlab.lab (at its end); adds host methods
--   h:ifaces()  h:link_set(iface, {up =, mtu =, mac =})
--   h:addrs()   h:addr_add(iface, cidr[, {label =}])  h:addr_del(iface, cidr)
-- and link methods
--   l:impair{delay =, jitter =, loss =, rate =, duplicate =, corrupt =,
--            reorder =, limit =, side =, seed =, engine =}
--   l:cut{side =}  l:heal()  l:stats()
-- Addresses added or deleted here are kept in the lab's table of host
-- addresses too (netlab.lab's host_state), so names resolve as they should.
local selfcheck = require "netlab.selfcheck"
local clab = require "netlab.c.lab"
local ci = require "netlab.c.iface"
local lab = require "netlab.lab" -- the loading module (package.loaded)

local M = {}

local methods = clab.meta.__index
local Link = lab.Link
local ENODEV, EEXIST, EADDRNOTAVAIL, ENOENT = 19, 17, 99, 2

-- netlab.lab's type names and "bad argument" errors.
local typename, argerror = lab.typename, lab.argerror

-- Raises unless H is an open lab host; returns its lab state.
local function check_host(h, fname)
  local st = lab.host_state(h)
  if st == nil then
    selfcheck.raise(fname, "netlab.host expected, got " .. typename(h), 2)
  end
  if not h:_isopen() then error("attempt to use a closed host", 3) end
  return st
end

-- Raises unless IFACE (argument 1 of FNAME) is an interface name.
local function check_iface(iface, fname)
  if type(iface) ~= "string" or #iface == 0 then
    argerror(1, fname, "interface name expected, got " .. typename(iface), 3)
  end
end

-- Parses CIDR text (argument 2 of FNAME): {family, ip, prefix, text}.
local function check_cidr(text, fname)
  if type(text) ~= "string" then argerror(2, fname, "CIDR string expected, got " .. typename(text), 3) end
  local family, ip, prefix = clab.cidr(text)
  if family then return {family = family, ip = ip, prefix = prefix, text = text} end
  if ip == "prefix" then
    argerror(2, fname, ("prefix length out of range in %q (0-%d for %s)")
      :format(text, prefix, prefix == 32 and "IPv4" or "IPv6"), 3)
  end
  argerror(2, fname, ("invalid CIDR %q (an address and prefix length like \"192.168.88.88/24\" or \"fd00::1/64\" expected)"):format(text), 3)
end

-- nil, a message naming host H's interface IFACE, errno: a kernel refusal.
local function failed(h, iface, what, err, code)
  if code == ENODEV then
    return nil, ("host %s has no interface %s"):format(h:name(), iface), code
  end
  return nil, ("cannot %s on %s:%s: %s"):format(what, h:name(), iface, err), code
end

-- Interfaces -----------------------------------------------------------

-- h:addrs() -> rows {iface, label, family, address, prefix, cidr,
-- broadcast, scope, secondary}: every address of the host (ip addr).
function methods:addrs()
  check_host(self, "addrs")
  local rows, err, code = ci.addrs(self)
  if not rows then return nil, ("cannot list the addresses of %s: %s"):format(self:name(), err), code end
  for _, r in ipairs(rows) do r.cidr = ("%s/%d"):format(r.address, r.prefix) end
  return rows
end

-- h:ifaces() -> rows {name, index, mac, mtu, up, state, flags, txqlen,
-- kind, rx_packets, rx_bytes, tx_packets, tx_bytes, addrs}: ip -s addr
-- (kind: ip -d link's type, "veth", "vxlan", "tun"..., "" for lo).
function methods:ifaces()
  check_host(self, "ifaces")
  local rows, err, code = ci.list(self)
  local addrs = rows and self:addrs()
  if not rows or not addrs then
    return nil, ("cannot list the interfaces of %s: %s"):format(self:name(), err), code
  end
  local by_name = {}
  for _, r in ipairs(rows) do r.addrs, by_name[r.name] = {}, r end
  for _, a in ipairs(addrs) do
    local r = by_name[a.iface]
    if r then r.addrs[#r.addrs + 1] = a end
  end
  return rows
end

-- Drops from the lab's table of ST's addresses those host H no longer
-- has (a deleted address, IPv6 ones gone with a link set down...).
local function prune(h, st)
  local rows = ci.addrs(h)
  if not rows then return end
  local have = {}
  for _, r in ipairs(rows) do have[r.iface .. " " .. r.address .. "/" .. r.prefix] = true end
  local kept = {}
  for _, a in ipairs(st.addrs) do
    if have[a.iface .. " " .. a.ip .. "/" .. a.prefix] then kept[#kept + 1] = a end
  end
  if #kept ~= #st.addrs then require("netlab.machine_names").changed(st.lab) end
  st.addrs = kept
end

local SET_KEYS = {up = "boolean", mtu = "number", mac = "string"}

-- h:link_set(iface, {up =, mtu =, mac =}) -> true | nil, msg, errno:
-- ip link set IFACE up|down mtu N address MAC.
function methods:link_set(iface, opts)
  local st = check_host(self, "link_set")
  check_iface(iface, "link_set")
  if type(opts) ~= "table" then argerror(2, "link_set", "table expected, got " .. typename(opts)) end
  if next(opts) == nil then argerror(2, "link_set", "nothing to set: up, mtu or mac expected") end
  for k, v in pairs(opts) do
    local want = SET_KEYS[k]
    if not want then argerror(2, "link_set", ("unknown option '%s' (up, mtu or mac expected)"):format(tostring(k))) end
    if type(v) ~= want or (k == "mtu" and math.type(v) ~= "integer") then
      argerror(2, "link_set", ("%s: %s expected, got %s"):format(k, k == "mtu" and "integer" or want, typename(v)))
    end
  end
  if opts.mac and not opts.mac:match("^%x%x:%x%x:%x%x:%x%x:%x%x:%x%x$") then
    argerror(2, "link_set", ("mac: MAC address like \"02:00:00:00:00:01\" expected, got %q"):format(opts.mac))
  end
  local ok, err, code = ci.set(self, iface, opts.up, opts.mtu, opts.mac)
  if not ok then return failed(self, iface, "set link", err, code) end
  prune(self, st)
  return true
end

-- Addresses ------------------------------------------------------------

-- Checks opts.label for interface IFACE and address A; returns it or nil.
local function check_label(opts, iface, a)
  if opts == nil then return nil end
  if type(opts) ~= "table" then argerror(3, "addr_add", "table expected, got " .. typename(opts), 3) end
  for k in pairs(opts) do
    if k ~= "label" then argerror(3, "addr_add", ("unknown option '%s' (label expected)"):format(tostring(k)), 3) end
  end
  local label = opts.label
  if label == nil then return nil end
  if type(label) ~= "string" then argerror(3, "addr_add", "label: string expected, got " .. typename(label), 3) end
  if a.family ~= "inet" then argerror(3, "addr_add", "label: only IPv4 addresses have labels", 3) end
  if #label > 15 then argerror(3, "addr_add", ("label %q is longer than 15 characters"):format(label), 3) end
  if label ~= iface and label:sub(1, #iface + 1) ~= iface .. ":" then
    argerror(3, "addr_add", ("label %q must start with the interface's name, as in \"%s:0\""):format(label, iface), 3)
  end
  return label
end

-- h:addr_add(iface, cidr[, {label =}]) -> true | nil, msg, errno: ip
-- addr add CIDR dev IFACE label LABEL (ifconfig eth0:0 ADDR netmask M up).
function methods:addr_add(iface, cidr, opts)
  local st = check_host(self, "addr_add")
  check_iface(iface, "addr_add")
  local a = check_cidr(cidr, "addr_add")
  local label = check_label(opts, iface, a)
  local ok, err, code = ci.addr_add(self, iface, a.text, label)
  if not ok then
    if code == EEXIST then
      return nil, ("%s:%s has address %s already"):format(self:name(), iface, a.text), code
    end
    return failed(self, iface, "add " .. a.text, err, code)
  end
  a.iface = iface
  st.addrs[#st.addrs + 1] = a
  require("netlab.machine_names").changed(st.lab)
  return true
end

-- h:addr_del(iface, cidr) -> true | nil, msg, errno: ip addr del CIDR dev IFACE.
function methods:addr_del(iface, cidr)
  local st = check_host(self, "addr_del")
  check_iface(iface, "addr_del")
  local a = check_cidr(cidr, "addr_del")
  local ok, err, code = ci.addr_del(self, iface, a.text)
  if not ok then
    if code == EADDRNOTAVAIL then
      return nil, ("%s:%s has no address %s"):format(self:name(), iface, a.text), code
    end
    return failed(self, iface, "delete " .. a.text, err, code)
  end
  prune(self, st)
  return true
end

-- Link impairment ------------------------------------------------------

-- Time units netem takes, in microseconds.
local TIME = {us = 1, usec = 1, ms = 1000, msec = 1000, s = 1e6, sec = 1e6}
-- Rate units tc takes, in bits per second ("bps" is bytes, as in tc).
local RATE = {bit = 1, kbit = 1e3, mbit = 1e6, gbit = 1e9,
  bps = 8, kbps = 8e3, mbps = 8e6, gbps = 8e9}

-- Splits "50ms" into 50, "ms"; nil if it is not a number and a unit.
local function number_unit(text)
  local n, unit = text:match("^%s*(%d+%.?%d*)%s*(%a*)%s*$")
  return tonumber(n), unit and unit:lower()
end

-- Option value V as an error message shows it: "\"5x\"", "NaN", "-1", "table".
local function shown(v)
  if type(v) == "string" then return ("%q"):format(v) end
  if v ~= v then return "NaN" end
  if type(v) == "number" then return tostring(v) end
  return typename(v)
end

-- Parses option KEY of impair: a time ("50ms", or seconds) -> microseconds.
local function parse_time(v, key)
  local us
  if type(v) == "number" then us = v * 1e6
  elseif type(v) == "string" then
    local n, unit = number_unit(v)
    us = n and TIME[unit] and n * TIME[unit]
  end
  if not (us and us >= 0 and us <= 2^31 - 1) then -- NaN fails every comparison
    argerror(1, "impair", ("%s: a time like \"50ms\", \"200us\" or \"1s\" expected, got %s")
      :format(key, shown(v)), 3)
  end
  return math.floor(us + 0.5)
end

-- A percentage word "25%" (0-100) -> a share 0..1, or nil.
local function percent(word)
  local pct = tonumber(word:match("^(%d+%.?%d*)%%$"))
  return pct and pct <= 100 and pct / 100 or nil
end

-- Parses jitter: a time, or a time and its correlation ("5ms 25%", as
-- netem's delay 10ms 5ms 25%) -> microseconds, correlation 0..1.
local function parse_jitter(v)
  if type(v) == "string" then
    local t, corr = v:match("^%s*(%S+)%s+(%S+)%s*$")
    if t then
      local rho = percent(corr)
      if not rho then
        argerror(1, "impair", ("jitter: a correlation like \"25%%\" (0-100) after the time expected, got %s"):format(shown(v)), 3)
      end
      return parse_time(t, "jitter"), rho
    end
  end
  return parse_time(v, "jitter"), 0
end

-- The loss models' words, their parameters' names and their defaults
-- (tc-netem(8): gemodel's r = 1 - p, 1-h = 100%, 1-k = 0%; state's p31 =
-- 1 - p13, p32 = 0%, p23 = 100%, p14 = 0%).
local LOSS_MODELS = {
  gemodel = {names = {"p", "r", "1-h", "1-k"},
    defaults = function(p) return {p[1], 1 - p[1], 1, 0} end},
  state = {names = {"p13", "p31", "p32", "p23", "p14"},
    defaults = function(p) return {p[1], 1 - p[1], 0, 1, 0} end},
}

local LOSS_FORMS = "a percentage like \"5%\" (0-100), \"5% 25%\" (with its correlation), \"gemodel P [R [1-H [1-K]]]\" or \"state P13 [P31 [P32 [P23 [P14]]]]\""

-- Parses a loss model's words (after its name) -> w:set's loss_p list.
local function parse_model(name, words, v)
  local m = LOSS_MODELS[name]
  if #words < 1 or #words > #m.names then
    argerror(1, "impair", ("loss: %s takes 1 to %d percentages (%s), got %s"):format(
      name, #m.names, table.concat(m.names, ", "), shown(v)), 4)
  end
  local p = {}
  for i, word in ipairs(words) do
    p[i] = percent(word)
    if not p[i] then
      argerror(1, "impair", ("loss: %s's %s: a percentage like \"5%%\" (0-100) expected, got %q"):format(
        name, m.names[i], word), 4)
    end
  end
  local full = m.defaults(p)
  for i = 1, #p do full[i] = p[i] end
  return full
end

-- Parses loss: a percentage ("5%" or a number), with a correlation ("5%
-- 25%"), or a bursty model (netem's gemodel and state) -> {loss =,
-- loss_corr =, loss_model =, loss_p =} for w:set.
local function parse_loss(v)
  if type(v) == "number" then
    if not (v >= 0 and v <= 100) then
      argerror(1, "impair", ("loss: %s expected, got %s"):format(LOSS_FORMS, shown(v)), 3)
    end
    return {loss = v / 100, loss_corr = 0}
  end
  local words = {}
  for w in (type(v) == "string" and v or ""):gmatch("%S+") do words[#words + 1] = w end
  local name = words[1] and words[1]:lower()
  if LOSS_MODELS[name] then
    return {loss_model = name, loss_p = parse_model(name, table.move(words, 2, #words, 1, {}), v)}
  end
  local share, corr = words[1] and percent(words[1]), 0
  if words[2] then corr = percent(words[2]) end
  if not share or #words > 2 or not corr then
    argerror(1, "impair", ("loss: %s expected, got %s"):format(LOSS_FORMS, shown(v)), 3)
  end
  return {loss = share, loss_corr = corr}
end

-- Parses rate: "1mbit", "500kbit", "2mbps" (bytes), or bits per second.
local function parse_rate(v)
  local bps
  if type(v) == "number" then bps = v
  elseif type(v) == "string" then
    local n, unit = number_unit(v)
    bps = n and RATE[unit] and n * RATE[unit]
  end
  if not (bps and bps >= 8 and bps <= 8 * (2^31 - 1)) then
    argerror(1, "impair", ("rate: a rate like \"1mbit\", \"500kbit\" or \"2mbps\" (8bit-17gbit) expected, got %s")
      :format(shown(v)), 3)
  end
  return math.floor(bps)
end

-- Raises unless SELF is a link of an open lab (method FNAME).
local function check_link(self, fname)
  selfcheck.check(self, Link, fname, 2)
  if self._lab._closed then error("attempt to use a closed lab", 3) end
  for _, e in ipairs(self._ends) do -- a link across labs (lab:link's across) closes with either
    local st = lab.host_state(e.host)
    local remote = self._cross and require("netlab.lab_machine").machine_of(e.host) -- another machine's
    if not remote and (not st or st.lab._closed) then error("attempt to use a closed lab", 3) end
  end
end

-- The ends of link L that SIDE (nil: both, or one of its hosts) names.
local function sides(l, side, fname)
  local x, y = l._ends[1], l._ends[2]
  if side == nil then return {x, y} end
  if rawequal(side, x.host) then return {x} end
  if rawequal(side, y.host) then return {y} end
  argerror(1, fname, ("side: one of the link's hosts (%s or %s) expected, got %s")
    :format(x.host:name(), y.host:name(), typename(side)), 3)
end

-- Applies FN(host, iface) to each end in ENDS; on a failure, clears the
-- ends done so far and returns nil, message, errno.
local function each_end(ends, what, fn)
  for i, e in ipairs(ends) do
    local ok, err, code = fn(e.host, e.iface)
    if not ok then
      for j = 1, i - 1 do ci.clear(ends[j].host, ends[j].iface) end
      if code == ENOENT and what == "impair" then
        err = "this kernel has no netem queueing discipline (CONFIG_NET_SCH_NETEM, module sch_netem)"
      end
      return nil, ("cannot %s %s:%s: %s"):format(what, e.host:name(), e.iface, err), code
    end
  end
  return true
end

local IMPAIR_KEYS = {delay = true, jitter = true, loss = true, rate = true, side = true,
  seed = true, engine = true, duplicate = true, corrupt = true, reorder = true, limit = true}

-- The settings impair takes (all but side, seed and engine), in order.
local SETTINGS = {"delay", "jitter", "loss", "rate", "duplicate", "corrupt", "reorder", "limit"}

-- What netlab's netem binding takes (iface.netem); the rest only the wire does.
local NETEM_KEYS = {delay = true, jitter = true, loss = true, rate = true}

-- Parses option KEY, a percentage like loss -> a share 0..1.
local function parse_share(v, key)
  local pct
  if type(v) == "number" then pct = v
  elseif type(v) == "string" then pct = tonumber(v:match("^%s*(%d+%.?%d*)%s*%%%s*$")) end
  if not (pct and pct >= 0 and pct <= 100) then
    argerror(1, "impair", ("%s: a percentage like \"5%%\" (0-100) expected, got %s"):format(key, shown(v)), 3)
  end
  return pct / 100
end

-- Parses limit: a whole number of frames, 1-1000.
local function parse_limit(v)
  if math.type(v) ~= "integer" or v < 1 or v > 1000 then
    argerror(1, "impair", ("limit: a number of frames (1-1000) expected, got %s"):format(shown(v)), 3)
  end
  return v
end

-- Whether this kernel has sch_netem: nil until a link has found out.
local netem_present

local NO_NETEM = "this kernel has no netem queueing discipline (CONFIG_NET_SCH_NETEM, module sch_netem); leave engine out and netlab's wire carries the link"

-- Finds out (once) whether the kernel has netem, with a 1 us netem on
-- end E of a link nothing impairs yet, removed at once.
local function has_netem(e)
  if netem_present == nil then
    local ok, _, code = ci.netem(e.host, e.iface, 1, 0, 0, 0)
    if ok then ci.clear(e.host, e.iface) end
    if ok or code == ENOENT then netem_present = ok and true or false end
  end
  return netem_present
end

-- Whether OPTS (parsed: SET) asks for something only the wire does: its
-- name, or nil.
local function wire_only(opts, set)
  for k in pairs(opts) do
    if not NETEM_KEYS[k] and k ~= "side" and k ~= "engine" then return k end
  end
  if set.loss_model or set.loss_corr > 0 then return "loss" end
  if set.jitter_corr > 0 then return "jitter" end
end

-- The engine impair uses on link L for OPTS: the one asked for, else
-- the wire on a link it carries already or where netem is missing or
-- cannot do what is asked, else netem. nil, message if netem is asked
-- for and missing.
local function pick_engine(l, opts, set)
  local engine = opts.engine
  if engine ~= nil and engine ~= "netem" and engine ~= "wire" then
    argerror(1, "impair", ("engine: \"netem\" or \"wire\" expected, got %s"):format(shown(engine)), 3)
  end
  if l._cross then -- between machines: the UDP carriage's wire, or nothing
    if engine == "netem" then return nil, "a link between machines is impaired by netlab's wire only (leave engine out)" end
    return "wire"
  end
  if engine == "netem" then
    local k = wire_only(opts, set)
    if k then argerror(1, "impair", ("%s: netem here does not take it (a correlation, a loss model, %s); the wire does (leave engine out)"):format(k, k), 3) end
    if not has_netem(l._ends[1]) then return nil, NO_NETEM end
    return "netem"
  end
  if engine == "wire" or l._wire or wire_only(opts, set) then return "wire" end
  if opts.rate and not (opts.delay or opts.jitter or opts.loss) then return "netem" end -- tbf, on most kernels
  return has_netem(l._ends[1]) and "netem" or "wire"
end

-- Parses seed: an integer.
local function parse_seed(v)
  if math.type(v) ~= "integer" then
    argerror(1, "impair", ("seed: an integer expected, got %s"):format(shown(v)), 3)
  end
  return v
end

-- The wire's direction carrying what end E sends: 0 from the link's
-- first host, 1 from its second.
local function direction(l, e)
  return rawequal(e, l._ends[1]) and 0 or 1
end

-- Makes sure a wire carries link L (lab_wire.rewire turns a veth link
-- into a wire link, keeping its ends as they were); true | nil, msg, errno.
local function ensure_wire(l, what)
  if l._wire then return true end
  if l._cross then -- VXLAN between machines: carried over UDP from now on (no netem here)
    local ok, err, code = require("netlab.lab_carriage").recarry(l)
    if not ok then return nil, ("cannot %s %s: cannot carry it over UDP: %s"):format(what, tostring(l), err), code end
    return true
  end
  if l._tunnel then -- its ends are kernel tunnels: no veth to splice a wire into
    return nil, ("cannot %s %s: netlab's wire carries veth links; %s the underlay link the tunnel runs over")
      :format(what, tostring(l), what), require("netlab.errno").EOPNOTSUPP
  end
  local st, err, code = require("netlab.lab_wire").rewire(l._ends[1], l._ends[2])
  if not st then return nil, ("cannot %s %s: %s"):format(what, tostring(l), err), code end
  l._wire = st
  for _, e in ipairs(l._ends) do ci.clear(e.host, e.iface) end -- no netem or tbf left under the wire
  return true
end

-- Records SHOWN (the settings as given) for ENDS of link L, the engine
-- ENGINE running them (l:impair() reports both).
local function remember(l, ends, shown_set, engine)
  l._settings = l._settings or {{}, {}}
  for _, e in ipairs(ends) do l._settings[direction(l, e) + 1] = shown_set end
  l._engine = engine
end

-- Impairs the wire of link L on ENDS' outgoing frames with the settings
-- SET (w:set's table); SEED restarts the draws first (in one step: the
-- wire's threads take no frame between the seed and the settings).
local function wire_impair(l, ends, set, seed)
  local ok, err, code = ensure_wire(l, "impair")
  if not ok then return nil, err, code end
  local dirs = {}
  for _, e in ipairs(ends) do dirs[#dirs + 1] = direction(l, e) end
  l._wire.wire:set(dirs, set, seed)
  return true
end

-- Impairs ENDS of link L with the kernel's netem (the wire, if any,
-- carries their frames untouched).
local function netem_impair(l, ends, set)
  if l._wire then
    for _, e in ipairs(ends) do l._wire.wire:set(direction(l, e), {}) end
  end
  return each_end(ends, "impair", function(h, iface)
    return ci.netem(h, iface, set.delay, set.jitter, set.loss, set.rate)
  end)
end

-- The settings of impair's OPTS, parsed: w:set's table (times in us).
local function parse_impair(opts)
  local jitter, jitter_corr = 0, 0
  if opts.jitter then jitter, jitter_corr = parse_jitter(opts.jitter) end
  local loss = opts.loss and parse_loss(opts.loss) or {loss = 0, loss_corr = 0}
  return {
    delay = opts.delay and parse_time(opts.delay, "delay") or 0,
    jitter = jitter, jitter_corr = jitter_corr,
    loss = loss.loss, loss_corr = loss.loss_corr, loss_model = loss.loss_model, loss_p = loss.loss_p,
    rate = opts.rate and parse_rate(opts.rate) or 0,
    duplicate = opts.duplicate and parse_share(opts.duplicate, "duplicate") or 0,
    corrupt = opts.corrupt and parse_share(opts.corrupt, "corrupt") or 0,
    reorder = opts.reorder and parse_share(opts.reorder, "reorder") or 0,
    limit = opts.limit and parse_limit(opts.limit) or 1000,
  }
end

-- The engine and settings l:impair() reports: what runs now, else what
-- the next impairment would use.
local function report(l)
  local engine = l._engine or ((l._wire or l._cross) and "wire") or (has_netem(l._ends[1]) and "netem" or "wire")
  local rows = {}
  for i = 1, 2 do
    local row = {}
    for k, v in pairs(l._settings and l._settings[i] or {}) do row[k] = v end
    row.from, row.to = l._ends[i].host, l._ends[3 - i].host
    rows[i] = row
  end
  local w = l._wire and l._wire.wire
  if w and w.path then return engine, rows, w:path() end -- "kernel" | "threads"[, why]
  return engine, rows
end

-- l:impair{delay =, jitter =, loss =, rate =, duplicate =, corrupt =,
-- reorder =, limit =, side =, seed =, engine =} -> true | nil, msg,
-- errno: each end's outgoing frames (or SIDE's only) delayed, lost at
-- random, limited to a rate, replacing any earlier impairment: each
-- direction gets the delay, so a round trip through both ends grows by
-- twice it. The kernel's netem does it where it can (delay, jitter,
-- loss, rate); else netlab's wire (lab_wire.lua: a plain link is rebuilt
-- into a wire link on its first impairment, its ends as they were), or
-- when asked (engine = "wire"); seed = makes the wire's draws replay.
-- l:impair() -> engine ("netem" | "wire"), {{from =, to =, settings...}, {...}}.
function Link:impair(opts)
  check_link(self, "impair")
  if opts == nil then return report(self) end
  if type(opts) ~= "table" then argerror(1, "impair", "table expected, got " .. typename(opts)) end
  for k in pairs(opts) do
    if not IMPAIR_KEYS[k] then
      argerror(1, "impair", ("unknown option '%s' (delay, jitter, loss, rate, duplicate, corrupt, reorder, limit, side, seed or engine expected)"):format(tostring(k)))
    end
  end
  local set = parse_impair(opts)
  local given = {}
  for _, k in ipairs(SETTINGS) do given[k] = opts[k] end
  if next(given) == nil then
    argerror(1, "impair", "nothing to impair: delay, jitter, loss, rate, duplicate, corrupt, reorder or limit expected")
  end
  local seed = opts.seed ~= nil and parse_seed(opts.seed) or nil
  local ends = sides(self, opts.side, "impair")
  local engine, why = pick_engine(self, opts, set)
  if not engine then return nil, "cannot impair " .. tostring(self) .. ": " .. why, ENOENT end
  local ok, err, code
  if engine == "netem" then ok, err, code = netem_impair(self, ends, set) end
  if engine == "netem" and not ok and code == ENOENT and opts.engine == nil then
    engine = "wire" -- no tbf either: the wire does it
  end
  if engine == "wire" then ok, err, code = wire_impair(self, ends, set, seed) end
  if ok then remember(self, ends, given, engine) end
  return ok, err, code
end

-- Reads cut's options: nil or {side =}.
local function cut_ends(l, opts)
  if opts == nil then return sides(l) end
  if type(opts) ~= "table" then argerror(1, "cut", "table expected, got " .. typename(opts)) end
  for k in pairs(opts) do
    if k ~= "side" then argerror(1, "cut", ("unknown option '%s' (side expected)"):format(tostring(k))) end
  end
  return sides(l, opts.side, "cut")
end

-- l:cut([{side =}]) -> true | nil, msg, errno: nothing gets through either
-- way (or nothing SIDE sends), as if the cable were cut: the frames are
-- dropped on the wire, after they left the sender, as a real cut would
-- lose them (TCP retransmits, ping counts them lost); a plain link
-- becomes a wire link for it (lab_wire.rewire). The interfaces stay up,
-- so their addresses and routes are there when the link heals.
function Link:cut(opts)
  check_link(self, "cut")
  local ends = cut_ends(self, opts)
  local ok, err, code = ensure_wire(self, "cut")
  if not ok then return nil, err, code end
  for _, e in ipairs(ends) do
    if not self._cross then ci.clear(e.host, e.iface) end -- a netem impairment there ends with the cut
    self._wire.wire:set(direction(self, e), {cut = true})
  end
  remember(self, ends, {cut = true}, "wire")
  return true
end

-- l:heal() -> true | nil, msg, errno: no impairment left and both ends
-- up (tc qdisc del dev IFACE root; ip link set IFACE up; a wire carries
-- every frame at once again).
function Link:heal()
  check_link(self, "heal")
  if self._wire then
    for dir = 0, 1 do self._wire.wire:set(dir, {}) end
  end
  self._settings, self._engine = nil, nil
  if self._cross then return true end -- between machines: only a wire impairs it (a VXLAN link: nothing did)
  return each_end(sides(self), "heal", function(h, iface)
    local ok, err, code = ci.clear(h, iface)
    if ok then ok, err, code = ci.set(h, iface, true) end
    return ok, err, code
  end)
end

-- l:stats() -> {{from =, to =, forwarded =, dropped =, duplicated =,
-- corrupted =, reordered =, queued =, errors =, error =}, x2} |
-- nil, msg: what a wire link's two directions have done (from the link's
-- first host, then from its second); a veth link has no wire to count.
-- errors counts the dropped frames the far end's socket refused for a
-- reason no cable has (its interface gone), error says the last one (or
-- that a thread of the wire stopped); both nil/0 while all is well.
function Link:stats()
  check_link(self, "stats")
  if not self._wire then
    return nil, "link:stats counts a wire link's frames (lab:link's engine = \"wire\")"
  end
  local rows = {}
  for dir = 0, 1 do
    local row = self._wire.wire:stats(dir)
    row.from, row.to = self._ends[dir + 1].host, self._ends[2 - dir].host
    row.error = self._wire.error or row.error
    rows[dir + 1] = row
  end
  return rows
end

return M
