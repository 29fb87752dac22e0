"""The files users have, each read into the same `Document` through the parsing pipeline.

A file's format is decided from its bytes (`sniff.py`), never from its name:

    pdf      %PDF-                              files/pdf.py: characters with size and baseline
    docx     a zip holding word/document.xml    files/docx.py: paragraphs, styles, footnotes
    xml      the official repository's XML      files/official_xml.py (+ its metadata.xml)
    html     a page of the official site        files/official_html.py
    text     anything else that decodes         store/decoding.py, then the text families

What a format reader gives is structure (paragraphs, notes, what the page furniture said), and
the families of store/parsing/ read it from there: the same questions, answers, footnotes and
references, whatever the file was.
"""
