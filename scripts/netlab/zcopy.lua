-- netlab.zcopy: netlab.sendfile and netlab.splice, copies the kernel
-- makes without the bytes passing through the script's memory.
--   netlab.sendfile(sock, io.open("big.iso", "rb"))   -- sendfile(2)
--   netlab.splice(from, to)          -- a relay: splice(2) through a pipe
--
-- The C side (bindings/l_zcopy.c) never waits (but for a sendfile in the
-- main chunk with nothing else to run, which waits in the kernel as
-- sock:send does): each call moves what the kernel takes now, or says
-- "wantread"/"wantwrite"; the loops here wait
-- for the socket with the scheduler, within the socket's own timeouts
-- (sock:settimeout), as sock:send and sock:receive do.
local czcopy = require "netlab.c.zcopy"
local sched = require "netlab.sched"
local now = require("netlab.c.loop").now

local M = {}

-- Raises if one of the sockets (argument N...) of FNAME is on another
-- machine (lab:machine): the kernel moves bytes between this machine's fds.
local function check_here(fname, ...)
  local machines = package.loaded["netlab.lab_machine"]
  for n, s in ipairs{...} do
    local m = machines and machines.machine_of(s)
    if m then
      require("netlab.blame").argerror(n, fname, ("a socket on machine %s: %s moves bytes between this machine's own files and sockets")
        :format(m.name, fname))
    end
  end
end

-- The most one call asks the kernel for: bounded, so a huge count never
-- overflows a size_t on its way down, and a task yields now and then.
local STEP = 1 << 24

-- How long SOCK may wait now: its block timeout, capped by what its
-- total timeout leaves since STARTED (nil: no limit, 0: none left).
local function budget(sock, started)
  local block, total = sock:gettimeout()
  if total then
    local left = math.max(total - (now() - started), 0)
    if not block or left < block then block = left end
  end
  return block
end

-- Waits until SOCK is ready for MODE ("r"/"w"): true, or nil and
-- "timeout" or "closed" (a task closed it meanwhile).
local function wait(sock, mode, started)
  local t = budget(sock, started)
  if t == 0 then return nil, "timeout" end
  local ok, why = sched.wait_io(sock:getfd(), mode, t)
  if sock:getfd() < 0 then return nil, "closed" end
  if not ok then return nil, why end
  return true
end

-- Sends N bytes of file F (its fd FD) from START to SOCK: the bytes
-- sent, and the error and errno that stopped it short.
local function send_range(sock, f, start, n)
  local pos, stop, started = start, start + n, now()
  while pos < stop do
    local moved, err, code = czcopy._sendfile(sock, f, pos, math.min(stop - pos, STEP), started)
    if moved == 0 then break end -- the file shrank under us: its end
    if moved then
      pos = pos + moved
    elseif err == "wantwrite" then
      local ok, why = wait(sock, "w", started)
      if not ok then return pos - start, why end
    else
      return pos - start, err, code
    end
  end
  return pos - start
end

-- netlab.sendfile(sock, file_or_fd[, offset[, count]]) -> bytes sent |
-- nil, message, bytes sent[, errno]: sendfile(2) from a regular file to a
-- connected stream socket; waits while the socket's buffer is full.
function M.sendfile(sock, file, offset, count)
  check_here("sendfile", sock)
  local _, start, n = czcopy._source(sock, file, offset, count)
  local sent, err, code = send_range(sock, file, start, n)
  if offset == nil then czcopy._setpos(file, start + sent) end -- as a read would
  if err then return nil, err, sent, code end
  return sent
end

-- Sends what netlab's receive had already read from FROM (up to LEFT
-- bytes, nil: all) to TO, which splice(2) would skip: the bytes sent, and
-- an error that stopped it.
local function send_buffered(from, to, left)
  local bytes = czcopy._buffered(from, left or math.maxinteger)
  if #bytes == 0 then return 0 end
  local last, err = to:send(bytes)
  if not last then return 0, err end -- send's partial index is lost with the bytes
  return #bytes
end

-- Moves up to WANT bytes from FROM into pipe P: the count (0: FROM's
-- end), or nil and an error.
local function pull(p, from, want, started)
  while true do
    local moved, err, code = p:_pull(from, want)
    if moved then return moved end
    if err ~= "wantread" then return nil, err, code end
    local ok, why = wait(from, "r", started)
    if not ok then return nil, why end
  end
end

-- Empties pipe P into TO: true, or nil and an error.
local function push(p, to, started)
  while p:held() > 0 do
    local moved, err, code = p:_push(to)
    if moved == 0 then return nil, "closed" end -- the kernel takes nothing more
    if not moved and err ~= "wantwrite" then return nil, err, code end
    if not moved then
      local ok, why = wait(to, "w", started)
      if not ok then return nil, why end
    end
  end
  return true
end

-- Splices from FROM to TO through pipe P until COUNT bytes (nil: FROM's
-- end): the bytes moved, and the error that stopped it short.
local function splice_through(p, from, to, count, moved)
  local started = now()
  while count == nil or moved < count do
    local want = count and math.min(count - moved, STEP) or STEP
    local got, err, code = pull(p, from, want, started)
    if got == 0 then return moved, count and "closed" or nil end
    if not got then return moved, err, code end
    local ok
    ok, err, code = push(p, to, started)
    if not ok then return moved, err, code end
    moved = moved + got
  end
  return moved
end

-- netlab.splice(from, to[, count]) -> bytes moved | nil, message, bytes
-- moved[, errno]: splice(2) from one connected stream socket through a
-- pipe to another, COUNT bytes or (without) until FROM's end.
function M.splice(from, to, count)
  check_here("splice", from, to)
  local n = czcopy._check_splice(from, to, count)
  local want = n >= 0 and n or nil
  local moved, err, code = send_buffered(from, to, want)
  if not err and (want == nil or moved < want) then
    local p <close>, perr, pcode = czcopy.pipe()
    if not p then return nil, perr, moved, pcode end
    moved, err, code = splice_through(p, from, to, want, moved)
  end
  if err then return nil, err, moved, code end
  return moved
end

return M
