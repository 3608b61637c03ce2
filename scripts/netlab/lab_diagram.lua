-- netlab.lab_diagram: lab:diagram(), a picture of a lab's topology.
--   print(lab:diagram())                   -- text, one line per link
--   io.open("lab.svg", "w"):write(lab:diagram{format = "svg"})
--   lab:diagram{format = "dot"}            -- for Graphviz: dot -Tpng
--
-- The picture shows the hosts (routers and switches marked), each link
-- and, at each of its ends, the interface and the addresses it has now
-- (host:addrs(): aliases added later included, IPv6 link-local left out).
-- In text, a router or switch is drawn as a small tree of its links:
--   r (router)
--   +-- [eth0 10.0.1.254/24] ------ [eth0 10.0.1.1/24] a
--   `-- [eth1 10.0.2.254/24] ------ [eth0 10.0.2.2/24] b
-- and a link between two plain hosts as one line:
--   client [eth0 10.0.0.1/24] ------------ [eth0 10.0.0.2/24] server
-- A lab that is one line of three or more devices (h1 - r1 - sw - r2 -
-- h3) is drawn as one column instead, each device once:
--   h1
--   |  [eth0 10.0.1.1/24]
--   |  [eth0 10.0.1.254/24]
--   r1 (router)
--   ...
local selfcheck = require "netlab.selfcheck"
local lab_module = require "netlab.lab"

local M = {}

local Lab = lab_module.Lab
local argerror, typename = lab_module.argerror, lab_module.typename

-- The model -------------------------------------------------------------

-- "router", "switch" or "host": what H is in its lab.
local function kind_of(h)
  if h:is_router() then return "router" end
  if h:is_switch() then return "switch" end
  return "host"
end

-- The addresses host H has now, per interface: {iface = {{text, label}...}},
-- or nil when they cannot be read (a closed host).
local function current_addrs(h)
  if not h:_isopen() then return nil end
  local rows = h:addrs()
  if not rows then return nil end
  local by_iface = {}
  for _, r in ipairs(rows) do
    if r.scope ~= "link" and r.scope ~= "host" then
      local list = by_iface[r.iface] or {}
      list[#list + 1] = {text = r.cidr, label = r.label ~= r.iface and r.label or nil}
      by_iface[r.iface] = list
    end
  end
  return by_iface
end

-- One node per host of LAB (on every machine), in the order they were
-- made; BY_HOST maps a host to its node.
local function nodes_of(lab)
  local nodes, by_host = {}, {}
  for i, h in ipairs(lab._order) do
    local n = {index = i, host = h, name = h:name(), kind = kind_of(h), closed = not h:_isopen(),
      addrs = current_addrs(h), links = {}, used = {}}
    nodes[i], by_host[h] = n, n
  end
  return nodes, by_host
end

-- One end of a link as the picture shows it: {node, iface, addrs}.
local function end_of(e, by_host)
  local n = by_host[e.host]
  local addrs = {}
  if n.addrs then
    addrs = n.addrs[e.iface] or {}
  else
    for i, text in ipairs(e.addrs) do addrs[i] = {text = text} end
  end
  n.used[e.iface] = true
  return {node = n, iface = e.iface, addrs = addrs}
end

-- The model of LAB: {nodes, edges}; each edge {a = end, b = end}.
local function model(lab)
  local nodes, by_host = nodes_of(lab)
  local edges = {}
  local links = table.move(lab._links, 1, #lab._links, 1, {})
  table.move(lab._remote_links or {}, 1, #(lab._remote_links or {}), #links + 1, links) -- those of one machine there
  for i, l in ipairs(links) do
    local x, y = l:ends()
    if x and y then
      local e = {index = i, a = end_of(x, by_host), b = end_of(y, by_host)}
      edges[#edges + 1] = e
      table.insert(e.a.node.links, e)
      table.insert(e.b.node.links, e)
    end
  end
  return {nodes = nodes, edges = edges}
end

-- Interfaces of node N with addresses but no link (a dummy made with
-- host:sh): sorted {iface, addrs} pairs.
local function unlinked_ifaces(n)
  local out = {}
  for iface, addrs in pairs(n.addrs or {}) do
    if not n.used[iface] then out[#out + 1] = {iface = iface, addrs = addrs} end
  end
  table.sort(out, function(p, q) return p.iface < q.iface end)
  return out
end

-- The far end of edge E seen from node N, and N's own end.
local function ends_from(e, n)
  if e.a.node == n then return e.a, e.b end
  return e.b, e.a
end

-- Text ------------------------------------------------------------------

-- "eth0 10.0.0.1/24, eth0:0 192.168.88.88/32": an interface and its addresses.
local function iface_text(iface, addrs)
  local parts = {iface .. (addrs[1] and " " .. addrs[1].text or "")}
  for i = 2, #addrs do
    local a = addrs[i]
    parts[#parts + 1] = a.label and (a.label .. " " .. a.text) or a.text
  end
  return table.concat(parts, ", ")
end

-- "[eth0 10.0.0.1/24]": one end of a link in brackets.
local function end_text(en) return "[" .. iface_text(en.iface, en.addrs) .. "]" end

-- "r (router)", "sw (switch)", "a (closed)": a node's name as drawn.
local function node_text(n)
  local marks = {}
  if n.kind ~= "host" then marks[#marks + 1] = n.kind end
  if n.closed then marks[#marks + 1] = "closed" end
  return #marks > 0 and ("%s (%s)"):format(n.name, table.concat(marks, ", ")) or n.name
end

-- S padded with spaces to WIDTH characters.
local function pad(s, width) return s .. (" "):rep(width - #s) end

-- The tree of hub N (a router or switch): its name, then a line per link.
local function hub_block(n)
  local rows, width = {}, 0
  for i, e in ipairs(n.links) do
    local mine, far = ends_from(e, n)
    rows[i] = {end_text(mine), end_text(far) .. " " .. node_text(far.node)}
    width = math.max(width, #rows[i][1])
  end
  local lines = {node_text(n)}
  for i, r in ipairs(rows) do
    local branch = i == #rows and "`-- " or "+-- "
    lines[#lines + 1] = branch .. r[1] .. " " .. ("-"):rep(6 + width - #r[1]) .. " " .. r[2]
  end
  return table.concat(lines, "\n")
end

-- One aligned line per edge of EDGES (links between plain hosts).
local function plain_block(edges)
  local rows, w1, w2 = {}, 0, 0
  for i, e in ipairs(edges) do
    rows[i] = {node_text(e.a.node), end_text(e.a), end_text(e.b) .. " " .. node_text(e.b.node)}
    w1, w2 = math.max(w1, #rows[i][1]), math.max(w2, #rows[i][2])
  end
  local lines = {}
  for i, r in ipairs(rows) do
    lines[i] = pad(r[1], w1) .. " " .. r[2] .. " " .. ("-"):rep(12 + w2 - #r[2]) .. " " .. r[3]
  end
  return table.concat(lines, "\n")
end

-- Lines for hosts without links and interfaces that are in no link.
local function loose_block(m)
  local lines = {}
  for _, n in ipairs(m.nodes) do
    if #n.links == 0 then lines[#lines + 1] = node_text(n) .. " (no links)" end
    for _, p in ipairs(unlinked_ifaces(n)) do
      lines[#lines + 1] = ("%s [%s] (no link)"):format(node_text(n), iface_text(p.iface, p.addrs))
    end
  end
  return #lines > 0 and table.concat(lines, "\n") or nil
end

-- True if the trees and plain lines would draw a device twice: a link
-- between two routers or switches (one in each tree), or a host on two links.
local function repeats(m)
  for _, e in ipairs(m.edges) do
    if e.a.node.kind ~= "host" and e.b.node.kind ~= "host" then return true end
  end
  for _, n in ipairs(m.nodes) do
    if n.kind == "host" and #n.links > 1 then return true end
  end
  return false
end

-- The nodes of model M in order along a line, when M is one: three or
-- more nodes, connected, each on at most two links, no loop (h1 - r1 -
-- sw - r2 - h3), that the trees would draw a device of twice. Nil otherwise.
local function line_order(m)
  if #m.nodes < 3 or #m.edges ~= #m.nodes - 1 then return nil end
  local start
  for _, n in ipairs(m.nodes) do
    if #n.links > 2 then return nil end
    if #n.links == 1 and not start then start = n end
  end
  local order, prev_edge, n = {}, nil, start
  while n do
    order[#order + 1] = n
    local next_edge
    for _, e in ipairs(n.links) do
      if e ~= prev_edge then next_edge = e end
    end
    if not next_edge or #order >= 2 * #m.nodes then break end -- a loop: give up below
    local _, far = ends_from(next_edge, n)
    order[#order + 1] = next_edge
    prev_edge, n = next_edge, far.node
  end
  if start == nil or #order ~= 2 * #m.nodes - 1 then return nil end -- not connected
  return repeats(m) and order or nil
end

-- A line topology drawn top to bottom, each device once, each link as a
-- "|" with the interface at either end: ORDER alternates nodes and edges.
local function line_block(order)
  local lines = {node_text(order[1])}
  for i = 2, #order, 2 do
    local e, below = order[i], order[i + 1]
    local far, mine = ends_from(e, below)
    lines[#lines + 1] = "|  " .. end_text(mine)
    lines[#lines + 1] = "|  " .. end_text(far)
    lines[#lines + 1] = node_text(below)
  end
  return table.concat(lines, "\n")
end

-- The text picture of model M (TITLE first): a line topology as one
-- column, else hub trees and plain links; then loose ends.
local function render_text(m, title)
  local order = line_order(m)
  if order then
    local blocks = {title}
    blocks[#blocks + 1] = line_block(order)
    blocks[#blocks + 1] = loose_block(m)
    return table.concat(blocks, "\n\n")
  end
  local blocks, plain = {title}, {}
  for _, n in ipairs(m.nodes) do
    if n.kind ~= "host" and #n.links > 0 then blocks[#blocks + 1] = hub_block(n) end
  end
  for _, e in ipairs(m.edges) do
    if e.a.node.kind == "host" and e.b.node.kind == "host" then plain[#plain + 1] = e end
  end
  if #plain > 0 then blocks[#blocks + 1] = plain_block(plain) end
  blocks[#blocks + 1] = loose_block(m)
  if #m.nodes == 0 then blocks[#blocks + 1] = "(empty lab)" end
  return table.concat(blocks, "\n\n")
end

-- Layout (SVG) ------------------------------------------------------------

local CHAR = 7.2    -- px per character of the 12px monospace font
local LINE = 14     -- px per line of text
local ROWGAP = 110  -- px between the centres of nodes in one column
local MARGIN = 20   -- px around the picture

-- The lines of text naming one end: "eth0 10.0.0.1/24", then one line
-- per further address.
local function end_lines(en)
  local lines = {en.iface .. (en.addrs[1] and " " .. en.addrs[1].text or "")}
  for i = 2, #en.addrs do
    local a = en.addrs[i]
    lines[#lines + 1] = a.label and (a.label .. " " .. a.text) or a.text
  end
  return lines
end

-- The width in px of the widest of LINES.
local function text_width(lines)
  local w = 0
  for _, s in ipairs(lines) do w = math.max(w, #s * CHAR) end
  return w
end

-- Gives node N its size: w, h (half sizes hw, hh) and its text lines.
local function size_node(n)
  n.lines = {n.name}
  if n.kind ~= "host" then n.lines[2] = "(" .. n.kind .. ")" end
  if n.closed then n.lines[#n.lines + 1] = "(closed)" end
  n.w = text_width(n.lines) + (n.kind == "host" and 20 or 40)
  n.h = #n.lines * LINE + 16
  n.hw, n.hh = n.w / 2, n.h / 2
end

-- The node to start laying out the component of node N from: the one
-- with most links (routers and switches first on a tie).
local function pick_root(component)
  local best
  for _, n in ipairs(component) do
    local score = #n.links * 2 + (n.kind ~= "host" and 1 or 0)
    if not best or score > best.score then best = {node = n, score = score} end
  end
  return best.node
end

-- The column of a node first reached from node N, the K-th of the
-- root's neighbours (of COUNT): the root's neighbours alternate left and
-- right of it (a lone one goes right), the rest go on outwards.
local function column_from(n, k, count)
  if n.level ~= 0 then return n.level + (n.level < 0 and -1 or 1) end
  if count < 2 then return 1 end
  return k % 2 == 1 and -1 or 1
end

-- The number of distinct neighbours of node N.
local function neighbours(n)
  local set, count = {}, 0
  for _, e in ipairs(n.links) do
    local _, far = ends_from(e, n)
    if not set[far.node] then set[far.node], count = true, count + 1 end
  end
  return count
end

-- The nodes connected to ROOT (breadth first), each given .level, its
-- column relative to the root's; marks them in SEEN.
local function bfs(root, seen)
  local order, i, k, count = {root}, 1, 0, neighbours(root)
  root.level, seen[root] = 0, true
  while order[i] do
    local n = order[i]
    for _, e in ipairs(n.links) do
      local _, far = ends_from(e, n)
      if not seen[far.node] then
        if n == root then k = k + 1 end
        seen[far.node], far.node.level = true, column_from(n, k, count)
        order[#order + 1] = far.node
      end
    end
    i = i + 1
  end
  return order
end

-- The connected groups of nodes of model M, each ordered breadth first
-- from its root.
local function components(m)
  local seen, out = {}, {}
  for _, n in ipairs(m.nodes) do
    if not seen[n] then
      local first = bfs(n, {})
      out[#out + 1] = bfs(pick_root(first), seen)
    end
  end
  return out
end

-- The widest node, and the px from one column's centre to the next: the
-- widest node plus the two end labels on either side of a link.
local function column_gap(m)
  local node_w, label_w = 0, 0
  for _, n in ipairs(m.nodes) do node_w = math.max(node_w, n.w) end
  for _, e in ipairs(m.edges) do
    label_w = math.max(label_w, text_width(end_lines(e.a)), text_width(end_lines(e.b)))
  end
  return node_w, node_w + 2 * label_w + 60
end

-- Places the nodes of COMPONENT (x, y) in columns by level (LO the
-- leftmost level of the picture) below TOP; returns the height used.
local function place(component, top, node_w, gap, lo)
  local columns, rows = {}, 1
  for _, n in ipairs(component) do
    local col = columns[n.level] or {}
    col[#col + 1] = n
    columns[n.level] = col
    rows = math.max(rows, #col)
  end
  for level, col in pairs(columns) do
    local offset = (rows - #col) * ROWGAP / 2
    for i, n in ipairs(col) do
      n.x = MARGIN + node_w / 2 + (level - lo) * gap
      n.y = top + offset + (i - 0.5) * ROWGAP
    end
  end
  return rows * ROWGAP
end

-- Lays out model M: positions for every node; returns width, height.
local function layout(m, top)
  for _, n in ipairs(m.nodes) do size_node(n) end
  local node_w, gap = column_gap(m)
  local parts, lo, hi = components(m), 0, 0
  for _, n in ipairs(m.nodes) do lo, hi = math.min(lo, n.level), math.max(hi, n.level) end
  local y = top
  for _, c in ipairs(parts) do y = y + place(c, y, node_w, gap, lo) end
  return math.ceil(node_w + (hi - lo) * gap + 2 * MARGIN), math.ceil(y + MARGIN)
end

-- SVG ---------------------------------------------------------------------

-- S with &, <, >, " and ' escaped for XML text and attributes.
local function xml_escape(s)
  local map = {["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;"}
  return (tostring(s):gsub("[&<>\"']", map))
end

-- <text> elements for LINES from X, Y (the first line's baseline) down.
local function svg_lines(x, y, anchor, lines, class)
  local out = {}
  for i, s in ipairs(lines) do
    out[i] = ('<text x="%.1f" y="%.1f" text-anchor="%s" class="%s">%s</text>')
      :format(x, y + (i - 1) * LINE, anchor, class, xml_escape(s))
  end
  return table.concat(out, "\n")
end

-- The shape of node N: a box (host), an ellipse (router), a hexagon (switch).
local function svg_shape(n)
  local cls = n.kind .. (n.closed and " closed" or "")
  if n.kind == "router" then
    return ('<ellipse cx="%.1f" cy="%.1f" rx="%.1f" ry="%.1f" class="%s"/>'):format(n.x, n.y, n.hw, n.hh, cls)
  elseif n.kind == "switch" then
    local x0, x1, x2, x3 = n.x - n.hw, n.x - n.hw + 12, n.x + n.hw - 12, n.x + n.hw
    return ('<polygon points="%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f" class="%s"/>')
      :format(x0, n.y, x1, n.y - n.hh, x2, n.y - n.hh, x3, n.y, x2, n.y + n.hh, x1, n.y + n.hh, cls)
  end
  return ('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="3" class="%s"/>')
    :format(n.x - n.hw, n.y - n.hh, n.w, n.h, cls)
end

-- Node N: its shape and name.
local function svg_node(n)
  local y = n.y - (#n.lines - 1) * LINE / 2 + 4
  return svg_shape(n) .. "\n" .. svg_lines(n.x, y, "middle", n.lines, "name")
end

-- Where the label of end EN of a link going towards node FAR goes (x,
-- y of its first line, text-anchor, lines): beside the
-- node, above the line (below it when the line goes down), so the
-- labels of links fanning out of one node stay apart.
local function end_label_at(en, far)
  local n, lines = en.node, end_lines(en)
  local dx, dy = far.x - n.x, far.y - n.y
  local len = math.max(math.sqrt(dx * dx + dy * dy), 1)
  local ux, uy = dx / len, dy / len
  if math.abs(ux) < 0.3 then -- a (nearly) vertical link: beside it
    local y = n.y + uy * (n.hh + 16)
    return n.x + 6, y, "start", lines
  end
  local half = text_width(lines) / 2
  local t = (n.hw + half + 8) / math.abs(ux)
  local rise = math.abs(uy / ux) * half -- the line's climb under half the label
  local x, y = n.x + ux * t, n.y + uy * t
  if uy > 0.05 then -- a link going down: the label below it
    y = y + rise + 14
  else
    y = y - rise - 5 - (#lines - 1) * LINE
  end
  return x, y, "middle", lines
end

-- The <text> of that label.
local function svg_end_label(en, far)
  local x, y, anchor, lines = end_label_at(en, far)
  return svg_lines(x, y, anchor, lines, "port")
end

-- Edge E: its line and the labels of both ends.
local function svg_edge(e)
  local a, b = e.a.node, e.b.node
  return table.concat({
    ('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="link"/>'):format(a.x, a.y, b.x, b.y),
    svg_end_label(e.a, b), svg_end_label(e.b, a)}, "\n")
end

-- The SVG's style sheet.
local SVG_STYLE = [[
<style>
text { font-family: monospace; font-size: 12px; fill: #222; }
.name { font-weight: bold; }
.port { fill: #1a5fb4; }
.title { font-size: 14px; font-weight: bold; }
.link { stroke: #555; stroke-width: 1.5; }
rect.host { fill: #f6f5f4; stroke: #222; stroke-width: 1.2; }
ellipse.router { fill: #fdf0d5; stroke: #a05a00; stroke-width: 1.5; }
polygon.switch { fill: #e3f0e0; stroke: #26a269; stroke-width: 1.5; }
.closed { stroke-dasharray: 4 3; fill: #eee; }
</style>]]

-- The SVG picture of model M (TITLE above it): a standalone document.
local function render_svg(m, title)
  local top = MARGIN + (title and 24 or 0)
  local width, height = layout(m, top)
  if #m.nodes == 0 then width, height = 200, top + 40 end
  local out = {
    '<?xml version="1.0" encoding="UTF-8"?>',
    ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d">')
      :format(width, height, width, height),
    SVG_STYLE,
  }
  if title then out[#out + 1] = svg_lines(MARGIN, MARGIN + 12, "start", {title}, "title") end
  if #m.nodes == 0 then out[#out + 1] = svg_lines(MARGIN, top + 20, "start", {"(empty lab)"}, "name") end
  for _, e in ipairs(m.edges) do out[#out + 1] = svg_edge(e) end
  for _, n in ipairs(m.nodes) do out[#out + 1] = svg_node(n) end
  out[#out + 1] = "</svg>"
  return table.concat(out, "\n") .. "\n"
end

-- Graphviz dot ------------------------------------------------------------

-- LINES as one dot string: quoted, \ and " escaped, lines joined by \n.
local function dot_string(lines)
  local out = {}
  for i, s in ipairs(lines) do out[i] = (s:gsub('[\\"]', "\\%0"):gsub("\n", "\\n")) end
  return '"' .. table.concat(out, "\\n") .. '"'
end

local DOT_SHAPE = {host = "box", router = "ellipse", switch = "hexagon"}

-- Node N as a dot statement: its name, its kind's shape.
local function dot_node(n)
  local lines = {n.name}
  if n.kind ~= "host" then lines[2] = "(" .. n.kind .. ")" end
  if n.closed then lines[#lines + 1] = "(closed)" end
  return ("  %s [shape=%s, label=%s%s];"):format(dot_string{n.name}, DOT_SHAPE[n.kind], dot_string(lines),
    n.closed and ", style=dashed" or "")
end

-- Edge E as a dot statement: each end's label at its end.
local function dot_edge(e)
  return ("  %s -- %s [taillabel=%s, headlabel=%s];"):format(dot_string{e.a.node.name},
    dot_string{e.b.node.name}, dot_string(end_lines(e.a)), dot_string(end_lines(e.b)))
end

-- The Graphviz dot text of model M (TITLE as its label).
local function render_dot(m, title)
  local out = {"graph lab {", "  graph [rankdir=LR];", '  node [fontname="monospace", fontsize=11];',
    '  edge [fontname="monospace", fontsize=9, labeldistance=2.5];'}
  if title then out[#out + 1] = ("  graph [label=%s, labelloc=t];"):format(dot_string{title}) end
  for _, n in ipairs(m.nodes) do out[#out + 1] = dot_node(n) end
  for _, e in ipairs(m.edges) do out[#out + 1] = dot_edge(e) end
  out[#out + 1] = "}"
  return table.concat(out, "\n") .. "\n"
end

-- lab:diagram ---------------------------------------------------------------

local RENDER = {text = render_text, svg = render_svg, dot = render_dot}
local OPTS = {format = "string", title = "string"}

-- Raises a "bad argument #1 to 'diagram'" error with MSG (at the caller
-- of lab:diagram).
local function bad_opt(msg) argerror(1, "diagram", msg, 3) end

-- OPTS checked: nil or {format = "text"|"svg"|"dot", title = string}.
local function check_opts(opts)
  if opts == nil then return {} end
  if type(opts) ~= "table" then bad_opt("table expected, got " .. typename(opts)) end
  for k, v in pairs(opts) do
    if not OPTS[k] then bad_opt(("unknown option '%s' (format or title expected)"):format(tostring(k))) end
    if type(v) ~= OPTS[k] then bad_opt(("%s: string expected, got %s"):format(k, typename(v))) end
  end
  if opts.format ~= nil and not RENDER[opts.format] then
    bad_opt(('format: "text", "svg" or "dot" expected, got %q'):format(opts.format))
  end
  return opts
end

-- The laid-out picture of LAB as plain data, for the web view
-- (netlab.web draws it in the page): {width, height, line = LINE,
-- nodes = {{name, kind, closed, x, y, w, h, lines}...}, edges =
-- {{index, a = end, b = end}...}}, an end being {host, iface, lines, x,
-- y, anchor} (its label's place).
function M.picture(lab)
  local m = model(lab)
  local width, height = layout(m, MARGIN)
  local nodes, edges = {}, {}
  for i, n in ipairs(m.nodes) do
    nodes[i] = {name = n.name, kind = n.kind, closed = n.closed, x = n.x, y = n.y,
                w = n.w, h = n.h, lines = n.lines}
  end
  local function pic_end(en, far)
    local x, y, anchor, lines = end_label_at(en, far)
    return {host = en.node.name, iface = en.iface, lines = lines, x = x, y = y, anchor = anchor}
  end
  for i, e in ipairs(m.edges) do
    edges[i] = {index = e.index, a = pic_end(e.a, e.b.node), b = pic_end(e.b, e.a.node)}
  end
  return {width = width, height = height, line = LINE, nodes = nodes, edges = edges}
end

-- lab:diagram([{format =, title =}]) -> text: the lab's topology drawn as
-- text (the default; no newline at its end, for print), a standalone SVG
-- document or Graphviz dot.
function Lab:diagram(opts)
  selfcheck.check(self, Lab, "diagram")
  if self._closed then error("attempt to use a closed lab", 2) end
  opts = check_opts(opts)
  local m = model(self)
  return RENDER[opts.format or "text"](m, opts.title)
end

return M
