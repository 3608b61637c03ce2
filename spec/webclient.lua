-- spec/webclient.lua: what the web view's specs share: an HTTP/1.1
-- client on netlab's own sockets (raw requests too), a JSON decoder and
-- base64 (for WebDriver's screenshots).
local M = {}

-- Reads the status line and headers of an answer on C (its lines up to
-- the empty one); or nil, message.
local function read_head(c)
  local lines = {}
  while true do
    local line, err = c:receive("*l")
    if not line then return nil, #lines == 0 and (err or "empty answer") or "cut head: " .. err end
    if line == "" then return table.concat(lines, "\r\n") end
    lines[#lines + 1] = line
  end
end

-- Sends RAW (a whole request, any bytes) to 127.0.0.1:PORT and reads the
-- answer (its Content-Length, or until the server closes), within
-- TIMEOUT seconds. Returns status, headers (lower-case names),
-- body; or nil, message.
function M.raw(port, raw, timeout, addr)
  local c = assert(netlab.tcp())
  c:settimeout(timeout or 5, "t")
  local ok, err = c:connect(addr or "127.0.0.1", port)
  if not ok then c:close() return nil, err end
  if raw ~= "" then
    ok, err = c:send(raw)
    if not ok then c:close() return nil, err end
  end
  local head, why = read_head(c)
  if not head then c:close() return nil, why end
  local len = tonumber(head:lower():match("\r\ncontent%-length:[ \t]*(%d+)"))
  local body, partial
  if len then
    body, why, partial = c:receive(len)
  else -- till the server closes (an event stream: till the timeout)
    body, why, partial = c:receive("*a")
  end
  c:close()
  body = body or partial or ""
  local status = tonumber(head:match("^HTTP/1%.1 (%d%d%d) "))
  local headers = {}
  for name, value in head:gmatch("\r\n([^:]+):[ \t]*([^\r]*)") do headers[name:lower()] = value end
  return status, headers, body
end

-- A request METHOD PATH (with its query) to PORT, as a client sends it.
function M.request(port, method, path, body, headers, timeout)
  local lines = {("%s %s HTTP/1.1"):format(method, path), "Host: 127.0.0.1:" .. port, "Connection: close"}
  for k, v in pairs(headers or {}) do lines[#lines + 1] = k .. ": " .. v end
  if body then lines[#lines + 1] = "Content-Length: " .. #body end
  return M.raw(port, table.concat(lines, "\r\n") .. "\r\n\r\n" .. (body or ""), timeout)
end

-- JSON ----------------------------------------------------------------------

local decode_value

local ESC = {['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n", r = "\r", t = "\t"}

-- UTF-8 of code point CP.
local function utf8_of(cp) return utf8.char(cp) end

local function skip(s, i) return s:find("[^ \t\r\n]", i) or #s + 1 end

local function decode_string(s, i)
  local out, j = {}, i + 1
  while true do
    local c = s:sub(j, j)
    if c == "" then error("unterminated string") end
    if c == '"' then return table.concat(out), j + 1 end
    if c == "\\" then
      local e = s:sub(j + 1, j + 1)
      if e == "u" then
        local cp = tonumber(s:sub(j + 2, j + 5), 16)
        if cp >= 0xD800 and cp <= 0xDBFF and s:sub(j + 6, j + 7) == "\\u" then
          local lo = tonumber(s:sub(j + 8, j + 11), 16)
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
          j = j + 6
        end
        out[#out + 1] = utf8_of(cp)
        j = j + 6
      else
        out[#out + 1] = assert(ESC[e], "bad escape")
        j = j + 2
      end
    else
      out[#out + 1] = c
      j = j + 1
    end
  end
end

local function decode_list(s, i, close, item)
  i = skip(s, i + 1)
  if s:sub(i, i) == close then return i + 1 end
  while true do
    i = item(i)
    i = skip(s, i)
    local c = s:sub(i, i)
    if c == close then return i + 1 end
    if c ~= "," then error("expected , or " .. close .. " at " .. i) end
    i = skip(s, i + 1)
  end
end

function decode_value(s, i)
  i = skip(s, i)
  local c = s:sub(i, i)
  if c == "{" then
    local t = {}
    return t, decode_list(s, i, "}", function(j)
      local k
      k, j = decode_string(s, j)
      j = skip(s, j)
      assert(s:sub(j, j) == ":", "expected :")
      t[k], j = decode_value(s, j + 1)
      return j
    end)
  elseif c == "[" then
    local t = {}
    return t, decode_list(s, i, "]", function(j)
      t[#t + 1], j = decode_value(s, j)
      return j
    end)
  elseif c == '"' then
    return decode_string(s, i)
  end
  for word, v in pairs({["true"] = true, ["false"] = false, ["null"] = M.null}) do
    if s:sub(i, i + #word - 1) == word then return v, i + #word end
  end
  local num = s:match("^-?%d+%.?%d*[eE]?[-+]?%d*", i)
  if not num or num == "" then error("bad JSON at " .. i .. ": " .. s:sub(i, i + 20)) end
  return tonumber(num), i + #num
end

M.null = setmetatable({}, {__name = "json.null"})

-- M.json(text) -> value (null: M.null)
function M.json(text)
  local v = decode_value(text, 1)
  return v
end

-- base64 ----------------------------------------------------------------------

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

-- The bytes of base64 text S.
function M.unbase64(s)
  local idx = {}
  for i = 1, 64 do idx[B64:byte(i)] = i - 1 end
  local out, bits, n = {}, 0, 0
  for i = 1, #s do
    local v = idx[s:byte(i)]
    if v then
      bits, n = (bits << 6) | v, n + 6
      if n >= 8 then
        n = n - 8
        out[#out + 1] = string.char((bits >> n) & 0xff)
      end
    end
  end
  return table.concat(out)
end

return M
