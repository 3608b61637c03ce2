-- The tcp_login lesson as an exercise: the client logs in to the login
-- server on www (the notes' www.baidu.com, one router away) with a name
-- and a password, one line each, and the server answers "true" or
-- "false". The fault: the server never started (nothing listens on port
-- 8888), it listens on 127.0.0.1 only (a wrong bind address), or www
-- lost its default route, so its answers have no way back.
local lesson = require "netlab.lesson"

local SERVER_IP, PORT = lesson.SERVER_IP, 8888
local ROUTER = "10.0.2.1" -- r's address on www's network
local USERS = {zhangsan = "123456", lisi = "654321"} -- the server's accounts
local WAIT = 2 -- seconds a connection may take

-- Serves one login on connection C: name and password in, true or false out.
local function handle(c)
  c:settimeout(WAIT)
  local name = c:receive("*l")
  local password = name and c:receive("*l")
  c:send(tostring(name ~= nil and USERS[name] ~= nil and USERS[name] == password) .. "\n")
  c:close()
end

-- Starts the login server of host WWW on IP port 8888 (a task per
-- client); returns the listener, or nil and why.
local function start(www, ip)
  local l, err = www:tcp()
  if not l then return nil, err end
  local ok, berr = l:bind(ip, PORT)
  if ok then ok, berr = l:listen(16) end
  if not ok then
    l:close()
    return nil, berr
  end
  netlab.daemon(function()
    while true do
      local c = l:accept()
      if not c then return end
      netlab.spawn(handle, c)
    end
  end)
  return l
end

-- The network without its server; returns {client =, www =, serve =}.
local function build(net)
  local client, www = lesson.across_router(net, "client", "www")
  return {client = client, www = www, serve = function(ip) return start(www, ip) end}
end

-- Logs in from ENV's client as NAME with PASSWORD; the answer or nil, why.
local function login(env, name, password)
  local c <close> = assert(env.client:tcp())
  c:settimeout(WAIT)
  local ok, err = c:connect(SERVER_IP, PORT)
  if not ok then return nil, err end
  c:send(name .. "\n" .. password .. "\n")
  return c:receive("*l")
end

return {
  task = ("the client must log in to the login server on www (%s) port %d: it sends a name and a password, "
    .. "one line each, and the server answers true or false (zhangsan's password is 123456). The client "
    .. "cannot connect. Find out why (www:sockets{proto = \"tcp\"}, netlab.fmt.ss(...), www:routes(), "
    .. "www:route_get(%q), client:tcp():connect(%q, %d)) and fix it: serve(ip) starts the login server on www "
    .. "on address ip, port %d (\"*\": every address); route_add.")
    :format(SERVER_IP, PORT, lesson.CLIENT_IP, SERVER_IP, PORT, PORT),
  build = build,
  faults = {
    {"not_listening", "the login server was never started: nothing listens on port 8888 (connection refused)",
      function() end},
    {"bound_to_loopback", "the login server listens on 127.0.0.1:8888 only: the client's SYN to 10.0.2.2 is refused",
      function(env) assert(env.serve("127.0.0.1")) end},
    {"no_return_route", "www has no default route via r (10.0.2.1): the server listens but its SYN-ACKs have no way back",
      function(env)
        assert(env.serve("*"))
        assert(env.www:route_del("default"))
      end},
  },
  claims = {
    {"zhangsan with password 123456 is answered true", function(env)
      local answer, err = login(env, "zhangsan", "123456")
      return answer == "true", answer or err
    end},
    {"zhangsan with a wrong password is answered false", function(env)
      local answer, err = login(env, "zhangsan", "wrong")
      return answer == "false", answer or err
    end},
    {"www listens on 10.0.2.2 (or every address) port 8888", function(env)
      local seen = {}
      for _, r in ipairs(assert(env.www:sockets{proto = "tcp", state = "LISTEN", port = PORT})) do
        if r.local_port == PORT then
          seen[#seen + 1] = r["local"] .. ":" .. r.local_port
          if r["local"] == SERVER_IP or r["local"] == "0.0.0.0" or r["local"] == "::" then return true, seen[#seen] end
        end
      end
      return false, #seen > 0 and table.concat(seen, ", ") or "nothing listens on port 8888"
    end},
  },
}
