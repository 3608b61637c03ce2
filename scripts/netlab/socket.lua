-- netlab.socket: netlab's sockets, and their link to the scheduler.
--
-- The methods are C (bindings/l_socket.c, l_sockio.c). A method that must
-- wait calls sched.wait_io through lua_callk, so inside a task it yields
-- and elsewhere it drives the scheduler; registering wait_io here is what
-- connects the two.
local csock = require "netlab.c.socket"
local sched = require "netlab.sched"

local M = {}
local methods = csock.meta.__index

csock.set_wait(sched.wait_io)
sched.on_others(csock.set_others)

-- sock:setsockname(host, port): LuaSocket's name for a datagram bind.
methods.setsockname = methods.bind

-- sock:tcp_info() and sock:queued(): the kernel's view of a TCP
-- connection (bindings/l_tcpinfo.c; the fields in scripts/netlab/doc_tcp.lua).
for name, fn in pairs(require("netlab.c.tcpinfo").methods) do methods[name] = fn end

-- Closing wakes any task waiting on the socket with "closed".
sched.wake_on_close(csock.meta)

-- Opens a socket of KIND: "tcp", "tcp6", "udp", "udp6", "unix",
-- "unixdgram". Returns it, or nil, message, errno.
M.new = csock.new
M.options = csock.options
M.meta = csock.meta
return M
