-- netlab.doc_diag: the doc lines of this area (see netlab.doc).
return {
}
