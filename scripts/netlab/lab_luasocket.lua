-- netlab.lab_luasocket: LuaSocket scripts inside a lab host.
--   local socket = b:luasocket()        -- LuaSocket's API, sockets in b
--   b:dofile("server.lua", ...)         -- an unchanged LuaSocket script,
--                                       -- its require "socket" made in b
local lab = require "netlab.lab"

local methods = require("netlab.c.lab").meta.__index

-- The socket modules of each host, made on first use.
local modules = setmetatable({}, {__mode = "k"})

-- host:luasocket() -> a LuaSocket module whose sockets live in the host
function methods:luasocket()
  local st = lab.check_host(self, "luasocket", 0)
  if modules[self] then return modules[self] end
  local host = self
  local core = require("socket.core").build(function(kind)
    return lab.host_socket(host, st, kind)
  end)
  modules[self] = require("socket").extend(core)
  return modules[self]
end

-- A require for code running "in" host H: "socket" and "socket.core"
-- give the host's module, LuaSocket's other modules (socket.http...) are
-- loaded afresh into ENV so they use it too; the rest is the usual one.
local function host_require(h, env, own)
  return function(name)
    if name == "socket" or name == "socket.core" then return h:luasocket() end
    if type(name) ~= "string" or not name:match("^socket%.") then return require(name) end
    if own[name] == nil then
      local path = package.searchpath(name, package.path)
      if not path then return require(name) end -- a C module: not ours
      own[name] = assert(loadfile(path, "bt", env))(name, path) or true
    end
    return own[name]
  end
end

-- An environment for a script run in host H: the globals, with a
-- require of its own (host_require). Its own globals stay in it.
local function host_env(h)
  local env = setmetatable({}, {__index = _G})
  env.require = host_require(h, env, {})
  return env
end

-- host:dofile(path, ...) -> what the script returns: runs a Lua script
-- (a LuaSocket program, unchanged) whose require "socket" gives sockets
-- inside the host; `...` is the script's arguments.
function methods:dofile(path, ...)
  lab.check_host(self, "dofile", 0)
  if type(path) ~= "string" then
    error("bad argument #1 to 'dofile' (string expected, got " .. type(path) .. ")", 2)
  end
  if path:find("\0", 1, true) then
    error("bad argument #1 to 'dofile' (string contains a NUL byte)", 2) -- loadfile would cut it
  end
  local chunk, err = loadfile(path, "bt", host_env(self))
  if not chunk then error(err, 2) end
  return chunk(...)
end

return {}
