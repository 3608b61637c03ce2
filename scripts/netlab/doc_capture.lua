-- netlab.doc_capture: the doc lines of this area (see netlab.doc).
return {
}
