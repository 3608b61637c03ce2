-- netlab.web_http: HTTP/1.1 requests in and responses out, on netlab's
-- own sockets (a task per connection; every wait goes through the
-- scheduler, so the lab runs on meanwhile).
--   local req, status = http.read_request(c, 10)   -- nil, 400 for junk
--   http.respond(c, 200, {["content-type"] = "text/plain"}, "hi")
-- Every limit is checked as bytes arrive: the head (request line and
-- headers) at most MAX_HEAD bytes and MAX_HEADERS lines, the target at
-- most MAX_TARGET, a body at most MAX_BODY (Content-Length only; no
-- chunked uploads), the whole request within its time limit. A request
-- that breaks one gets its 4xx status, never more memory or time.
local sched = require "netlab.sched"

local M = {}

M.MAX_HEAD, M.MAX_HEADERS, M.MAX_TARGET, M.MAX_BODY = 16384, 100, 8192, 4096

M.REASONS = {
  [200] = "OK", [204] = "No Content", [400] = "Bad Request", [403] = "Forbidden",
  [404] = "Not Found", [405] = "Method Not Allowed", [408] = "Request Timeout",
  [411] = "Length Required", [413] = "Content Too Large", [414] = "URI Too Long",
  [431] = "Request Header Fields Too Large", [500] = "Internal Server Error",
  [501] = "Not Implemented", [503] = "Service Unavailable", [505] = "HTTP Version Not Supported",
}

-- What connection C has to read now, waiting for some until DEADLINE:
-- data, or nil and "timeout" or "closed".
local function read_some(c, deadline)
  while true do
    c:settimeout(0)
    local data, err, partial = c:receive(4096)
    if data then return data end
    if partial and partial ~= "" then return partial end
    if err ~= "timeout" then return nil, err end
    local left = deadline - sched.now()
    if left <= 0 then return nil, "timeout" end
    local ok, why = sched.wait_fd(c:getfd(), "r", left)
    if not ok then return nil, why end
  end
end
M.read_some = read_some

-- S with its %XX escapes decoded (PLUS: '+' is a space, as in a query),
-- or nil when an escape is bad or the result holds a NUL byte.
local function unescape(s, plus)
  if plus then s = s:gsub("+", " ") end
  if s:find("%%[^%x]") or s:find("%%%x[^%x]") or s:find("%%%x?$") then return nil end
  s = s:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end)
  if s:find("\0", 1, true) then return nil end
  return s
end
M.unescape = unescape

-- The fields of query string Q ("a=1&b=x%20y"), or nil if one is bad.
function M.parse_query(q)
  local out = {}
  for pair in (q or ""):gmatch("[^&]+") do
    local k, v = pair:match("^([^=]*)=?(.*)$")
    k, v = unescape(k, true), unescape(v, true)
    if not k or not v then return nil end
    out[k] = v
  end
  return out
end

-- The characters of an HTTP token (RFC 9110 tchar).
local TOKEN = "^[!#$%%&'*+%-.^_`|~%w]+$"

-- Reads the headers of HEAD's lines 2.. into a table (names lower
-- case); nil, status when one is malformed or there are too many.
local function parse_headers(lines)
  local h = {}
  if #lines - 1 > M.MAX_HEADERS then return nil, 431 end
  for i = 2, #lines do
    local name, value = lines[i]:match("^([^:]+):[ \t]*(.-)[ \t]*$")
    if not name or not name:match(TOKEN) or value:find("[%z\r\n]") then return nil, 400 end
    name = name:lower()
    if h[name] and (name == "content-length" or name == "host") then return nil, 400 end
    h[name] = h[name] and (h[name] .. ", " .. value) or value
  end
  return h
end

-- The request of head text HEAD: {method, target, path, query, version,
-- headers}, or nil, status.
local function parse_head(head)
  local lines = {}
  for line in (head .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = line:gsub("\r$", "") end
  local method, target, major, minor = lines[1]:match("^(%S+) (%S+) HTTP/(%d)%.(%d)$")
  if not method then return nil, #lines[1] > M.MAX_TARGET and 414 or 400 end
  if not method:match(TOKEN) then return nil, 400 end
  if #target > M.MAX_TARGET then return nil, 414 end
  if major ~= "1" then return nil, 505 end
  local headers, status = parse_headers(lines)
  if not headers then return nil, status end
  if minor ~= "0" and not headers.host then return nil, 400 end -- RFC 9112 3.2
  local raw_path, query = target:match("^(/[^?#]*)%??([^#]*)$")
  if not raw_path then return nil, 400 end
  local path, fields = unescape(raw_path), M.parse_query(query)
  if not path or not fields then return nil, 400 end
  return {method = method, target = target, path = path, query = fields, headers = headers,
          version = "HTTP/" .. major .. "." .. minor}
end

-- Reads the body REST starts (Content-Length bytes) into REQ; a status
-- on failure.
local function read_body(c, req, rest, deadline)
  local h = req.headers
  if h["transfer-encoding"] then return 501 end
  local len = h["content-length"]
  if len == nil then req.body = "" return nil end
  if not len:match("^%d+$") then return 400 end
  len = tonumber(len)
  if len > M.MAX_BODY then return 413 end
  while #rest < len do
    local more = read_some(c, deadline)
    if not more then return 408 end
    rest = rest .. more
  end
  req.body = rest:sub(1, len)
  return nil
end

-- http.read_request(c, timeout) -> request | nil, status (a 4xx to
-- answer) | nil (the client left or said nothing: just close).
function M.read_request(c, timeout)
  local deadline = sched.now() + timeout
  local buf = ""
  while true do
    local head_end, body_at = buf:find("\n\r?\n")
    if head_end and head_end > M.MAX_HEAD then
      return nil, (buf:find("\n") or #buf) > M.MAX_TARGET and 414 or 431
    elseif head_end then
      local req, status = parse_head(buf:sub(1, head_end - 1))
      if not req then return nil, status end
      status = read_body(c, req, buf:sub(body_at + 1), deadline)
      if status then return nil, status end
      return req
    end
    if #buf > M.MAX_HEAD then
      return nil, (buf:find("\n") or #buf) > M.MAX_TARGET and 414 or 431
    end
    local more, err = read_some(c, deadline)
    if not more then
      if err == "timeout" and buf ~= "" then return nil, 408 end
      return nil
    end
    buf = buf .. more
  end
end

-- Headers every answer carries: no caching (the token is in the URL),
-- no referrer (it would carry the token), no sniffing, and a content
-- security policy allowing nothing but the page's own files, so even
-- text that slipped into markup could not run a script.
local COMMON = {
  ["cache-control"] = "no-store",
  ["connection"] = "close",
  ["referrer-policy"] = "no-referrer",
  ["x-content-type-options"] = "nosniff",
  ["x-frame-options"] = "DENY",
  ["content-security-policy"] = "default-src 'none'; script-src 'self'; style-src 'self'; " ..
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}

-- The status line and headers of an answer (BODY nil: a stream, no length).
function M.head_text(status, headers, body_len)
  local out = {("HTTP/1.1 %d %s\r\n"):format(status, M.REASONS[status] or "Unknown")}
  local all = {}
  for k, v in pairs(COMMON) do all[k] = v end
  for k, v in pairs(headers or {}) do all[k] = v end
  if body_len then all["content-length"] = tostring(body_len) end
  local names = {}
  for k in pairs(all) do names[#names + 1] = k end
  table.sort(names)
  for _, k in ipairs(names) do out[#out + 1] = k .. ": " .. all[k] .. "\r\n" end
  out[#out + 1] = "\r\n"
  return table.concat(out)
end

-- Sends DATA on C within TIMEOUT seconds; true, or nil, message.
function M.send_all(c, data, timeout)
  c:settimeout(timeout, "t")
  local ok, err = c:send(data)
  if not ok then return nil, err end
  return true
end

-- http.respond(c, status, headers, body[, head_only]) -> true | nil, msg:
-- a whole answer (HEAD_ONLY: its head, as for a HEAD request).
function M.respond(c, status, headers, body, head_only)
  body = body or ""
  local text = M.head_text(status, headers, #body)
  return M.send_all(c, head_only and text or text .. body, 5)
end

-- http.error(c, status[, text]): a short plain-text answer for STATUS.
function M.error(c, status, text)
  local msg = ("%d %s%s\n"):format(status, M.REASONS[status] or "Error", text and (": " .. text) or "")
  return M.respond(c, status, {["content-type"] = "text/plain; charset=utf-8"}, msg)
end

return M
