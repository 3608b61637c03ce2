-- netlab.lab_craft: crafted packets sent from lab hosts, replies matched.
--   local P = netlab.packet
--   a:send(P.ip{dst = "10.0.0.2"} / P.icmp{})                 -- layer 3
--   a:sendp(P.ether{} / P.arp{tpa = "10.0.0.2"}, "eth0")       -- layer 2
--   local r = a:sr1(P.ip{dst = "10.0.0.2"} / P.tcp{dport = 80}, {timeout = 1})
--   print(r)                        -- the SYN-ACK (or RST), as tcpdump prints it
--   local ans, unans = a:sr({p1, p2}, {timeout = 1})
--
-- Packets leave through raw sockets made inside the host (a raw IPv4 or
-- IPv6 socket with the header included for send, a packet socket bound to
-- the interface for sendp), kept per host and closed with its lab.
-- Replies are read from a packet socket opened before the first packet
-- leaves, so none is missed, and waited for with the scheduler, so other
-- tasks run meanwhile. What a host fills in (its source address, its
-- MAC, the next hop's MAC) is looked up when the packet is serialised for
-- that host: a template sent again costs no lookup.
local clab = require "netlab.c.lab"
local craft = require "netlab.c.craft"
local lab = require "netlab.lab"
local packet = require "netlab.packet"
local sched = require "netlab.sched"
local loop = require "netlab.c.loop"

local M = {}

local methods = clab.meta.__index
local argerror, typename = lab.argerror, lab.typename
local Crafted = packet._Crafted
local now = loop.now
local sunpack = string.unpack
local csend = craft.send -- sock:send

-- host -> {ip4 =, ip6 = raw sockets, links = {iface -> packet socket},
-- close = closes them all (called by lab:close, as host_state's sockets)}
local socks = setmetatable({}, {__mode = "k"})
-- raw socket -> the host it sends from (send's fast path)
local owner = setmetatable({}, {__mode = "k"})
local wire_key = packet._wire_key

-- Closing a raw socket (the lab closes its host's) ends an sr1 or sr
-- waiting on it with "closed".
sched.wake_on_close(craft.sock_meta)


-- Opens a raw socket of KIND in host H and has its lab close it.
local function open(h, kind, iface)
  local s, err, code = craft.open(h, kind, iface)
  if not s then
    return nil, ("cannot open a raw socket in host %s: %s"):format(h:name(), err), code
  end
  local st = lab.host_state(h)
  if st then st.sockets[s] = true end
  return s
end

-- Closes the sockets of socks entry T (its close method).
local function close_all(t)
  if t.ip4 then t.ip4:close() end
  if t.ip6 then t.ip6:close() end
  for _, s in pairs(t.links) do s:close() end
  t.ip4, t.ip6, t.links = nil, nil, {}
end

-- H's entry in socks, made at its first use and closed with its lab.
local function socks_of(h)
  local t = socks[h]
  if t then return t end
  t = {links = {}, close = close_all}
  socks[h] = t
  local st = lab.host_state(h)
  if st then st.sockets[t] = true end
  return t
end

-- The host's socket of KIND ("ip4", "ip6", or "link" on IFACE), opened
-- at its first use.
local function sock_of(h, kind, iface)
  local t = socks_of(h)
  local s = kind == "link" and t.links[iface] or t[kind]
  if s and s:getfd() >= 0 then return s end
  local err, code
  s, err, code = craft.open(h, kind, iface)
  if not s then
    return nil, ("cannot open a raw socket in host %s: %s"):format(h:name(), err), code
  end
  if kind == "link" then t.links[iface] = s else t[kind] = s end
  owner[s] = h
  return s
end

-- What host H fills in -------------------------------------------------

-- The first address of FAMILY ("inet"/"inet6") on interface IFACE of H,
-- and the interface's MAC.
local function iface_info(h, iface, family)
  for _, i in ipairs(h:ifaces() or {}) do
    if i.name == iface then
      local best
      for _, a in ipairs(i.addrs or {}) do
        if a.family == family and (not best or best.scope ~= "global") then best = a end
      end
      return best and best.address, i.mac
    end
  end
end

-- The first IP layer of packet P.
local function ip_layer(p)
  return p.ip or p.ip6
end

-- The MAC of neighbour IP in H's table, if known.
local function neigh_mac(h, ip)
  for _, n in ipairs(h:neigh() or {}) do
    if n.ip == ip and n.mac and n.state ~= "FAILED" and n.state ~= "INCOMPLETE" then return n.mac end
  end
end

local resolve_mac -- ARP exchange, below

-- The MAC a multicast or broadcast IP destination DST maps to (RFC 1112,
-- RFC 2464), or nil for a unicast one.
local function group_mac(dst)
  if dst == "255.255.255.255" then return "ff:ff:ff:ff:ff:ff" end
  local b = packet._ip4_bytes(dst)
  if b and b:byte(1) >= 224 and b:byte(1) <= 239 then
    return ("01:00:5e:%02x:%02x:%02x"):format(b:byte(2) & 0x7f, b:byte(3), b:byte(4))
  end
  b = packet._ip6_bytes(dst)
  if b and b:byte(1) == 0xff then return ("33:33:%02x:%02x:%02x:%02x"):format(b:byte(13, 16)) end
end

-- The context packet P is serialised with in host H (sending on IFACE
-- for frames): source address, MACs. Returns it, or nil, message.
local function context(h, p, iface)
  local ctx, ip = {}, ip_layer(p)
  local family = p.ip6 and "inet6" or "inet"
  local hop
  if ip and ip.dst then
    local r, err = h:route_get(ip.dst)
    if not r and ip.src == nil then return nil, err end
    if r then iface, hop = iface or r.iface, r.next_hop end
  end
  if iface then
    local addr4 = iface_info(h, iface, "inet")
    local addr, mac = iface_info(h, iface, family)
    ctx.src4 = addr4 and packet._ip4_bytes(addr4)
    if addr then
      if family == "inet6" then ctx.src6 = packet._ip6_bytes(addr) else ctx.src4 = packet._ip4_bytes(addr) end
    end
    ctx.mac_src = mac and packet._mac_bytes(mac)
  end
  local eth = p.eth
  local group = eth and eth.dst == nil and ip and ip.dst and group_mac(ip.dst)
  if group then
    ctx.mac_dst = packet._mac_bytes(group)
  elseif eth and eth.dst == nil and hop then
    local mac, err = resolve_mac(h, hop, iface, family)
    if not mac then return nil, err end
    ctx.mac_dst = packet._mac_bytes(mac)
  end
  return ctx
end

-- Sending ---------------------------------------------------------------

-- Sends WIRE (a netlab.craft.wire or bytes) on raw socket S, waiting
-- (at most a second) while its buffer is full.
local function send_on(s, wire)
  local n, err, code = s:send(wire)
  if n then return n end
  local deadline = now() + 1
  while err == "wantwrite" and now() < deadline do
    local _, why = sched.wait_io(s:getfd(), "w", deadline - now())
    -- the lab closed S while we waited, or once the wait was answered
    -- and before we ran again (as C sockets' wait_outcome checks)
    if why == "closed" or s:getfd() < 0 then return nil, "closed" end
    n, err, code = s:send(wire)
    if n then return n end
  end
  if err == "wantwrite" then err = "timeout" end
  return nil, err, code
end

-- The name of the first layer of crafted packet P.
local function first_layer(p)
  return p:layers()[1]
end

-- Raises unless P (argument 1 of method FNAME) is a crafted packet or bytes.
local function check_packet(p, fname)
  if getmetatable(p) ~= Crafted and type(p) ~= "string" then
    argerror(1, fname, "crafted packet or string expected, got " .. typename(p), 3)
  end
end

-- Whom a bad packet is blamed on: public method FNAME, LEVEL calls above
-- l3_wire or l2_wire; ITEM is its index in sr's list.
local SEND, SENDP = {fname = "send", level = 3}, {fname = "sendp", level = 3}

-- Raises "bad argument #1" about a packet to the method BLAME names
-- (EXTRA: calls between l3_wire or l2_wire and this one).
local function bad_packet(blame, msg, extra)
  if blame.item then msg = ("item %d: %s"):format(blame.item, msg) end
  argerror(1, blame.fname, msg, blame.level + 1 + (extra or 0))
end

-- The wire of P built for CTX (see packet._wire) and key S; raises if
-- P cannot be built (a length too big for its field).
local function build(p, ctx, s, blame)
  local w, why = packet._wire(p, ctx, s)
  if not w then bad_packet(blame, why, 1) end
  return w
end

-- The wire of layer-3 packet P for host H and the socket kind to send it
-- on; or nil, message.
local function l3_wire(h, p, blame)
  if type(p) == "string" then
    local v = #p > 0 and p:byte(1) >> 4
    if v ~= 4 and v ~= 6 then bad_packet(blame, "IPv4 or IPv6 packet expected") end
    return p, v == 4 and "ip4" or "ip6"
  end
  local first = first_layer(p)
  if first ~= "ip" and first ~= "ip6" then
    bad_packet(blame, ("IP packet expected, got %s (frames go with host:sendp)"):format(first))
  end
  local kind = first == "ip" and "ip4" or "ip6"
  local s, err, code = sock_of(h, kind)
  if not s then return nil, err, code end
  local w = p._wire
  if not (w and wire_key[p] == s) then
    local ctx
    ctx, err = context(h, p, nil)
    if not ctx then return nil, err end
    w = build(p, ctx, s, blame)
  end
  return w, kind
end

-- host:send(pkt) -> bytes sent | nil, message, errno: sends an IPv4 or
-- IPv6 packet (crafted, or bytes) from the host, routed by its kernel.
function methods:send(p)
  local s = wire_key[p]
  if s and owner[s] == self and p._wire then -- sent from here before: as it is
    local n = csend(s, p._wire)
    if n then return n end
  end
  lab.check_host(self, "send", 0)
  check_packet(p, "send")
  local w, kind, code = l3_wire(self, p, SEND)
  if not w then return nil, kind, code end
  local s, err
  s, err, code = sock_of(self, kind)
  if not s then return nil, err, code end
  return send_on(s, w)
end

-- Raises unless IFACE (argument N of FNAME, or its field FIELD) is an
-- interface name, whole (C would cut it at a NUL byte).
local function check_iface(iface, n, fname, field)
  local what = field and field .. ": " or ""
  if type(iface) ~= "string" then
    argerror(n, fname, what .. "interface name expected, got " .. typename(iface), 3)
  end
  if iface:find("\0", 1, true) then argerror(n, fname, what .. "string contains a NUL byte", 3) end
end

-- The wire of frame P sent by host H on IFACE through link socket S.
local function l2_wire(h, p, iface, s, blame)
  if type(p) == "string" then return p end
  local w = p._wire
  if w and wire_key[p] == s then return w end
  local ctx, err, code = context(h, p, iface)
  if not ctx then return nil, err, code end
  local w = build(p, ctx, s, blame) -- not a tail call: bad_packet counts this frame
  return w
end

-- host:sendp(frame, iface) -> bytes sent | nil, message, errno: sends an
-- Ethernet frame (crafted, or bytes) out of interface IFACE as it is.
function methods:sendp(p, iface)
  local t = socks[self]
  local s = t and t.links[iface]
  if s and wire_key[p] == s and p._wire then -- sent here before: as it is
    local n = csend(s, p._wire)
    if n then return n end
  end
  lab.check_host(self, "sendp", 0)
  check_packet(p, "sendp")
  check_iface(iface, 2, "sendp")
  local s, err, code = sock_of(self, "link", iface)
  if not s then return nil, err, code end
  local w
  w, err, code = l2_wire(self, p, iface, s, SENDP)
  if not w then return nil, err, code end
  return send_on(s, w)
end

-- Batches: frames queued in C and sent by one sendmmsg --------------------

local Batch = craft.batch_meta
local bmethods = Batch.__index
local badd, bfd, bdrop = craft.batch_add, craft.batch_fd, craft.batch_drop
local batch_of = setmetatable({}, {__mode = "k"}) -- batch -> {host, iface, sock}
local BATCH_ADD = {fname = "add", level = 3}

-- Waits (at most a second) until batch Q's socket can take frames, then
-- calls Q's C method SEND again with ARG; nil, "closed" if the lab
-- closed the socket meanwhile, nil, "timeout" if it stayed full.
local function batch_retry(q, send, arg)
  local deadline = now() + 1
  local n, err, code
  repeat
    local _, why = sched.wait_io(bfd(q), "w", deadline - now())
    if why == "closed" or bfd(q) < 0 then return nil, "closed" end
    n, err, code = send(q, arg)
  until n ~= nil or err ~= "wantwrite" or now() >= deadline
  if err == "wantwrite" then err = "timeout" end
  return n, err, code
end

-- batch:add(frame) -> bytes queued | nil, msg, errno: queues an Ethernet
-- frame (crafted, or bytes) as host:sendp would send it; a full batch
-- goes out by one sendmmsg.
function bmethods:add(p)
  local n, err, code = badd(self, p)
  if n then return n end
  if n == false then -- a crafted packet not yet built for this socket
    local b = batch_of[self]
    check_packet(p, "add")
    local w
    w, err, code = l2_wire(b.host, p, b.iface, b.sock, BATCH_ADD)
    if not w then return nil, err, code end
    n, err, code = badd(self, w)
    if n then return n end
    p = w
  end
  if err == "wantwrite" then return batch_retry(self, badd, p) end
  return nil, err, code
end

-- batch:flush() -> frames sent | nil, msg, errno: sends what it holds.
local cflush = bmethods.flush
function bmethods:flush()
  local n, err, code = cflush(self)
  if err == "wantwrite" then return batch_retry(self, cflush) end
  return n, err, code
end

-- batch:close() -> frames sent | nil, msg, errno: flushes, then frees it
-- (a closed batch raises when used); closing again does nothing.
function bmethods:close()
  if not batch_of[self] then return 0 end
  local n, err, code = self:flush()
  batch_of[self] = nil
  bdrop(self)
  return n, err, code
end
Batch.__close = bmethods.close

-- host:batch(iface[, size]) -> batch | nil, msg, errno: a queue of SIZE
-- frames (default 64, 1 to 1024) for interface IFACE, sent by one
-- sendmmsg when full, by batch:flush() and batch:close().
function methods:batch(iface, size)
  lab.check_host(self, "batch", 0)
  check_iface(iface, 1, "batch")
  if size ~= nil and math.type(size) ~= "integer" then
    argerror(2, "batch", "integer expected, got " .. typename(size), 2)
  end
  if size ~= nil and (size < 1 or size > 1024) then
    argerror(2, "batch", "batch size out of range (1 to 1024)", 2)
  end
  local s, err, code = sock_of(self, "link", iface)
  if not s then return nil, err, code end
  local q = craft.batch(s, size or 64, wire_key)
  batch_of[q] = {host = self, iface = iface, sock = s}
  return q
end

-- Matching replies ----------------------------------------------------------

-- Where the network layer starts in frame or packet B (L2: an Ethernet
-- frame), and its ethertype; nil if it is neither IP nor ARP.
local function l3_of(b, l2)
  if not l2 then
    local v = #b > 0 and b:byte(1) >> 4
    return 1, v == 6 and 0x86dd or 0x0800
  end
  if #b < 14 then return nil end
  local t = sunpack(">I2", b, 13)
  if t == 0x8100 and #b >= 18 then return 19, sunpack(">I2", b, 17) end
  return 15, t
end

-- The addresses, protocol and transport header of the IP packet at
-- OFF in B (ethertype T): {src, dst, proto, l4 = offset, len = bytes}.
local function ip_of(b, off, t)
  if t == 0x0800 and #b >= off + 19 then
    local hl = (b:byte(off) & 0x0f) * 4
    local len = sunpack(">I2", b, off + 2)
    return {src = b:sub(off + 12, off + 15), dst = b:sub(off + 16, off + 19),
      proto = b:byte(off + 9), l4 = off + hl, len = math.min(len, #b - off + 1) - hl, v = 4}
  elseif t == 0x86dd and #b >= off + 39 then
    return {src = b:sub(off + 8, off + 23), dst = b:sub(off + 24, off + 39),
      proto = b:byte(off + 6), l4 = off + 40, len = math.min(sunpack(">I2", b, off + 4), #b - off - 39), v = 6}
  end
end

-- Whether TCP reply R (in RB) answers TCP segment S (in SB).
local function tcp_answers(sb, s, rb, r)
  if #rb < r.l4 + 19 or #sb < s.l4 + 19 then return false end
  if sb:sub(s.l4, s.l4 + 1) ~= rb:sub(r.l4 + 2, r.l4 + 3) or sb:sub(s.l4 + 2, s.l4 + 3) ~= rb:sub(r.l4, r.l4 + 1) then
    return false
  end
  local rflags = rb:byte(r.l4 + 13)
  if rflags & 0x04 ~= 0 then return true end -- RST
  local seq, sflags = sunpack(">I4", sb, s.l4 + 4), sb:byte(s.l4 + 13)
  local seglen = s.len - (sb:byte(s.l4 + 12) >> 4) * 4 + (sflags & 0x02 ~= 0 and 1 or 0) + (sflags & 0x01)
  if seglen <= 0 then return true end
  local covered = (sunpack(">I4", rb, r.l4 + 8) - seq) & 0xffffffff
  return rflags & 0x10 ~= 0 and covered >= 1 and covered <= seglen
end

-- ICMP(v6) types that quote the packet they are about.
local ERRORS4 = {[3] = true, [4] = true, [5] = true, [11] = true, [12] = true}
local ERRORS6 = {[1] = true, [2] = true, [3] = true, [4] = true}
local ECHO = {[4] = {8, 0}, [6] = {128, 129}}

-- Whether ICMP error R (in RB) quotes packet S (in SB).
local function quotes(sb, s, rb, r)
  local q = ip_of(rb, r.l4 + 8, s.v == 4 and 0x0800 or 0x86dd)
  if not q or q.src ~= s.src or q.dst ~= s.dst or q.proto ~= s.proto then return false end
  local n = math.min(8, #rb - q.l4 + 1)
  return n > 0 and rb:sub(q.l4, q.l4 + n - 1) == sb:sub(s.l4, s.l4 + n - 1)
end

-- Whether IP reply R answers IP packet S.
local function ip_answers(sb, s, rb, r)
  local icmp = r.v == 4 and 1 or 58
  if r.proto == icmp and #rb > r.l4 then
    local t = rb:byte(r.l4)
    if (r.v == 4 and ERRORS4[t]) or (r.v == 6 and ERRORS6[t]) then return quotes(sb, s, rb, r) end
  end
  if r.src ~= s.dst and not (s.v == 6 and s.dst:byte(1) == 0xff) then return false end
  if r.dst ~= s.src or r.proto ~= s.proto then return false end
  if s.proto == 6 then return tcp_answers(sb, s, rb, r) end
  if s.proto == 17 then
    return sb:sub(s.l4, s.l4 + 1) == rb:sub(r.l4 + 2, r.l4 + 3) and sb:sub(s.l4 + 2, s.l4 + 3) == rb:sub(r.l4, r.l4 + 1)
  end
  if s.proto == icmp then
    local st, rt = sb:byte(s.l4), rb:byte(r.l4)
    if st == ECHO[s.v][1] then return rt == ECHO[s.v][2] and sb:sub(s.l4 + 4, s.l4 + 7) == rb:sub(r.l4 + 4, r.l4 + 7) end
    if st == 135 then return rt == 136 and sb:sub(s.l4 + 8, s.l4 + 23) == rb:sub(r.l4 + 8, r.l4 + 23) end
    return false
  end
  return true
end

-- Whether frame RB answers sent packet SB (a frame when SL2).
local function answers(sb, sl2, rb)
  local so, st = l3_of(sb, sl2)
  local ro, rt = l3_of(rb, true)
  if not so or not ro then return false end
  if st == 0x0806 then -- an ARP request: the reply from the address asked about
    return rt == 0x0806 and #rb >= ro + 27 and #sb >= so + 27 and sunpack(">I2", rb, ro + 6) == 2
      and rb:sub(ro + 14, ro + 17) == sb:sub(so + 24, so + 27)
  end
  local s, r = ip_of(sb, so, st), ip_of(rb, ro, rt)
  return s ~= nil and r ~= nil and s.v == r.v and ip_answers(sb, s, rb, r)
end

M.answers = answers

-- sr1 and sr ----------------------------------------------------------------

-- The timeout in OPTS (argument N of FNAME): a number >= 0, 2 by default.
local function opt_timeout(opts, n, fname)
  if opts == nil then return 2 end
  if type(opts) ~= "table" then argerror(n, fname, "table expected, got " .. typename(opts), 3) end
  local t = opts.timeout
  if t == nil then return 2 end
  if type(t) ~= "number" or t ~= t or t < 0 then
    argerror(n, fname, "timeout: number >= 0 expected, got " .. tostring(t), 3)
  end
  return t
end

-- Sends P from H (sendp on IFACE if it is a frame); returns the bytes
-- sent and whether they are a frame, or nil, message, errno.
local function send_one(h, p, iface, blame)
  local l2 = type(p) == "string" and iface ~= nil or type(p) ~= "string" and first_layer(p) == "eth"
  if not l2 then
    local w, kind, code = l3_wire(h, p, blame)
    if not w then return nil, kind, code end
    local s, err
    s, err, code = sock_of(h, kind)
    if not s then return nil, err, code end
    local n
    n, err, code = send_on(s, w)
    if not n then return nil, err, code end
    return type(w) == "string" and w or w:bytes(), false
  end
  if not iface then
    local ip = ip_layer(p)
    local r = ip and ip.dst and h:route_get(ip.dst)
    iface = r and r.iface
    if not iface then return nil, "sr: a frame needs {iface = }" end
  end
  local s, err, code = sock_of(h, "link", iface)
  if not s then return nil, err, code end
  local w
  w, err, code = l2_wire(h, p, iface, s, blame)
  if not w then return nil, err, code end
  local n
  n, err, code = send_on(s, w)
  if not n then return nil, err, code end
  return type(w) == "string" and w or w:bytes(), true
end

-- Sends PKTS from H and collects replies until each has one or TIMEOUT
-- passes. Returns {[i] = {reply frame, time received}} or nil, message,
-- errno. A packet that cannot be sent is blamed on public method FNAME.
local function exchange(h, pkts, timeout, iface, fname)
  local sniff <close>, err, code = open(h, "sniff")
  if not sniff then return nil, err, code end
  local sent, replies, left = {}, {}, #pkts
  for i, p in ipairs(pkts) do
    local blame = {fname = fname, level = 5, item = fname == "sr" and i or nil}
    local b, l2, c = send_one(h, p, iface, blame)
    if not b then return nil, l2, c end
    sent[i] = {b, l2}
  end
  local deadline, fd = now() + timeout, sniff:getfd()
  while left > 0 and now() < deadline do -- a busy link cannot keep us past it
    -- the lab may close SNIFF once our wait was answered, before we ran
    if sniff:getfd() < 0 then return nil, "closed" end
    local frame, out = sniff:receive()
    if frame then
      if not out then
        for i = 1, #pkts do
          if not replies[i] and answers(sent[i][1], sent[i][2], frame) then
            replies[i], left = {frame, loop.walltime()}, left - 1
            break
          end
        end
      end
    elseif out == "wantread" then
      local remaining = deadline - now()
      if remaining <= 0 then break end
      local ok, why = sched.wait_io(fd, "r", remaining)
      if why == "closed" then return nil, "closed" end -- the lab closed
      if not ok then break end
    else
      return nil, out
    end
  end
  return replies
end

-- host:sr1(pkt, {timeout =, iface =}) -> reply | nil, "timeout" | nil,
-- message, errno: sends PKT and returns the first packet answering it.
function methods:sr1(p, opts)
  lab.check_host(self, "sr1", 0)
  check_packet(p, "sr1")
  local timeout = opt_timeout(opts, 2, "sr1")
  local iface = opts and opts.iface
  if iface ~= nil then check_iface(iface, 2, "sr1", "iface") end
  local replies, err, code = exchange(self, {p}, timeout, iface, "sr1")
  if not replies then return nil, err, code end
  if not replies[1] then return nil, "timeout" end
  return packet.decode(replies[1][1], 1, replies[1][2])
end

-- host:sr(pkts, {timeout =, iface =}) -> answered {{sent, reply}, ...},
-- unanswered {pkt, ...} | nil, message, errno.
function methods:sr(pkts, opts)
  lab.check_host(self, "sr", 0)
  if type(pkts) ~= "table" or getmetatable(pkts) == Crafted then
    if getmetatable(pkts) == Crafted then pkts = {pkts}
    else argerror(1, "sr", "list of crafted packets expected, got " .. typename(pkts), 2) end
  end
  for _, p in ipairs(pkts) do
    if getmetatable(p) ~= Crafted and type(p) ~= "string" then
      argerror(1, "sr", "list of crafted packets expected, got a " .. typename(p) .. " in it", 2)
    end
  end
  local timeout = opt_timeout(opts, 2, "sr")
  local iface = opts and opts.iface
  if iface ~= nil then check_iface(iface, 2, "sr", "iface") end
  local replies, err, code = exchange(self, pkts, timeout, iface, "sr")
  if not replies then return nil, err, code end
  local ans, unans = {}, {}
  for i, p in ipairs(pkts) do
    if replies[i] then ans[#ans + 1] = {p, packet.decode(replies[i][1], 1, replies[i][2])} else unans[#unans + 1] = p end
  end
  return ans, unans
end

-- ARP ---------------------------------------------------------------------

-- The MAC of next hop IP from host H on IFACE: its neighbour table, else
-- an ARP exchange (IPv4) or a ping that makes the kernel ask (IPv6).
function resolve_mac(h, ip, iface, family)
  local mac = neigh_mac(h, ip)
  if mac then return mac end
  if family == "inet" then
    local P = packet
    local req = P.ether{dst = "ff:ff:ff:ff:ff:ff"} / P.arp{op = "request", tpa = ip}
    local replies, err = exchange(h, {req}, 1, iface, "resolve")
    if err == "closed" then return nil, "closed" end -- the lab closed
    local r = replies and replies[1] and replies[1][1]
    if r and #r >= 28 then
      local b = {r:byte(23, 28)}
      return ("%02x:%02x:%02x:%02x:%02x:%02x"):format(table.unpack(b))
    end
  else
    local _, err = h:ping(ip, {count = 1, timeout = 1})
    if err == "closed" then return nil, "closed" end -- the lab closed
    mac = neigh_mac(h, ip)
    if mac then return mac end
  end
  return nil, ("cannot find the MAC of %s from host %s"):format(ip, h:name())
end

return M
