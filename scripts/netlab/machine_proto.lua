-- netlab.machine_proto: the framed protocol between a lab's script (the
-- controller) and `netlab --worker` on another machine, spoken over the
-- worker's stdin and stdout (an SSH session: no port is opened).
--
-- A frame is a 4-byte big-endian length (1 byte to 16 MiB) and one value:
--   N nil   T true   F false   I integer (8 bytes)   D float (8 bytes)
--   S string (4-byte length, bytes)
--   A table (4-byte count, then each key and value)
--   H an object left on the worker (4-byte id, its type name: 1-byte
--     length, bytes): a proxy on the controller's side
--   P a captured packet (2-byte link type, time as a float, 4-byte
--     length, bytes): decoded again on the other side
--   C a crafted packet (netlab.packet): its layers as one value, a
--     list of {layer name, fields}, built again on the other side
-- Tables nest at most 32 deep; anything else (a function, a coroutine)
-- cannot cross and raises. A frame that does not parse gives nil and a
-- message saying what is wrong, never an error.
local web_http = require "netlab.web_http"
require "netlab.socket" -- the channel's pipes are netlab sockets: their methods

local M = {}

M.MAX_FRAME = 16 * 1024 * 1024 -- bytes of one frame's value
M.MAX_DEPTH = 32                -- tables within tables

local spack, sunpack = string.pack, string.unpack

-- Encoding ------------------------------------------------------------------

-- Appends value V to OUT (a list of strings); OBJECT(v) -> id, type name
-- for a value that stays where it is, PACKET(v) -> bytes, linktype, time
-- for a packet, CRAFTED(v) -> its layers for a crafted packet (or nil
-- for none of them).
local function put(out, v, hooks, depth)
  local t = type(v)
  if v == nil then out[#out + 1] = "N"
  elseif v == true then out[#out + 1] = "T"
  elseif v == false then out[#out + 1] = "F"
  elseif math.type(v) == "integer" then out[#out + 1] = spack("<c1i8", "I", v)
  elseif t == "number" then out[#out + 1] = spack("<c1d", "D", v)
  elseif t == "string" then out[#out + 1] = spack("<c1s4", "S", v)
  else
    local bytes, linktype, time = hooks.packet(v)
    if bytes then
      out[#out + 1] = spack("<c1I2ds4", "P", linktype, time, bytes)
      return
    end
    local layers = hooks.crafted(v)
    if layers ~= nil then
      out[#out + 1] = "C"
      put(out, layers, hooks, depth + 1)
      return
    end
    local id, tname = hooks.object(v)
    if id then
      out[#out + 1] = spack("<c1I4s1", "H", id, tname)
      return
    end
    if t ~= "table" then error(("cannot send a %s to another machine"):format(t), 0) end
    if depth >= M.MAX_DEPTH then error("cannot send tables nested deeper than 32", 0) end
    local n, at = 0, #out + 1
    out[at] = "" -- the count, once known
    for k, x in pairs(v) do
      put(out, k, hooks, depth + 1)
      put(out, x, hooks, depth + 1)
      n = n + 1
    end
    out[at] = spack("<c1I4", "A", n)
  end
end

local NONE = {object = function() end, packet = function() end, crafted = function() end}

-- M.frame(v, hooks) -> the frame carrying V (hooks.object, hooks.packet as
-- for put; both optional). Raises for what cannot be sent.
function M.frame(v, hooks)
  hooks = hooks or NONE
  hooks = {object = hooks.object or NONE.object, packet = hooks.packet or NONE.packet,
           crafted = hooks.crafted or NONE.crafted}
  local out = {}
  put(out, v, hooks, 0)
  local body = table.concat(out)
  if #body > M.MAX_FRAME then error(("cannot send %d bytes in one frame (16 MiB at most)"):format(#body), 0) end
  return spack(">I4", #body) .. body
end

-- Decoding ------------------------------------------------------------------

local FIXED = {I = "<i8", D = "<d"}

-- Reads one value of S at POS; returns it and the next position, or
-- raises a message (caught by M.parse).
local function get(s, pos, hooks, depth)
  local tag = s:sub(pos, pos)
  pos = pos + 1
  if tag == "N" then return nil, pos end
  if tag == "T" then return true, pos end
  if tag == "F" then return false, pos end
  if FIXED[tag] then return sunpack(FIXED[tag], s, pos) end
  if tag == "S" then return sunpack("<s4", s, pos) end
  if tag == "H" then
    local id, tname, nxt = sunpack("<I4s1", s, pos)
    return hooks.object(id, tname), nxt
  end
  if tag == "P" then
    local linktype, time, bytes, nxt = sunpack("<I2ds4", s, pos)
    return hooks.packet(bytes, linktype, time), nxt
  end
  if tag == "C" then
    local layers, nxt = get(s, pos, hooks, depth + 1)
    return hooks.crafted(layers), nxt
  end
  if tag ~= "A" then error(tag == "" and "cut short" or ("unknown tag %q"):format(tag), 0) end
  if depth >= M.MAX_DEPTH then error("tables nested deeper than 32", 0) end
  local n
  n, pos = sunpack("<I4", s, pos)
  if n > #s - pos + 1 then error("a table counts more entries than the frame holds", 0) end
  local t = {}
  for _ = 1, n do
    local k, v
    k, pos = get(s, pos, hooks, depth + 1)
    v, pos = get(s, pos, hooks, depth + 1)
    if k == nil or k ~= k then error("a table key is nil or NaN", 0) end
    t[k] = v
  end
  return t, pos
end

-- M.parse(body, hooks) -> value | nil, message: the value of one frame's
-- BODY (hooks.object(id, tname), hooks.packet(bytes, linktype, time) and
-- hooks.crafted(layers) make what H, P and C stand for; by default their
-- fields as a table).
function M.parse(body, hooks)
  hooks = hooks or {}
  hooks = {object = hooks.object or function(id, tname) return {id = id, type = tname} end,
           packet = hooks.packet or function(b, l, t) return {bytes = b, linktype = l, time = t} end,
           crafted = hooks.crafted or function(layers) return {crafted = layers} end}
  local ok, v, pos = pcall(get, body, 1, hooks, 0)
  if not ok then
    local msg = tostring(v):gsub("^bad argument #%d+ to 'unpack' %((.*)%)$", "%1")
    return nil, "bad frame: " .. msg
  end
  if pos ~= #body + 1 then return nil, "bad frame: bytes after its value" end
  return v
end

-- Channels ------------------------------------------------------------------

-- A channel: frames in from socket object IN, out to socket object OUT
-- (a worker's pipes, or the controller's ends of them).
local Channel = {}
Channel.__index = Channel

-- M.channel(input, output) -> channel
function M.channel(input, output)
  return setmetatable({input = input, output = output, buf = "", queue = {}, sending = false}, Channel)
end

-- ch:send(frame) -> true | nil, "closed": frames from several tasks go
-- out whole and in order (one task writes; the others queue theirs).
function Channel:send(frame)
  if self.dead then return nil, "closed" end
  self.queue[#self.queue + 1] = frame
  if self.sending then return true end
  self.sending = true
  while #self.queue > 0 and not self.dead do
    local f = table.remove(self.queue, 1)
    self.output:settimeout(nil)
    local ok = self.output:send(f)
    if not ok then self.dead = true end
  end
  self.sending = false
  if self.dead then return nil, "closed" end
  return true
end

-- ch:close(): closes both pipes; a task about to read or write gets
-- "closed" rather than a closed socket's error.
function Channel:close()
  self.closed, self.dead = true, true
  self.input:close()
  self.output:close()
end

-- Takes one whole frame's body off the buffer, if one is there; a bad
-- length gives nil and a message.
local function take(self)
  if #self.buf < 4 then return false end
  local n = sunpack(">I4", self.buf)
  if n < 1 or n > M.MAX_FRAME then return nil, ("bad frame: length %d (1 to 16 MiB)"):format(n) end
  if #self.buf < 4 + n then return false end
  local body = self.buf:sub(5, 4 + n)
  self.buf = self.buf:sub(5 + n)
  return body
end

-- ch:receive(deadline) -> body | nil, "timeout" | "closed" | message: the
-- next frame's body, waiting (through the scheduler) until DEADLINE.
function Channel:receive(deadline)
  while true do
    if self.closed then return nil, "closed" end
    local body, err = take(self)
    if body then return body end
    if body == nil then self.dead = true return nil, err end
    if self.eof then return nil, "closed" end
    local ok, data, why = pcall(web_http.read_some, self.input, deadline or math.huge)
    if not ok then -- closed under the wait (ch:close): that, or a real error
      if self.closed then return nil, "closed" end
      error(data, 0)
    end
    if not data then
      if why ~= "timeout" then self.eof = true end
      if why == "timeout" then return nil, "timeout" end
    else
      self.buf = self.buf .. data
    end
  end
end

return M
