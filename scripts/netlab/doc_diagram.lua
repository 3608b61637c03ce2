-- netlab.doc_diagram: the doc lines of this area (see netlab.doc).
return {
}
