-- netlab.doc_ladder: the doc lines of this area (see netlab.doc).
return {
}
