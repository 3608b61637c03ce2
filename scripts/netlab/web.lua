-- netlab.web: lab:web{port =, addr =, control =}, a live web page of a lab.
--   local web <close> = lab:web{port = 8080}
--   print(web.url)          -- http://127.0.0.1:8080/?t=3f9c... (open it)
-- The server is netlab's own: a listening socket on the machine, a
-- daemon task accepting, a task per connection (netlab.web_http), all on
-- the scheduler, so it serves while the script runs, waits or sits at
-- the REPL's prompt. It listens on 127.0.0.1 unless ADDR names another
-- address; every request and event stream must carry the random token
-- of the URL (403 otherwise); the page is read-only unless control =
-- true (then it can cut and heal links). The page's files ship with
-- netlab (scripts/netlab/web/): it needs no network. A bad request gets
-- its 4xx and the lab goes on.
local selfcheck = require "netlab.selfcheck"
local blame = require "netlab.blame"
local lab_module = require "netlab.lab"
local socket = require "netlab.socket"
local sched = require "netlab.sched"
local http = require "netlab.web_http"
local json = require "netlab.web_json"
local view = require "netlab.web_view"
local stream = require "netlab.web_stream"

local M = {}

local Web = {__name = "netlab.web"}
Web.__index = Web
M.Web = Web

M.MAX_CONNECTIONS = 64 -- more at once get 503 at once
M.REQUEST_TIMEOUT = 10 -- seconds a client has to send its request

-- The directory of the page's files: web/ beside this module (source
-- tree or install tree; the chunk name says where it was loaded from).
local ASSETS = (debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or ".") .. "/web/"
local TYPES = {html = "text/html; charset=utf-8", js = "text/javascript; charset=utf-8",
               css = "text/css; charset=utf-8", png = "image/png"}
local FILES = {["/"] = "index.html", ["/app.js"] = "app.js", ["/app.css"] = "app.css"}

-- The contents of asset NAME, read once.
local cache = {}
local function asset(name)
  if cache[name] == nil then
    local f = io.open(ASSETS .. name, "rb")
    cache[name] = f and f:read("a") or false
    if f then f:close() end
  end
  return cache[name] or nil
end

-- A new random token: 16 bytes from the kernel, in hex.
local function new_token()
  local f = assert(io.open("/dev/urandom", "rb"))
  local bytes = f:read(16)
  f:close()
  return (bytes:gsub(".", function(c) return ("%02x"):format(c:byte()) end))
end

-- Whether two strings are equal, in time independent of where they differ.
local function same(a, b)
  if type(a) ~= "string" or #a ~= #b then return false end
  local diff = 0
  for i = 1, #a do diff = diff | (a:byte(i) ~ b:byte(i)) end
  return diff == 0
end

-- Answers with JSON of V.
local function reply_json(c, v, head_only)
  return http.respond(c, 200, {["content-type"] = "application/json"}, json.encode(v), head_only)
end

-- GET /api/packet?s=STREAM&n=N: packet N of a stream as tcpdump -X
-- prints it: its line as the list has it (relative sequence numbers from
-- the stream's first packet on), then the hex.
local function packet_of(w, c, q, head_only)
  local st = w.streams[tonumber(q.s or "")]
  local n = tonumber(q.n or "")
  local p = st and st.ring[n]
  if not p then return http.error(c, 404, "no such packet (it may have left the stream's last " .. stream.RING .. ")") end
  local pr <close> = require("netlab.print").new(require("netlab.tcpdump").options("-X"))
  local hex = pr:line(p):match("^[^\n]*(\n.*)$") or ""
  return reply_json(c, {n = n, text = st.lines[n] .. hex}, head_only)
end

-- GET /api/ladder.svg or /api/seqgraph.svg ?s=STREAM&conv=KEY: the
-- connection's ladder or time-sequence graph so far (KIND).
local function picture_of(kind, w, c, q, head_only)
  local st = w.streams[tonumber(q.s or "")]
  if not st or not q.conv then return http.error(c, 404, "no such stream or connection") end
  local list = {}
  for n = math.max(1, st.seq - stream.RING + 1), st.seq do list[#list + 1] = st.ring[n] end
  local svg = view.picture(kind, list, q.conv)
  if not svg then return http.error(c, 404, "no TCP segment of that connection in the stream") end
  return http.respond(c, 200, {["content-type"] = "image/svg+xml"}, svg, head_only)
end

-- GET /api/tcpplot.svg?conv=KEY: the connection's cwnd, ssthresh, RTT
-- and bytes in flight so far (web_tcp.lua; the first ask starts sampling).
local function tcp_plot_of(w, c, q, head_only)
  if not q.conv then return http.error(c, 404, "no such connection") end
  local svg, why = require("netlab.web_tcp").plot(w, q.conv)
  if not svg then return http.error(c, 404, why) end
  return http.respond(c, 200, {["content-type"] = "image/svg+xml"}, svg, head_only)
end

-- POST /api/link?i=N&do=cut|heal: changes a link (control = true only).
local function change_link(w, c, q)
  if not w.control then return http.error(c, 403, "read-only: lab:web{control = true} allows changes") end
  local l = w.lab._links[tonumber(q.i or "")]
  if not l then return http.error(c, 404, "no such link") end
  if q["do"] ~= "cut" and q["do"] ~= "heal" then return http.error(c, 400, "do: cut or heal expected") end
  local ok, err = l[q["do"]](l)
  return reply_json(c, {ok = ok == true, error = err})
end

-- Answers request REQ on connection C.
local function route(w, c, req)
  local q, path, m = req.query, req.path, req.method
  if not same(q.t, w.token) then return http.error(c, 403, "this page needs the token of its URL (?t=...)") end
  if path == "/api/link" then
    if m ~= "POST" then return http.respond(c, 405, {allow = "POST"}, "405 Method Not Allowed\n") end
    return change_link(w, c, q)
  end
  if m ~= "GET" and m ~= "HEAD" then
    return http.respond(c, 405, {allow = "GET, HEAD"}, "405 Method Not Allowed\n")
  end
  local head_only = m == "HEAD"
  if w.lab._closed then return http.error(c, 404, "the lab is closed") end
  if FILES[path] then
    local name = FILES[path]
    local body = asset(name)
    if not body then return http.error(c, 500, "netlab's web files are missing: " .. ASSETS .. name) end
    if name == "index.html" then body = body:gsub("{{TOKEN}}", w.token) end
    return http.respond(c, 200, {["content-type"] = TYPES[name:match("%.(%w+)$")]}, body, head_only)
  end
  if path == "/api/topology" then return reply_json(c, view.topology(w.lab, w.control), head_only) end
  if path == "/api/packet" then return packet_of(w, c, q, head_only) end
  if path == "/api/ladder.svg" then return picture_of("ladder", w, c, q, head_only) end
  if path == "/api/seqgraph.svg" then return picture_of("seqgraph", w, c, q, head_only) end
  if path == "/api/tcpplot.svg" then return tcp_plot_of(w, c, q, head_only) end
  if path == "/events" then return stream.serve(w, c, req) end
  return http.error(c, 404)
end

-- One connection's task: reads a request, answers, closes. Nothing a
-- client sends can raise past this function.
local function connection(w, c)
  local ok, err = pcall(function()
    local req, status = http.read_request(c, M.REQUEST_TIMEOUT)
    if req then
      route(w, c, req)
    elseif status then
      http.error(c, status)
    end
  end)
  if not ok then
    w.errors = w.errors + 1
    w.last_error = tostring(err)
    pcall(http.error, c, 500)
  end
  w.conns[c] = nil
  c:close()
end

-- How many connections W has open.
local function conn_count(w)
  local n = 0
  for _ in pairs(w.conns) do n = n + 1 end
  return n
end

-- The accepting task: a task per connection, MAX_CONNECTIONS at most.
local function serve(w)
  while not w.closed do
    local c, err = w.srv:accept()
    if c then
      if conn_count(w) >= M.MAX_CONNECTIONS then
        pcall(http.error, c, 503, "too many connections")
        c:close()
      else
        w.conns[c] = true
        sched.spawn(connection, true, w, c)
      end
    elseif w.closed or err == "closed" then
      return
    else
      sched.sleep(0.05) -- EMFILE and the like: try again soon
    end
  end
end

-- Raises unless OPTS is nil or {port =, addr =, control =} of the right types.
local function check_opts(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then blame.argerror(1, "web", "table expected, got " .. lab_module.typename(opts)) end
  for k in pairs(opts) do
    if k ~= "port" and k ~= "addr" and k ~= "control" then
      blame.argerror(1, "web", ("unknown option '%s' (port, addr or control expected)"):format(tostring(k)))
    end
  end
  local port = opts.port
  if port ~= nil and (math.type(port) ~= "integer" or port < 0 or port > 65535) then
    blame.argerror(1, "web", "port: integer 0-65535 expected, got " .. tostring(port))
  end
  if opts.addr ~= nil and (type(opts.addr) ~= "string" or opts.addr == "" or opts.addr:find("\0", 1, true)) then
    blame.argerror(1, "web", "addr: an address string expected, got " .. lab_module.typename(opts.addr))
  end
  if opts.control ~= nil and type(opts.control) ~= "boolean" then
    blame.argerror(1, "web", "control: boolean expected, got " .. lab_module.typename(opts.control))
  end
  return opts
end

-- A listening socket on the machine at ADDR, PORT; or nil, message, errno.
local function listen(addr, port)
  local kind = addr:find(":", 1, true) and "tcp6" or "tcp"
  local srv, err, code = socket.new(kind)
  if not srv then return nil, err, code end
  srv:setoption("reuseaddr", true)
  local ok
  ok, err, code = srv:bind(addr, port)
  if ok then ok, err, code = srv:listen(32) end
  if not ok then
    srv:close()
    return nil, ("cannot serve the lab's page on %s port %d: %s"):format(addr, port, err), code
  end
  return srv
end

-- web.serve(lab, opts) -> web | nil, message, errno: lab:web (lab.lua
-- loads this module at its first call).
function M.serve(lab, opts)
  opts = check_opts(opts)
  local addr, port = opts.addr or "127.0.0.1", opts.port or 8080
  local srv, err, code = listen(addr, port)
  if not srv then return nil, err, code end
  local ip, real_port = srv:getsockname()
  local token = new_token()
  local host = ip:find(":", 1, true) and "[" .. ip .. "]" or ip
  local w = setmetatable({lab = lab, srv = srv, token = token, control = opts.control == true,
    url = ("http://%s:%d/?t=%s"):format(host, real_port, token), port = real_port, addr = ip,
    conns = {}, streams = {}, next_stream = 0, errors = 0, closed = false}, Web)
  w.task = sched.spawn(serve, true, w)
  lab._webs = lab._webs or {}
  lab._webs[w] = true
  return w
end

-- web:close() -> true: stops serving (open pages lose their stream);
-- again is harmless.
function Web:close()
  selfcheck.check(self, Web, "close")
  if self.closed then return true end
  self.closed = true
  self.srv:close()
  for c in pairs(self.conns) do c:close() end
  for _, st in pairs(self.streams) do if st.cap then st.cap:close() end end
  if self.lab._webs then self.lab._webs[self] = nil end
  return true
end
Web.__close = Web.close

-- tostring(web): "web http://127.0.0.1:8080/?t=... (lab (2 hosts...))".
function Web:__tostring()
  selfcheck.check(self, Web, "__tostring")
  return ("web %s%s"):format(self.url, self.closed and " (closed)" or "")
end

-- netlab --web ----------------------------------------------------------

M.auto = false -- serve every new lab (netlab --web)
local held = false -- the user has pressed Enter (or stdin ended)

-- Keeps the pages of --web served until the user presses Enter (once
-- for the whole run): at the end of the script, at os.exit (a lab's
-- verdict) and before a lab that has a page closes.
local function hold()
  if held or not M.served then return end
  held = true
  io.stdout:flush()
  io.stderr:write("netlab --web: the page stays live; press Enter to end\n")
  local ok = pcall(sched.wait_fd, 0, "r")
  if ok then io.stdin:read("l") end
end

-- Serves LAB's page as --web does: port 8080, or any free port when that
-- one is taken; the address goes to stderr.
function M.auto_serve(lab)
  local w, err = M.serve(lab, {port = 8080})
  if not w then w, err = M.serve(lab, {port = 0}) end
  if not w then
    io.stderr:write("netlab --web: ", tostring(err), "\n")
    return
  end
  M.served = true
  io.stderr:write(("netlab --web: the lab's live page is at %s\n"):format(w.url))
end

-- Before LAB closes (lab:close, <close>): with --web, the user's Enter.
function M.before_close(lab)
  if M.auto and next(lab._webs) then hold() end
end

-- Turns --web on: labs made from now on serve their page, and netlab
-- waits for Enter before it ends (os.exit included) while a page is up.
function M.enable_auto()
  M.auto = true
  sched.at_end(hold)
  local raw_exit = os.exit
  os.exit = function(...) -- luacheck: ignore (a lab's verdict exits)
    hold()
    return raw_exit(...)
  end
end

return M
