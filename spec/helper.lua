-- spec/helper.lua: what several spec files share.
local M = {}

-- The netlab binary under test (make asan runs the sanitizer build).
M.bin = os.getenv("NETLAB_SPEC_BIN") or "./netlab"

local tmpfiles = {}

-- Returns a fresh temporary path, removed when the suite ends.
function M.tmpname(suffix)
  local base = os.tmpname() -- creates the file: remove it too
  tmpfiles[#tmpfiles + 1] = base
  if not suffix or suffix == "" then return base end
  tmpfiles[#tmpfiles + 1] = base .. suffix
  return base .. suffix
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
  timeout = timeout or 20
  return netlab.sh("timeout -s KILL " .. timeout .. " " .. cmd, {timeout = timeout + 5})
end

-- Runs the netlab binary with ARGS (a shell-quoted string).
function M.netlab(args, opts)
  opts = opts or {}
  local timeout = opts.timeout or 20
  local cmd = ("timeout -s KILL %d %s %s"):format(timeout, M.bin, args)
  return netlab.sh(cmd, {stdin = opts.stdin, timeout = timeout + 5})
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
