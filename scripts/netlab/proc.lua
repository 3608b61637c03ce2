-- netlab.proc: real programs run from a script (netlab.sh).
local cproc = require "netlab.c.proc"
local sched = require "netlab.sched"
local fd = require "netlab.fd"

local M = {}

-- Reads a pipe to its end in a task; the task's result is the text.
local function drain(pipe)
  return sched.spawn(function()
    local data, err, partial = pipe:receive("*a")
    pipe:close()
    return data or partial or "", err
  end, true)
end

-- Writes INPUT to the child's stdin in a task, then closes it.
local function feed(pipe, input)
  return sched.spawn(function()
    pipe:send(input)
    pipe:close()
  end, true)
end

-- Waits for CHILD to exit within TIMEOUT; returns its exit code.
local function wait_exit(child, timeout)
  local ok, err = sched.wait_fd(child:pidfd(), "r", timeout)
  if not ok then return nil, err end
  return child:reap()
end

-- netlab.sh(cmd[, opts]) -> stdout, stderr, exit code | nil, message
-- Runs `/bin/sh -c cmd` with the fds placed by netlab.fd (so "cat <&8"
-- reads the script's connection). opts.stdin: text for its stdin (else
-- /dev/null); opts.timeout: seconds before the child is killed.
function M.sh(cmd, opts)
  if type(cmd) ~= "string" then
    error("bad argument #1 to 'sh' (string expected, got " .. type(cmd) .. ")", 2)
  end
  opts = opts or {}
  local child <close>, stdin, stdout, stderr = cproc.spawn(cmd, fd.placed(), opts.stdin ~= nil)
  if not child then return nil, stdin, stdout end
  if stdin then feed(stdin, tostring(opts.stdin)) end
  local out, err = drain(stdout), drain(stderr)
  local deadline = opts.timeout and sched.now() + opts.timeout
  local code, why = wait_exit(child, opts.timeout)
  if not code then return nil, why end
  local left = deadline and math.max(deadline - sched.now(), 0)
  local o = out:join(left)
  local e = err:join(left)
  return o or "", e or "", code
end

return M
