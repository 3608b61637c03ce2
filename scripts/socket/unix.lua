-- socket.unix for netlab: LuaSocket's unix-domain sockets.
--   local unix = require "socket.unix"; unix() or unix.stream(), unix.dgram()
local nsocket = require "netlab.socket"
local object = require "socket.object"
require "socket.stream"
require "socket.dgram"

local M = {}
function M.stream() return object.new(nsocket.new, "unix", true) end
function M.dgram() return object.new(nsocket.new, "unixdgram", true) end

return setmetatable(M, {__call = function() return M.stream() end})
