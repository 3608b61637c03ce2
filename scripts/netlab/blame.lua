-- netlab.blame: an error a script caused is reported at the script's
-- line, however deep inside netlab's own modules the check that found it
-- ran (as bindings/argcheck.c does for the C checks): the first frame,
-- from the raiser's caller up, that is not netlab's Lua code (scripts/).
local M = {}

local ROOT = "@" .. (debug.getinfo(1, "S").source:match("^@(.*/)netlab/[^/]*$") or "\0")

-- The error() level, counted from M.error or M.argerror, of the first
-- frame that is not netlab's Lua code (0, no position, if none is).
local function script_level()
  for level = 3, math.huge do
    local info = debug.getinfo(level, "S")
    if not info then return 0 end
    if info.what == "C" or info.source:sub(1, #ROOT) ~= ROOT then return level - 1 end
  end
end

-- Raises MSG at the script's line.
function M.error(msg)
  local level = script_level()
  error(msg, level)
end

-- Raises "bad argument #N to 'FNAME' (MSG)" at the script's line.
function M.argerror(n, fname, msg)
  local level = script_level()
  error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), level)
end

return M
