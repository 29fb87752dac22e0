"""A document the Tweede Kamer's open data names, fetched as the best file there is for it.

A document with an official key (a Kamerstuk, an answer in the Aanhangsel, the questions) is
fetched from the official site, whose XML reads best; one without (a Mededeling that an answer
is late, a letter outside a dossier) or not yet published there is the Kamer's own file,
`Document(<Id>)/resource`, a PDF or Word file, kept as `{DocumentNummer}.pdf|docx`.
"""

from __future__ import annotations

from dataclasses import replace

from store.fetch.http import Client, FetchError, NotFound
from store.fetch.model import Download, Why
from store.fetch.odata import TkDocument, resource_url
from store.fetch.official import download
from store.fetch.sources import Sources
from store.files.sniff import sniff


def why_of(soort: str) -> Why:
    """ "Antwoord schriftelijke vragen" -> answer; "Mededeling (uitstel antwoord)" -> mededeling."""
    said = soort.lower()
    if said.startswith("antwoord") or "antwoord schriftelijke vragen" in said:
        return "answer"
    if said.startswith("mededeling"):
        return "mededeling"
    return "new"


def tk_download(doc: TkDocument, client: Client, sources: Sources) -> Download:
    why = why_of(doc.soort)
    if doc.key:
        try:
            return replace(download(doc.key, client, sources.official), why=why)
        except NotFound:
            pass  # not (yet) on the official site: the Kamer's own file
    resp = client.get(resource_url(sources.tk_api, doc.id))
    kind = sniff(resp.body).format
    if kind not in ("pdf", "docx"):
        raise FetchError(f"the Kamer's file for {doc.number} is not a PDF or Word document ({kind})")
    return Download({f"{doc.number}.{kind}": resp.body}, why)
