-- spec/helper.lua: what several spec files share.
local M = {}

-- The netlab binary under test (make asan runs the sanitizer build).
M.bin = os.getenv("NETLAB_SPEC_BIN") or "./netlab"

local tmpfiles = {}

-- Returns a fresh temporary path, removed when the suite ends.
function M.tmpname(suffix)
  local p = os.tmpname() .. (suffix or "")
  tmpfiles[#tmpfiles + 1] = p
  return p
end

-- Writes TEXT to a temporary file and returns its path.
function M.tmpfile(text, suffix)
  local p = M.tmpname(suffix or ".lua")
  local f = assert(io.open(p, "w"))
  f:write(text)
  f:close()
  return p
end

-- Quotes S for /bin/sh.
function M.shquote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- Runs a shell command with a time limit; returns stdout, stderr, code.
function M.run(cmd, timeout)
  local out, err, code = netlab.sh("timeout -s KILL " .. (timeout or 20) .. " " .. cmd)
  return out, err, code
end

-- Runs the netlab binary with ARGS (a shell-quoted string).
function M.netlab(args, opts)
  opts = opts or {}
  local cmd = ("timeout -s KILL %d %s %s"):format(opts.timeout or 20, M.bin, args)
  return netlab.sh(cmd, {stdin = opts.stdin})
end

-- Runs Lua source CODE in a fresh netlab; returns stdout, stderr, code.
function M.script(code, args, opts)
  return M.netlab(M.tmpfile(code) .. " " .. (args or ""), opts)
end

-- Counts this process's open fds.
function M.fd_count()
  return #netlab.fd.list()
end

function M.cleanup()
  for _, p in ipairs(tmpfiles) do os.remove(p) end
  tmpfiles = {}
end

return M
