-- netlab.lesson_params: a lab's knobs, declared in the lab file as a
-- small table and read from its command line:
--   params = {
--     {"mtu", 1000, "the MTU of part 2", min = 576, max = 1499},
--     {"svg", nil, "write the ladder as SVG to FILE", type = "string", arg = "FILE"},
--     {"interactive", false, "type the client's lines yourself"},
--   }
-- Each item is {name, default, help, type =, min =, max =, choices =,
-- arg =}; the type is the default's (an integer, a number, a string, a
-- boolean: a flag) unless given. `--name VALUE` or `--name=VALUE` set
-- one; a flag takes no value; --help lists them with their defaults.
local blame = require "netlab.blame"

local M = {}

local TYPES = {integer = "N", number = "X", string = "TEXT", flag = ""}

-- The type a declaration's default implies (nil if it implies none).
local function implied(default)
  if math.type(default) == "integer" then return "integer" end
  if math.type(default) == "float" then return "number" end
  if type(default) == "string" then return "string" end
  if type(default) == "boolean" then return "flag" end
end

-- Who a bad declaration blames: lesson.new's params option (the default)
-- or lesson.options' second argument.
local BLAME = {new = {1, "new", "params: "}, options = {2, "options", ""}}
local blamed = BLAME.new

-- Raises "bad argument" for item I of a lab's params (a programmer error).
local function bad_decl(i, msg)
  blame.argerror(blamed[1], blamed[2], ("%sitem %d: %s"):format(blamed[3], i, msg))
end

-- Checks declaration D (item I) and returns it normalized: name, type,
-- default, help, min, max, choices, arg.
local function declare(d, i)
  if type(d) ~= "table" then bad_decl(i, "table expected, got " .. type(d)) end
  local name, default, help = d[1], d[2], d[3]
  if type(name) ~= "string" or not name:match("^%l[%l%d_-]*$") or name == "help" then
    bad_decl(i, "a lower-case option name other than help expected, got " .. tostring(name))
  end
  if type(help) ~= "string" then bad_decl(i, ("%s: a help text expected"):format(name)) end
  local kind = d.type or implied(default)
  if not TYPES[kind] then bad_decl(i, ("%s: type integer, number, string or flag expected"):format(name)) end
  if default ~= nil and implied(default) ~= kind and not (kind == "number" and math.type(default)) then
    bad_decl(i, ("%s: default %s is not of type %s"):format(name, tostring(default), kind))
  end
  if (d.min or d.max) and kind ~= "integer" and kind ~= "number" then bad_decl(i, name .. ": min and max are for numbers") end
  if d.choices and kind ~= "string" then bad_decl(i, name .. ": choices are for strings") end
  if default == nil and kind == "flag" then default = false end
  return {name = name, type = kind, default = default, help = help, min = d.min, max = d.max, choices = d.choices, arg = d.arg or TYPES[kind]}
end

-- declare_all(list[, who]) -> the normalized declarations, in order, and a map
-- by name; raises on a bad or repeated one.
-- WHO ("new", the default, or "options") is the public call blamed.
function M.declare_all(list, who)
  blamed = BLAME[who or "new"]
  if type(list) ~= "table" then
    blame.argerror(blamed[1], blamed[2], ("%stable expected, got %s"):format(blamed[3], type(list)))
  end
  local decls, by = {}, {}
  for i, d in ipairs(list) do
    local p = declare(d, i)
    if by[p.name] then bad_decl(i, p.name .. " is declared twice") end
    decls[i], by[p.name] = p, p
  end
  blamed = BLAME.new
  return decls, by
end

-- "576 to 1499", "at least 1", "at most 9": P's range in words, or nil.
local function range(p)
  if p.min and p.max then return ("%s to %s"):format(p.min, p.max) end
  if p.min then return "at least " .. p.min end
  if p.max then return "at most " .. p.max end
end

-- Converts TEXT for option P; returns the value or nil and why not.
local function convert(p, text)
  local v
  if p.type == "integer" then
    v = text:match("^[+-]?%d+$") and math.tointeger(tonumber(text))
    if not v then return nil, ("--%s: an integer expected, got '%s'"):format(p.name, text) end
  elseif p.type == "number" then
    v = tonumber(text)
    if not v or v ~= v or v == math.huge or v == -math.huge then
      return nil, ("--%s: a number expected, got '%s'"):format(p.name, text)
    end
  else
    v = text
    if p.choices then
      local ok = false
      for _, c in ipairs(p.choices) do ok = ok or c == v end
      if not ok then
        return nil, ("--%s: one of %s expected, got '%s'"):format(p.name, table.concat(p.choices, ", "), text)
      end
    end
    return v
  end
  if (p.min and v < p.min) or (p.max and v > p.max) then
    return nil, ("--%s: %s is out of range (%s)"):format(p.name, text, range(p))
  end
  return v
end

-- Reads one option at ARGS[I]; stores its value; returns the next index
-- or nil and the error.
local function option(by, args, i, values, seen)
  local a = args[i]
  local name, inline = a:match("^%-%-([^=]+)=(.*)$")
  name = name or a:match("^%-%-(.+)$")
  local p = name and by[name]
  if not p then return nil, ("unknown option '%s'"):format(a) end
  if seen[name] then return nil, ("--%s is given twice"):format(name) end
  seen[name] = true
  if p.type == "flag" then
    if inline then return nil, ("--%s takes no value"):format(name) end
    values[name] = true
    return i + 1
  end
  local text = inline or args[i + 1]
  if text == nil then return nil, ("--%s needs a value (%s)"):format(name, p.arg) end
  local v, err = convert(p, text)
  if v == nil then return nil, err end
  values[name] = v
  return i + (inline and 1 or 2)
end

-- parse(list, args) -> values | nil, message | "help": the values of the
-- options declared in LIST (defaults for those not given) read from
-- ARGS (a lab's arg table); "help" for --help or -h.
function M.parse(list, args)
  local decls, by = M.declare_all(list)
  local values, seen = {}, {}
  for _, p in ipairs(decls) do values[p.name] = p.default end
  local i = 1
  while args and args[i] ~= nil do
    local a = tostring(args[i])
    if a == "--help" or a == "-h" then return "help" end
    if a:sub(1, 2) ~= "--" then return nil, ("unexpected argument '%s'"):format(a) end
    local nexti, err = option(by, args, i, values, seen)
    if not nexti then return nil, err end
    i = nexti
  end
  return values
end

-- The one-line summary of a lab file at PATH ("-- name: summary"), or nil.
local function summary(path, name)
  local f = path and io.open(path)
  local line = f and f:read("l")
  if f then f:close() end
  if not line then return nil end
  local s = line:match("^%-%-+%s*(.-)%s*$")
  return s and (s:gsub("^" .. name:gsub("%p", "%%%0") .. ":%s*", ""))
end

-- What P's default is, for the help.
local function default_text(p)
  if p.type == "flag" then return nil end
  if p.default == nil then return nil end
  return "default " .. tostring(p.default)
end

-- help(name, list, path) -> text: the lab's summary, usage and options
-- with their types, ranges and defaults (what --help prints).
function M.help(name, list, path)
  local decls = M.declare_all(list)
  local lines = {}
  local s = summary(path, name)
  if s then lines[#lines + 1] = ("%s: %s"):format(name, s) end
  lines[#lines + 1] = ("usage: netlab --lab %s [options]   (or netlab labs/%s.lua [options])"):format(name, name)
  lines[#lines + 1] = "options:"
  for _, p in ipairs(decls) do
    local left = ("--%s%s"):format(p.name, p.arg ~= "" and (" " .. p.arg) or "")
    local notes = {}
    notes[#notes + 1] = range(p)
    if p.choices then notes[#notes + 1] = table.concat(p.choices, ", ") end
    notes[#notes + 1] = default_text(p)
    local tail = #notes > 0 and (" (" .. table.concat(notes, "; ") .. ")") or ""
    lines[#lines + 1] = ("  %-18s %s%s"):format(left, p.help, tail)
  end
  lines[#lines + 1] = ("  %-18s %s"):format("--help", "show this help and exit")
  return table.concat(lines, "\n") .. "\n"
end

-- read(name, list) -> values: parses the script's arg against LIST; on
-- --help prints the help and exits 0, on a bad option prints one line
-- ("NAME: --mtu: 100 is out of range (576 to 1499)") and exits 2, before
-- the lab builds anything.
function M.read(name, list)
  local values, err = M.parse(list, rawget(_G, "arg"))
  local script = type(rawget(_G, "arg")) == "table" and rawget(_G, "arg")[0] or nil
  if values == "help" then
    io.stdout:write(M.help(name, list, script))
    io.stdout:flush()
    os.exit(0)
  end
  if not values then
    io.stderr:write(("%s: %s (netlab --lab %s --help lists the options)\n"):format(name, err, name))
    io.stderr:flush()
    os.exit(2)
  end
  return values
end

return M
