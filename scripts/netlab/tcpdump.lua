-- netlab.tcpdump: print packets exactly as `tcpdump -nn` does.
--
-- netlab.tcpdump(source[, options[, out]]) -> count
--   source  a pcap/pcapng path (printed in C), a capture or pcap reader
--           (anything with :packets() or :next()), or a list of packets
--   options tcpdump's options as a string: "-nn -e -tt -S -q -X"...
--           (-x, -xx, -X, -XX: hex, with ASCII for X, doubled: from the
--           link-layer header on)
--   out     a file (default io.stdout), or a table {out = file, text =,
--           count =, timeout =}: text = true returns the text instead
--           (text, count). A live capture prints what it has
--           captured so far (cap:list()); with count or timeout it
--           follows the capture instead, as tcpdump -c does, through
--           :packets{count =, timeout =}.
-- Returns nil, message, errno when the file cannot be read, or OUT
-- cannot be written (/dev/full, a file opened for reading).
local cprint = require "netlab.print"
local blame = require "netlab.blame"

local M = {}

-- The options netlab takes, all in this table: each of tcpdump's letters
-- counts (-XX and -X -X are 2), false for those that change nothing here
-- (names are never resolved); tcpdump's long options are their letters
-- or set the time stamps' precision.
local LETTERS = {t = true, e = true, S = true, q = true, x = true, X = true, A = true, v = true, ["#"] = true,
  n = false, U = false, l = false}
local LONG = {number = "#", ["absolute-tcp-sequence-numbers"] = "S", nano = true, micro = false}

-- The -t count's time stamps (tcpdump's ndo_tflag), as print.new names them.
local TS = {[0] = "local", "none", "epoch", "delta", "date", "since_first"}

-- Counts each option of S in N (letters) and sets N.nano (--nano, --micro).
local function count_options(s, n)
  for word in s:gmatch("%S+") do
    local long = word:match("^%-%-(.+)$")
    if long and type(LONG[long]) == "string" then
      n[LONG[long]] = n[LONG[long]] + 1
    elseif long and LONG[long] ~= nil then
      n.nano = LONG[long]
    elseif word:match("^%-[^-]") and not long then
      for ch in word:sub(2):gmatch(".") do
        if LETTERS[ch] == nil then blame.error(("netlab.tcpdump: unknown option -%s"):format(ch)) end
        if LETTERS[ch] then n[ch] = n[ch] + 1 end
      end
    else
      blame.error(("netlab.tcpdump: unknown option %s"):format(word))
    end
  end
end

-- Reads an option string into print.new's table.
function M.options(s)
  if s ~= nil and type(s) ~= "string" then
    blame.error(("bad argument #2 to 'tcpdump' (string expected, got %s)"):format(type(s)))
  end
  local n = {nano = false}
  for ch, counts in pairs(LETTERS) do if counts then n[ch] = 0 end end
  count_options(s or "", n)
  if not TS[n.t] then blame.error("netlab.tcpdump: only -t, -tt, -ttt, -tttt and -ttttt are supported") end
  if n.v > 2 then blame.error("netlab.tcpdump: -vvv is not supported (only -v and -vv)") end
  return {ts = TS[n.t], e = n.e > 0, S = n.S > 0, q = n.q > 0, number = n["#"] > 0, nsec = n.nano,
    X = n.X >= 1, XX = n.X >= 2, x = n.x >= 1, xx = n.x >= 2, A = n.A >= 1, AA = n.A >= 2, v = n.v}
end

-- Calls FN(packet) for every packet of SOURCE (not a path), until FN
-- returns true; LIMITS: {count =, timeout =} for a capture.
local function each_packet(source, fn, limits)
  if type(source) ~= "table" and type(source) ~= "userdata" then
    blame.error(("bad argument #1 to 'tcpdump' (path, capture or packet list expected, got %s)")
      :format(type(source)))
  end
  local okl, list = pcall(function() return source.list end)
  if okl and type(list) == "function" and not (limits.count or limits.timeout) then
    for _, p in ipairs(source:list()) do
      if fn(p) then return end
    end
    return
  end
  local ok, packets = pcall(function() return source.packets end)
  if ok and type(packets) == "function" then
    local n = 0
    for p in source:packets(limits) do
      if fn(p) then return end
      n = n + 1
      if limits.count and n >= limits.count then return end
    end
    return
  end
  local okn, nextf = pcall(function() return source.next end)
  if okn and type(nextf) == "function" then
    for _ = 1, limits.count or math.maxinteger do
      local p = source:next()
      if not p or fn(p) then return end
    end
    return
  end
  for i, p in ipairs(source) do
    local mt = getmetatable(p)
    if type(p) ~= "userdata" or type(mt) ~= "table" or mt.__name ~= "netlab.packet" then
      local got = type(mt) == "table" and type(mt.__name) == "string" and mt.__name or type(p)
      blame.argerror(1, "tcpdump", ("item %d: netlab.packet expected, got %s"):format(i, got))
    end
    if fn(p) then return end
  end
end

-- Where output goes: a file, or nil and true when text is wanted.
local function output(out)
  if out == nil then return io.stdout, false end
  if io.type(out) == "file" then return out, false end
  if io.type(out) == "closed file" or (type(out) == "table" and io.type(out.out) == "closed file") then
    blame.error("bad argument #3 to 'tcpdump' (attempt to use a closed file)")
  end
  if type(out) == "table" then
    if out.text then return nil, true end
    if out.out ~= nil then
      if io.type(out.out) ~= "file" then
        blame.error("bad argument #3 to 'tcpdump' (out must be an open file)")
      end
      return out.out, false
    end
    return io.stdout, false
  end
  blame.error(("bad argument #3 to 'tcpdump' (file or table expected, got %s)"):format(type(out)))
end

-- Prints SOURCE to file F with printer PR; returns the count, or nil,
-- message, errno when F cannot be written (as f:write says).
local function print_to(pr, source, f, limits)
  if type(source) == "string" then
    local n, err, code = pr:file(source, f)
    if not n then return nil, err, code end
    return n
  end
  local n, err, code = 0, nil, nil
  each_packet(source, function(p)
    local ok, e, c = f:write(pr:line(p), "\n")
    if not ok then
      err, code = e, c
      return true
    end
    n = n + 1
  end, limits)
  if err then return nil, err, code end
  local ok, e, c = f:flush()
  if not ok then return nil, e, c end
  return n
end

-- netlab.tcpdump(source[, options[, out]]): see the header.
function M.tcpdump(source, options, out)
  local o = M.options(options)
  local f, text = output(out)
  local limits = {}
  if type(out) == "table" then limits = {count = out.count, timeout = out.timeout} end
  local pr <close> = cprint.new(o)
  if not text then
    local n, err, code = print_to(pr, source, f, limits)
    if not n then return nil, err, code end
    return n -- one value: the REPL echoes "11", not "11 nil nil"
  end
  local tmp <close> = assert(io.tmpfile())
  local n, err, code = print_to(pr, source, tmp, limits)
  if not n then return nil, err, code end
  tmp:seek("set")
  return tmp:read("a"), n
end

-- netlab.tcpdump_lines(source[, options]) -> list of lines, as tcpdump
-- writes them (a -X packet spans several lines).
function M.lines(source, options)
  local text, n = M.tcpdump(source, options, {text = true})
  if not text then return nil, n end
  local t = {}
  for line in text:gmatch("([^\n]*)\n") do t[#t + 1] = line end
  return t
end

return M
