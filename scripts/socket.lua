-- socket for netlab: LuaSocket's Lua helper layer (after LuaSocket's
-- socket.lua, by Diego Nehab, MIT) over netlab's socket.core.
-- Adds LuaSocket's helper layer to a socket.core module SOCKET.
local function extend(socket)
  local M = socket

  function M.connect4(address, port, laddress, lport)
    return socket.connect(address, port, laddress, lport, "inet")
  end

  function M.connect6(address, port, laddress, lport)
    return socket.connect(address, port, laddress, lport, "inet6")
  end

  -- socket.bind(host, port[, backlog]) -> a listening server socket
  function M.bind(host, port, backlog)
    if type(host) ~= "string" and type(host) ~= "number" then
      error(("bad argument #1 to 'bind' (string expected, got %s)"):format(type(host)), 2)
    end
    if backlog ~= nil and math.tointeger(backlog) == nil then
      error(("bad argument #3 to 'bind' (integer expected, got %s)"):format(type(backlog)), 2)
    end
    if host == "*" then host = "0.0.0.0" end
    local addrs, err = socket.dns.getaddrinfo(host)
    if not addrs then return nil, err end
    for _, alt in ipairs(addrs) do
      local sock
      sock, err = alt.family == "inet" and socket.tcp4() or socket.tcp6()
      if not sock then return nil, err end
      sock:setoption("reuseaddr", true)
      local ok
      ok, err = sock:bind(alt.addr, port)
      if ok then ok, err = sock:listen(backlog) end
      if ok then return sock end
      sock:close()
    end
    return nil, err or "no info on address"
  end

  M.try = M.newtry()

  function M.choose(t)
    return function(name, opt1, opt2)
      if type(name) ~= "string" then name, opt1, opt2 = "default", name, opt1 end
      local f = t[name or "nil"]
      if not f then error("unknown key (" .. tostring(name) .. ")", 3) end
      return f(opt1, opt2)
    end
  end

  -- LTN12 sources and sinks on sockets.
  local sourcet, sinkt = {}, {}
  M.sourcet, M.sinkt = sourcet, sinkt
  M.BLOCKSIZE = 2048

  -- Wraps FN as a callable that still answers getfd and dirty for select.
  local function callable(sock, fn)
    return setmetatable({
      getfd = function() return sock:getfd() end,
      dirty = function() return sock:dirty() end,
    }, {__call = fn})
  end

  sinkt["close-when-done"] = function(sock)
    return callable(sock, function(_, chunk)
      if not chunk then sock:close() return 1 end
      return sock:send(chunk)
    end)
  end

  sinkt["keep-open"] = function(sock)
    return callable(sock, function(_, chunk)
      if chunk then return sock:send(chunk) end
      return 1
    end)
  end

  sinkt["default"] = sinkt["keep-open"]
  M.sink = M.choose(sinkt)

  sourcet["by-length"] = function(sock, length)
    return callable(sock, function()
      if length <= 0 then return nil end
      local chunk, err = sock:receive(math.min(M.BLOCKSIZE, length))
      if err then return nil, err end
      length = length - #chunk
      return chunk
    end)
  end

  sourcet["until-closed"] = function(sock)
    local done
    return callable(sock, function()
      if done then return nil end
      local chunk, err, partial = sock:receive(M.BLOCKSIZE)
      if not err then return chunk end
      if err ~= "closed" then return nil, err end
      sock:close()
      done = true
      return partial
    end)
  end

  sourcet["default"] = sourcet["until-closed"]
  M.source = M.choose(sourcet)
  M.extend = extend
  return M
end

return extend(require "socket.core")
