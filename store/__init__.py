"""kamerlezer's store: the document model, parsing of raw documents, references and the cache.

Nothing in this package imports Textual or the reader (`tui`).
"""
