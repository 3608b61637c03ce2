-- netlab.fold: long lines (tcpdump's) folded to the terminal's width.
--   fold.fold(line, 80, "    ") -> "    first part,\n        the rest"
--   fold.width()  -- NETLAB_WIDTH, else stdout's columns when a terminal
--
-- A tcpdump line runs to 150 characters and more; an 80-column terminal
-- wraps it at the last column, mid-word and flush left, where the eye
-- loses which packet it belongs to. Folding breaks it between words
-- instead and indents what follows under the packet's own line.
local M = {}

local CONTINUE = "    " -- what a folded line's continuation adds to the prefix

-- LINE's fields: tcpdump separates them with ", " ("seq 1, ack 1,
-- win 63"); each keeps its comma.
local function fields(line)
  local out = {}
  for field in (line .. ", "):gmatch("(.-,) ") do out[#out + 1] = field end
  out[#out] = out[#out]:sub(1, -2) -- the comma added above
  return out
end

-- Adds PIECE (a field, or a word of one too long for a line) to the
-- lines being built in ST, starting a continuation line when it does not fit.
local function add(st, piece)
  local sep = st.cur == st.lead and "" or " "
  if #st.cur + #sep + #piece > st.width and st.cur ~= st.lead then
    st.lines[#st.lines + 1] = st.cur
    st.lead = st.prefix .. CONTINUE
    st.cur, sep = st.lead, ""
  end
  st.cur = st.cur .. sep .. piece
end

-- fold(line, width[, prefix]) -> text: PREFIX .. LINE, broken between
-- tcpdump's comma-separated fields (between words inside a field too
-- long for a line) so that no line is wider than WIDTH, unless one word
-- is; continuation lines are indented four spaces past PREFIX. WIDTH
-- nil or 0: no folding.
function M.fold(line, width, prefix)
  prefix = prefix or ""
  if not width or width <= 0 or #prefix + #line <= width then return prefix .. line end
  local st = {lines = {}, prefix = prefix, lead = prefix, cur = prefix, width = width}
  for _, field in ipairs(fields(line)) do
    if #st.prefix + #CONTINUE + #field <= width then
      add(st, field)
    else
      for word in field:gmatch("%S+") do add(st, word) end
    end
  end
  st.lines[#st.lines + 1] = st.cur
  return table.concat(st.lines, "\n")
end

-- width() -> columns | nil: the width to fold at. NETLAB_WIDTH=N asks
-- for N columns (0: never fold); without it, the width of stdout when it
-- is a terminal, and no folding into a pipe or file.
function M.width()
  local env = os.getenv("NETLAB_WIDTH")
  local n = env and tonumber(env)
  if n then return n > 0 and math.floor(n) or nil end
  return (require("netlab.c.fd").termsize(1))
end

return M
