-- netlab.doc_packet: the doc lines of this area (see netlab.doc).
return {
}
