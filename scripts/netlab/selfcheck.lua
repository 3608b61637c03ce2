-- netlab.selfcheck: a method of netlab's Lua half called on something
-- that is not its object raises what luaL_checkudata would raise for a
-- C method (bindings/argcheck.c's nlab_argerror), at the script's line:
--   s:close() on a number      calling 'close' on bad self (netlab.socket expected, got number)
--   s.close(42), t.join({})    bad argument #1 to 'close' (netlab.socket expected, got number)
-- Called through pcall (no name known) it says "bad self", as argcheck.c
-- does when it finds the function among the methods.
local M = {}

-- The type of V as an error message names it: "netlab.socket", "nil"...
function M.typename(v)
  local mt = getmetatable(v)
  local name = type(mt) == "table" and rawget(mt, "__name")
  return type(name) == "string" and name or type(v)
end

-- Raises MSG about the self of public method FNAME; LEVEL is that
-- method's frame counted from the caller of raise (1: the caller is the
-- method). The script's line is the method's caller.
function M.raise(fname, msg, level)
  local info = debug.getinfo(level + 1, "n")
  local what = info and info.namewhat or ""
  if what == "" or what == "method" then
    error(("calling '%s' on bad self (%s)"):format(fname, msg), level + 2)
  end
  error(("bad argument #1 to '%s' (%s)"):format(fname, msg), level + 2)
end

-- Raises unless V's metatable is META (named by its __name), for public
-- method FNAME LEVEL frames up from the caller (1 by default: the caller).
function M.check(v, meta, fname, level)
  if getmetatable(v) ~= meta then
    M.raise(fname, ("%s expected, got %s"):format(meta.__name, M.typename(v)), (level or 1) + 1)
  end
end

return M
