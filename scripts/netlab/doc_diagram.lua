-- netlab.doc_diagram: the doc lines of this area (see netlab.doc).
return {
  ["lab:diagram"] = "lab:diagram([{format = \"text\"|\"svg\"|\"dot\", title =}]) -> text -- the lab's topology: hosts (routers and switches marked; those of every machine, lab:machine), links, and at each end the interface and the addresses it has now (aliases too); text draws a lab that is one line of devices (h1 - r1 - sw - r2 - h3) as one column, each device once, else a router or switch as a tree of its links and a plain link as one line, \"svg\" gives a standalone SVG document, \"dot\" Graphviz dot text",
}
