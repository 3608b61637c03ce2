-- tcp_login: a TCP login (name, password -> true/false), then a server with a task per client serving 20 at once
--
-- The course notes write a login over TCP in Java: the client (Socket)
-- sends a user name and a password, one per line; the server (ServerSocket)
-- answers "true" or "false". Then the server gets a thread per client so
-- many clients are served at once, and counts them. Here the server and
-- the clients are netlab tasks in one script; a task stands for a thread.
-- The server runs on a sandbox host named www.baidu.com, the clients on a
-- host one router away (each a network namespace of this process):
--
--   client 10.0.1.2 --- r 10.0.1.1 | 10.0.2.1 --- www.baidu.com 10.0.2.2
--
-- Checking a password takes the server DELAY seconds, so you can see who
-- waits for whom. Exit 0 only if every claim held.
-- Usage: netlab labs/tcp_login.lua [--clients N] [--queued N]   (--help lists them)

local lesson = require "netlab.lesson"

-- Where the server listens: a lab host, on the notes' port.
local server_host = "www.baidu.com"
local SERVER_IP, CLIENT_IP = lesson.SERVER_IP, lesson.CLIENT_IP
local server_port = 8888
local notes_port = 8888
local www, client -- the lab's hosts (main builds them)
local USERS = {zhangsan = "123456", lisi = "654321"} -- the server's accounts
local DELAY = 0.2    -- seconds the server spends checking a password
local WAIT = 5       -- seconds any single network wait may take
local LIMIT = 30     -- seconds the whole lab may take
local lab = lesson.new{name = "tcp_login", limit = LIMIT, exercise = "tcp_login", params = {
  {"clients", 20, "clients at once against the concurrent server (part 3)", min = 4, max = 100},
  {"queued", 5, "clients at once against the one-at-a-time server (part 2)", min = 2, max = 10},
}}
local CLIENTS = lab.params.clients -- clients at once against the concurrent server
local QUEUED = lab.params.queued   -- clients at once against the one-at-a-time server

-- The server ---------------------------------------------------------------

-- Serves one login on connection C; records its time span in STATS.
local function handle(c, stats)
  c:settimeout(WAIT)
  local start = netlab.now()
  stats.active = stats.active + 1
  stats.max = math.max(stats.max, stats.active)
  local _, port = c:getpeername()
  local name = c:receive("*l")
  local password = name and c:receive("*l")
  netlab.sleep(DELAY) -- looking the user up
  local ok = name ~= nil and USERS[name] ~= nil and USERS[name] == password
  c:send(tostring(ok) .. "\n")
  c:close()
  stats.active = stats.active - 1
  stats.spans[port] = {start, netlab.now()}
end

-- Accepts N clients; CONCURRENT starts a task per client, else serves
-- each before accepting the next. Returns how many it accepted.
local function server(listener, n, concurrent, stats)
  local handlers = {}
  for _ = 1, n do
    local c, err = listener:accept()
    if not c then stats.error = err break end
    stats.count = stats.count + 1
    if concurrent then
      handlers[#handlers + 1] = netlab.spawn(handle, c, stats)
    else
      handle(c, stats)
    end
  end
  for _, t in ipairs(handlers) do t:join(WAIT + DELAY) end
  return stats.count
end

-- Starts a server task on a fresh listener; returns task, port, stats.
local function start_server(n, concurrent)
  local listener = assert(www:tcp())
  assert(listener:setoption("reuseaddr", true)) -- the last part's connections may be in TIME_WAIT
  assert(listener:bind(SERVER_IP, server_port))
  assert(listener:listen(32))
  listener:settimeout(WAIT)
  local _, port = listener:getsockname()
  local stats = {count = 0, active = 0, max = 0, spans = {}}
  local task = netlab.spawn(function()
    local count = server(listener, n, concurrent, stats)
    listener:close()
    return count
  end)
  return task, port, stats
end

-- The client ---------------------------------------------------------------

-- Logs in as NAME with PASSWORD; returns the answer ("true"/"false") and
-- the client's port, or nil and an error message.
local function login(port, name, password)
  local c <close> = assert(client:tcp())
  c:settimeout(WAIT)
  local ok, err = c:connect(server_host, port)
  if not ok then return nil, err end
  local _, myport = c:getsockname()
  c:send(name .. "\n" .. password .. "\n")
  local answer, rerr = c:receive("*l")
  return answer or rerr, myport
end

-- Starts N logins at once (every second one with a wrong password);
-- returns a list of {name, password, want, answer, port}.
local function crowd(port, n)
  local tasks, out = {}, {}
  for i = 1, n do
    local good = i % 2 == 1
    local r = {name = good and "zhangsan" or "lisi", password = good and "123456" or "wrong"}
    r.want = good and "true" or "false"
    out[i] = r
    tasks[i] = netlab.spawn(function() r.answer, r.port = login(port, r.name, r.password) end)
  end
  for _, t in ipairs(tasks) do t:join(WAIT + n * DELAY) end
  return out
end

-- Prints when the server worked on each client, on a time axis of SPAN
-- seconds from T0 (the same axis for both crowds, to compare them).
local function timeline(rows, stats, t0, span)
  local width = 40
  print(("  %-6s %-6s %-6s |0 s%s%4.2f s| server busy with it")
    :format("client", "port", "answer", (" "):rep(width - 9), span))
  for i, r in ipairs(rows) do
    local s = stats.spans[r.port]
    local bar = (" "):rep(width)
    if s then
      local a = math.min(width, math.floor((s[1] - t0) / span * width) + 1)
      local b = math.min(width, math.max(a, math.ceil((s[2] - t0) / span * width)))
      bar = (" "):rep(a - 1) .. ("#"):rep(b - a + 1) .. (" "):rep(width - b)
    end
    print(("  %-6d %-6s %-6s |%s| %s"):format(i, tostring(r.port), tostring(r.answer), bar,
      s and ("%.2f-%.2f s"):format(s[1] - t0, s[2] - t0) or "-"))
  end
end

-- Whether each answer was right; returns the count of right ones.
local function right_answers(rows)
  local n = 0
  for _, r in ipairs(rows) do
    if r.answer == r.want then n = n + 1 end
  end
  return n
end

-- Parts --------------------------------------------------------------------

-- Part 1: one login at a time: right and wrong credentials.
local function part_login()
  print("\n== Part 1: a login: name and password in, true or false out ==")
  local task, port = start_server(3, false)
  lab:java("server", ("ServerSocket ss = new ServerSocket(%d); Socket s = ss.accept();"):format(notes_port),
    ("listen on host %s, %s port %d (netlab sockets in the server host)"):format(server_host, SERVER_IP, port))
  lab:java("server", "name = br.readLine(); pwd = br.readLine(); pw.println(ok);")
  lab:java("client", ('Socket s = new Socket("%s", %d); pw.println(name); pw.println(pwd);'):format(server_host, notes_port))
  lab:java("client", "boolean ok = Boolean.parseBoolean(br.readLine());")
  local cases = {
    {"zhangsan", "123456", "true", "the right password"},
    {"zhangsan", "12345", "false", "a wrong password"},
    {"wangwu", "123456", "false", "an unknown user"},
  }
  for _, case in ipairs(cases) do
    local name, password, want, what = table.unpack(case)
    local answer = login(port, name, password)
    print(("  client: %s / %s  ->  server: %s"):format(name, password, tostring(answer)))
    lab:check(answer == want, ("%s is answered %s"):format(what, want), answer)
  end
  lab:check(task:join(WAIT) == 3, "the server handled the 3 logins")
end

-- Part 2: the same one-at-a-time server with several clients at once.
local function part_queue()
  print(("\n== Part 2: %d clients at once, one-at-a-time server: they queue ==")
    :format(QUEUED))
  lab:java("server", "while (true) { Socket s = ss.accept(); handle(s); }  // no thread")
  local task, port, stats = start_server(QUEUED, false)
  local t0 = netlab.now()
  local rows = crowd(port, QUEUED)
  local elapsed = netlab.now() - t0
  task:join(WAIT)
  timeline(rows, stats, t0, math.max(elapsed, QUEUED * DELAY))
  print(("  %d clients in %.2f s: at least %d x %.1f s, one after another")
    :format(QUEUED, elapsed, QUEUED, DELAY))
  lab:check(right_answers(rows) == QUEUED, "every queued client got the right answer")
  lab:check(stats.max == 1 and elapsed >= QUEUED * DELAY * 0.9,
    "the server worked on one client at a time", ("at most %d at once"):format(stats.max))
end

-- Part 3: a task per client: CLIENTS logins at once, counted.
local function part_concurrent()
  print(("\n== Part 3: a task per client, %d clients at once ==")
    :format(CLIENTS))
  lab:java("server", "while (true) { Socket s = ss.accept(); count++; new Thread(new LoginHandler(s)).start(); }",
    "netlab.spawn(handle, client) for each accepted connection")
  local task, port, stats = start_server(CLIENTS, true)
  local t0 = netlab.now()
  local rows = crowd(port, CLIENTS)
  local elapsed = netlab.now() - t0
  local count = task:join(WAIT)
  timeline(rows, stats, t0, math.max(elapsed, QUEUED * DELAY))
  print(("  %d clients in %.2f s (one at a time would take at least %.1f s)")
    :format(CLIENTS, elapsed, CLIENTS * DELAY))
  print(("  the server counted %s clients; at most %d were being served at once")
    :format(tostring(count), stats.max))
  local answered = 0
  for _, r in ipairs(rows) do
    if r.answer == "true" or r.answer == "false" then answered = answered + 1 end
  end
  lab:check(answered == CLIENTS, ("all %d clients were served"):format(CLIENTS), answered .. " answered")
  lab:check(right_answers(rows) == CLIENTS, "every client got the right answer (true for the right password)")
  lab:check(count == CLIENTS, ("the server's count is %d"):format(CLIENTS), count)
  lab:check(stats.max > 1 and elapsed < CLIENTS * DELAY / 2, "the clients were served at the same time",
    ("up to %d at once, %.2f s in all"):format(stats.max, elapsed))
end

-- The lab ------------------------------------------------------------------

-- Runs the parts, failing past LIMIT seconds; prints the verdict and exits.
lab:run(function()
  local net <close> = netlab.lab()
  client, www = lesson.across_router(net, "client", server_host)
  part_login()
  part_queue()
  part_concurrent()
end)
