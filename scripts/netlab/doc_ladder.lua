-- netlab.doc_ladder: the doc lines of this area (see netlab.doc).
return {
  ["netlab.ladder"] = "netlab.ladder(packets[, {names =, format = \"text\"|\"svg\", width =}]) -> text -- the first TCP conversation of packets (a list, a capture, a pcap reader or a pcap file's path; names = {\"client\", \"server\"} or {[\"10.0.0.1\"] = \"client\", ...} also picks the conversation) as a ladder diagram: one arrow per segment labelled with flags and relative seq/ack/len, each side's TCP state after it; format = \"svg\" gives a standalone SVG",
}
