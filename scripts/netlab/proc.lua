-- netlab.proc: real programs run from a script (netlab.sh).
local cproc = require "netlab.c.proc"
local sched = require "netlab.sched"
local fd = require "netlab.fd"
local blame = require "netlab.blame"

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

-- True if CHILD has ended (a zombie, not reaped yet, or gone).
local function ended(child)
  local pid = child:pid()
  local f = pid and io.open("/proc/" .. pid .. "/stat")
  if not f then return true end
  local stat = f:read("a") or ""
  f:close()
  return stat:match("%) (%a)") == "Z"
end

-- Waits until CHILD has ended or TIMEOUT; true | nil, "timeout". Without
-- a pidfd (pidfd_open is ENOSYS under valgrind 3.19) it polls every 10 ms.
function M.wait_child(child, timeout)
  if child:pidfd() >= 0 then return sched.wait_fd(child:pidfd(), "r", timeout) end
  local deadline = timeout and sched.now() + timeout
  while not deadline or sched.now() < deadline do
    if ended(child) then return true end
    sched.sleep(0.01)
  end
  return nil, "timeout"
end

-- M.spawn(cmd, with_stdin, env) -> child, stdin, stdout, stderr | nil,
-- message, errno: starts CMD with the fds placed by netlab.fd, in the lab
-- host ENV ({netns, mntns, hosts}: lab.host_env) or, nil, in netlab's own
-- namespaces.
function M.spawn(cmd, with_stdin, env)
  if not env then return cproc.spawn(cmd, fd.placed(), with_stdin) end
  return cproc.spawn(cmd, fd.placed(), with_stdin, env.netns, env.mntns, env.hosts)
end

-- Waits for CHILD to exit within TIMEOUT; returns its exit code.
local function wait_exit(child, timeout)
  local ok, err = M.wait_child(child, timeout)
  if not ok then return nil, err end
  return child:reap()
end

-- Checks sh's arguments: a command string and an options table with a
-- number timeout; errors are raised at the script's line (netlab.blame;
-- LEVEL is no longer needed).
function M.check_args(cmd, opts, fname)
  local function bad(n, msg) blame.argerror(n, fname, msg) end
  if type(cmd) ~= "string" then bad(1, "string expected, got " .. type(cmd)) end
  if opts == nil then return end
  if type(opts) ~= "table" then bad(2, "table of options expected, got " .. type(opts)) end
  local t = opts.timeout
  if t ~= nil and (type(t) ~= "number" or t ~= t) then
    bad(2, "opts.timeout: seconds expected, got " .. (type(t) == "number" and "NaN" or type(t)))
  end
end

-- M.run(cmd, opts, env, children): netlab.sh's work. ENV: the lab host
-- to run the command in (host:sh), as lab.host_env gives it; CHILDREN: a
-- table the running child is kept in (as a key), so its host can kill it.
function M.run(cmd, opts, env, children)
  opts = opts or {}
  local child <close>, stdin, stdout, stderr = M.spawn(cmd, opts.stdin ~= nil, env)
  if not child then return nil, stdin, stdout end
  if children then children[child] = true end
  if stdin then feed(stdin, tostring(opts.stdin)) end
  local out, err = drain(stdout), drain(stderr)
  local deadline = opts.timeout and sched.now() + opts.timeout
  local code, why = wait_exit(child, opts.timeout)
  if children then children[child] = nil end
  if not code then return nil, why end
  local left = deadline and math.max(deadline - sched.now(), 0)
  local o = out:join(left)
  local e = err:join(left)
  return o or "", e or "", code
end

-- netlab.sh(cmd[, opts]) -> stdout, stderr, exit code | nil, message
-- Runs `/bin/sh -c cmd` with the fds placed by netlab.fd (so "cat <&8"
-- reads the script's connection). opts.stdin: text for its stdin (else
-- /dev/null); opts.timeout: seconds before the child is killed.
function M.sh(cmd, opts)
  M.check_args(cmd, opts, "sh")
  local out, err, code = M.run(cmd, opts) -- no tail call: errors name sh
  return out, err, code
end

return M
