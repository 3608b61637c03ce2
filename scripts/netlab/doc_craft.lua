-- netlab.doc_craft: the doc lines of this area (see netlab.doc).
return {
}
