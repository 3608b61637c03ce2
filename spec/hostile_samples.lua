-- spec/hostile_samples.lua: what spec/hostile_walk.lua needs to call each
-- public function well, so that a hostile value in one place reaches the
-- check of that place: the objects the calls are made on (fixtures), one
-- good call per function (samples), and the list of public functions,
-- found in the live tables and compared with scripts/netlab/doc.lua (the
-- source of docs/api.md). A public function without a sample is reported,
-- so a new one cannot escape the walk.
local doc = require "netlab.doc"
local P = netlab.packet
local M = {}

local SHORT = 0.01 -- the timeout the samples give every wait
-- A lab machine's worker: this netlab, started as `netlab --worker`.
local WORKER = {arg and arg[-1] or "netlab", "--worker"}

-- Writes TEXT to a fresh temporary file; returns its path.
local function tmpfile(text, paths)
  local p = os.tmpname()
  paths[#paths + 1] = p
  local f = assert(io.open(p, "w"))
  f:write(text)
  f:close()
  return p
end

-- A connected TCP pair on host H's loopback: client, server side.
local function tcp_pair(fx)
  local c = assert(fx.a:tcp())
  c:settimeout(1)
  assert(c:connect("127.0.0.1", fx.a_port))
  local s = assert(fx.a_listener:accept())
  c:settimeout(SHORT)
  s:settimeout(SHORT)
  return c, s
end

-- Builds the objects the walk calls methods on: labs with hosts and
-- links, a capture, packets, files, a listener on loopback.
function M.fixtures()
  local fx = {paths = {}, fixtures = {}, keep = {}}
  local lab = netlab.lab()
  local a, b, c = assert(lab:host "a"), assert(lab:host "b"), assert(lab:host "c")
  local m, n = assert(lab:host "m"), assert(lab:host "n")
  fx.lab, fx.a, fx.b, fx.c, fx.m = lab, a, b, c, m
  fx.link = assert(lab:link(a, b, "10.0.0.1/24", "10.0.0.2/24"))
  fx.link2 = assert(lab:link(a, c, "10.0.9.1/24", "10.0.9.2/24"))
  assert(lab:link(m, n, "10.0.7.1/24", "10.0.7.2/24"))
  fx.sw = assert(lab:switch "sw")
  fx.machine = assert(lab:machine{name = "w", launch = WORKER})
  fx.lab2 = netlab.lab()
  fx.x, fx.y = assert(fx.lab2:host "x"), assert(fx.lab2:host "y")
  assert(fx.lab2:link(fx.x, fx.y, "10.0.4.1/24", "10.0.4.2/24")) -- under lab:tunnel's sample
  fx.tun = assert(a:tun("tun9", {addr = "10.0.5.1/24"}))
  fx.ip_packet = (P.ip{src = "10.0.5.2", dst = "10.0.5.1"} / P.udp{sport = 1, dport = 9} / "hi"):bytes()
  local srv = assert(b:udp()) -- something that answers on b
  assert(srv:bind("10.0.0.2", 9))
  fx.a_listener = assert(a:tcp())
  assert(fx.a_listener:bind("127.0.0.1", 0))
  assert(fx.a_listener:listen(512))
  fx.a_port = select(2, fx.a_listener:getsockname())
  fx.a_listener:settimeout(2)
  -- on the machine's own loopback, for netlab.fd.tcp; a daemon empties its queue
  fx.lo_listener = assert(netlab.tcp())
  assert(fx.lo_listener:bind("127.0.0.1", 0))
  assert(fx.lo_listener:listen(512))
  fx.lo_port = select(2, fx.lo_listener:getsockname())
  netlab.daemon(function()
    while true do
      local s = fx.lo_listener:accept()
      if not s then return end
      s:close()
    end
  end)
  fx.cap = assert(a:capture{iface = "eth0"})
  assert(a:ping("10.0.0.2", {count = 2, interval = 0.01, timeout = 1}))
  fx.frame = P.ether{dst = "02:00:00:00:00:02", src = "02:00:00:00:00:01"}
    / P.ip{src = "10.0.0.1", dst = "10.0.0.2"} / P.udp{sport = 1000, dport = 9} / "hi"
  fx.packet = P.decode(fx.frame:bytes())
  fx.packets = {fx.packet, P.decode(fx.frame:bytes())}
  fx.pcap_path = os.tmpname()
  fx.paths[#fx.paths + 1] = fx.pcap_path
  assert(netlab.pcap.write(fx.pcap_path, fx.packets))
  fx.out_path = os.tmpname()
  fx.paths[#fx.paths + 1] = fx.out_path
  fx.script_path = tmpfile("return ...\n", fx.paths)
  fx.devnull = assert(io.open("/dev/null", "w"))
  -- rows for netlab.fmt, read once (a sock_diag dump or lsof costs tens of ms)
  fx.rows = {neigh = a:neigh(), ifaces = a:ifaces(), lsof = a:lsof{}, sockets = a:sockets{}, routes = a:routes()}
  fx.eof_fd, fx.sink_fd = 943, 944
  local c1, s1 = tcp_pair(fx)
  assert(netlab.fd.open(fx.eof_fd, c1))
  s1:close()
  c1:close()
  local c2, s2 = tcp_pair(fx)
  assert(netlab.fd.open(fx.sink_fd, c2))
  c2:close()
  fx.keep[#fx.keep + 1] = s2
  -- a closed lab, and what it had
  local dead = netlab.lab()
  local da, db = assert(dead:host "a"), assert(dead:host "b")
  fx.dead_link = assert(dead:link(da, db, "10.0.0.1/24", "10.0.0.2/24"))
  fx.dead_cap = assert(da:capture{})
  dead:close()
  fx.dead, fx.dead_host = dead, da
  for _, v in pairs(fx) do
    if type(v) == "table" or type(v) == "userdata" then fx.fixtures[v] = true end
  end
  fx.fixtures[srv] = true
  fx.fixtures[s2] = true
  return fx
end

-- Closes what the fixtures hold and removes their files.
function M.teardown(fx)
  fx.lo_listener:close()
  fx.lab:close()
  fx.lab2:close()
  fx.devnull:close()
  for _, p in ipairs(fx.paths) do os.remove(p) end
  for _, s in ipairs(fx.keep) do s:close() end
  netlab.fd.close(fx.eof_fd)
  netlab.fd.close(fx.sink_fd)
end

local function nofn() end

-- Fresh objects, one per call (those a call may close or use up).
local fresh = {}
function fresh.tcp(fx) local s = assert(fx.a:tcp()); s:settimeout(SHORT); return s end
function fresh.udp(fx)
  local s = assert(fx.a:udp())
  assert(s:setsockname("127.0.0.1", 0))
  s:settimeout(SHORT)
  return s
end
function fresh.connected(fx)
  local c, s = tcp_pair(fx)
  s:close()
  return c
end
function fresh.live(fx) -- connected, and its peer still open (closed with it)
  local c, s = tcp_pair(fx)
  fx.keep[#fx.keep + 1] = s
  return c
end
function fresh.listener(fx)
  local s = assert(fx.a:tcp())
  assert(s:bind("127.0.0.1", 0))
  assert(s:listen(4))
  s:settimeout(SHORT)
  return s
end
function fresh.lab() return netlab.lab() end
function fresh.machine() -- in a lab of its own, which the walk's end frees
  return assert(netlab.lab():machine{name = "w", launch = WORKER})
end
function fresh.capture(fx) return assert(fx.a:capture{iface = "eth0"}) end
function fresh.pcapfile(fx) return assert(netlab.pcap.open(fx.pcap_path)) end
function fresh.printer() return netlab.print.new{ts = "none"} end
function fresh.web(fx) return assert(fx.lab:web{port = 0}) end
function fresh.process(fx) return assert(fx.a:start("sleep 5")) end
function fresh.task() return netlab.spawn(netlab.sleep, 5) end
function fresh.watcher(fx) return assert(netlab.watch(fx.a, nofn, {timeout = 5})) end
local tuns = 0
function fresh.buffer() return netlab.buffer(64):set("abc") end
function fresh.batch(fx) return assert(fx.a:batch("eth0", 4)) end
function fresh.tun(fx)
  tuns = tuns + 1
  return assert(fx.a:tun("tunf" .. tuns))
end
function fresh.lesson() return require("netlab.lesson").new{name = "hostile"} end
function fresh.tcp_sampler(fx) return netlab.tcp_sampler(fresh.connected(fx), {every = 0.01, count = 5}) end

-- A handshake and a segment of data, as packet-like tables (netlab.seqgraph).
local function tcp_segments()
  local function seg(t, c, flags, seq, ack, len)
    return {time = t, ip = {src = c and "10.0.0.1" or "10.0.0.2", dst = c and "10.0.0.2" or "10.0.0.1"},
      tcp = {sport = c and 40000 or 80, dport = c and 80 or 40000, flags = flags, seq = seq, ack = ack,
        len = len, win = 100, options = {}}}
  end
  return {seg(0, true, "S", 1, 0, 0), seg(0.01, false, "S.", 9, 2, 0), seg(0.02, true, "P.", 2, 10, 100),
    seg(0.03, false, ".", 10, 102, 0)}
end

-- LuaSocket's objects (require "socket"), one of each class, on the
-- machine's loopback (the walk's network namespace of its own).
local luasocket = {}
function luasocket.master() return require("socket").tcp() end
function luasocket.client(fx)
  local c = assert(require("socket").connect("127.0.0.1", fx.lo_port))
  c:settimeout(SHORT)
  return c
end
function luasocket.server()
  local s = assert(require("socket").bind("127.0.0.1", 0))
  s:settimeout(SHORT)
  return s
end
function luasocket.unconnected()
  local u = require("socket").udp()
  assert(u:setsockname("127.0.0.1", 0))
  u:settimeout(SHORT)
  return u
end
function luasocket.connected()
  local u = require("socket").udp()
  assert(u:setpeername("127.0.0.1", 9))
  u:settimeout(SHORT)
  return u
end
local LUASOCKET_CLASSES = {
  {"tcp{master}", luasocket.master}, {"tcp{client}", luasocket.client}, {"tcp{server}", luasocket.server},
  {"udp{unconnected}", luasocket.unconnected}, {"udp{connected}", luasocket.connected},
}

-- The object of each type the methods are called on (shared ones where
-- calls cannot use them up).
local selves = {
  lab = function(fx) return fx.lab2 end,
  host = function(fx) return fx.a end,
  link = function(fx) return fx.link2 end,
  socket = fresh.tcp,
  capture = function(fx) return fx.cap end,
  tun = function(fx) return fx.tun end,
  machine = function(fx) return fx.machine end,
  buffer = fresh.buffer,
  batch = fresh.batch,
  crafted = function(fx) return fx.frame end,
  packet = function(fx) return fx.packet end,
  pcapfile = fresh.pcapfile,
  printer = fresh.printer,
  process = fresh.process,
  task = fresh.task,
  watcher = fresh.watcher,
  lesson = fresh.lesson,
  web = fresh.web,
  tcp_sampler = fresh.tcp_sampler,
}
for _, c in ipairs(LUASOCKET_CLASSES) do selves[c[1]] = c[2] end

-- The closed object of each type: methods on it must fail cleanly (or
-- succeed, where the sample says so).
local closed = {
  lab = function(fx) return fx.dead end,
  host = function(fx) return fx.dead_host end,
  link = function(fx) return fx.dead_link end,
  socket = function(fx) local s = fresh.tcp(fx); s:close(); return s end,
  capture = function(fx) local c = fresh.capture(fx); c:stop(); return c end,
  tun = function(fx) local t = fresh.tun(fx); t:close(); return t end,
  machine = function() local m = fresh.machine(); m:close(); return m end,
  buffer = function() local b = fresh.buffer(); b:close(); return b end,
  batch = function(fx) local q = fresh.batch(fx); q:close(); return q end,
  pcapfile = function(fx) local r = fresh.pcapfile(fx); r:close(); return r end,
  printer = function() local p = fresh.printer(); p:close(); return p end,
  process = function(fx) local p = fresh.process(fx); p:stop(); return p end,
  task = function() local t = fresh.task(); t:cancel(); return t end,
  watcher = function(fx) local w = fresh.watcher(fx); w:stop(); return w end,
  web = function(fx) local w = fresh.web(fx); w:close(); return w end,
  tcp_sampler = function(fx) local smp = fresh.tcp_sampler(fx); smp:stop(); return smp end,
}
for _, c in ipairs(LUASOCKET_CLASSES) do
  closed[c[1]] = function(fx) local o = c[2](fx); o:close(); return o end
end

-- Methods whose success on a closed object is right: they tell about
-- it, close it again, or give what it had (documented so).
local harmless_closed = {}
for w in ([[close stop cancel isopen isrunning status getfd name kind getfamily
  is_router is_switch gettimeout getstats setstats settimeout dirty iface linktype
  snaplen list save output pid wait error states timeline ends hosts diagram
  luasocket tunnel host __tostring]]):gmatch("%S+") do harmless_closed[w] = true end

-- One good call per public name: args (a list, or fn(fx) -> list), self
-- (a maker from `fresh`, by default the type's), waits (argument indices
-- or option fields that are waits: a huge value there may block),
-- binary (arguments or fields that are data, where a NUL is right),
-- iterate (the result is an iterator: call it), skip (why it is not
-- walked).
local S = {}
local function A(...) return table.pack(...) end
local WAIT1 = {[1] = true}
local TIMEOUT = {timeout = true}

S["netlab.daemon"] = {args = A(nofn)}
S["netlab.spawn"] = {args = A(nofn)}
S["netlab.sleep"] = {args = A(0.001), waits = WAIT1}
S["netlab.now"] = {args = A()}
S["netlab.lab"] = {args = A()}
S["netlab.tcp"] = {args = A()}
S["netlab.tcp6"] = {args = A()}
S["netlab.udp"] = {args = A()}
S["netlab.udp6"] = {args = A()}
S["netlab.unix"] = {args = A("stream")}
S["netlab.wait_any"] = {args = function(fx) return A({fresh.udp(fx)}, SHORT) end, waits = {[2] = true}}
S["netlab.sh"] = {args = A("true", {timeout = 2, stdin = ""}), waits = TIMEOUT, binary = {stdin = true}}
S["netlab.tcpdump"] = {args = function(fx) return A(fx.pcap_path, "-nn", {text = true}) end,
                       waits = {timeout = true, count = true}}
S["netlab.ladder"] = {args = function(fx) return A(fx.packets, {format = "text", width = 60}) end}
S["netlab.watch"] = {args = function(fx) return A(fx.a, nofn, {interval = 0.01, timeout = 1}) end}
S["netlab.top"] = {args = function(fx) return A(fx.lab, {count = 2, every = 0.01, draw = false}) end,
                   waits = {count = true, duration = true, every = true}}
S["netlab.seqgraph"] = {args = function() return A(tcp_segments(), {format = "text", width = 60, height = 12}) end}
S["netlab.plot"] = {args = A({{time = 0, cwnd = 10}, {time = 0.1, cwnd = 20}}, {"cwnd"}, {width = 40, height = 8})}
S["netlab.tcp_congestion"] = {args = function(fx) return A(fx.a) end}
S["netlab.sendfile"] = {args = function(fx) return A(fresh.live(fx), assert(io.open(fx.script_path, "rb")), 0, 4) end}
S["netlab.splice"] = {args = function(fx) return A(fresh.live(fx), fresh.live(fx), 4) end}
S["netlab.tcp_sampler"] = {args = function(fx) return A(fresh.connected(fx), {every = 0.01, count = 3}) end,
                           waits = {every = true, duration = true}}
S["tcp_sampler:samples"] = {args = A(), closed_ok = true} -- a stopped sampler has what it took
S["tcp_sampler:stop"] = {args = A()}
S["tcp_sampler:wait"] = {args = A(SHORT), waits = WAIT1}
S["tcp_sampler:isrunning"] = {args = A()}
S["tcp_sampler:error"] = {args = A()}
S["netlab.tcpdump.lines"] = {args = function(fx) return A(fx.pcap_path, "-nn") end,
                             names = {"lines", "tcpdump"}, -- the lines netlab.tcpdump would print
                             clean = {"netlab%.tcpdump: "}}
S["netlab.fd.close"] = {args = function(fx)
  netlab.fd.close(945)
  return A(assert(netlab.fd.open(945, fresh.connected(fx))))
end}
S["netlab.fd.epoll"] = {args = A()}
S["netlab.fd.list"] = {args = A()}
S["netlab.fd.open"] = {args = function(fx) return A(946, fresh.connected(fx)) end}
S["netlab.fd.placed"] = {args = A()}
S["netlab.fd.read"] = {args = function(fx) return A(fx.eof_fd, "*a") end}
S["netlab.fd.tcp"] = {args = function(fx) return A(947, "127.0.0.1", fx.lo_port) end}
S["netlab.fd.write"] = {args = function(fx) return A(fx.sink_fd, "x") end, binary = {true, true}}
S["netlab.fmt.arp_a"] = {args = function(fx) return A(fx.rows.neigh) end}
S["netlab.fmt.genmask"] = {args = A(24)}
S["netlab.fmt.ifconfig"] = {args = function(fx) return A(fx.rows.ifaces) end}
S["netlab.fmt.ip_addr"] = {args = function(fx) return A(fx.rows.ifaces) end}
S["netlab.fmt.lsof"] = {args = function(fx) return A(fx.rows.lsof) end}
S["netlab.fmt.netstat"] = {args = function(fx) return A(fx.rows.sockets) end}
S["netlab.fmt.route_flags"] = {args = function(fx) return A(fx.rows.routes[1]) end}
S["netlab.fmt.route_n"] = {args = function(fx) return A(fx.rows.routes) end}
S["netlab.fmt.ss"] = {args = function(fx) return A(fx.rows.sockets) end}
S["netlab.pcap.open"] = {args = function(fx) return A(fx.pcap_path) end}
S["netlab.pcap.write"] = {args = function(fx) return A(fx.out_path, fx.packets, {nsec = false}) end}
S["netlab.print.new"] = {args = A({ts = "none", e = false})}
S["netlab.packet.arp"] = {args = A({op = "request", sha = "02:00:00:00:00:01", spa = "10.0.0.1",
                                    tha = "00:00:00:00:00:00", tpa = "10.0.0.2"})}
S["netlab.packet.decode"] = {args = function(fx) return A(fx.frame:bytes(), "ether", 0) end,
                             binary = {true}}
S["netlab.packet.ether"] = {args = A({dst = "02:00:00:00:00:02", src = "02:00:00:00:00:01", type = 0x800})}
S["netlab.packet.ether"].names = {"ether", "eth"} -- one function, two names
S["netlab.packet.eth"] = S["netlab.packet.ether"]
S["netlab.packet.icmp"] = {args = A({type = "echo-request", code = 0, id = 1, seq = 1})}
S["netlab.packet.icmp6"] = {args = A({type = "neighbor-advertisement", code = 0, target = "fd00::1",
                                      lladdr = "02:00:00:00:00:01", flags = "RSO"})}
S["netlab.packet.ip"] = {args = A({src = "10.0.0.1", dst = "10.0.0.2", ttl = 64, id = 1, tos = 0,
                                   flags = "DF", frag = 0, proto = 17, options = ""}),
                         binary = {options = true}}
S["netlab.packet.ip6"] = {args = A({src = "fd00::1", dst = "fd00::2", hlim = 64, flow = 0, tc = 0})}
S["netlab.packet.is_crafted"] = {args = function(fx) return A(fx.frame) end}
S["netlab.packet.layers_of"] = {args = function(fx) return A(fx.frame) end}
S["netlab.packet.from_layers"] = {args = A({{"ip", {dst = "10.0.0.2"}}, {"tcp", {dport = 80}}})}
S["netlab.packet.raw"] = {args = A("abc"), binary = {true}}
S["netlab.packet.tcp"] = {args = A({sport = 1000, dport = 80, seq = 1, ack = 0, flags = "S", win = 8192,
                                    urg = 0, options = {mss = 1460}})}
S["netlab.packet.udp"] = {args = A({sport = 1000, dport = 53})}

-- netlab.here: the machine's own network (the walk runs in a network
-- namespace of its own, so nothing reaches a real one).
S["netlab.here:name"] = {args = A()}
for _, k in ipairs({"routes", "neigh", "addrs", "ifaces", "tcp", "tcp6", "udp", "udp6", "neigh_flush"}) do
  S["netlab.here:" .. k] = {args = A()}
end
S["netlab.here:unix"] = {args = A("stream")}
S["netlab.here:sockets"] = {args = A({proto = "tcp"})}
S["netlab.here:route_get"] = {args = A("127.0.0.1")}
S["netlab.here:sh"] = {args = A("true", {timeout = 2}), waits = TIMEOUT}
S["netlab.here:ping"] = {args = A("127.0.0.1", {count = 1, timeout = 0.5}), waits = {count = true, timeout = true}}
S["netlab.here:traceroute"] = {args = A("127.0.0.1", {max_hops = 1, timeout = 0.3}),
                               waits = {max_hops = true, timeout = true}}
S["netlab.here:route_add"] = {args = A("10.9.0.0/24", {via = "127.0.0.2"})}
S["netlab.here:route_del"] = {args = A("10.9.0.0/24")}
S["netlab.here:neigh_add"] = {args = A("10.0.7.9", "02:00:00:00:00:09", "lo")}
S["netlab.here:neigh_del"] = {args = A("10.0.7.9")}
S["netlab.here:addr_add"] = {args = A("lo", "10.0.6.1/24")}
S["netlab.here:addr_del"] = {args = A("lo", "10.0.6.1/24")}
S["netlab.here:link_set"] = {args = A("lo", {up = true})}

-- labs (a lab of their own, so the hosts and links they add stay apart)
S["lab:close"] = {args = A(), self = fresh.lab}
S["lab:diagram"] = {args = A({format = "text", title = "t"}), binary = {title = true}}
S["lab:host"] = {args = A("h")}
S["lab:hosts"] = {args = A()}
S["lab:link"] = {args = function(fx) return A(fx.x, fx.y, "10.0.8.1/24", "10.0.8.2/24", {engine = "wire"}) end}
S["lab:name"] = {args = A("www.example", "10.0.0.2")}
S["lab:machine"] = {args = A({name = "w2", launch = WORKER, underlay = "10.0.0.9", timeout = 5}), self = fresh.lab}
S["lab:router"] = {args = A("r")}
S["lab:switch"] = {args = A("s")}
S["lab:tunnel"] = {args = function(fx)
  return A(fx.x, fx.y, {type = "vxlan", vni = 5, port = 4789, outer = {"10.0.4.1", "10.0.4.2"},
    addrs = {"10.4.0.1/24", "10.4.0.2/24"}})
end}

-- hosts: a talks to b; what changes a host's network is done on m
local on_m = function(fx) return fx.m end
S["host:addr_add"] = {args = A("eth0", "10.0.6.1/24", {label = "eth0:1"}), self = on_m}
S["host:addr_del"] = {args = A("eth0", "10.0.6.1/24"), self = on_m}
S["host:addrs"] = {args = A()}
S["host:capture"] = {args = A({iface = "eth0", filter = "icmp", snaplen = 96, promisc = false, buffer = 65536})}
-- dofile's own messages are lua's (cannot open PATH, a chunk's syntax error)
S["host:dofile"] = {args = function(fx) return A(fx.script_path, 1) end,
                    clean = {"cannot open ", "^hostile call:1: [^:]+:%d+: "}}
S["host:ifaces"] = {args = A()}
S["host:is_router"] = {args = A()}
S["host:is_switch"] = {args = A()}
S["host:link_set"] = {args = A("eth0", {up = true, mtu = 1500, mac = "02:00:00:00:07:01"}), self = on_m}
S["host:lsof"] = {args = A({port = 9})}
S["host:luasocket"] = {args = A()}
S["host:name"] = {args = A()}
S["host:neigh"] = {args = A()}
S["host:neigh_add"] = {args = A("10.0.7.9", "02:00:00:00:00:09", "eth0"), self = on_m}
S["host:neigh_del"] = {args = A("10.0.7.9"), self = on_m}
S["host:neigh_flush"] = {args = A(), self = on_m}
S["host:ping"] = {args = A("10.0.0.2", {count = 1, interval = 0.01, ttl = 64, size = 56, timeout = 0.5}),
                  waits = {count = true, interval = true, timeout = true}}
S["host:route_add"] = {args = A("10.9.0.0/24", {via = "10.0.7.2", dev = "eth0", metric = 5}), self = on_m}
S["host:route_del"] = {args = A("10.9.0.0/24", {via = "10.0.7.2", dev = "eth0", metric = 5}), self = on_m}
S["host:route_get"] = {args = A("10.0.0.2")}
S["host:routes"] = {args = A("inet")}
S["host:send"] = {args = A(P.ip{dst = "10.0.0.2"} / P.udp{dport = 9} / "x")}
S["host:sendp"] = {args = function(fx) return A(fx.frame, "eth0") end}
S["host:batch"] = {args = A("eth0", 8)}
S["batch:add"] = {args = function(fx) return A(fx.frame) end, binary = {true}}
S["batch:flush"] = {args = A()}
S["batch:close"] = {args = A()}
S["batch:__tostring"] = {args = A()}
S["batch:__len"] = {args = A()}
S["host:sh"] = {args = A("true", {timeout = 2, stdin = ""}), waits = TIMEOUT, binary = {stdin = true}}
S["host:sockets"] = {args = A({proto = "tcp", state = "LISTEN", port = 9})}
S["host:sr"] = {args = A({P.ip{dst = "10.0.0.2"} / P.icmp{}}, {timeout = 0.2, iface = "eth0"}), waits = TIMEOUT}
S["host:sr1"] = {args = A(P.ip{dst = "10.0.0.2"} / P.icmp{}, {timeout = 0.2, iface = "eth0"}), waits = TIMEOUT}
S["host:start"] = {args = A("true")}
S["host:tcp"] = {args = A()}
S["host:tcp6"] = {args = A()}
S["host:traceroute"] = {args = A("10.0.0.2", {max_hops = 2, timeout = 0.3}), waits = {max_hops = true, timeout = true}}
S["host:udp"] = {args = A()}
S["host:udp6"] = {args = A()}
S["host:unix"] = {args = A("stream")}

S["link:cut"] = {args = A()}
S["link:ends"] = {args = A()}
S["link:heal"] = {args = A()}
S["link:stats"] = {args = A()}
-- {}: each field walks alone (beside others, a missing netem can answer first)
S["link:impair"] = {args = A({})}

S["socket:accept"] = {args = A(), self = fresh.listener}
S["socket:bind"] = {args = A("127.0.0.1", 0)}
S["socket:close"] = {args = A()}
S["socket:connect"] = {args = function(fx) return A("127.0.0.1", fx.a_port) end}
S["socket:dirty"] = {args = A()}
S["socket:getfamily"] = {args = A()}
S["socket:getfd"] = {args = A()}
S["socket:getoption"] = {args = A("reuseaddr")}
S["socket:getpeername"] = {args = A(), self = fresh.connected}
S["socket:getsockname"] = {args = A()}
S["socket:getstats"] = {args = A()}
S["socket:gettimeout"] = {args = A()}
S["socket:info"] = {args = A(), self = fresh.connected}
S["socket:queued"] = {args = A(), self = fresh.connected}
S["socket:tcp_info"] = {args = A(), self = fresh.connected}
S["socket:kind"] = {args = A()}
S["socket:listen"] = {args = A(8)}
S["socket:receive"] = {args = A("*l", "pre"), self = fresh.live, binary = {[2] = true}}
S["socket:receivefrom"] = {args = A(100), self = fresh.udp}
S["socket:receive_into"] = {args = function() return A(fresh.buffer(), 8) end, self = fresh.live}
S["socket:receivefrom_into"] = {args = function() return A(fresh.buffer(), 8) end, self = fresh.udp}
S["socket:send"] = {args = A("xy", 1, 2), self = fresh.live, binary = {true}}
S["socket:sendto"] = {args = A("x", "127.0.0.1", 9), self = fresh.udp, binary = {true}}
S["socket:setoption"] = {args = A("reuseaddr", true)}
S["socket:setpeername"] = {args = A("127.0.0.1", 9), self = fresh.udp}
S["socket:setsockname"] = {args = A("127.0.0.1", 0), self = function(fx) return assert(fx.a:udp()) end}
S["socket:setstats"] = {args = A(1, 2, 3)}
S["socket:settimeout"] = {args = A(SHORT, "b")}
S["socket:shutdown"] = {args = A("both"), self = fresh.live}

S["host:tun"] = {args = A("tunh", {addr = "10.0.3.1/24", mtu = 1400}), self = on_m}
S["host:tap"] = {args = A("taph", {addr = "10.0.2.1/24", mtu = 1400}), self = on_m}
S["link:tunnel"] = {args = A()}
S["netlab.buffer"] = {args = A(64)}
S["buffer:size"] = {args = A()}
S["buffer:set"] = {args = A("xy"), binary = {true}}
S["buffer:tostring"] = {args = A(1, 2)}
S["buffer:clear"] = {args = A()}
S["buffer:close"] = {args = A()}
S["buffer:__tostring"] = {args = A()}
S["buffer:__len"] = {args = A()}
S["tun:read"] = {args = A(SHORT), waits = WAIT1}
S["tun:next"] = {args = A(SHORT), waits = WAIT1}
S["tun:write"] = {args = function(fx) return A(fx.ip_packet) end, binary = {true}}
S["tun:close"] = {args = A(), self = fresh.tun}
S["machine:close"] = {args = A(), self = fresh.machine}
S["machine:pid"] = {args = A()}
S["netlab.packet.flows"] = {args = A()}
S["netlab.packet.field"] = {args = A("tcp.flags")}
S["tun:getfd"] = {args = A()}
S["tun:name"] = {args = A()}
S["tun:kind"] = {args = A()}
S["tun:host"] = {args = A()}
S["tun:__tostring"] = {args = A()}

S["capture:close"] = {args = A(), self = fresh.capture}
S["capture:stop"] = {args = A(), self = fresh.capture}
S["capture:fd"] = {args = A()}
S["capture:iface"] = {args = A()}
S["capture:isopen"] = {args = A()}
S["capture:linktype"] = {args = A()}
S["capture:list"] = {args = A()}
S["capture:next"] = {args = A(SHORT), waits = WAIT1}
S["capture:packets"] = {args = A({count = 1, timeout = SHORT}), waits = {count = true, timeout = true},
                        iterate = true}
S["capture:save"] = {args = function(fx) return A(fx.out_path) end}
S["capture:snaplen"] = {args = A()}
S["capture:stats"] = {args = A()}

S["crafted:bytes"] = {args = A()}
S["crafted:copy"] = {args = A()}
S["crafted:decode"] = {args = A()}
S["crafted:layers"] = {args = A()}
S["crafted:__div"] = {args = A(P.raw("x")), binary = {true}}
S["crafted:__tostring"] = {args = A()}
S["crafted:__len"] = {args = A()}
S["packet:bytes"] = {args = A()}
S["packet:offsets"] = {args = A()}
S["packet:hex"] = {args = A()}
S["packet:layers"] = {args = A()}
S["packet:__tostring"] = {args = A()}

S["pcapfile:close"] = {args = A()}
S["pcapfile:linktype"] = {args = A()}
S["pcapfile:next"] = {args = A()}
S["pcapfile:packets"] = {args = A({reuse = true}), iterate = true}
S["printer:close"] = {args = A()}
S["lab:web"] = {args = A({port = 0, addr = "127.0.0.1", control = false})}
S["web:close"] = {args = A()}
S["printer:file"] = {args = function(fx) return A(fx.pcap_path, fx.devnull) end}
S["printer:line"] = {args = function(fx) return A(fx.packet) end}
S["process:output"] = {args = A()}
S["process:pid"] = {args = A()}
S["process:stop"] = {args = A()}
S["process:wait"] = {args = A(SHORT), waits = WAIT1}
S["task:cancel"] = {args = A()}
S["task:join"] = {args = A(SHORT), waits = WAIT1, clean = {"task %d+ was cancelled$"}}
S["task:status"] = {args = A()}
S["watcher:close"] = {args = A()}
S["watcher:error"] = {args = A()}
S["watcher:isrunning"] = {args = A()}
S["watcher:states"] = {args = A("10.0.0.1:1->10.0.0.2:2"), binary = {true}} -- compared in Lua, whole
S["watcher:stop"] = {args = A()}
S["watcher:timeline"] = {args = A()}
S["watcher:wait"] = {args = A(SHORT), waits = WAIT1}

S["lesson.new"] = {args = A({name = "hostile", side_width = 8, programs = {}}), binary = {name = true}}
S["lesson.across_router"] = {args = A(nil, "c1", "s1"), fresh_lab = 1}
S["lesson:check"] = {args = A(true, "claim", "detail"), binary = {[2] = true, [3] = true}}
S["lesson.exercise"] = {skip = "documents lesson.new's exercise option, not a function of its own"}
S["lesson.interactive"] = {args = A()}
S["lesson.options"] = {args = A("hostile", {{"count", 3, "how many"}}), binary = {true}}
S["lesson:finish"] = {skip = "ends the process (os.exit), by design"}
S["lesson:run"] = {skip = "ends the process (lab:finish), by design"}
S["lesson:java"] = {args = A("client", "code", "remark"), binary = {true, true, true}}
S["lesson:one_cable"] = {args = A(nil, "server"), fresh_lab = 1}
S["lesson:output"] = {args = function(fx) return A(fx.a, "true") end}
S["lesson:packet"] = {args = function(fx) return A(fx.packet, "  ") end, binary = {[2] = true}}
S["lesson:show"] = {args = A("text", "  | "), binary = {true, true}}
S["lesson:step"] = {args = A("cmd", "remark"), binary = {true, true}}
S["lesson:try"] = {args = A(nofn)}

-- require "socket": LuaSocket's API on netlab's sockets
S["socket.bind"] = {args = A("127.0.0.1", 0, 8)}
S["socket.connect"] = {args = function(fx) return A("127.0.0.1", fx.lo_port) end}
S["socket.connect4"] = {args = S["socket.connect"].args, names = {"connect"}} -- socket.connect with a family
S["socket.connect6"] = {args = function(fx) return A("::1", fx.lo_port) end, names = {"connect"}}
S["socket.choose"] = {args = A({default = nofn})}
S["socket.gettime"] = {args = A()}
S["socket.newtry"] = {args = A(nofn)}
S["socket.protect"] = {args = A(nofn)}
S["socket.select"] = {args = function(fx) return A({luasocket.unconnected(fx)}, {}, SHORT) end, waits = {[3] = true}}
-- a mode they do not know is LuaSocket's choose() error, "unknown key (x)"
S["socket.sink"] = {args = function(fx) return A("keep-open", luasocket.connected(fx)) end,
                    clean = {"unknown key %("}}
S["socket.source"] = {args = function(fx) return A("until-closed", luasocket.client(fx)) end,
                      clean = {"unknown key %("}}
S["socket.skip"] = {args = A(1, "a", "b"), binary = {[2] = true, [3] = true}}
S["socket.sleep"] = {args = A(0.001), waits = WAIT1}
S["socket.try"] = {args = A(1, 2), table_errors = true} -- LuaSocket's try raises {message}, for protect
for _, k in ipairs({"tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unixstream", "unixdgram"}) do
  S["socket." .. k] = {args = A()}
end
S["socket.build"] = {skip = "makes a socket module from a constructor (h:luasocket's plumbing)"}
S["socket.extend"] = {skip = "adds LuaSocket's helper layer to a socket.core module (plumbing)"}
S["socket.dns.getaddrinfo"] = {args = A("localhost")}
S["socket.dns.gethostname"] = {args = A()}
S["socket.dns.toip"] = {args = A("localhost")}
S["socket.dns.tohostname"] = {args = A("127.0.0.1")}
S["socket.dns.getnameinfo"] = {args = A("127.0.0.1")}
-- their objects' methods, by name (each class has its own set)
local LS = {
  accept = {args = A()}, bind = {args = A("127.0.0.1", 0)}, close = {args = A()},
  connect = {args = function(fx) return A("127.0.0.1", fx.lo_port) end},
  dirty = {args = A()}, getfamily = {args = A()}, getfd = {args = A()},
  getoption = {args = A("reuseaddr")}, getpeername = {args = A()}, getsockname = {args = A()},
  getstats = {args = A()}, gettimeout = {args = A()}, listen = {args = A(8)},
  receive = {args = A("*l", "pre"), binary = {[2] = true}}, receivefrom = {args = A(100)},
  send = {args = A("xy", 1, 2), binary = {true}}, sendto = {args = A("x", "127.0.0.1", 9), binary = {true}},
  setfd = {args = A(-1)}, setoption = {args = A("reuseaddr", true)},
  setpeername = {args = A("127.0.0.1", 9), names = {"connect"}}, -- a tcp object's are connect and bind
  setsockname = {args = A("127.0.0.1", 0), names = {"bind"}},
  __tostring = {args = A()},
  setstats = {args = A(1, 2, 3)}, shutdown = {args = A("both")},
  settimeout = {args = A(SHORT, "b"), binary = {[2] = true}}, -- LuaSocket reads the mode's first letter only
  info = {args = A()}, kind = {args = A()},
}
-- LuaSocket opens a closed object afresh for these (socket/object.lua's
-- _try), and its shutdown answers 1 whatever the socket
for _, m in ipairs({"bind", "connect", "setsockname", "setpeername", "sendto", "shutdown"}) do
  LS[m].closed_ok = true
end
for _, c in ipairs(LUASOCKET_CLASSES) do
  for m, sample in pairs(LS) do S[c[1] .. ":" .. m] = sample end
end

-- tostring(obj) of every type
for _, ty in ipairs({"capture", "host", "lab", "lesson", "link", "machine", "netlab.here", "pcapfile", "printer",
                     "process", "socket", "task", "watcher", "web", "tcp_sampler"}) do
  S[ty .. ":__tostring"] = {args = A()}
end

-- The module tables walked, by the prefix of their names.
local function lazy_names()
  local index = getmetatable(netlab).__index
  for i = 1, math.huge do
    local k, v = debug.getupvalue(index, i)
    if not k then return {} end
    if k == "lazy" then return v end
  end
end

-- Every public function of table T as PREFIX .. SEP .. name -> its key,
-- into OUT.
local function functions(t, prefix, sep, out)
  for k, v in pairs(t) do
    if type(k) == "string" and k:sub(1, 1) ~= "_" and type(v) == "function" then
      out[prefix .. sep .. k] = k
    end
  end
end

-- Compiles SRC, a function that calls the API as a script would write it
-- (m.name(...), self:name(...), self / x), so an error names what a
-- script's would and is placed at "hostile call:1:"; UPVALUE is its `...`.
-- (Not a tail call: that would drop the caller's frame.)
local function caller(src, upvalue)
  src = src:gsub("return (.-) end$", "local r = table.pack(%1) return table.unpack(r, 1, r.n) end")
  return assert(load("local up = ... return " .. src, "=hostile call"))(upvalue)
end

-- The metamethods scripts reach through operators, and how they do.
local OPERATORS = {
  __div = "function(self, x) return self / x end",
  __tostring = "function(self) return tostring(self) end",
  __len = "function(self) return #self end",
  __concat = "function(self, x) return self .. x end",
  __call = "function(self, ...) return self(...) end",
}

-- Public functions: name -> {call =, method =, type =, field_call =}:
-- call(...) or call(self, ...) makes the call; field_call(self, ...)
-- calls the method fetched from a real object (obj.close(42)).
local function enumerate(fx)
  local found = {}
  local function add_module(t, prefix, documented_only)
    local fns = {}
    functions(t, prefix, ".", fns)
    for name, k in pairs(fns) do
      if doc[name] or not documented_only then
        found[name] = {call = caller(("function(...) return up.%s(...) end"):format(k), t)}
      end
    end
  end
  for k in pairs(lazy_names()) do local _ = netlab[k] end
  add_module(netlab, "netlab")
  for k, v in pairs(netlab) do
    if type(v) == "table" and getmetatable(v) == nil and type(k) == "string" then
      add_module(v, "netlab." .. k)
    end
  end
  -- the module behind netlab.tcpdump: its documented extra (lines)
  add_module(require "netlab.tcpdump", "netlab.tcpdump", true)
  add_module(require "netlab.lesson", "lesson")
  local ls = require "socket"
  add_module(ls, "socket")
  add_module(ls.dns, "socket.dns")
  local objects = {
    {"netlab.here", netlab.here}, {"lab", fx.lab}, {"host", fx.a}, {"link", fx.link},
    {"socket", fx.a_listener}, {"capture", fx.cap}, {"tun", fx.tun}, {"machine", fx.machine}, {"buffer", fresh.buffer()},
    {"batch", fresh.batch(fx)},
    {"crafted", fx.frame},
    {"packet", fx.packet}, {"pcapfile", fresh.pcapfile(fx)}, {"printer", fresh.printer()},
    {"process", fresh.process(fx)}, {"task", fresh.task()}, {"watcher", fresh.watcher(fx)},
    {"lesson", fresh.lesson()}, {"web", fresh.web(fx)},
    {"tcp_sampler", fresh.tcp_sampler(fx)},
  }
  for _, c in ipairs(LUASOCKET_CLASSES) do objects[#objects + 1] = {c[1], c[2](fx)} end
  for _, o in ipairs(objects) do
    local ty, obj = o[1], o[2]
    local mt = getmetatable(obj)
    local methods = {}
    if type(mt.__index) == "table" then
      functions(mt.__index, ty, ":", methods)
    else -- methods reached through an __index function: try the documented names
      for name in pairs(doc) do
        local m = name:match("^" .. ty .. ":([%w_]+)$")
        if m and type(obj[m]) == "function" then methods[name] = m end
      end
    end
    local kind = ty:match("{") and ty or ty:match("[%w_]+$")
    for name, k in pairs(methods) do
      found[name] = {method = true, type = kind,
                     call = caller(("function(self, ...) return self:%s(...) end"):format(k)),
                     field_call = caller(("function(self, ...) return up.%s(self, ...) end"):format(k), obj)}
    end
    for op, src in pairs(OPERATORS) do
      if type(rawget(mt, op)) == "function" then
        found[ty .. ":" .. op] = {method = true, type = kind, call = caller(src)}
      end
    end
  end
  return found
end

-- The cases to walk (sorted by name), and every public name found.
function M.cases(fx)
  local found = enumerate(fx)
  local cases, names = {}, {}
  for name, f in pairs(found) do
    names[#names + 1] = name
    local s = S[name]
    if s and not s.skip then
      local args = s.args
      local argf = type(args) == "function" and args or function() return args end
      if s.fresh_lab then
        local inner = argf
        argf = function(x) local a = inner(x); a = table.pack(table.unpack(a, 1, a.n)); a[s.fresh_lab] = netlab.lab(); return a end
      end
      local ty = f.type
      cases[#cases + 1] = {
        name = name, fn = f.call, field_call = f.field_call, method = f.method, args = argf,
        self = f.method and (s.self or selves[ty] or function() return netlab.here end),
        waits = s.waits, binary = s.binary, iterate = s.iterate, clean = s.clean, names = s.names,
        table_errors = s.table_errors,
        closed = f.method and closed[ty] and function(x) return closed[ty](x) end,
        closed_ok = s.closed_ok or harmless_closed[name:match("[%w_]+$")],
      }
    end
  end
  table.sort(cases, function(p, q) return p.name < q.name end)
  table.sort(names)
  return cases, names
end

-- Names with no sample, and documented functions the live tables lack.
function M.missing(names)
  local out, live = {}, {}
  for _, n in ipairs(names) do
    live[n] = true
    if not S[n] then out[#out + 1] = n end
  end
  for name, line in pairs(doc) do
    local sig = line:gsub(" %-%- .*", "")
    local is_fn = sig:find("^[%w_.:\"()]-[%w_]+[({]") and not name:find("^luasocket")
    local alias = name:gsub("^netlab%.here:", "netlab.here:")
    if is_fn and not live[alias] and not (S[name] and S[name].skip) then
      out[#out + 1] = name .. " (documented, not found in the live tables)"
    end
  end
  table.sort(out)
  return out
end

return M
