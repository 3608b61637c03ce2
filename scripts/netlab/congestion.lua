-- netlab.congestion: the kernel's TCP congestion controls.
--   netlab.tcp_congestion()      -- {available = {...}, allowed = {...}, default = "cubic"}
--   netlab.tcp_congestion(host)  -- the same, with that host's default
--   sock:setoption("congestion", "reno")  sock:getoption("congestion")
-- available and allowed are the kernel's (every namespace sees the same
-- lists); default is the namespace's own (net.ipv4.tcp_congestion_control).
-- A lab host is root of its namespace, so it may choose any available
-- one; allowed is what a process without CAP_NET_ADMIN may choose.
local ctcp = require "netlab.c.tcpinfo"
local clab = require "netlab.c.lab"
local blame = require "netlab.blame"

local M = {}

-- The words of the string S, in order.
local function words(s)
  local out = {}
  for w in s:gmatch("%S+") do out[#out + 1] = w end
  return out
end

-- The netlab.host userdata behind H (a lab host or netlab.here), or nil.
local function host_of(h)
  if h == nil then return nil end
  if getmetatable(h) == clab.meta then return h end
  local lab = package.loaded["netlab.lab"]
  if lab and getmetatable(h) == lab.Here then return h._host end
  local mt = getmetatable(h)
  local got = type(mt) == "table" and type(mt.__name) == "string" and mt.__name or type(h)
  blame.argerror(1, "tcp_congestion", "host expected, got " .. got)
end

-- netlab.tcp_congestion([host]) -> {available =, allowed =, default =}
-- | nil, message, errno: the kernel's congestion controls.
function M.tcp_congestion(host)
  local available, allowed, default = ctcp.lists(host_of(host))
  if not available then return nil, "cannot read the congestion controls: " .. allowed, default end
  return {available = words(available), allowed = words(allowed), default = default}
end

return M
