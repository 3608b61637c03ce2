-- spec/diagram_spec.lua: lab:diagram draws what the lab is. Two hosts
-- give one line; a router and a switch give a tree of their links; an
-- alias added later shows at its interface, and goes when deleted; SVG
-- is a well-formed document with a shape per kind of host; dot is a
-- graph with a labelled edge per link; text from the user is escaped;
-- bad input and a closed lab raise; lab:diagram has its doc line.
local lu = require "luaunit"
local helper = require "helper"
local doc = require "netlab.doc"

TestDiagram = {}

function TestDiagram:setUp() self.labs = {} end
function TestDiagram:tearDown()
  for _, lab in ipairs(self.labs) do lab:close() end
end

-- A new lab, closed by tearDown.
function TestDiagram:lab()
  local lab = netlab.lab()
  self.labs[#self.labs + 1] = lab
  return lab
end

-- The lab of the course notes: client and www.baidu.com on one link.
function TestDiagram:two_hosts()
  local lab = self:lab()
  local c, w = assert(lab:host "client"), assert(lab:host "www.baidu.com")
  assert(lab:link(c, w, "10.0.0.1/24", "10.0.0.2/24"))
  return lab, c, w
end

-- a -- r -- b: a router between two networks.
function TestDiagram:routed()
  local lab = self:lab()
  local a, r, b = assert(lab:host "a"), assert(lab:router "r"), assert(lab:host "b")
  assert(lab:link(a, r, "10.0.1.1/24", "10.0.1.254/24"))
  assert(lab:link(r, b, "10.0.2.254/24", "10.0.2.2/24"))
  return lab
end

-- a, b and c plugged into switch sw.
function TestDiagram:switched()
  local lab = self:lab()
  local sw = assert(lab:switch "sw")
  for i, name in ipairs{"a", "b", "c"} do
    assert(lab:link(assert(lab:host(name)), sw, ("10.0.0.%d/24"):format(i)))
  end
  return lab
end

-- The number of times PATTERN (plain) occurs in S.
local function count(s, pattern)
  local n, at = 0, 1
  while true do
    local i, j = s:find(pattern, at, true)
    if not i then return n end
    n, at = n + 1, j + 1
  end
end

-- Asserts TEXT is well-formed XML (when xmllint is installed).
local function assert_xml(text)
  local _, _, found = netlab.sh("command -v xmllint >/dev/null", {timeout = 5})
  if found ~= 0 then return end
  local _, err, code = helper.run("xmllint --noout " .. helper.tmpfile(text, ".svg"))
  lu.assertEquals(code, 0, err)
end

-- Text ------------------------------------------------------------------

function TestDiagram:test_two_hosts_are_one_line_with_both_ends()
  local lab = self:two_hosts()
  lu.assertEquals(lab:diagram(),
    "client [eth0 10.0.0.1/24] ------------ [eth0 10.0.0.2/24] www.baidu.com")
  lu.assertEquals(lab:diagram{format = "text"}, lab:diagram())
end

function TestDiagram:test_a_router_is_a_tree_of_its_links()
  lu.assertEquals(self:routed():diagram(), table.concat({
    "r (router)",
    "+-- [eth0 10.0.1.254/24] ------ [eth0 10.0.1.1/24] a",
    "`-- [eth1 10.0.2.254/24] ------ [eth0 10.0.2.2/24] b",
  }, "\n"))
end

function TestDiagram:test_a_line_topology_draws_each_device_once()
  local lab = self:lab()
  local h1, r1, sw = assert(lab:host "h1"), assert(lab:router "r1"), assert(lab:switch "sw")
  local r2, h3 = assert(lab:router "r2"), assert(lab:host "h3")
  assert(lab:link(h1, r1, "10.0.1.1/24", "10.0.1.254/24"))
  assert(lab:link(r1, sw, "10.0.2.1/24"))
  assert(lab:link(r2, sw, "10.0.2.2/24"))
  assert(lab:link(r2, h3, "10.0.3.254/24", "10.0.3.1/24"))
  local text = lab:diagram()
  lu.assertEquals(text, table.concat({
    "h1",
    "|  [eth0 10.0.1.1/24]",
    "|  [eth0 10.0.1.254/24]",
    "r1 (router)",
    "|  [eth1 10.0.2.1/24]",
    "|  [eth0]",
    "sw (switch)",
    "|  [eth1]",
    "|  [eth0 10.0.2.2/24]",
    "r2 (router)",
    "|  [eth1 10.0.3.254/24]",
    "|  [eth0 10.0.3.1/24]",
    "h3",
  }, "\n"))
  for _, name in ipairs{"h1", "r1", "sw", "r2", "h3"} do -- each device named once
    local n = 0
    for line in text:gmatch("[^\n]+") do
      if line == name or line:sub(1, #name + 1) == name .. " " then n = n + 1 end
    end
    lu.assertEquals(n, 1, name)
  end
end

function TestDiagram:test_three_plain_hosts_in_a_line_draw_the_middle_one_once()
  local lab = self:lab()
  local a, b, c = assert(lab:host "a"), assert(lab:host "b"), assert(lab:host "c")
  assert(lab:link(a, b, "10.0.1.1/24", "10.0.1.2/24"))
  assert(lab:link(b, c, "10.0.2.1/24", "10.0.2.2/24"))
  lu.assertEquals(lab:diagram(), "a\n|  [eth0 10.0.1.1/24]\n|  [eth0 10.0.1.2/24]\nb\n"
    .. "|  [eth1 10.0.2.1/24]\n|  [eth0 10.0.2.2/24]\nc")
end

function TestDiagram:test_a_switch_lists_its_ports_and_the_hosts_on_them()
  lu.assertEquals(self:switched():diagram(), table.concat({
    "sw (switch)",
    "+-- [eth0] ------ [eth0 10.0.0.1/24] a",
    "+-- [eth1] ------ [eth0 10.0.0.2/24] b",
    "`-- [eth2] ------ [eth0 10.0.0.3/24] c",
  }, "\n"))
end

function TestDiagram:test_a_router_on_a_switch_is_in_both_trees_and_columns_align()
  local lab = self:switched()
  local r, d = assert(lab:router "r"), assert(lab:host "d")
  local sw = lab:hosts()[1]
  assert(lab:link(r, sw, "10.0.0.254/24"))
  assert(lab:link(r, d, {"10.0.1.254/24", "fd00:1::1/64"}, "10.0.1.2/24"))
  local text = lab:diagram()
  lu.assertStrContains(text, table.concat({
    "r (router)",
    "+-- [eth0 10.0.0.254/24] -------------------- [eth3] sw (switch)",
    "`-- [eth1 10.0.1.254/24, fd00:1::1/64] ------ [eth0 10.0.1.2/24] d",
  }, "\n"))
  lu.assertStrContains(text, "`-- [eth3] ------ [eth0 10.0.0.254/24] r (router)\n\n")
  lu.assertNotStrContains(text, "fe80:", "link-local addresses are left out")
end

function TestDiagram:test_plain_links_line_up_and_loose_hosts_are_listed()
  local lab, c = self:two_hosts()
  local e = assert(lab:host "e")
  assert(lab:link(c, e, "10.9.0.1/24", "10.9.0.2/24"))
  assert(lab:host "lonely")
  lu.assertEquals(lab:diagram(), table.concat({
    "client [eth0 10.0.0.1/24] ------------ [eth0 10.0.0.2/24] www.baidu.com",
    "client [eth1 10.9.0.1/24] ------------ [eth0 10.9.0.2/24] e",
    "",
    "lonely (no links)",
  }, "\n"))
end

function TestDiagram:test_an_interface_in_no_link_is_shown_with_its_addresses()
  local lab = self:lab()
  local a = assert(lab:host "a")
  local _, err, code = a:sh("ip link add v0 type veth peer name v1 && ip addr add 192.0.2.1/24 dev v0",
    {timeout = 5})
  lu.assertEquals(code, 0, err)
  lu.assertEquals(lab:diagram(), "a (no links)\na [v0 192.0.2.1/24] (no link)")
end

function TestDiagram:test_an_empty_lab_says_so()
  local lab = self:lab()
  lu.assertEquals(lab:diagram(), "(empty lab)")
  lu.assertStrContains(lab:diagram{format = "svg"}, "(empty lab)")
  lu.assertEquals(lab:diagram{format = "dot"}:match("^graph lab {"), "graph lab {")
end

function TestDiagram:test_an_alias_added_later_shows_and_goes_when_deleted()
  local lab, _, w = self:two_hosts()
  assert(w:addr_add("eth0", "192.168.88.88/32", {label = "eth0:0"}))
  assert(w:addr_add("eth0", "10.0.0.9/24"))
  local want = "[eth0 10.0.0.2/24, eth0:0 192.168.88.88/32, 10.0.0.9/24] www.baidu.com"
  lu.assertStrContains(lab:diagram(), want)
  lu.assertStrContains(lab:diagram{format = "svg"}, ">eth0:0 192.168.88.88/32</text>")
  lu.assertStrContains(lab:diagram{format = "dot"},
    'headlabel="eth0 10.0.0.2/24\\neth0:0 192.168.88.88/32\\n10.0.0.9/24"')
  assert(w:addr_del("eth0", "192.168.88.88/32"))
  lu.assertNotStrContains(lab:diagram(), "192.168.88.88")
end

function TestDiagram:test_a_host_closed_on_its_own_is_marked_with_its_link_as_made()
  local lab = self:lab()
  local a = assert(lab:host "a")
  do
    local x <close> = assert(lab:host "x")
    assert(lab:link(a, x, "10.0.0.1/24", "10.0.0.2/24"))
  end
  lu.assertStrMatches(lab:diagram(), "a %[eth0[^]]*%] %-+ %[eth0 10%.0%.0%.2/24%] x %(closed%)")
  lu.assertStrContains(lab:diagram{format = "svg"}, 'class="host closed"')
  lu.assertStrContains(lab:diagram{format = "dot"}, '"x" [shape=box, label="x\\n(closed)", style=dashed];')
end

-- SVG and dot -----------------------------------------------------------

function TestDiagram:test_svg_is_a_document_with_a_shape_per_kind()
  local lab = self:switched()
  local r, d = assert(lab:router "r"), assert(lab:host "d")
  assert(lab:link(r, lab:hosts()[1], "10.0.0.254/24"))
  assert(lab:link(r, d, "10.0.1.254/24", "10.0.1.2/24"))
  local svg = lab:diagram{format = "svg"}
  lu.assertStrMatches(svg,
    '^<%?xml version="1.0" encoding="UTF%-8"%?>\n<svg xmlns="http://www.w3.org/2000/svg".*</svg>\n$')
  lu.assertEquals(count(svg, '<rect '), 4, "a box per host: a, b, c, d")
  lu.assertEquals(count(svg, '<ellipse '), 1, "the router")
  lu.assertEquals(count(svg, '<polygon '), 1, "the switch")
  lu.assertEquals(count(svg, 'class="link"'), 5, "a line per link")
  for _, label in ipairs{">eth0 10.0.0.1/24<", ">eth3<", ">eth1 10.0.1.254/24<", ">eth0 10.0.1.2/24<",
      ">sw<", ">(switch)<", ">r<", ">(router)<", ">d<"} do
    lu.assertStrContains(svg, label)
  end
  assert_xml(svg)
end

function TestDiagram:test_svg_of_two_hosts_puts_them_side_by_side()
  local svg = self:two_hosts():diagram{format = "svg"}
  local y1 = svg:match('<rect x="[%d.]+" y="([%d.]+)"')
  local y2 = svg:match('<rect .-<rect x="[%d.]+" y="([%d.]+)"')
  lu.assertNotNil(y1)
  lu.assertEquals(y2, y1, "both boxes on one row")
  assert_xml(svg)
end

function TestDiagram:test_dot_is_a_graph_with_a_labelled_edge_per_link()
  local dot = self:routed():diagram{format = "dot"}
  lu.assertStrMatches(dot, "^graph lab {\n.*\n}\n$")
  lu.assertStrContains(dot, '"a" [shape=box, label="a"];')
  lu.assertStrContains(dot, '"r" [shape=ellipse, label="r\\n(router)"];')
  lu.assertStrContains(dot, '"a" -- "r" [taillabel="eth0 10.0.1.1/24", headlabel="eth0 10.0.1.254/24"];')
  lu.assertStrContains(dot, '"r" -- "b" [taillabel="eth1 10.0.2.254/24", headlabel="eth0 10.0.2.2/24"];')
  lu.assertEquals(count(dot, " -- "), 2)
  lu.assertStrContains(self:switched():diagram{format = "dot"}, '"sw" [shape=hexagon, label="sw\\n(switch)"];')
  local _, _, found = netlab.sh("command -v dot >/dev/null", {timeout = 5})
  if found == 0 then
    local _, err, code = helper.run("dot -Tsvg -o /dev/null " .. helper.tmpfile(dot, ".dot"))
    lu.assertEquals(code, 0, err)
  end
end

-- Escaping --------------------------------------------------------------

function TestDiagram:test_text_from_the_user_is_escaped_in_svg_and_dot()
  local lab = self:two_hosts()
  local title = [[a < b & "c" > d \ 'e']]
  local svg = lab:diagram{format = "svg", title = title}
  lu.assertStrContains(svg, ">a &lt; b &amp; &quot;c&quot; &gt; d \\ &apos;e&apos;</text>")
  lu.assertNotStrContains(svg, "a < b")
  assert_xml(svg)
  local dot = lab:diagram{format = "dot", title = title}
  lu.assertStrContains(dot, [[graph [label="a < b & \"c\" > d \\ 'e'", labelloc=t];]])
  lu.assertStrContains(lab:diagram{title = title}, title .. "\n\nclient [eth0")
end

function TestDiagram:test_host_names_cannot_hold_markup_so_names_need_no_escaping()
  local lab = self:lab()
  for _, name in ipairs{"a<b", "a&b", "a>b", 'a"b'} do
    helper.raises("invalid host name", lab.host, lab, name)
  end
end

-- Bad input -------------------------------------------------------------

function TestDiagram:test_a_closed_lab_raises()
  local lab = self:two_hosts()
  lab:close()
  helper.raises("attempt to use a closed lab", lab.diagram, lab)
  helper.raises("attempt to use a closed lab", lab.diagram, lab, {format = "svg"})
end

function TestDiagram:test_bad_options_raise()
  local lab = self:two_hosts()
  helper.raises([[bad argument #1 to 'diagram' (format: "text", "svg" or "dot" expected, got "png")]],
    lab.diagram, lab, {format = "png"})
  helper.raises("bad argument #1 to 'diagram' (table expected, got string)", lab.diagram, lab, "svg")
  helper.raises("bad argument #1 to 'diagram' (unknown option 'fromat' (format or title expected))",
    lab.diagram, lab, {fromat = "svg"})
  helper.raises("bad argument #1 to 'diagram' (format: string expected, got number)",
    lab.diagram, lab, {format = 1})
  helper.raises("bad argument #1 to 'diagram' (title: string expected, got table)",
    lab.diagram, lab, {title = {}})
  helper.raises("calling 'diagram' on bad self (netlab.lab expected, got table)", lab.diagram, {})
end

function TestDiagram:test_lab_router_still_checks_and_fails_as_before()
  local lab = self:lab()
  assert(lab:router "r")
  helper.raises([[this lab already has a host named "r"]], lab.router, lab, "r")
  helper.raises("string expected, got number", lab.router, lab, 1)
  lu.assertStrContains(lab:diagram(), "r (router) (no links)")
end

-- Docs ------------------------------------------------------------------

function TestDiagram:test_every_function_of_the_module_has_a_doc_line()
  local Lab, n = require("netlab.lab").Lab, 0
  for name, fn in pairs(Lab) do
    if type(fn) == "function" and debug.getinfo(fn, "S").source:find("lab_diagram.lua", 1, true) then
      n = n + 1
      lu.assertNotNil(doc["lab:" .. name], "lab:" .. name .. " has no entry in scripts/netlab/doc_diagram.lua")
    end
  end
  lu.assertEquals(n, 1, "lab:diagram")
  lu.assertStrContains(doc["lab:diagram"], "lab:diagram(")
end
