"""A publication from the official site by its key: the XML with its metadata.xml, else the PDF.

    {OFFICIAL}/{key}.xml, {OFFICIAL}/{key}/metadata.xml, else {OFFICIAL}/{key}.pdf

A corrected version (`kst-…-n1`) is stored under the name of what it corrects, so that importing
it replaces that document (same source, same id: store.formats.work_key) and the user's notes on
it are placed again.
"""

from __future__ import annotations

from store.fetch.http import Client, FetchError, NotFound, Response
from store.fetch.model import Download, Why
from store.files.sniff import sniff
from store.formats import version_of, work_key


def download(key: str, client: Client, base: str) -> Download:
    """The official XML (with its metadata.xml when there is one), else the PDF; FetchError
    (NotFound when neither is there)."""
    xml_url, pdf_url = f"{base}/{key}.xml", f"{base}/{key}.pdf"
    stem = work_key(key)
    why: Why = "version" if version_of(key) else "new"
    try:
        xml = _expect(client.get(xml_url), "xml")
    except NotFound:
        try:
            pdf = _expect(client.get(pdf_url), "pdf")
        except NotFound:
            raise NotFound(f"{xml_url} nor {pdf_url}") from None
        return Download({f"{stem}.pdf": pdf}, why)
    try:
        metadata: bytes | None = _expect(client.get(f"{base}/{key}/metadata.xml"), "xml")
    except NotFound:
        metadata = None
    files = {f"{stem}.xml": xml}
    if metadata is not None:
        files[f"{stem}.metadata.xml"] = metadata
    return Download(files, why)


def _expect(resp: Response, kind: str) -> bytes:
    """The body if it is what was asked for; an HTML page (the site's error page) is not found."""
    found = sniff(resp.body)
    if found.format == "html" or found.format != kind:
        raise NotFound(resp.url)
    return resp.body


__all__ = ["FetchError", "download"]
