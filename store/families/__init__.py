"""Document families: one module per kind of raw document, each a pipeline of the shared passes."""
