-- mk/web_screenshot.lua OUT.png: the README's picture of lab:web's page
-- (a client, a router and a server; the client's link watched, an HTTP
-- fetch's ladder open, the server's sockets), taken with headless
-- Chromium through spec/webdriver.lua.
package.path = "spec/?.lua;" .. package.path
local wd = require "webdriver"
local out = assert(arg[1], "usage: netlab mk/web_screenshot.lua OUT.png")

local lab <close> = netlab.lab()
local c, r, s = assert(lab:host "client"), assert(lab:router "r"), assert(lab:host "server")
assert(lab:link(c, r, "10.0.1.2/24", "10.0.1.1/24"))
local l2 = assert(lab:link(r, s, "10.0.2.1/24", "10.0.2.2/24"))
assert(c:route_add("default", {via = "10.0.1.1"}))
assert(s:route_add("default", {via = "10.0.2.1"}))
assert(l2:impair{rate = "10mbit"})
local srv = assert(s:tcp())
assert(srv:bind("*", 80))
assert(srv:listen())
netlab.daemon(function()
  while true do
    local k = srv:accept()
    if not k then return end
    k:receive("*l")
    k:send("HTTP/1.0 200 OK\r\n\r\n<html>hello</html>\n")
    k:close()
  end
end)
local web = assert(lab:web{port = 0})
local d = wd.start()
local ok, err = pcall(function()
  d:session_call("POST", "/window/rect", {width = 1100, height = 760})
  d:go(web.url)
  assert(d:wait("return document.querySelectorAll('#topology [data-host]').length === 3", 5))
  d:click('[data-iface="client/eth0"] text')
  assert(d:wait("return document.body.dataset.watch === 'client/eth0'", 3))
  d:click('[data-host="server"] text')
  assert(d:wait("return document.body.dataset.watch === 'client/eth0' && document.getElementById('packets') !== null", 3))
  netlab.sleep(0.3)
  local k <close> = assert(c:tcp())
  assert(k:connect("10.0.2.2", 80))
  assert(k:send("GET / HTTP/1.0\r\n\r\n"))
  k:receive("*a")
  k:close()
  assert(c:ping("10.0.2.2", {count = 2, interval = 0.1}))
  assert(d:wait([[const r = Array.from(document.querySelectorAll('#packets div')).find(d => d.textContent.includes('Flags [P.]'));
    if (!r) return false; r.id = 'push'; return true]], 2))
  d:click("#push")
  assert(d:wait("const i = document.getElementById('ladder'); return i.complete && i.naturalHeight > 0", 3))
  netlab.sleep(1.2) -- a rate sample and the socket table
  local f = assert(io.open(out, "wb"))
  f:write(d:screenshot())
  f:close()
end)
d:stop()
assert(ok, err)
