-- netlab.packet: packets crafted layer by layer, as Scapy stacks them,
-- and netlab.packet.decode for bytes from anywhere.
--   local P = netlab.packet
--   local syn = P.ether{} / P.ip{dst = "10.0.0.2"} / P.tcp{dport = 80, flags = "S"}
--   syn.tcp.sport = 40000        -- layers are readable and writable
--   print(syn)                   -- as tcpdump -nn prints it
--   a:sendp(syn, "eth0")         -- lab_craft.lua: send, sendp, sr1, sr
--
-- Fields left out are filled in when the packet is serialised: lengths,
-- checksums, protocol numbers and ethertypes from the layer above, TTL 64.
-- The source port, sequence number and IP id a builder is not given are
-- picked at random when it runs (and readable from then on). Addresses
-- left out come from the sending host (lab_craft.lua: its route to the
-- destination, its interface's MAC, its neighbour table); pkt:bytes()
-- without a host uses 0.0.0.0, ::, 00:00:00:00:00:00 for a source and
-- ff:ff:ff:ff:ff:ff for a destination MAC.
--
-- A crafted packet keeps its last serialisation (a netlab.craft.wire):
-- assigning a fixed-size number field (ports, seq, ack, window, id, TTL,
-- ICMP id and seq, TCP flags) patches those bytes in place, and the
-- checksums are recomputed in C when the bytes are next used, so a loop
-- reusing a template costs a few stores per packet.
local selfcheck = require "netlab.selfcheck"
local craft = require "netlab.c.craft"

local M = {}

local spack, schar, srep = string.pack, string.char, string.rep
local wire_set = craft.set -- wire:set
local mtype = math.type

-- Addresses ---------------------------------------------------------------

-- The 4 bytes of IPv4 address TEXT, or nil.
local function ip4_bytes(text)
  local b = craft.pton(text)
  return b and #b == 4 and b or nil
end

-- The 16 bytes of IPv6 address TEXT, or nil.
local function ip6_bytes(text)
  local b = craft.pton(text)
  return b and #b == 16 and b or nil
end

-- The 6 bytes of MAC address TEXT ("aa:bb:cc:dd:ee:ff"), or nil.
local function mac_bytes(text)
  local p = {text:match("^(%x%x?)[:-](%x%x?)[:-](%x%x?)[:-](%x%x?)[:-](%x%x?)[:-](%x%x?)$")}
  if #p ~= 6 then return nil end
  for i = 1, 6 do p[i] = tonumber(p[i], 16) end
  return schar(table.unpack(p))
end

M._ip4_bytes, M._ip6_bytes, M._mac_bytes = ip4_bytes, ip6_bytes, mac_bytes -- for lab_craft.lua

-- Field kinds: each checks a value (nil means "fill in") and returns it,
-- or returns nil and what was expected.

-- An unsigned integer field of BITS bits.
local function uint(bits)
  local max = (1 << bits) - 1
  local want = ("integer 0-%d expected"):format(max)
  return function(v)
    if mtype(v) == "integer" and v >= 0 and v <= max then return v end
    return nil, want
  end
end

-- An address field, checked with PARSE (text -> bytes | nil).
local function addr(parse, want)
  return function(v)
    if type(v) == "string" and parse(v) then return v end
    return nil, want
  end
end

-- A string of bytes.
local function bytes(v)
  if type(v) == "string" then return v end
  return nil, "string expected"
end

-- A field named by NAMES (name -> number) or given as a number of BITS.
local function named(names, bits)
  local num = uint(bits)
  return function(v)
    if type(v) == "string" and names[v] then return v end
    return num(v)
  end
end

-- The number of field value V of a NAMES kind.
local function number_of(names, v)
  if type(v) == "string" then return names[v] end
  return v
end

local TCP_BITS = {F = 0x01, S = 0x02, R = 0x04, P = 0x08, A = 0x10, ["."] = 0x10,
  U = 0x20, E = 0x40, W = 0x80, C = 0x80, N = 0x100}

-- The bits of TCP flags text ("S", "S.", "PA", "FA") or number, or nil.
local function tcp_bits(v)
  if mtype(v) == "integer" then return v >= 0 and v <= 0x1ff and v or nil end
  if type(v) ~= "string" then return nil end
  local bits = 0
  for c in v:gmatch(".") do
    if not TCP_BITS[c] then return nil end
    bits = bits | TCP_BITS[c]
  end
  return bits
end

-- TCP flags: Scapy's letters (FSRPAUEC) or tcpdump's ("S.", "P."), or a number.
local function tcp_flags(v)
  if tcp_bits(v) then return v end
  return nil, 'TCP flags like "S", "S.", "PA" or a number expected'
end

-- The bits of IPv4 flags text ("DF", "MF", "DF+MF", "") or number, or nil.
local function ip_bits(v)
  if mtype(v) == "integer" then return v >= 0 and v <= 7 and v or nil end
  if type(v) ~= "string" then return nil end
  local bits = 0
  for w in v:gmatch("[^+,| ]+") do
    if w == "DF" then bits = bits | 2 elseif w == "MF" then bits = bits | 1
    elseif w == "evil" then bits = bits | 4 else return nil end
  end
  return bits
end

-- IPv4 flags: "DF", "MF", "DF+MF", "" or a number 0-7.
local function ip_flags(v)
  if ip_bits(v) then return v end
  return nil, '"DF", "MF", "DF+MF" or a number 0-7 expected'
end

-- TCP options: a table {mss =, wscale =, sack_ok =, ts = {val, ecr}} or bytes.
local function tcp_options(v)
  if type(v) == "string" then return v end
  if type(v) ~= "table" then return nil, "table or string expected" end
  local u16, u8, u32 = uint(16), uint(8), uint(32)
  if v.mss ~= nil and not u16(v.mss) then return nil, "options.mss: integer 0-65535 expected" end
  if v.wscale ~= nil and not u8(v.wscale) then return nil, "options.wscale: integer 0-255 expected" end
  if v.ts ~= nil and not (type(v.ts) == "table" and u32(v.ts[1] or v.ts.val or 0) and u32(v.ts[2] or v.ts.ecr or 0)) then
    return nil, "options.ts: {val, ecr} expected"
  end
  return v
end

local ARP_OPS = {request = 1, reply = 2}
local ICMP_TYPES = {["echo-reply"] = 0, ["unreachable"] = 3, ["redirect"] = 5,
  ["echo-request"] = 8, ["time-exceeded"] = 11, ["parameter-problem"] = 12}
local ICMP6_TYPES = {["unreachable"] = 1, ["packet-too-big"] = 2, ["time-exceeded"] = 3,
  ["echo-request"] = 128, ["echo-reply"] = 129, ["router-solicitation"] = 133,
  ["router-advertisement"] = 134, ["neighbor-solicitation"] = 135,
  ["neighbor-advertisement"] = 136, ["neighbour-solicitation"] = 135,
  ["neighbour-advertisement"] = 136}

-- ND flags: letters R (router), S (solicited), O (override).
local function nd_flags(v)
  if type(v) == "string" and v:match("^[RSO]*$") then return v end
  return nil, 'letters of "RSO" expected'
end

-- A random integer below 2^BITS (ports: 1024 and up).
-- A packet that cannot be built as asked: a length its header field
-- cannot hold. build raises it; M._wire turns it into nil, message, for
-- the public function to raise as a bad argument at the script's line.
local Refusal = {}

-- Returns N, the length in bytes of WHAT in layer NAME, or refuses to
-- build when N is more than the layer's header FIELD can hold (MAX).
local function fits(n, max, name, what, field)
  if n <= max then return n end
  error(setmetatable({msg = ("%s: %s of %d bytes is more than its %s field holds (%d)")
    :format(name, what, n, field, max)}, Refusal), 0)
end

local function random_bits(bits, low)
  return math.random(low or 0, (1 << bits) - 1)
end

-- Layers ----------------------------------------------------------------
-- A spec: name, fields (name -> kind), patch (name -> {offset, size,
-- to-number}), defaults (name -> function giving a value at creation),
-- build(fields, payload, above, ctx) -> header bytes.

local specs = {}

-- Ethernet II: dst, src, type.
specs.eth = {
  fields = {dst = addr(mac_bytes, "MAC address expected"), src = addr(mac_bytes, "MAC address expected"),
    type = uint(16)},
}

local ETHERTYPES = {ip = 0x0800, ip6 = 0x86dd, arp = 0x0806}
local PROTOS = {tcp = 6, udp = 17, icmp = 1, icmp6 = 58, ip = 4, ip6 = 41}

function specs.eth.build(f, _, above, ctx)
  local dst = f.dst and mac_bytes(f.dst) or (ctx and ctx.mac_dst) or "\255\255\255\255\255\255"
  local src = f.src and mac_bytes(f.src) or (ctx and ctx.mac_src) or srep("\0", 6)
  local t = f.type or (above and ETHERTYPES[above.spec.name]) or 0x9000
  return dst .. src .. spack(">I2", t)
end

-- ARP for IPv4 over Ethernet.
specs.arp = {
  fields = {op = named(ARP_OPS, 16), hwtype = uint(16), ptype = uint(16), hwlen = uint(8), plen = uint(8),
    sha = addr(mac_bytes, "MAC address expected"), spa = addr(ip4_bytes, "IPv4 address expected"),
    tha = addr(mac_bytes, "MAC address expected"), tpa = addr(ip4_bytes, "IPv4 address expected")},
}

function specs.arp.build(f, _, _, ctx)
  local sha = f.sha and mac_bytes(f.sha) or (ctx and ctx.mac_src) or srep("\0", 6)
  local spa = f.spa and ip4_bytes(f.spa) or (ctx and ctx.src4) or srep("\0", 4)
  return spack(">I2I2I1I1I2", f.hwtype or 1, f.ptype or 0x0800, f.hwlen or 6, f.plen or 4,
      number_of(ARP_OPS, f.op or 1))
    .. sha .. spa .. (f.tha and mac_bytes(f.tha) or srep("\0", 6))
    .. (f.tpa and ip4_bytes(f.tpa) or srep("\0", 4))
end

-- IPv4.
specs.ip = {
  fields = {version = uint(4), ihl = uint(4), tos = uint(8), len = uint(16), id = uint(16),
    flags = ip_flags, frag = uint(13), ttl = uint(8), proto = uint(8), chksum = uint(16),
    src = addr(ip4_bytes, "IPv4 address expected"), dst = addr(ip4_bytes, "IPv4 address expected"),
    options = bytes},
  patch = {tos = {1, 1}, id = {4, 2}, ttl = {8, 1}},
  defaults = {id = function() return random_bits(16) end},
}

function specs.ip.build(f, payload, above, ctx)
  local opts = f.options or ""
  if #opts % 4 ~= 0 then opts = opts .. srep("\0", 4 - #opts % 4) end
  local ihl = f.ihl or fits(20 + #opts, 60, "ip", "header with options", "header length") // 4
  local proto = f.proto or (above and PROTOS[above.spec.name]) or 0
  local src = f.src and ip4_bytes(f.src) or (ctx and ctx.src4) or srep("\0", 4)
  local dst = f.dst and ip4_bytes(f.dst) or srep("\0", 4)
  local frag = (ip_bits(f.flags or 0) << 13) | (f.frag or 0)
  local h = spack(">I1I1I2I2I2I1I1I2", (f.version or 4) << 4 | ihl, f.tos or 0,
    f.len or fits(20 + #opts + #payload, 0xffff, "ip", "packet", "total length"), f.id or 0, frag,
    f.ttl or 64, proto, f.chksum or 0) .. src .. dst .. opts
  if f.chksum == nil then h = h:sub(1, 10) .. spack(">I2", craft.sum(h)) .. h:sub(13) end
  return h
end

-- IPv6 (no extension headers of its own: stack them as raw bytes).
specs.ip6 = {
  fields = {tc = uint(8), flow = uint(20), plen = uint(16), next = uint(8), hlim = uint(8),
    src = addr(ip6_bytes, "IPv6 address expected"), dst = addr(ip6_bytes, "IPv6 address expected")},
  patch = {hlim = {7, 1}},
}

function specs.ip6.build(f, payload, above, ctx)
  local nd = above and above.spec.name == "icmp6" and (above.fields.type or 128)
  nd = nd and number_of(ICMP6_TYPES, nd)
  local hlim = f.hlim or (nd and nd >= 133 and nd <= 137 and 255) or 64
  local src = f.src and ip6_bytes(f.src) or (ctx and ctx.src6) or srep("\0", 16)
  local dst = f.dst and ip6_bytes(f.dst) or srep("\0", 16)
  local plen = f.plen or fits(#payload, 0xffff, "ip6", "payload", "payload length")
  return spack(">I4I2I1I1", 6 << 28 | (f.tc or 0) << 20 | (f.flow or 0), plen,
    f.next or (above and PROTOS[above.spec.name]) or 59, hlim) .. src .. dst
end

-- TCP.
specs.tcp = {
  fields = {sport = uint(16), dport = uint(16), seq = uint(32), ack = uint(32), dataofs = uint(4),
    flags = tcp_flags, win = uint(16), chksum = uint(16), urg = uint(16), options = tcp_options},
  patch = {sport = {0, 2}, dport = {2, 2}, seq = {4, 4}, ack = {8, 4}, win = {14, 2}, urg = {18, 2},
    flags = {13, 1, function(v) return tcp_bits(v) & 0xff end}},
  defaults = {sport = function() return random_bits(16, 1024) end, seq = function() return random_bits(32) end},
}

-- The bytes of TCP options O (a table, in Linux's order, or bytes).
local function tcp_option_bytes(o)
  if o == nil then return "" end
  if type(o) == "string" then return o end
  local out = {}
  if o.mss then out[#out + 1] = spack(">I1I1I2", 2, 4, o.mss) end
  local ts = o.ts and spack(">I1I1I4I4", 8, 10, o.ts[1] or o.ts.val or 0, o.ts[2] or o.ts.ecr or 0)
  if o.sack_ok and ts then out[#out + 1] = "\4\2" .. ts
  elseif ts then out[#out + 1] = "\1\1" .. ts
  elseif o.sack_ok then out[#out + 1] = "\1\1\4\2" end
  if o.wscale then out[#out + 1] = "\1\3\3" .. schar(o.wscale) end
  local s = table.concat(out)
  if #s % 4 ~= 0 then s = s .. srep("\0", 4 - #s % 4) end
  return s
end

function specs.tcp.build(f)
  local opts = tcp_option_bytes(f.options)
  local off = f.dataofs or fits(20 + #opts, 60, "tcp", "header with options", "data offset") // 4
  local flags = tcp_bits(f.flags or "S")
  return spack(">I2I2I4I4I2I2I2I2", f.sport or 20, f.dport or 80, f.seq or 0, f.ack or 0,
    off << 12 | flags, f.win or 8192, f.chksum or 0, f.urg or 0) .. opts
end

-- UDP.
specs.udp = {
  fields = {sport = uint(16), dport = uint(16), len = uint(16), chksum = uint(16)},
  patch = {sport = {0, 2}, dport = {2, 2}},
  defaults = {sport = function() return random_bits(16, 1024) end},
}

function specs.udp.build(f, payload)
  local len = f.len or fits(8 + #payload, 0xffff, "udp", "datagram", "length")
  return spack(">I2I2I2I2", f.sport or 53, f.dport or 53, len, f.chksum or 0)
end

-- ICMP: type, code, and the rest of the header as id and seq.
specs.icmp = {
  fields = {type = named(ICMP_TYPES, 8), code = uint(8), chksum = uint(16), id = uint(16), seq = uint(16)},
  patch = {id = {4, 2}, seq = {6, 2}},
  defaults = {id = function() return random_bits(16) end},
}

function specs.icmp.build(f)
  return spack(">I1I1I2I2I2", number_of(ICMP_TYPES, f.type or 8), f.code or 0, f.chksum or 0,
    f.id or 0, f.seq or 0)
end

-- ICMPv6: echo (id, seq), neighbour solicitation and advertisement
-- (target, lladdr, flags), other types (id and seq as the 4 bytes after
-- the checksum).
specs.icmp6 = {
  fields = {type = named(ICMP6_TYPES, 8), code = uint(8), chksum = uint(16), id = uint(16), seq = uint(16),
    target = addr(ip6_bytes, "IPv6 address expected"), lladdr = addr(mac_bytes, "MAC address expected"),
    flags = nd_flags},
  patch = {id = {4, 2}, seq = {6, 2}},
  defaults = {id = function() return random_bits(16) end},
}

-- The flags word of a neighbour advertisement.
local function na_word(flags)
  local w = 0
  for c in (flags or ""):gmatch(".") do
    w = w | ({R = 0x80000000, S = 0x40000000, O = 0x20000000})[c]
  end
  return w
end

function specs.icmp6.build(f, _, _, ctx)
  local t = number_of(ICMP6_TYPES, f.type or 128)
  local h = spack(">I1I1I2", t, f.code or 0, f.chksum or 0)
  if t ~= 135 and t ~= 136 then return h .. spack(">I2I2", f.id or 0, f.seq or 0) end
  local word = t == 136 and na_word(f.flags) or 0
  h = h .. spack(">I4", word) .. (f.target and ip6_bytes(f.target) or srep("\0", 16))
  local ll = f.lladdr and mac_bytes(f.lladdr) or (ctx and ctx.mac_src)
  if ll then h = h .. schar(t == 135 and 1 or 2, 1) .. ll end
  return h
end

-- Raw bytes: a payload, or a header netlab has no builder for.
specs.raw = {fields = {load = bytes}}

function specs.raw.build(f) return f.load or "" end

for name, spec in pairs(specs) do spec.name = name end

-- Layer objects -----------------------------------------------------------
-- A layer is an empty table whose own metatable holds its fields
-- (__index, so reading is a table lookup), its spec, the packet it is in
-- and its offset in that packet's wire; writing goes through its setter,
-- which checks the value and patches or drops the packet's wire.

-- The setter (__newindex) of the layer whose metatable is MT: checks V
-- against field K's kind, records it, and patches the packet's wire in
-- place (a fixed-size field) or drops it (it is built again when used).
local function setter(mt)
  local spec, fields, pkt = mt.spec, mt.fields, mt.pkt
  local kinds, patch = spec.fields, spec.patch or {}
  return function(_, k, v)
    local at, w, off = patch[k], pkt._wire, mt.off
    if at and w and off and not at[3] and wire_set(w, off + at[1], at[2], v) then
      fields[k] = v -- the template loop's path: checked and patched in C
      return
    end
    local kind = kinds[k]
    if not kind then error(("%s has no field '%s'"):format(spec.name, tostring(k)), 2) end
    if v ~= nil and kind(v) == nil then
      local _, want = kind(v)
      error(("bad value for %s.%s (%s, got %s)"):format(spec.name, k, want,
        type(v) == "number" and tostring(v) or type(v)), 2)
    end
    fields[k] = v
    if not w then return end
    if at and v ~= nil and off then
      w:set(off + at[1], at[2], at[3] and at[3](v) or v)
    else
      pkt._wire = nil
    end
  end
end

-- pairs(layer): its fields that are set.
local function layer_pairs(layer)
  return next, getmetatable(layer).fields, nil
end

-- tostring(layer): "tcp{dport=80, flags=S}".
local function layer_tostring(layer)
  local mt, parts = getmetatable(layer), {}
  for k, v in pairs(mt.fields) do
    parts[#parts + 1] = ("%s=%s"):format(k, type(v) == "string" and ("%q"):format(v) or tostring(v))
  end
  table.sort(parts)
  return ("%s{%s}"):format(mt.spec.name, table.concat(parts, ", "))
end

-- A new layer of SPEC with FIELDS (owned by it), in packet PKT.
local function new_layer(spec, fields, pkt)
  local mt = {__index = fields, __pairs = layer_pairs, __tostring = layer_tostring,
    spec = spec, fields = fields, pkt = pkt}
  mt.__newindex = setter(mt)
  return setmetatable({}, mt)
end

-- Copies of layer meta MT's fields (tables one level deep).
local function copy_fields(mt)
  local f = {}
  for k, v in pairs(mt.fields) do
    if type(v) == "table" then
      local t = {}
      for k2, v2 in pairs(v) do t[k2] = v2 end
      v = t
    end
    f[k] = v
  end
  return f
end

-- Crafted packets ---------------------------------------------------------

local Crafted = {}   -- the metatable of crafted packets
local methods = {}
Crafted.__index = methods
Crafted.__name = "netlab.crafted"
M._Crafted = Crafted

-- The field names layers are reached by: p.eth (also p.ether), p.ip...
local ALIAS = {eth = "ether"}

-- A packet of layers made from (spec, fields) pairs in LIST.
local function new_packet(list)
  local pkt = setmetatable({_layers = {}}, Crafted)
  for i, sf in ipairs(list) do
    local layer = new_layer(sf[1], sf[2], pkt)
    pkt._layers[i] = layer
    local name = sf[1].name
    if rawget(pkt, name) == nil then
      pkt[name] = layer
      if ALIAS[name] then pkt[ALIAS[name]] = layer end
    end
  end
  return pkt
end

-- The (spec, copied fields) pairs of packet P's layers, appended to LIST.
local function layer_list(p, list)
  for _, layer in ipairs(p._layers) do
    local mt = getmetatable(layer)
    list[#list + 1] = {mt.spec, copy_fields(mt)}
  end
  return list
end

local refused -- refused(p, list): why P (of LIST) cannot be built, or nil (below)

-- a / b: a new packet, a's layers then b's (b a packet or raw bytes).
function Crafted.__div(a, b)
  if getmetatable(a) ~= Crafted then
    error(("bad operand to '/' (crafted packet expected on the left, got %s)"):format(type(a)), 2)
  end
  local list = layer_list(a, {})
  if type(b) == "string" then
    list[#list + 1] = {specs.raw, {load = b}}
  elseif getmetatable(b) == Crafted then
    layer_list(b, list)
  else
    error(("bad operand to '/' (crafted packet or string expected on the right, got %s)"):format(type(b)), 2)
  end
  local p = new_packet(list)
  local why = refused(p, list)
  if why then error(("bad operand to '/' (%s)"):format(why), 2) end
  return p
end

-- Serialises packet P with CTX (what the sending host fills in, or nil):
-- returns its wire.
local function build(p, ctx)
  local layers, sizes, payload = p._layers, {}, ""
  for i = #layers, 1, -1 do
    local mt = getmetatable(layers[i])
    local above = layers[i + 1] and getmetatable(layers[i + 1])
    local h = mt.spec.build(mt.fields, payload, above, ctx)
    sizes[i], payload = #h, h .. payload
  end
  local off, l3s = 0, {} -- l3s: {offset, checksums to fill} of each IP layer
  for i, layer in ipairs(layers) do
    local mt = getmetatable(layer)
    mt.off = off
    local name = mt.spec.name
    if name == "ip" or name == "ip6" then
      local fix = (name == "ip" and mt.fields.chksum == nil) and 1 or 0
      local up = layers[i + 1] and getmetatable(layers[i + 1])
      if up and PROTOS[up.spec.name] and up.spec.name ~= "ip" and up.spec.name ~= "ip6"
        and up.fields.chksum == nil then
        fix = fix | 2
      end
      l3s[#l3s + 1] = {off, fix}
    end
    off = off + sizes[i]
  end
  for i = #l3s, 2, -1 do -- inner packets first: the outer checksums cover them
    payload = craft.fix(payload, l3s[i][1], l3s[i][2])
  end
  local l3off, fix = l3s[1] and l3s[1][1], l3s[1] and l3s[1][2]
  return craft.wire(payload, l3off or 0, l3off and fix or 0)
end

-- Whether a packet of layers LIST (spec, fields) might not fit its
-- length fields: each header is at most 64 bytes and its options, so
-- under 65,535 bytes in all, with no options over 40 bytes, it fits.
local function might_overflow(list)
  local total = 0
  for _, sf in ipairs(list) do
    local spec, f = sf[1], sf[2]
    if spec == specs.raw then
      total = total + #(f.load or "")
    else
      local opts = type(f.options) == "string" and #f.options or 0
      if opts > 40 then return true end
      total = total + 64 + opts
    end
  end
  return total > 0xffff
end

-- Why packet P (of layers LIST) cannot be built (a length its field
-- cannot hold), or nil: so a builder or / refuses what bytes() would.
-- Only a packet that might overflow is built to find out.
function refused(p, list)
  if not might_overflow(list) then return nil end
  local ok, err = pcall(build, p, nil)
  if ok then return nil end
  if getmetatable(err) == Refusal then return err.msg end
  error(err, 0)
end

-- packet -> the key of the context its wire (p._wire) was built for
local wire_key = setmetatable({}, {__mode = "k"})
M._wire_key = wire_key

-- Returns P's wire for context CTX, building it unless the last one was
-- for the same context (KEY, any value naming it); nil and a message if
-- P cannot be built (a length too big for its field).
function M._wire(p, ctx, key)
  local w = p._wire
  if w and wire_key[p] == key then return w end
  local ok
  ok, w = pcall(build, p, ctx)
  if not ok then
    if getmetatable(w) == Refusal then return nil, w.msg end
    error(w, 0)
  end
  p._wire, wire_key[p] = w, key
  return w
end

-- P's wire as last built, or built now without a host; raises WHAT (a
-- format with the message) LEVEL calls up if P cannot be built.
local function wire_of(p, what, level)
  local w, why = p._wire
  if w then return w end
  w, why = M._wire(p, nil, false)
  if not w then error(what:format(why), level + 1) end
  return w
end

-- Raises unless P is a crafted packet (for method NAME).
local function check(p, name)
  selfcheck.check(p, Crafted, name, 2)
end

-- p:bytes() -> its wire bytes: as last sent (what the host filled in),
-- or serialised now with the defaults above for what is left out.
function methods:bytes()
  check(self, "bytes")
  return wire_of(self, "calling 'bytes' on bad self (%s)", 2):bytes()
end

-- p:layers() -> {"eth", "ip", "tcp", ...}: its layers' names, outermost first.
function methods:layers()
  check(self, "layers")
  local t = {}
  for i, layer in ipairs(self._layers) do t[i] = getmetatable(layer).spec.name end
  return t
end

-- p:copy() -> an independent copy.
function methods:copy()
  check(self, "copy")
  return new_packet(layer_list(self, {}))
end

-- The linktype the bytes of P decode as: Ethernet or raw IP.
local function linktype(p)
  local first = p._layers[1] and getmetatable(p._layers[1]).spec.name
  return (first == "ip" or first == "ip6") and 12 or 1
end

-- p:decode() -> the packet its bytes decode to (netlab.packet.decode).
function methods:decode()
  check(self, "decode")
  return M.decode(wire_of(self, "calling 'decode' on bad self (%s)", 2):bytes(), linktype(self))
end

-- tostring(p): the line tcpdump -nn prints for its bytes. (Called by
-- tostring, a C function: the script's line is one level further up.)
function Crafted.__tostring(p)
  check(p, "__tostring")
  local level = debug.getinfo(2, "S").what == "C" and 3 or 2
  local bytes = wire_of(p, "bad argument #1 to 'tostring' (%s)", level):bytes()
  local ok, d = pcall(M.decode, bytes, linktype(p))
  if ok and d then return tostring(d) end
  return ("crafted packet %s (%d bytes)"):format(table.concat(p:layers(), "/"), #bytes)
end

-- #p -> its length in bytes ('len' is the name Lua gives the metamethod).
function Crafted.__len(p)
  check(p, "__len")
  return #wire_of(p, "bad argument #1 to 'len' (%s)", 2)
end

-- Builders ----------------------------------------------------------------

-- Checks the fields table T of builder NAME against SPEC; returns a copy
-- with the defaults picked for fields left out.
local function check_fields(spec, name, t)
  if t == nil then t = {} end
  if type(t) ~= "table" then
    error(("bad argument #1 to '%s' (table expected, got %s)"):format(name, type(t)), 3)
  end
  local f = {}
  for k, v in pairs(t) do
    local kind = spec.fields[k]
    if not kind then error(("bad argument #1 to '%s' (%s has no field '%s')"):format(name, name, tostring(k)), 3) end
    local ok, want = kind(v)
    if ok == nil then
      error(("bad argument #1 to '%s' (%s: %s, got %s)"):format(name, k, want,
        type(v) == "number" and tostring(v) or type(v)), 3)
    end
    f[k] = v
  end
  for k, pick in pairs(spec.defaults or {}) do
    if f[k] == nil then f[k] = pick() end
  end
  return f
end

-- Makes the builder of layer NAME.
local function builder(name)
  local spec = specs[name]
  return function(t)
    local list = {{spec, check_fields(spec, name, t)}}
    local p = new_packet(list)
    local why = refused(p, list)
    if why then error(("bad argument #1 to '%s' (%s)"):format(name, why), 2) end
    return p
  end
end

M.ether = builder "eth"
M.eth = M.ether
M.arp = builder "arp"
M.ip = builder "ip"
M.ip6 = builder "ip6"
M.tcp = builder "tcp"
M.udp = builder "udp"
M.icmp = builder "icmp"
M.icmp6 = builder "icmp6"

-- netlab.packet.raw(bytes) -> a packet of raw bytes.
function M.raw(b)
  if type(b) ~= "string" then
    error(("bad argument #1 to 'raw' (string expected, got %s)"):format(type(b)), 2)
  end
  return new_packet{{specs.raw, {load = b}}}
end

-- netlab.packet.is_crafted(v) -> true if V is a crafted packet.
function M.is_crafted(v) return getmetatable(v) == Crafted end

-- M.layers_of(p) -> {{name, fields}...}: crafted packet P's layers as
-- plain values, to send it to another machine (machine_proto).
function M.layers_of(p)
  if getmetatable(p) ~= Crafted then
    error(("bad argument #1 to 'layers_of' (crafted packet expected, got %s)"):format(type(p)), 2)
  end
  local out = {}
  for i, sf in ipairs(layer_list(p, {})) do out[i] = {sf[1].name, sf[2]} end
  return out
end

-- M.from_layers(list) -> crafted packet: M.layers_of's LIST made a packet
-- again, each layer's fields checked as its builder checks them; raises
-- for what is not one.
function M.from_layers(list)
  local function bad(msg) error(("bad argument #1 to 'from_layers' (%s)"):format(msg), 3) end
  if type(list) ~= "table" or #list == 0 then bad("a crafted packet's layers expected, got " .. type(list)) end
  local pairs_ = {}
  for i, item in ipairs(list) do
    local spec = type(item) == "table" and type(item[1]) == "string" and specs[item[1]]
    if not spec or type(item[2]) ~= "table" then bad(("layer %d: a known layer expected"):format(i)) end
    pairs_[i] = {spec, check_fields(spec, item[1], item[2])}
  end
  local p = new_packet(pairs_)
  local why = refused(p, pairs_)
  if why then bad(why) end
  return p
end


-- Decoding ------------------------------------------------------------------

-- netlab.packet.decode(bytes[, linktype[, time]]) -> packet: BYTES
-- decoded as a capture gives them (linktype 1 Ethernet, the default; 12
-- raw IP), captured at TIME (seconds since the epoch, 0 by default).
M.decode = require("netlab.c.packet").packet.decode
-- netlab.packet.flows() -> a conversation table for decode's FLOWS.
M.flows = require("netlab.c.packet").packet.flows
-- netlab.packet.field("tcp.flags") -> a getter: f(p) is p.tcp.flags.
M.field = require("netlab.c.packet").packet.field

return M
