-- netlab.web_json: Lua values as JSON text, for the web view's answers.
--   json.encode{hosts = {"a", "b"}, rate = 1.5}   -- '{"hosts":["a","b"],"rate":1.5}'
-- A table with a [1] (or json.array(t)) is an array, else an object with
-- string keys. Every byte of a string that is not printable ASCII, and
-- < > & ' (so no text can close a <script> or start markup even if it
-- were pasted into HTML), is written as \u00XX: packet text with any
-- bytes at all is valid JSON and reads back as the same bytes (code
-- points 0-255, one per byte).
local M = {}

local ARRAY = setmetatable({}, {__mode = "k"}) -- tables marked as arrays

-- Marks T as an array even when it is empty; returns T.
function M.array(t)
  ARRAY[t] = true
  return t
end

-- What each byte that needs escaping becomes.
local ESCAPES = {['"'] = '\\"', ["\\"] = "\\\\"}
for b = 0, 255 do
  local c = string.char(b)
  if not ESCAPES[c] and (b < 32 or b > 126 or c:find("[<>&']")) then ESCAPES[c] = ("\\u%04x"):format(b) end
end

-- The JSON string for S (a Lua string of any bytes).
local function quote(s)
  return '"' .. s:gsub('[%c"\\<>&\'\128-\255]', ESCAPES) .. '"'
end
M.quote = quote

local encode

-- The JSON of array T (items 1..#t).
local function encode_array(t, depth)
  local out = {}
  for i = 1, #t do out[i] = encode(t[i], depth) end
  return "[" .. table.concat(out, ",") .. "]"
end

-- The JSON of object T, its keys sorted (the same text for the same table).
local function encode_object(t, depth)
  local keys = {}
  for k in pairs(t) do
    if type(k) ~= "string" then error("web_json: object key must be a string, got " .. type(k), 0) end
    keys[#keys + 1] = k
  end
  table.sort(keys)
  local out = {}
  for i, k in ipairs(keys) do out[i] = quote(k) .. ":" .. encode(t[k], depth) end
  return "{" .. table.concat(out, ",") .. "}"
end

-- The JSON of V; DEPTH bounds nesting (a cycle raises).
function encode(v, depth)
  local t = type(v)
  if t == "string" then return quote(v) end
  if t == "boolean" then return tostring(v) end
  if v == nil then return "null" end
  if t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return "null" end
    if math.type(v) == "integer" then return tostring(v) end
    return ("%.17g"):format(v)
  end
  if t ~= "table" then error("web_json: cannot encode a " .. t, 0) end
  depth = (depth or 0) + 1
  if depth > 32 then error("web_json: nested too deep (a cycle?)", 0) end
  if ARRAY[v] or v[1] ~= nil then return encode_array(v, depth) end
  if next(v) == nil then return "{}" end
  return encode_object(v, depth)
end

-- json.encode(value) -> text
function M.encode(v) return encode(v, 0) end

return M
