-- socket.unix for netlab: LuaSocket's unix-domain sockets.
--   local unix = require "socket.unix"; unix() or unix.stream(), unix.dgram()
--   (and, as in LuaSocket, unix.tcp() and unix.udp() for the last two)
local nsocket = require "netlab.socket"
local object = require "socket.object"
require "socket.stream"
require "socket.dgram"

local M = {}
function M.stream() return object.new(nsocket.new, "unix", true) end
function M.dgram() return object.new(nsocket.new, "unixdgram", true) end
-- LuaSocket 3.1's names kept from before 3.0 (unix.tcp(), unix.udp())
M.tcp, M.udp = M.stream, M.dgram

return setmetatable(M, {__call = function() return M.stream() end})
