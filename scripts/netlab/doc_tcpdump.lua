-- netlab.doc_tcpdump: the doc lines of this area (see netlab.doc).
return {
}
