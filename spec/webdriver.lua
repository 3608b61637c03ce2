-- spec/webdriver.lua: headless Chromium driven through chromedriver's
-- WebDriver HTTP protocol, spoken from netlab's own sockets. chromedriver
-- runs in a pid namespace of its own (unshare --kill-child), started and
-- stopped by its pid and killed with netlab (setpriv --pdeathsig), so the
-- browser it starts cannot outlive the spec.
-- Chromium goes through a proxy that does not exist, with every name
-- unresolvable: it can reach the page on 127.0.0.1 and nothing else.
local client = require "webclient"
local json = require "netlab.web_json"
local proc = require "netlab.proc"

local M = {}
local Driver = {}
Driver.__index = Driver

-- Whether chromium and chromedriver are installed (test-deps installs them).
function M.available()
  return os.execute("command -v chromedriver >/dev/null && command -v chromium >/dev/null") == true
end

-- A free TCP port on 127.0.0.1 (asked of the kernel, then let go).
local function free_port()
  local s <close> = assert(netlab.tcp())
  assert(s:bind("127.0.0.1", 0))
  local _, port = s:getsockname()
  return port
end

-- Calls chromedriver: METHOD PATH with BODY (a table, as JSON); returns
-- the answer's value, or raises with WebDriver's message.
function Driver:call(method, path, body, timeout)
  local data = body and json.encode(body) or nil
  local status, _, text = client.request(self.port, method, path, data,
    data and {["Content-Type"] = "application/json"} or nil, timeout or 30)
  if not status then error("chromedriver: " .. tostring(_), 2) end
  local v = client.json(text)
  if status ~= 200 then error(("chromedriver %s %s: %d %s"):format(method, path, status, text:sub(1, 300)), 2) end
  return v.value
end

-- Calls a command of the session.
function Driver:session_call(method, path, body, timeout)
  return self:call(method, "/session/" .. self.session .. path, body, timeout)
end

-- Waits (at most TIMEOUT seconds) until chromedriver answers /status.
local function wait_ready(d, timeout)
  local deadline = netlab.now() + timeout
  while netlab.now() < deadline do
    local status = client.request(d.port, "GET", "/status", nil, nil, 1)
    if status == 200 then return true end
    netlab.sleep(0.1)
  end
  return false
end

-- M.start() -> driver: chromedriver and a headless Chromium session.
function M.start()
  local d = setmetatable({port = free_port(), profile = io.popen("mktemp -d"):read("l")}, Driver)
  local user = io.popen("id -u"):read("l")
  local cmd = ("exec setpriv --pdeathsig KILL unshare %s--pid --fork --kill-child chromedriver --port=%d --allowed-ips= >/dev/null 2>&1")
    :format(user == "0" and "" or "-r ", d.port)
  local child, err, out, errs = proc.spawn(cmd, false, nil)
  if not child then error("cannot start chromedriver: " .. tostring(err)) end
  d.child, d.pipes = child, {out, errs}
  if not wait_ready(d, 15) then d:stop() error("chromedriver did not answer within 15 s") end
  local caps = {capabilities = {alwaysMatch = {browserName = "chrome", ["goog:chromeOptions"] = {
    binary = "/usr/bin/chromium",
    args = {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--user-data-dir=" .. d.profile, "--window-size=1280,900", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
            "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"}}}}}
  local ok, v = pcall(d.call, d, "POST", "/session", caps, 60)
  if not ok then d:stop() error(v, 0) end
  d.session = v.sessionId
  return d
end

-- Opens URL in the browser.
function Driver:go(url) return self:session_call("POST", "/url", {url = url}) end

-- Runs JS code in the page (a function body; ARGS its arguments) and
-- returns its result.
function Driver:js(code, ...)
  return self:session_call("POST", "/execute/sync", {script = code, args = json.array({...})})
end

-- Waits until JS CODE returns a true value, at most TIMEOUT seconds
-- (polled every 20 ms); returns that value and the time it took, or
-- nil and the time.
function Driver:wait(code, timeout)
  local t0 = netlab.now()
  while true do
    local v = self:js(code)
    if v and v ~= client.null then return v, netlab.now() - t0 end
    if netlab.now() - t0 > timeout then return nil, netlab.now() - t0 end
    netlab.sleep(0.02)
  end
end

-- Clicks the element CSS selects, as a user's mouse does.
function Driver:click(css)
  local el = self:session_call("POST", "/element", {using = "css selector", value = css})
  local id = el["element-6066-11e4-a52e-4f735466cecf"]
  return self:session_call("POST", "/element/" .. id .. "/click", {})
end

-- The page's screenshot, as PNG bytes.
function Driver:screenshot()
  return client.unbase64(self:session_call("GET", "/screenshot"))
end

-- Ends the session, then chromedriver by its pid (its pid namespace's
-- every process goes with it), and removes the browser's profile.
function Driver:stop()
  if self.session then pcall(self.session_call, self, "DELETE", "", nil, 10) end
  self.session = nil
  if self.child then
    self.child:kill() -- SIGKILL and reap
    self.child = nil
    for _, p in ipairs(self.pipes) do pcall(p.close, p) end
  end
  os.execute("rm -rf '" .. self.profile .. "'")
end

return M
