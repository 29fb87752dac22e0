"""The bundled sample corpus: the five seed documents. Data only."""
