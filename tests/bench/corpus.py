"""Synthetic libraries for the benchmark: raw documents of all five families, made from the seeds.

    .venv/bin/python -m tests.bench.corpus --docs 10000 --out DIR

Each document is a seed rewritten: new identifiers (kenmerk, zaak, document number,
dossier and ondernummer, Aanhangsel number), a new date and title, and varied text (a
share of the words swapped for others from a Zipf-distributed pool of Dutch-looking
compounds, so the vocabulary grows with the library as a real one does; paragraphs
repeated or dropped so sizes spread around the seeds' average of ~36 KB). The raw format
of each family is kept, so the importer parses them exactly as it parses real documents.
Notes that cite other documents are rewritten to cite other documents of the corpus, so
links resolve. Everything is deterministic from the seed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
SEEDS = {  # in turn; a letter comes before the answers that cite it
    "kamerbrief": "001_19524ec3a7bc3ba9.txt",
    "antwoord": "000_4f8ea494069e7460.txt",
    "aanhangsel": "002_caf9aef001c7f7d1.txt",
    "schriftelijk-overleg": "003_dfcbf42ef2d25e5b.txt",
    "webpage": "004_8fe19c38945734b1.txt",
}
FAMILIES = tuple(SEEDS)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
TOPICS = ("asielopvang", "arbeidsmigratie", "gezinshereniging", "terugkeerbeleid", "grensbewaking", "inburgering",
          "mensenhandel", "hervestiging", "visumbeleid", "naturalisatie", "statushouders", "vreemdelingenbewaring",
          "kennismigratie", "studiemigratie", "vluchtelingenverdrag", "migratiesamenwerking", "Dublinoverdrachten",
          "Europese asielagenda", "opvang in de regio", "leeftijdsonderzoek")
_SYLLABLES = ("ver", "be", "ont", "ge", "migr", "asiel", "rege", "ling", "wet", "stel", "sel", "opvang", "raad",
              "kader", "keten", "beleid", "toe", "zicht", "plan", "werk", "grens", "terug", "keer", "recht",
              "bescher", "ming", "over", "leg", "uit", "voer", "ing", "heid", "schap", "baar", "lijk", "nis")
_WORD = re.compile(r"\b[a-zà-ÿ]{5,}\b")
# Lines whose words say what a document is or cites: labels, metadata, titles and notes.
_KEEP_LINE = re.compile(
    r"\s*(?:Vraag|Antwoord|Datum|Ons kenmerk|Onderwerp|Betreft|Nummer|Nr\.|\[|[¹²³⁴]|<sup>|\d+\.? )"
)
_LABEL_LINE = re.compile(r"^\s*(?:Vraag|Antwoord)\b", re.M)


@dataclass(frozen=True)
class Generated:
    path: Path
    family: str
    size: int


def _dutch_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


class _Words:
    """A Zipf-distributed pool of made-up compounds: few common, very many rare."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self.pool = ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)]
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(size)))

    def some(self, k: int) -> list[str]:
        return self.rng.choices(self.pool, cum_weights=self.cumulative, k=k)


def _vary(text: str, rng: random.Random, words: _Words, share: float) -> str:
    """Swap a share of the longer lower-case words; structure lines (labels, metadata) keep theirs."""
    out = []
    for line in text.split("\n"):
        if len(line) < 60 or _KEEP_LINE.match(line):
            out.append(line)
            continue
        spots = [m for m in _WORD.finditer(line) if rng.random() < share]
        new = words.some(len(spots))
        for m, w in zip(reversed(spots), reversed(new), strict=True):
            line = line[: m.start()] + w + line[m.end() :]
        out.append(line)
    return "\n".join(out)


def _resize(text: str, rng: random.Random, factor: float) -> str:
    """Repeat or drop whole prose paragraphs (never labels) to move the size by `factor`."""
    paras = text.split("\n\n")
    prose = [i for i, p in enumerate(paras) if len(p) > 300 and not _LABEL_LINE.search(p)]
    if not prose:
        return text
    if factor < 1:
        drop = set(rng.sample(prose, int(len(prose) * (1 - factor) * 0.8)))
        return "\n\n".join(p for i, p in enumerate(paras) if i not in drop)
    grown = rng.sample(prose, max(1, int(len(prose) * (factor - 1))))
    extra = {i: rng.randint(1, max(1, round(factor))) for i in grown}
    return "\n\n".join("\n\n".join([p] * (1 + extra.get(i, 0))) for i, p in enumerate(paras))


@dataclass
class _Ids:
    n: int
    rng: random.Random

    @property
    def kenmerk(self) -> str:
        return str(5_000_000 + self.n)

    @property
    def zaak(self) -> str:
        return f"{self.when.year}Z{10000 + self.n % 89999:05d}"

    @property
    def document(self) -> str:
        return f"{self.when.year}D{10000 + self.n % 89999:05d}"

    @property
    def dossier(self) -> str:
        return str(40000 + self.n // 400)

    @property
    def ondernummer(self) -> int:
        return 1000 + self.n % 400

    @property
    def when(self) -> date:
        return date(2015, 1, 5) + timedelta(days=(self.n * 7919) % 3650)

    @property
    def topic(self) -> str:
        return self.rng.choice(TOPICS)


def _antwoord(text: str, ids: _Ids, cite: Callable[[str], tuple[str, date] | None]) -> str:
    d = _dutch_date(ids.when)
    text = re.sub(r"Datum 16 mei 2022", f"Datum {d}", text)
    text = re.sub(r"Datum\n16 mei 2022", f"Datum\n{d}", text)
    text = text.replace("4010904", ids.kenmerk).replace("2022Z09230", ids.zaak)
    text = text.replace("International Migration Review\nForum (IMRF)", f"de {ids.topic} en het\nprogramma {ids.n}")
    target = cite("kamerbrief")
    if target:
        title, when = target
        text = text.replace("¹ Deelname en inzet Nederland aan het IMRF, d.d. 29 april 2022",
                            f"¹ {title}, d.d. {_dutch_date(when)}")
    return text


def _kamerbrief(text: str, ids: _Ids, titles: dict[int, tuple[str, date]]) -> str:
    d = _dutch_date(ids.when)
    title = f"Deelname en inzet Nederland aan het overleg over {ids.topic} {ids.n}"
    titles[ids.n] = (title, ids.when)
    text = text.replace("Datum 29 april 2022", f"Datum {d}").replace("Datum\n29 april 2022", f"Datum\n{d}")
    text = text.replace("3963666", ids.kenmerk)
    return text.replace("Onderwerp Deelname en inzet Nederland aan het International Migration Review\nForum (IMRF)",
                        f"Onderwerp {title}")


def _aanhangsel(text: str, ids: _Ids) -> str:
    year = ids.when.year
    text = re.sub(r"^811 $", f"{ids.n + 1} ", text, count=1, flags=re.M)
    text = text.replace("vergaderjaar 2018–2019, Aanhangsel", f"vergaderjaar {year}–{year + 1}, Aanhangsel")
    text = text.replace("(ontvangen 3 december 2018)", f"(ontvangen {_dutch_date(ids.when)})")
    return text.replace("Global Compact for Migration \n(«Marrakesh", f"Global Compact over {ids.topic} \n(«Marrakesh")


def _schriftelijk_overleg(text: str, ids: _Ids) -> str:
    text = text.replace("6133006", ids.kenmerk).replace("Datum 29 januari 2025", f"Datum {_dutch_date(ids.when)}")
    text = re.sub(r"^32317$", ids.dossier, text, count=1, flags=re.M)
    return text.replace("Informele JBZ-Raad  \nte Polen", f"Informele JBZ-Raad over {ids.topic}  \nte Polen")


def _webpage(text: str, ids: _Ids, cite_kst: Callable[[], tuple[str, int] | None]) -> str:
    title = f"Voortgang {ids.topic} {ids.n}"
    text = text.replace("Voortgang integrale migratieagenda\n", f"{title}\n", 1)
    text = text.replace("2019D40742", ids.document).replace("2019Z19563", ids.zaak)
    text = text.replace("datum: 2019-10-14", f"datum: {ids.when.isoformat()}")
    text = text.replace("kst-19637-2535", f"kst-{ids.dossier}-{ids.ondernummer}")
    dossier = f"{ids.dossier[:2]} {ids.dossier[2:]}"
    text = text.replace("19 637 Vreemdelingenbeleid", f"{dossier} Vreemdelingenbeleid")
    text = text.replace("Nr. 2535 BRIEF", f"Nr. {ids.ondernummer} BRIEF")
    text = text.replace("Den Haag, 14 oktober 2019", f"Den Haag, {_dutch_date(ids.when)}")
    target = cite_kst()
    if target:  # the first note cites another letter of the corpus
        d, nr = target
        text = text.replace("1. Kamerstukken 19 637 en 30 573, nr. 2375.",
                            f"1. Kamerstukken {d[:2]} {d[2:]}, nr. {nr}.")
    return text


def generate(n: int, out: Path, seed: int = 20261122) -> list[Generated]:
    """Write `n` documents into `out` (families in turn, sizes spread), deterministic from `seed`."""
    rng = random.Random(seed)
    words = _Words(rng, 60_000)
    raw = {family: (SAMPLE_DATA / name).read_text(encoding="utf-8") for family, name in SEEDS.items()}
    out.mkdir(parents=True, exist_ok=True)
    titles: dict[int, tuple[str, date]] = {}
    letters: list[tuple[str, int]] = []
    made: list[Generated] = []
    for i in range(n):
        family = FAMILIES[i % len(FAMILIES)]
        ids = _Ids(i, rng)
        text = raw[family]
        if family == "antwoord":
            text = _antwoord(text, ids, lambda _: titles[rng.choice(list(titles))] if titles else None)
        elif family == "kamerbrief":
            text = _kamerbrief(text, ids, titles)
        elif family == "aanhangsel":
            text = _aanhangsel(text, ids)
        elif family == "schriftelijk-overleg":
            text = _schriftelijk_overleg(text, ids)
        else:
            text = _webpage(text, ids, lambda: rng.choice(letters) if letters else None)
            letters.append((ids.dossier, ids.ondernummer))
        text = _resize(text, rng, rng.uniform(0.5, 1.6))
        text = _vary(text, rng, words, share=0.25)
        path = out / f"{i:05d}_{family}.txt"
        path.write_text(text, encoding="utf-8")
        made.append(Generated(path, family, len(text.encode("utf-8"))))
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=20261122)
    args = ap.parse_args()
    made = generate(args.docs, args.out, args.seed)
    total = sum(g.size for g in made)
    print(f"{len(made)} documents, {total / 1e6:.1f} MB, {total / len(made) / 1000:.1f} KB on average in {args.out}")


if __name__ == "__main__":
    main()
