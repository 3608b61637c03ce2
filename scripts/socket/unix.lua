-- socket.unix for netlab: LuaSocket's unix-domain sockets.
--   local unix = require "socket.unix"; unix() or unix.stream(), unix.dgram()
local nsocket = require "netlab.socket"

local M = {}
function M.stream() return nsocket.new("unix") end
function M.dgram() return nsocket.new("unixdgram") end

return setmetatable(M, {__call = function() return M.stream() end})
