-- netlab.lab: sandbox labs. A lab's hosts are network namespaces owned by
-- this process (kept as open fds, never bind-mounted: see core/host/netns.c),
-- joined by veth links with addresses; sockets and shell commands are made
-- inside them. When netlab exits, however it exits, they all disappear.
--   local lab <close> = netlab.lab()
--   local a, b = lab:host "a", lab:host "b"
--   lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24")
--   local s = b:tcp(); s:bind("*", 80); s:listen()
--   local c = a:tcp(); c:connect("b", 80)   -- "b" resolves to 10.0.0.2
--   print(a:sh("ip -br addr"))
--
-- lab:close() (or <close>, or garbage collection) closes everything the
-- lab made: its hosts, the sockets made by host:tcp() & co. and the
-- connections accepted on them (later calls raise "attempt to use a closed
-- socket"; tasks waiting on them get "closed"), and kills commands still
-- running in its hosts (their host:sh returns nil, "closed"). A host:ping,
-- traceroute, sr1 or sr under way returns nil, "closed" at once, and the
-- host's watchers stop (spec/lifetime_spec.lua closes a lab under each).
local selfcheck = require "netlab.selfcheck"
local blame = require "netlab.blame"
local clab = require "netlab.c.lab"
local csock = require "netlab.c.socket"
local socket = require "netlab.socket"
local proc = require "netlab.proc"
local sched = require "netlab.sched"

local M = {}

local Lab = {__name = "netlab.lab"}
Lab.__index = Lab
local Link = {__name = "netlab.link"}
Link.__index = Link
local Host = clab.meta -- the C metatable "netlab.host"
local methods = Host.__index
M.Lab, M.Link, M.Host = Lab, Link, Host -- so help(x) finds their docs

-- host -> {lab, addrs = {{family, ip, prefix, iface, text}...}, ifaces,
-- sockets (set), children (set)}: the Lua side of each host.
local state = setmetatable({}, {__mode = "k"})
-- socket -> the host it was made in (names resolve in that host's lab).
local made_in = setmetatable({}, {__mode = "k"})

local function weak_set() return setmetatable({}, {__mode = "k"}) end

-- The type of V as an error message names it: "netlab.socket", "nil"...
local function typename(v)
  local mt = getmetatable(v)
  local name = type(mt) == "table" and rawget(mt, "__name")
  return type(name) == "string" and name or type(v)
end

-- Raises "bad argument #N to 'FNAME' (MSG)" at the script's line, found
-- by netlab.blame (a level callers still pass is not needed).
local function argerror(n, fname, msg)
  blame.argerror(n, fname, msg)
end
M.typename, M.argerror = typename, argerror -- for the lab_*.lua modules

-- Raises unless LAB is an open lab (for method FNAME).
local function check_lab(lab, fname)
  if getmetatable(lab) ~= Lab then
    selfcheck.raise(fname, "netlab.lab expected, got " .. typename(lab), 2)
  end
  if lab._closed then error("attempt to use a closed lab", 3) end
end
M.check_lab = check_lab -- for lab_machine.lua

-- Raises unless H is an open host; returns its state. N is the argument
-- number of public method FNAME (0: self); EXTRA the number of calls
-- between that method and this check.
local function check_host(h, fname, n, extra)
  local level = 3 + (extra or 0)
  local st = M.host_state(h) -- netlab.here's host has a state too (lab_names.lua)
  if st == nil then
    if n == 0 then
      selfcheck.raise(fname, "netlab.host expected, got " .. typename(h), level - 1)
    end
    argerror(n, fname, "host expected, got " .. typename(h), level)
  end
  if not h:_isopen() then blame.error("attempt to use a closed host") end
  return st
end

-- Labs -----------------------------------------------------------------

-- The labs made since M.hold(), whose close waits for M.release(); nil
-- when nothing is held.
local held = nil

-- Reads netlab.lab's options: the underlay address of this machine (for
-- links to hosts on other machines), or nil.
local function new_opts(opts)
  if opts == nil then return nil end
  if type(opts) ~= "table" then argerror(1, "lab", "options table expected, got " .. typename(opts)) end
  for k in pairs(opts) do
    if k ~= "underlay" then argerror(1, "lab", ("unknown option '%s' (underlay expected)"):format(tostring(k))) end
  end
  if opts.underlay == nil then return nil end
  local u = type(opts.underlay) == "string" and not opts.underlay:find("[%z/]") and opts.underlay
  local family, ip = clab.cidr(u and (u .. (u:find(":", 1, true) and "/128" or "/32")) or "")
  if not family then
    argerror(1, "lab", "underlay: this machine's IP address expected, got " ..
      (type(opts.underlay) == "string" and ("%q"):format(opts.underlay) or typename(opts.underlay)))
  end
  return {family = family, ip = ip}
end

-- netlab.lab([{underlay =}]) -> a new, empty lab.
function M.new(opts)
  local underlay = new_opts(opts)
  local lab = setmetatable({_hosts = {}, _order = {}, _byname = {}, _links = {}, _closed = false,
                            _underlay = underlay}, Lab)
  if held then
    lab._kept = true
    held[#held + 1] = lab
  end
  local web = package.loaded["netlab.web"]
  if web and web.auto then web.auto_serve(lab) end -- netlab --web
  if os.getenv("NETLAB_MACHINES") and not M.in_worker then -- a lesson spread over machines
    require("netlab.lab_machine").from_env(lab, os.getenv("NETLAB_MACHINES"))
  end
  return lab
end

-- Holds the labs made from now on: the end of one's <close> variable
-- leaves it up until M.release() (lab:close() still closes it). What
-- `netlab -i` does for a lesson, so the REPL gets the lab's hosts.
function M.hold()
  held = held or {}
end

-- The labs held so far, in the order they were made.
function M.held()
  return table.move(held or {}, 1, #(held or {}), 1, {})
end

-- Ends the hold and closes every lab it kept.
function M.release()
  local list = held or {}
  held = nil
  for _, lab in ipairs(list) do
    lab._kept = false
    lab:close()
  end
end

-- Raises unless NAME can name a host: a hostname-like word (for FNAME:
-- host by default, router, switch).
local function check_name(name, fname)
  fname = fname or "host"
  if type(name) ~= "string" then argerror(1, fname, "string expected, got " .. typename(name), 3) end
  if #name == 0 or #name > 63 or not name:match("^[%w_][%w_.%-]*$") then
    argerror(1, fname, ("invalid host name %q: 1-63 letters, digits, '.', '-' or '_'"):format(name), 3)
  end
end
M.check_name = check_name -- lab:router and lab:switch name hosts too

-- The first number on the line of file PATH that starts with PREFIX
-- (nil if none): /proc/self/limits, /proc/meminfo.
local function proc_number(path, prefix)
  local f = io.open(path)
  if not f then return nil end
  for line in f:lines() do
    if line:sub(1, #prefix) == prefix then
      f:close()
      return tonumber(line:sub(#prefix + 1):match("%d+"))
    end
  end
  f:close()
end

-- What a lab host costs, measured (bench/lab_scale.sh, bench/RESULTS.md):
-- the fds netlab holds for it (its namespace; netlink sockets are opened
-- when needed, at most NL_OPEN at a time: bindings/l_lab.c) and the
-- kernel's memory it takes (its namespace, lo, a veth pair to a switch:
-- 271 KiB a host at 1,000 hosts, 332 at 10,000, 340 in a tree of
-- routers, MemAvailable before and after; about 300 of it slab).
local HOST_FDS, HOST_KIB, NL_OPEN = 1, 330, 16

-- netlab's limit of open files, read as the module loads: once it is
-- reached, /proc/self/limits could not be opened to say what it is.
local FILES = proc_number("/proc/self/limits", "Max open files")

-- The kernel memory (KiB) a lab leaves the machine: a host is refused
-- once MemAvailable is below it and a host's worth, before the kernel
-- would have to kill a process for memory. NETLAB_KEEP_FREE (MiB)
-- changes it; 64 MiB by default.
local function keep_free_kib()
  local mib = tonumber(os.getenv("NETLAB_KEEP_FREE") or "")
  return math.floor((mib and mib >= 0 and mib or 64) * 1024)
end

-- Hosts that may be made before MemAvailable is read again: half of
-- what it allowed when last read (none: read it before the next host).
local mem_budget = 0

-- nil if the kernel has memory for another host, else MemAvailable and
-- the KiB kept free (both KiB): read only when the last reading's
-- budget is spent, so a lab of thousands reads it a few dozen times.
local function short_of_memory()
  if mem_budget > 0 then
    mem_budget = mem_budget - 1
    return nil
  end
  local avail, keep = proc_number("/proc/meminfo", "MemAvailable:"), keep_free_kib()
  if not avail then return nil end -- no /proc/meminfo: the kernel will say
  local hosts = (avail - keep) // HOST_KIB
  if hosts < 1 then return avail, keep end
  mem_budget = hosts // 2
  return nil
end

-- Names the limit a failure to make a host or link with errno CODE ran
-- into, with its value: netlab's open files (EMFILE), the kernel's
-- memory (ENOMEM) or its count of network namespaces (ENOSPC).
local function limit_hint(code, avail, keep)
  if code == 24 then
    local n = proc_number("/proc/self/limits", "Max open files") or FILES
    return (" (netlab may hold %s open files and each lab host holds %d, its namespace, with at most %d "
      .. "netlink sockets besides; raise the limit with ulimit -n)"):format(n or "?", HOST_FDS, NL_OPEN)
  elseif code == 12 then
    avail = avail or proc_number("/proc/meminfo", "MemAvailable:")
    return (" (the kernel is out of memory: each lab host takes about %d KiB of it; %s MiB available, "
      .. "%d MiB kept free for the machine: NETLAB_KEEP_FREE)")
      :format(HOST_KIB, avail and avail // 1024 or "?", (keep or keep_free_kib()) // 1024)
  elseif code == 28 then
    return " (the kernel's limit on network namespaces is reached: user.max_net_namespaces, "
      .. "in netlab's user namespace or one above it)"
  end
  return ""
end
M.limit_hint = limit_hint -- for lab_net.lua's routers and switches

-- Explains a failure to make a namespace (AVAIL, KEEP: short_of_memory's).
local function host_failed(name, err, code, avail, keep)
  local hint = limit_hint(code, avail, keep)
  if (code == 1 or code == 13) and not err:find("sudo", 1, true) then -- EPERM, EACCES; userns.c says more
    hint = " (lab hosts are network namespaces: run netlab as root, e.g. with sudo)"
  end
  return nil, ("cannot create host %s: %s%s"):format(name, err, hint), code
end

-- The machine host NAME goes on: opts.on, else the lab's placement
-- (NETLAB_MACHINES), else nil (this one); FNAME: host, router or switch.
local function machine_for(lab, name, opts, fname)
  fname = fname or "host"
  if opts == nil then return lab._place and lab._place[name] end
  if type(opts) ~= "table" then argerror(2, fname, "options table expected, got " .. typename(opts), 2) end
  for k in pairs(opts) do
    if k ~= "on" then argerror(2, fname, ("unknown option '%s' (on expected)"):format(tostring(k)), 2) end
  end
  if opts.on ~= nil and type(opts.on) ~= "string" then
    argerror(2, fname, "on: a machine's name expected, got " .. typename(opts.on), 2)
  end
  return opts.on
end
M.machine_for = machine_for -- for lab:router and lab:switch

-- lab:host(name[, {on = machine}]) -> host | nil, message, errno: a new
-- host (its own network namespace, lo up), on machine ON of the lab
-- (lab:machine) or here. Names are unique within a lab.
function Lab:host(name, opts)
  check_lab(self, "host")
  check_name(name)
  if self._byname[name] then
    argerror(1, "host", ("this lab already has a host named %q"):format(name), 2)
  end
  local on = machine_for(self, name, opts)
  if on then
    local h, err, code = require("netlab.lab_machine").host(self, name, on, "host")
    return h, err, code
  end
  local avail, keep = short_of_memory()
  if avail then return host_failed(name, "Cannot allocate memory", 12, avail, keep) end
  local h, err, code = clab.host(name)
  if not h then return host_failed(name, err, code) end
  state[h] = {lab = self, addrs = {}, ifaces = {}, sockets = weak_set(), children = weak_set()}
  self._byname[name] = h
  self._hosts[#self._hosts + 1] = h
  self._order[#self._order + 1] = h
  return h
end

-- lab:hosts() -> {host, ...} in the order they were made (those on
-- other machines too).
function Lab:hosts()
  check_lab(self, "hosts")
  return table.move(self._order, 1, #self._order, 1, {})
end

-- Kills a host's running commands, closes its sockets, then the host.
local function close_host(h)
  selfcheck.check(h, Host, "__close")
  local st = state[h]
  if st then
    for child in pairs(st.children) do child:kill() end
    for s in pairs(st.sockets) do s:close() end
  end
  h:_close()
end

-- lab:close() -> true: closes every host and what was made in them;
-- closing again is harmless.
function Lab:close()
  if getmetatable(self) ~= Lab then check_lab(self, "close") end
  if self._closed then return true end
  if self._webs then -- its pages first (with --web: after the user's Enter)
    local web = require "netlab.web"
    web.before_close(self)
    for w in pairs(self._webs) do w:close() end
  end
  self._closed = true
  self._kept = false
  for _, l in ipairs(self._links) do
    if l._wire then require("netlab.lab_wire").close(l._wire) end
  end
  for _, h in ipairs(self._hosts) do close_host(h) end
  if self._machine_list then require("netlab.lab_machine").close(self) end
  return true
end
-- A lab's <close> variable going out of scope closes it, unless M.hold
-- keeps it for the REPL (an explicit lab:close() always closes).
function Lab:__close()
  if not self._kept then return self:close() end
end
Lab.__gc = Lab.close

-- lab:web([{port = 8080, addr = "127.0.0.1", control = false}]) -> web |
-- nil, message, errno: serves the lab's live page (netlab.web); web.url
-- is its address with the token, web:close() stops it, as lab:close does.
function Lab:web(opts)
  check_lab(self, "web")
  local w, err, code = require("netlab.web").serve(self, opts)
  return w, err, code
end

-- "3 hosts", "1 link": a count and a noun.
local function count(n, noun) return ("%d %s%s"):format(n, noun, n == 1 and "" or "s") end

-- tostring(lab): "lab (2 hosts: a, b; 1 link)".
function Lab:__tostring()
  selfcheck.check(self, Lab, "__tostring")
  if self._closed then return "lab (closed)" end
  local names = {}
  for i, h in ipairs(self._hosts) do names[i] = h:name() end
  local list = #names > 0 and (": " .. table.concat(names, ", ")) or ""
  return ("lab (%s%s; %s)"):format(count(#names, "host"), list, count(#self._links, "link"))
end

-- Links ----------------------------------------------------------------

-- Parses one CIDR text for argument N of FNAME (link by default; its
-- item I if a list; WHERE names an option field holding it, "addrs: ");
-- raises when it is bad.
local function parse_cidr(text, n, i, fname, where)
  fname, where = fname or "link", where or ""
  if type(text) ~= "string" then
    argerror(n, fname, where .. "CIDR string expected, got " .. typename(text), 4)
  end
  if text:find("\0", 1, true) then -- checked here: lab_net.lua's link tail-calls this one
    argerror(n, fname, where .. (i and "item " .. i .. ": " or "") .. "string contains a NUL byte", 4)
  end
  local family, ip, prefix = clab.cidr(text)
  if family then return {family = family, ip = ip, prefix = prefix, text = text} end
  if ip == "prefix" then
    argerror(n, fname, where .. ("prefix length out of range in %q (0-%d for %s)")
      :format(text, prefix, prefix == 32 and "IPv4" or "IPv6"), 4)
  end
  argerror(n, fname, where .. ("invalid CIDR %q (an address and prefix length like \"10.0.0.1/24\" or \"fd00::1/64\" expected)")
    :format(text), 4)
end

-- The addresses given for one end: nil, a CIDR text or a list of them
-- (argument N of FNAME, in option field WHERE: see parse_cidr).
local function parse_addrs(v, n, fname, where)
  if v == nil then return {} end
  if type(v) ~= "table" then return {parse_cidr(v, n, nil, fname, where)} end
  local out = {}
  for i, text in ipairs(v) do out[i] = parse_cidr(text, n, i, fname, where) end
  return out
end

-- Raises unless H is an open host of LAB (argument N of link), or of
-- another open lab when ACROSS is set.
local function check_member(lab, h, n, across)
  local st = check_host(h, "link", n, 1)
  if st.lab ~= lab and not across then
    argerror(n, "link", ("host %s belongs to another lab (lab:link's {across = true} links hosts of two labs)")
      :format(h:name()), 3)
  end
  if st.lab._closed then error("attempt to use a closed lab", 3) end
  return st
end

-- Gives interface IFNAME of H its ADDRS and brings it up.
local function configure(h, ifname, addrs)
  for _, a in ipairs(addrs) do
    local ok, err, code = h:_addr_add(ifname, a.text)
    if not ok then
      return nil, ("cannot add %s to %s:%s: %s"):format(a.text, h:name(), ifname, err), code
    end
  end
  local ok, err, code = h:_link_up(ifname)
  if not ok then return nil, ("cannot bring %s:%s up: %s"):format(h:name(), ifname, err), code end
  return true
end

-- Waits (at most READY_WAIT seconds) until both ends can send: the
-- kernel attaches an interface's queue shortly after it comes up, and
-- drops what is sent before (a first SYN would wait a second for its
-- retransmission).
local READY_WAIT = 2
local function wait_ready(x, nx, y, ny, wire)
  local deadline = sched.now() + READY_WAIT
  local function ready()
    return x:_link_ready(nx) and y:_link_ready(ny) and (not wire or require("netlab.lab_wire").ready(wire))
  end
  while not ready() and sched.now() < deadline do
    sched.sleep(0.001)
  end
end

M.parse_cidr_list, M.configure, M.wait_ready = parse_addrs, configure, wait_ready -- for lab_tunnel.lua

-- Turns IPv6 off on interface IFNAME of H unless ADDRS has an IPv6
-- address: a tunnel or TUN then carries only what the lab sends (no
-- router solicitations or listener reports of the kernel's own).
function M.ipv6_off_unless(h, ifname, addrs)
  for _, a in ipairs(addrs) do
    if a.family == "inet6" then return true end
  end
  local ok, err, code = require("netlab.c.net").sysctl(h, "net.ipv6.conf." .. ifname .. ".disable_ipv6", "1")
  if not ok then return nil, ("cannot turn IPv6 off on %s:%s: %s"):format(h:name(), ifname, err), code end
  return true
end

-- Records one end of a new link in its host's state; returns the end.
local function record_end(h, ifname, addrs)
  local st = state[h]
  require("netlab.machine_names").changed(#addrs > 0 and st.lab or nil)
  st.ifaces[#st.ifaces + 1] = ifname
  local texts = {}
  for i, a in ipairs(addrs) do
    a.iface = ifname
    st.addrs[#st.addrs + 1] = a
    texts[i] = a.text
  end
  return {host = h, iface = ifname, addrs = texts}
end
M.record_end = record_end -- for lab_tunnel.lua and lab_tun.lua

-- M.drop_end(h, ifname): removes interface IFNAME of host H, made for a
-- link that then failed elsewhere, and what record_end noted of it.
function M.drop_end(h, ifname)
  h:_link_del(ifname)
  local st = state[h]
  if not st then return end
  for i = #st.ifaces, 1, -1 do
    if st.ifaces[i] == ifname then table.remove(st.ifaces, i) end
  end
  local kept = {}
  for _, a in ipairs(st.addrs) do
    if a.iface ~= ifname then kept[#kept + 1] = a end
  end
  if #kept ~= #st.addrs then require("netlab.machine_names").changed(st.lab) end
  st.addrs = kept
end

-- lab:link(x, y[, addr_x[, addr_y[, {engine =, across =, ipv6 =}]]]) -> link |
-- nil, message, errno: a veth pair, one end in each host named eth0,
-- eth1... (the next free name there), each given its addresses (a CIDR
-- text or a list of them) and brought up. With engine = "wire" each end's
-- peer is in a namespace of netlab's own and netlab carries the frames
-- (lab_wire.lua) from the start. across = true lets Y (or X) be a host
-- of another open lab of this process: the link is this lab's, and goes
-- when either lab closes. ipv6 = false gives both ends no IPv6
-- link-local address, so the kernel sends nothing on them by itself (no
-- DAD, MLD or router solicitation: on a LAN of thousands of hosts those
-- reach every host and cost more per host the bigger it grows); no IPv6
-- address may be given then. On failure nothing of the link is left.
-- Reads lab:link's options (argument 5): the engine, "veth" or "wire",
-- whether hosts of another lab may be linked, and whether IPv6 is on.
local function link_opts(opts)
  if opts == nil then return "veth", false, true end
  if type(opts) ~= "table" then argerror(5, "link", "options table expected, got " .. typename(opts), 3) end
  for k in pairs(opts) do
    if k ~= "engine" and k ~= "across" and k ~= "ipv6" then
      argerror(5, "link", ("unknown option '%s' (engine, across or ipv6 expected)"):format(tostring(k)), 3)
    end
  end
  for _, k in ipairs{"across", "ipv6"} do
    if opts[k] ~= nil and type(opts[k]) ~= "boolean" then
      argerror(5, "link", k .. ": boolean expected, got " .. typename(opts[k]), 3)
    end
  end
  local e = opts.engine
  if e ~= nil and e ~= "veth" and e ~= "wire" then
    argerror(5, "link", ("engine: \"veth\" or \"wire\" expected, got %s"):format(
      type(e) == "string" and ("%q"):format(e) or typename(e)), 3)
  end
  return e or "veth", opts.across == true, opts.ipv6 ~= false
end

-- Raises if ADDRS (argument N of link) hold an IPv6 address: the link
-- was asked for without IPv6.
local function check_no_ipv6(addrs, n)
  for _, a in ipairs(addrs) do
    if a.family == "inet6" then
      argerror(n, "link", ("%s is an IPv6 address, and the link has ipv6 = false"):format(a.text), 3)
    end
  end
end

-- Gives both ends of a new link no IPv6 link-local address (ipv6 =
-- false): the kernel then sends nothing of its own on them.
local function no_linklocal(x, nx, y, ny)
  local ok, err, code = x:_no_linklocal(nx)
  if ok then ok, err, code = y:_no_linklocal(ny) end
  if not ok then return nil, ("cannot turn IPv6 off on %s and %s: %s"):format(x:name(), y:name(), err), code end
  return true
end

-- The cable of a new link between X and Y: a veth pair, or a wire
-- (lab_wire.lua): the names of its ends in X and Y, and the wire's state.
local function cable(x, y, engine)
  if engine == "wire" then return require("netlab.lab_wire").make(x, y) end
  return clab.veth(x, y)
end

-- Removes a new link's cable (a failure before it was recorded).
local function uncable(x, nx, y, ny, wire)
  x:_link_del(nx) -- its peer goes with it
  if wire then
    y:_link_del(ny)
    require("netlab.lab_wire").close(wire)
  else
    y:_name_freed(ny)
  end
end

function Lab:link(x, y, addr_x, addr_y, opts)
  check_lab(self, "link")
  if self._machine_list then -- a host on another machine: lab_machine.lua's
    local l, err, code = require("netlab.lab_machine").link(self, x, y, addr_x, addr_y, opts)
    if l ~= false then return l, err, code end
  end
  local engine, across, ipv6 = link_opts(opts)
  check_member(self, x, 1, across)
  check_member(self, y, 2, across)
  if rawequal(x, y) then argerror(2, "link", ("cannot link host %s to itself"):format(x:name()), 2) end
  local ax, ay = parse_addrs(addr_x, 3), parse_addrs(addr_y, 4)
  if not ipv6 then check_no_ipv6(ax, 3); check_no_ipv6(ay, 4) end
  local nx, ny, code = cable(x, y, engine)
  if not nx then
    return nil, ("cannot link %s and %s: %s%s"):format(x:name(), y:name(), ny, limit_hint(code)), code
  end
  local wire = engine == "wire" and code or nil
  local ok, err = true, nil
  if not ipv6 then ok, err, code = no_linklocal(x, nx, y, ny) end
  if ok then ok, err, code = configure(x, nx, ax) end
  if ok then ok, err, code = configure(y, ny, ay) end
  if not ok then
    uncable(x, nx, y, ny, wire)
    return nil, err, code
  end
  wait_ready(x, nx, y, ny, wire)
  local l = setmetatable({_lab = self, _ends = {record_end(x, nx, ax), record_end(y, ny, ay)},
                          _wire = wire}, Link)
  self._links[#self._links + 1] = l
  return l
end

-- link:ends() -> end_x, end_y: {host =, iface =, addrs = {cidr...}}
function Link:ends()
  selfcheck.check(self, Link, "ends")
  local function copy(e)
    return {host = e.host, iface = e.iface, addrs = table.move(e.addrs, 1, #e.addrs, 1, {})}
  end
  return copy(self._ends[1]), copy(self._ends[2])
end

-- "a:eth0 10.0.0.1/24": one end of a link as text.
local function end_text(e)
  local addrs = #e.addrs > 0 and (" " .. table.concat(e.addrs, " ")) or ""
  return ("%s:%s%s"):format(e.host:name(), e.iface, addrs)
end

-- tostring(link): "link a:eth0 10.0.0.1/24 <-> b:eth0 10.0.0.2/24".
function Link:__tostring()
  selfcheck.check(self, Link, "__tostring")
  local text = ("link %s <-> %s"):format(end_text(self._ends[1]), end_text(self._ends[2]))
  return self._lab._closed and text .. " (closed)" or text
end

-- Hosts ----------------------------------------------------------------

-- Makes a socket of KIND inside host H (of state ST).
local function host_socket(h, st, kind)
  local s, err, code = h:_socket(kind)
  if not s then return nil, err, code end
  st.sockets[s] = true
  made_in[s] = h
  return s
end

-- host:tcp() / udp() / tcp6() / udp6() -> socket | nil, message, errno:
-- a socket inside the host (its addresses, routes and names).
function methods:tcp() return host_socket(self, check_host(self, "tcp", 0), "tcp") end
function methods:udp() return host_socket(self, check_host(self, "udp", 0), "udp") end
function methods:tcp6() return host_socket(self, check_host(self, "tcp6", 0), "tcp6") end
function methods:udp6() return host_socket(self, check_host(self, "udp6", 0), "udp6") end
M.host_socket, M.check_host = host_socket, check_host -- for lab_names.lua

-- What a command run in host H (of lab state ST) runs in: {netns, mntns,
-- hosts} for proc.spawn, the host's /run made at its first command
-- (core/host/hostfs.h) | nil, message, errno.
function M.host_env(h, st)
  local mntns, err, errno = h:_mntns()
  if not mntns then return nil, ("cannot give host %s its own /run: %s"):format(h:name(), err), errno end
  return {netns = h:_netns(), mntns = mntns, hosts = M.hosts_text(st.lab)}
end

-- host:sh(cmd[, opts]) -> stdout, stderr, exit code | nil, message: runs
-- /bin/sh -c cmd inside the host, as netlab.sh does (opts.stdin,
-- opts.timeout, the fds placed with netlab.fd).
function methods:sh(cmd, opts)
  local st = check_host(self, "sh", 0)
  proc.check_args(cmd, opts, "sh")
  local env, msg, errno = M.host_env(self, st)
  if not env then return nil, msg, errno end
  local out, err, code = proc.run(cmd, opts, env, st.children)
  if out == nil and not self:_isopen() then return nil, "closed" end
  return out, err, code
end

-- tostring(host): "host a (eth0 10.0.0.1/24)".
function Host:__tostring()
  selfcheck.check(self, Host, "__tostring")
  local st = state[self]
  if not self:_isopen() then return ("host %s (closed)"):format(self:name()) end
  local parts = {}
  for _, ifname in ipairs(st and st.ifaces or {}) do
    local p = {ifname}
    for _, a in ipairs(st.addrs) do
      if a.iface == ifname then p[#p + 1] = a.text end
    end
    parts[#parts + 1] = table.concat(p, " ")
  end
  return ("host %s (%s)"):format(self:name(), #parts > 0 and table.concat(parts, ", ") or "lo only")
end
Host.__close = close_host

-- Names ----------------------------------------------------------------

-- The resolver netlab's sockets ask about names (l_socket.c): in the lab
-- a socket was made in, a host's name is its first address of the
-- socket's family. Other names go on to the system's resolver.
local function resolve(sock, name)
  local h = made_in[sock]
  local lab = h and state[h] and state[h].lab
  local target = lab and not lab._closed and lab._byname[name]
  if not (target and state[target]) then -- a name, or a host on another machine
    return lab and not lab._closed and M.lookup_name(lab, name, sock:getfamily()) or nil
  end
  local family = sock:getfamily()
  for _, a in ipairs(state[target].addrs) do
    if a.family == family then return a.ip end
  end
  return nil
end
csock.set_resolver(resolve)

-- Connections accepted on a host's listener belong to that host too.
local raw_accept = socket.meta.__index.accept
socket.meta.__index.accept = function(self)
  local c, err, code = raw_accept(self)
  local h = c and made_in[self]
  if h and state[h] then
    state[h].sockets[c] = true
    made_in[c] = h
  end
  return c, err, code
end

require "netlab.lab_route"
require("netlab.lab_net").install(M)

-- For the modules that add host and link methods (loaded just below):
-- they require "netlab.lab" back and read a host's Lua-side state.
package.loaded["netlab.lab"] = M
function M.host_state(h) return state[h] end

-- The fd of OBJ, one of a host's sockets (netlab, raw and ICMP sockets:
-- getfd; captures: fd), or nil.
local function fd_of(obj)
  local get = obj.getfd or obj.fd
  if type(get) ~= "function" then return nil end
  local ok, n = pcall(get, obj) -- a closed capture raises
  return ok and n or nil
end

-- What of a live lab holds fd N, for netlab.fd's refusals: a phrase
-- ("host a's network namespace", "host a's socket tcp{master} ...") and
-- what closes it, or nil.
function M.fd_holder(n)
  for h, st in pairs(state) do
    local ns, nl, mnt = h:_fds()
    if n == ns or n == nl or n == mnt then
      local what = n == ns and "network namespace" or n == nl and "netlink socket" or "mount namespace"
      return ("host %s's %s"):format(h:name(), what), "closing its lab closes it"
    end
    for obj in pairs(st.sockets) do
      if fd_of(obj) == n then return ("host %s's %s"):format(h:name(), tostring(obj)), "close that itself" end
    end
  end
  return nil
end
require "netlab.lab_iface"
require "netlab.lab_names"
require "netlab.lab_luasocket"
require "netlab.lab_capture"
require "netlab.lab_craft"
require "netlab.lab_sockets"
require "netlab.lab_diagram"
require "netlab.lab_tunnel"
require "netlab.lab_tun"
require "netlab.lab_machine"

return M
