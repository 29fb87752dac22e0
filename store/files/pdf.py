"""A PDF's characters, each with its font size and baseline: what store/parsing/passes/layout.py
reads the page from (a footnote marker is a smaller character above the baseline, a note's
text the small lines at the page foot, the running footer furniture by place and size).

pdfminer.six reads the file (MIT, pure Python): it gives every character's size and position;
its own layout analysis is not used (lines and paragraphs are made from the characters here,
which is faster and tells markers apart). A file that is not a readable PDF, an encrypted
one, or one without a text layer (a scan) is one ParseError line.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

from store.errors import ParseError
from store.parsing.passes.layout import Glyph, Page

# A paper of the Kamer runs to tens of pages, a big report to a few hundred; past this a PDF
# is not a paper (or is a bomb of pages), and reading it would only stall an import.
MAX_PAGES = 2000

NO_TEXT = "no text layer: scanned PDF, OCR is not supported"


def read_pdf(data: bytes, source: str) -> tuple[Page, ...]:
    """The pages of a PDF as glyphs; ParseError naming `source` when it cannot be read."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are about the file, said below
    try:
        pages = tuple(_pages(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ParseError(source, "encrypted PDF: not read (it needs a password)") from None
    except ParseError as exc:
        raise ParseError(source, exc.problem) from None
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, IndexError, AttributeError,
            AssertionError, OverflowError, ZeroDivisionError, UnicodeDecodeError, RecursionError) as exc:  # fmt: skip
        # pdfminer raises many kinds of error on a damaged file; each is the file's, not ours.
        raise ParseError(source, f"damaged PDF: not read ({exc.__class__.__name__}: {_one_line(exc)})") from None
    if not pages:
        raise ParseError(source, "damaged PDF: not read (it has no pages)")
    if not any(g.text.strip() for page in pages for g in page.glyphs):
        raise ParseError(source, NO_TEXT)
    return pages


def _pages(data: bytes) -> Iterator[Page]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    if not document.is_extractable:
        raise ParseError("", "its author forbids extracting its text: not read")
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=None)
    interpreter = PDFPageInterpreter(resources, device)
    for number, page in enumerate(PDFPage.create_pages(document), start=1):
        if number > MAX_PAGES:
            raise ParseError("", f"more than {MAX_PAGES} pages: not read")
        interpreter.process_page(page)
        layout = device.get_result()
        glyphs = []
        for item in layout:
            if isinstance(item, LTChar):
                a, b, c, d, e, f = item.matrix
                if abs(b) > 1e-3 or a <= 0:  # rotated text: a margin note set sideways, not the page's lines
                    continue
                glyphs.append(Glyph(item.get_text(), item.x0, item.x1, f, item.size))
        yield Page(number, layout.width, layout.height, tuple(glyphs))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or "no detail"
