-- netlab.packet_input: what the pictures of a capture accept as their
-- packets: a list of packets (or packet-like tables), a capture (its
-- :list()), a pcap reader (its :packets()), or the path of a pcap file.
--   local list = packet_input.list(packets, bad)  -- bad(msg) raises
local M = {}

-- X's field K, or nil when X cannot be indexed (a userdata without one).
local function field(x, k)
  local ok, v = pcall(function() return x[k] end)
  return ok and v or nil
end

-- Whether P can be read like a packet: a table, or a userdata with fields.
function M.indexable(p)
  if type(p) == "table" then return true end
  local mt = type(p) == "userdata" and getmetatable(p)
  return type(mt) == "table" and mt.__index ~= nil
end

-- The elements of the array T, checked to be packets.
local function checked_list(t, bad)
  for i, p in ipairs(t) do
    if not M.indexable(p) then bad(("packet %d is a %s"):format(i, type(p))) end
  end
  return t
end

-- Collects what the iterator FN yields into a list.
local function drain(fn)
  local out = {}
  for p in fn do out[#out + 1] = p end
  return out
end

-- The packets of the pcap file at PATH; BAD reports a file that cannot be read.
local function from_file(path, bad)
  local r, err = require("netlab.pcap").open(path)
  if not r then bad(err) end
  local ok, list = pcall(drain, r:packets())
  r:close()
  if not ok then bad(("%s: %s"):format(path, tostring(list))) end
  return list
end

-- PACKETS as a list: a list, an object with :list() or :packets(), or a
-- pcap file's path. BAD(msg) raises the caller's argument error.
function M.list(packets, bad)
  local kind = type(packets)
  if kind == "string" then return from_file(packets, bad) end
  if kind ~= "table" and kind ~= "userdata" then
    bad(("packets expected, got %s"):format(kind == "nil" and "no value" or kind))
  end
  for _, method in ipairs{"list", "packets"} do
    local fn = field(packets, method)
    if type(fn) == "function" then
      local got = fn(packets)
      return checked_list(type(got) == "function" and drain(got) or got, bad)
    end
  end
  if kind == "userdata" then bad("packets expected, got userdata") end
  return checked_list(packets, bad)
end

-- first_connection(segs, pick, opens) -> the segments of SEGS between the
-- two endpoints (s.src, s.dst) of the first segment PICK accepts, up to
-- where their 4-tuple is reused by a new connection: a segment OPENS
-- calls an opening SYN, with another ISN from a side that already sent
-- one; nil when PICK accepts none. Shared by netlab.ladder and
-- netlab.seqgraph, whose segment records differ.
function M.first_connection(segs, pick, opens)
  local function key(s) return s.src < s.dst and s.src .. " " .. s.dst or s.dst .. " " .. s.src end
  local want
  for _, s in ipairs(segs) do
    if pick(s) then want = key(s) break end
  end
  if not want then return nil end
  local out, isn = {}, {}
  for _, s in ipairs(segs) do
    if key(s) == want then
      if opens(s) then
        if isn[s.src] and isn[s.src] ~= s.seq then return out end
        isn[s.src] = s.seq
      end
      out[#out + 1] = s
    end
  end
  return out
end

return M
