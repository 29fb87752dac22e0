"""Words an extractor glued where the printed lines broke.

PyPDF2 often drops the break between two printed lines of a paragraph without leaving a
space: "… van klanten van banken,zonder daar …", "… van hetInternationaal Gerechtshof", "…
reden voor te hebben, eenschending van de privacy", and keeps the typesetter's hyphen:
"verant-woordelijkheid".

Two glues show wherever they stand, and are mended on every line of PDF text
(`unglue_marks`): a capital starting a word right after a lower-case word ("hetInternationaal",
"enVolksgezondheid"; names such as "GroenLinks" start with a capital themselves), and
punctuation with a word right after it ("banken,zonder", "verzaakt?Herkent").

The others look like words Dutch writes as one, so they are sought only where a printed line
would have ended (`unglue_line`): each printed line was about one measure long, so in a window
around one measure after the last glue point. There, it is one of
- two words Dutch never writes as one ("eenschending" is "een" + "schending", see
  `glued_pair`), the glued form written no more often in the text than the two words;
- a hyphen with a lower-case letter after it, joined as a hyphen at a line end is
  (store/parsing/passes/pdftext.join_line): "verant-woordelijkheid" is one word, "EU-lidstaten"
  keeps its hyphen;
- and the marks above, and a sentence's full stop ("verzekeraars.Als"), a year ("2026zodat").
Only text that shows the gluing gets this (`is_glued`): lines far longer than the measure,
and punctuation glued to the next word more than once. Text made with its spaces
(`pdftotext`, Word, web pages) never shows it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence

_GLUED_PUNCTUATION = re.compile(r"(?<=[^\W\d_]{2})[,;:?!)»”](?=[^\W\d_]{2})")
_LETTERS = re.compile(r"[^\W\d_]+")
_LONG = 1.3  # a line this much longer than the measure holds several printed lines
_EVIDENCE = 2  # glued punctuation seen at least this often: the text is glued
_WINDOW = (0.7, 1.08)  # where in the measure a printed line may end (ragged right, glyph widths)


_WORD = re.compile(r"\w[\w-]*")


def word_counts(text: str) -> Counter[str]:
    """How often each word, and each pair of words, stands in `text` (lower case)."""
    words = _WORD.findall(text.lower())
    return Counter(words) + Counter(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))


# A capital right after a lower-case letter, before two more ("hetInternationaal"); the
# pattern starts at the capital, as capitals are few (Latin-1's letters).
_CAMEL = re.compile(r"[A-ZÀ-ÖØ-Þ](?<=[a-zß-öø-ÿ][A-ZÀ-ÖØ-Þ])(?=[a-zß-öø-ÿ]{2})")
_PUNCTUATION_THEN_WORD = re.compile(r"[,;:?!»”)](?=[^\W\d_]{2})")
_WORD_START = re.compile(r"[^\W\d_]+$")


def unglue_marks(text: str) -> str:
    """The glues that show wherever they stand: "hetInternationaal", "banken,zonder" (in a
    line, or a whole text at once)."""
    out = _CAMEL.sub(lambda m: _camel(text, m), text)
    return _PUNCTUATION_THEN_WORD.sub(lambda m: _punctuation(out, m), out)


def _camel(text: str, m: re.Match[str]) -> str:
    """A space before the capital where the word before it is lower case from its start and
    two letters at least: "het" + "Internationaal", not "GroenLinks", "PvdA", "iPhone"."""
    before = _WORD_START.search(text, max(0, m.start() - 40), m.start())
    if before is not None and len(before.group()) >= 2 and before.group().islower():
        return " " + m.group()
    return m.group()


def _punctuation(line: str, m: re.Match[str]) -> str:
    mark = m.group()
    i = m.end()
    if not line[max(0, i - 3) : i - 1].isalpha() or i < 3:
        return mark  # only after a word: "banken,zonder", not "1,5" or "(a)b"
    if _in_address(line, i) or (mark == ")" and "(" in _token_before(line, i)):
        return mark
    if mark == ":" and not line[i : i + 1].islower():
        return mark  # "ECLI:NL", "Artikel 3:10": only a word in lower case after a colon
    return mark + " "


def is_glued(lines: Sequence[str], measure: int) -> bool:
    """Whether the text shows PyPDF2's gluing."""
    if measure < 30:
        return False
    long_lines = [line for line in lines if len(line) > measure * _LONG]
    if len(long_lines) < 2:
        return False
    return sum(len(_GLUED_PUNCTUATION.findall(line)) for line in long_lines) >= _EVIDENCE


def plain_words(counts: Mapping[str, int]) -> set[str]:
    """The words of `counts` without a hyphen: inside a glued line a hyphen may be a line end's,
    so a hyphenated form says nothing of how the word is written."""
    return {w for w in counts if "-" not in w and " " not in w}


def unglue_line(
    line: str, measure: int, counts: Mapping[str, int], words: set[str], join: Callable[[str, str, set[str]], str]
) -> str:
    """`line` with a space put back (or a hyphen joined) at each glue point found. `counts`:
    how often each word and each pair of words ("het internationaal") stands in the text, in
    lower case (`word_counts`); `words`: its `plain_words`; `join` joins two lines as a
    hyphenated line end is joined."""
    if len(line) <= measure * _LONG:
        return line
    done = ""  # the printed lines before `rest`, repaired
    rest = line  # from the start of a printed line on
    while len(rest) > measure * _WINDOW[1]:
        point = _glue_point(rest, measure, counts)
        if point is None:
            # No glue found: the printed line ended at a space, or in a way not seen here; go
            # on from the last space before one measure.
            space = rest.rfind(" ", 1, measure)
            cut = space + 1 if space > 0 else measure
            done, rest = done + rest[:cut], rest[cut:]
            continue
        at, kind = point
        head, rest = rest[:at], rest[at:]
        if kind == "hyphen":
            first = rest.split(" ", 1)[0]
            joined = join(head, first, words)
            done += joined[: len(joined) - len(first)]
        else:
            done += head + " "
    return done + rest


def _glue_point(line: str, measure: int, counts: Mapping[str, int]) -> tuple[int, str] | None:
    """The glue point nearest to one measure into `line`: (index where the next printed line
    starts, "space" or "hyphen")."""
    low, high = max(1, int(measure * _WINDOW[0])), min(len(line) - 1, int(measure * _WINDOW[1]) + 1)
    found: list[tuple[int, int, str]] = []
    for i in range(low, high + 1):
        before, here = line[i - 1], line[i]
        if not here.isalpha() or before == " " or _in_address(line, i):
            continue
        if before == "." and here.isupper() and line[i + 1 : i + 2].islower() and line[i - 4 : i - 1].islower():
            found.append((abs(i - measure), i, "space"))  # "exportkredietverzekeraars.Als": a sentence starts
        elif before.isdigit() and line[i - 2 : i - 1].isdigit() and here.islower() and _word_at(line, i, counts):
            found.append((abs(i - measure), i, "space"))  # "in 2026zodat"
        elif before in ",;:?!)»”" and line[i - 2 : i - 1].isalpha() and line[i - 3 : i - 2].isalpha():
            if before == ")" and "(" in _token_before(line, i):
                continue  # "(zorg)sectoren": a word's optional part, as written
            found.append((abs(i - measure), i, "space"))
        elif before == "-" and here.islower() and _word_parts(line, i):
            found.append((abs(i - measure), i, "hyphen"))
        elif before.isalpha() and _two_words(line, i, counts):
            found.append((abs(i - measure), i, "space"))
    if not found:
        return None
    _, at, kind = min(found)
    return at, kind


_VOWELS = frozenset("aeiouyàáäéèëêïíóöüú")


def _word_parts(line: str, i: int) -> bool:
    """Whether the letters around the hyphen before `i` are parts of a word, not an abbreviation
    or a prefix as written ("poh-ggz", "e-health")."""
    before = re.search(r"[^\W\d_]+$", line[: i - 1])
    after = _LETTERS.match(line, i)
    return bool(before and after and len(before.group()) >= 3 and len(after.group()) >= 3
                and _VOWELS & set(before.group().lower()) and _VOWELS & set(after.group().lower()))  # fmt: skip


def _token_before(line: str, i: int) -> str:
    return line[max(line.rfind(" ", 0, i), line.rfind("\n", 0, i)) + 1 : i]


_SPACE = re.compile(r"\s")


def _in_address(line: str, i: int) -> bool:
    """Inside a web address or an identifier ("ECLI:NL:RVS:2024:3946"), written as it is."""
    end = _SPACE.search(line, i)
    token = _token_before(line, i) + line[i : end.start() if end else len(line)]
    return "/" in token or "www." in token or "@" in token or token.count(":") > 1


def _word_at(line: str, i: int, counts: Mapping[str, int]) -> bool:
    m = _LETTERS.match(line, i)
    return m is not None and len(m.group()) >= 3 and counts.get(m.group().lower(), 0) > 0


def _two_words(line: str, i: int, counts: Mapping[str, int]) -> bool:
    """Whether the run of letters around `i` is two words glued at `i`. Dutch writes many words
    as one that look like two ("waarde", "aangeven", "inschrijvingen", "bestuurde"), so only
    pairs Dutch never writes as one word count (`glued_pair`), and the text must not write
    the glued form more often than the two words (`counts` holds words and pairs of words)."""
    m_left = re.search(r"[^\W\d_]+$", line[:i])
    m_right = _LETTERS.match(line, i)
    if not m_left or not m_right:
        return False
    if line[m_left.start() - 1 : m_left.start()].isdigit():
        return False  # "2026zodat": glued after the number, if at all
    if line[m_left.start() - 1 : m_left.start()] == "-" or line[m_right.end() : m_right.end() + 1] == "-":
        return False  # "soevereini-teit", "weten-schappelijk": glued at the hyphen, if at all
    a, b = m_left.group(), m_right.group()
    x, y = a.lower(), b.lower()
    if counts.get(x + y, 0) > max(1, counts.get(f"{x} {y}", 0)) and not (a.islower() and b[:1].isupper()):
        return False  # written as one more often than as two: a word ("waarde"), not a glue
    return glued_pair(a, b, counts)


# Function words, as Dutch glues them to the next word only through a lost space.
# Not "na": "nauw" is a word.
_PREPOSITIONS = frozenset("in op aan van voor met bij uit door over naar tot om onder tegen".split())
# Not "een", "dat", "die": "overeen", "bijeen", "omdat", "nadat", "totdat" are words.
_DETERMINERS = frozenset("het de dit deze zijn haar hun mijn uw ons onze alle".split())
# Words that start a next word only where a space was lost ("hetbuitenland", "zijnveroordeeld",
# "mijnministerie"); not the particles and prepositions that start compounds ("aangeven",
# "doorgaat", "uitgegaan", "voorstel"), nor "te" but before an infinitive ("tekunnen", not "terecht").
_BEFORE = frozenset("het de een van en is zijn wordt worden kan kunnen moet moeten dat die dit deze geen niet ook "
                    "nog als maar of zich we wij ik hun haar mijn uw met naar tot".split())  # fmt: skip
# Words that end a word only where a space was lost ("Afghanistanvoor", "meldinggemaakt" is
# two content words, not this); not "en", "de", "te", "er", which end plurals and past tenses,
# nor "in" ("vriendin"), "zijn" ("bewustzijn").
_AFTER = frozenset("het een van voor met bij op naar over door is wordt worden dat die niet ook kan moet "
                   "heeft hebben werd werden".split())  # fmt: skip
# Words that begin with a function word and are words: "waarde", "hierin", "daarom", "vandaag".
_PRONOMINAL = frozenset("waar hier daar er".split())
_KNOWN = frozenset("degelijk vandaar vanzelf vanavond vanmorgen vannacht vanochtend vanmiddag hetgeen hetzij hetwelk "
                   "eenmaal eenieder zichzelf diezelfde ditmaal mijnbouw mijnheer naarmate naargelang alsmede "
                   "ofschoon welzijn dichtbij meteen".split())  # fmt: skip


def glued_pair(a: str, b: str, counts: Mapping[str, int]) -> bool:
    """Whether `a` + `b` (as they stand, without a space) are two words glued, not one."""
    x, y = a.lower(), b.lower()
    if (x + y) in _KNOWN or x in _PRONOMINAL:
        return False
    if a.islower() and b[:1].isupper() and b[1:2].islower() and len(x) >= 2 and counts.get(y, 0) > 0:
        return True  # "hetInternationaal", "meerdereNederlandse": a capital starts the next word
    if a[:1].isupper() and a[1:].islower() and b[:1].isupper() and b[1:].islower():
        # "VerenigdKoninkrijk", where the text writes "Verenigd Koninkrijk" too; not "GroenLinks"
        return counts.get(f"{x} {y}", 0) > 0
    if not (a.islower() and b.islower()):
        return False
    if x in _PREPOSITIONS and y in _DETERMINERS:
        return True  # "inhet", "aande", "totde"
    known = counts.get(y, 0) > 0 and counts.get(x, 0) > 0
    if x == "te":
        return known and len(y) >= 5 and y.endswith("en")  # "tekunnen", "tevallen"
    if x in _BEFORE and len(y) >= 4:
        return known
    return y in _AFTER and len(x) >= 4 and x not in _PREPOSITIONS and known
