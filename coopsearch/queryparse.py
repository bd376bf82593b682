"""Read what a user types into a tree of Vietnamese words and operators.

The syntax is the one web search engines taught everyone:

- words side by side are all required (AND); ``OR`` between two words or
  groups takes either; ``NOT word`` or ``-word`` excludes; ``AND`` may be
  written but changes nothing; parentheses group;
- ``"a phrase"`` keeps its syllables together, in order; ``"a b"~N`` lets
  up to N other words stand between them (proximity);
- ``title:WORD`` or ``title:"a phrase"`` searches titles only (``body:`` too);
- ``thươ*`` is a prefix, ``h?p`` and ``ch*n`` are wildcards; a ``?`` that
  ends a word of two letters or more ends a question ("bao nhiêu tiền?")
  and is not a wildcard.

Operators are upper case only: lowercase ``and``, ``or``, ``not`` are words.
Plain syllables are grouped into words by :mod:`coopsearch.segmentation`
before the operators apply, so ``NOT Yên Bái`` and ``-"Yên Bái"`` both
exclude the province, not every article holding "Yên".

Little a user types is a syntax error: an operator with nothing to act
on is dropped, an unclosed quote or parenthesis is closed at the end, and
each repair is told in :attr:`ParsedQuery.notes`. Three things raise
:class:`~coopsearch.errors.BadQuery`: a query with no word at all, a
phrase's ``~`` with no whole number after it, and a filter typed as a field
("date:2017"), whose message names the option to use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coopsearch.analysis import BREAK_PATTERN
from coopsearch.errors import BadQuery
from coopsearch.segmentation import segment
from coopsearch.text import WORD, has_marks

FIELDS = ("title", "body")
OPERATORS = ("AND", "OR", "NOT")


@dataclass(frozen=True)
class Word:
    """One word of one or more syllables (as typed, NFC), or a quoted phrase.

    ``slop`` is the number of other words allowed between its syllables
    (``"a b"~N``); ``field`` is ``None`` for title and body together.
    """

    syllables: tuple[str, ...]
    field: str | None = None
    slop: int = 0
    quoted: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.syllables)


@dataclass(frozen=True)
class Pattern:
    """A prefix (``thươ*``) or a wildcard (``h?p``, ``*tác``) standing for one syllable."""

    text: str
    field: str | None = None

    @property
    def is_prefix(self) -> bool:
        return self.text.endswith("*") and not re.search(r"[*?]", self.text[:-1])


@dataclass(frozen=True)
class All:
    """Every part is required."""

    parts: tuple


@dataclass(frozen=True)
class Any:
    """At least one part is required."""

    parts: tuple


@dataclass(frozen=True)
class Not:
    """The part is excluded (only meaningful inside :class:`All`)."""

    part: object


@dataclass(frozen=True)
class ParsedQuery:
    """The tree of a query, whether it was typed with marks, and what was repaired."""

    tree: object
    accented: bool
    notes: tuple[str, ...] = field(default=())


def parse(text: str) -> ParsedQuery:
    """Parse normalised query text.

    >>> parse('HTX -"Sơn La"').tree
    All(parts=(Word(syllables=('HTX',), field=None, slop=0, quoted=False), \
Not(part=Word(syllables=('Sơn', 'La'), field=None, slop=0, quoted=True))))
    >>> parse("OCOP OR").notes
    ("'OR' has nothing after it; it was left out.",)
    """
    accented = has_marks(text)
    notes: list[str] = []
    tokens = _segmented(_lex(text, notes), accented)
    tree = _Parser(tokens, notes).parse()
    if tree is None:
        raise BadQuery(f"the query {text.strip()!r} has no word to search for.")
    return ParsedQuery(tree, accented, tuple(dict.fromkeys(notes)))


# -- lexing ---------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<field>\b(?:title|body):)"
    r'|(?P<phrase>"[^"]*(?:"|$))(?:~(?P<slop>[^\s()"]*))?'
    r"|(?P<open>\()|(?P<close>\))"
    r"|(?P<chunk>[^\s()\"]+)"
)


# "date:2017", "province:Hà Nội": a filter typed as a field of the query
_OTHER_FIELD = re.compile(r"^-?([a-z]+):(?=\S)")


def _filter_as_field(chunk: str) -> str | None:
    """The filter's name when ``chunk`` types one as a field ("date:2017"), else None:
    other words before a colon are text ("tử vong:Tồn dư", "http://…").

    >>> _filter_as_field("date:2017"), _filter_as_field("vong:Tồn"), _filter_as_field("http://x")
    ('date', None, None)
    """
    match = _OTHER_FIELD.match(chunk)
    return match.group(1) if match and match.group(1) in _FIELD_OPTIONS else None


# Where the filters of what users type as a field are (the options of `query`).
_FIELD_OPTIONS = {
    "date": "--since/--until/--year",
    "year": "--year",
    "province": "--province",
    "region": "--entity region:NAME",
    "org": "--entity org:NAME",
    "person": "--entity person:NAME",
}


def _field_error(name: str) -> str:
    """One sentence: ``name:`` is no field of a query, and which option filters by it.

    >>> _field_error("date")
    "'date:' is not a field of a query (title: and body: are); use --since/--until/--year."
    """
    option = _FIELD_OPTIONS[name]
    return f"'{name}:' is not a field of a query (title: and body: are); use {option}."


def _slop(written: str | None) -> int:
    """The number of words a phrase's ``~N`` allows between its words.

    >>> _slop(None), _slop("5"), _slop("1000"), _slop("3,")
    (0, 5, 1000, 3)
    >>> _slop("x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coopsearch.errors.BadQuery: '~x' after a phrase needs a whole number, ...
    """
    if written is None:
        return 0
    written = written.rstrip(",.;:!?…")  # '"a b"~3,': the sentence's mark, not the number's
    if not re.fullmatch(r"[0-9]+", written):
        raise BadQuery(f"'~{written}' after a phrase needs a whole number, as in \"hợp tác xã\"~5.")
    return int(written)


def _lex(text: str, notes: list[str]) -> list[tuple]:
    """Tokens: ``("op", NAME)``, ``("field", NAME)``, ``("(",)``, ``(")",)``,
    ``("phrase", syllables, slop)``, ``("pattern", text)``, ``("syllables", [...])``."""
    tokens: list[tuple] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup if match.lastgroup != "slop" else "phrase"
        value = match.group(kind)
        if kind == "field":
            tokens.append(("field", value[:-1]))
        elif kind == "phrase":
            if not value.endswith('"') or len(value) == 1:
                notes.append("an unclosed quote was closed at the end of the query.")
            slop = _slop(match.group("slop"))
            for part in _BREAK.split(value.strip('"')):  # "a b, c d": no phrase spans a comma
                syllables = WORD.findall(part)
                if syllables:
                    tokens.append(("phrase", syllables, slop))
        elif kind in ("open", "close"):
            tokens.append(("(",) if kind == "open" else (")",))
        elif kind == "chunk" and _filter_as_field(value):
            raise BadQuery(_field_error(_filter_as_field(value)))
        elif value == "-" and text[match.end() : match.end() + 1] in ('"', "("):
            tokens.append(("op", "-"))  # -"a phrase", -(a group)
        else:
            tokens.extend(_chunk_tokens(value))
    return tokens


def _chunk_tokens(chunk: str) -> list[tuple]:
    if chunk in OPERATORS:
        return [("op", chunk)]
    negated = chunk.startswith("-") and len(chunk) > 1
    chunk = chunk[1:] if negated else chunk.lstrip("+")
    chunk = _QUESTION_MARKS.sub(r"\1", chunk)  # "bao nhiêu tiền?": a question, no wildcard
    out: list[tuple] = [("op", "-")] if negated else []
    if "*" in chunk or "?" in chunk:
        pattern = "".join(re.findall(r"[\w*?]+", chunk))
        if WORD.search(pattern):
            return out + [("pattern", pattern)]
        return out
    out += [("syllables", glued) for glued in _glued_runs(chunk)]
    return out + [("break",)] if _BREAK.search(chunk + " ") else out


_GLUE = frozenset({".", "-", "–", "&", "'", "’"})


def _glued_runs(chunk: str) -> list[list[str]]:
    """The chunk's syllables in runs typed glued together: by a dot, a hyphen, an
    ampersand or an apostrophe ("Co.op", "NN&PTNT"), or a comma between digits
    ("1,5"); any other mark between two syllables parts them ("Hà Nội,Đà Nẵng").

    >>> _glued_runs("Co.op"), _glued_runs("Nội,Đà"), _glued_runs("1,5"), _glued_runs("HTX~2")
    ([['Co', 'op']], [['Nội'], ['Đà']], [['1', '5']], [['HTX'], ['2']])
    """
    runs: list[list[str]] = []
    previous_end = None
    for match in WORD.finditer(chunk):
        between = chunk[previous_end : match.start()] if previous_end is not None else None
        digits = between == "," and chunk[previous_end - 1].isdigit() and match.group()[0].isdigit()
        if runs and (between in _GLUE or digits):
            runs[-1].append(match.group())
        else:
            runs.append([match.group()])
        previous_end = match.end()
    return runs


# A question mark ending a word, or its closing quote ("HTX 'kiểu mới'?", a pasted
# headline): a question, not a wildcard.
_QUESTION_MARKS = re.compile(r"(\w\w[\"'’”»)\]]*)\?+(?=\W*$)")
_BREAK = re.compile(BREAK_PATTERN)  # where the index parts words (coopsearch.analysis)


def _segmented(tokens: list[tuple], accented: bool) -> list[tuple]:
    """Merge runs of plain syllables and cut them into words (``("word", Word)``).

    Syllables typed glued by a dot, a hyphen or an ampersand stay in one word,
    side by side as the index holds them, whatever the segmenter says: "Co.op"
    is no "có" and "ốp" anywhere in an article, "2.473" no "2" and "473".

    >>> [t[1] for t in _segmented([("syllables", ["Saigon"]), ("syllables", ["Co", "op"])], True)]
    [('Saigon', 'Co', 'op')]
    """
    out: list[tuple] = []
    run: list[str] = []
    groups: list[int] = []  # the chunk (typed without a space) each syllable of the run is of

    def flush() -> None:
        at, words = 0, []
        for n in segment(run, accented):
            if words and groups[at - 1] == groups[at]:
                words[-1] += run[at : at + n]  # the segmenter cut inside "Co.op": glue it
            else:
                words.append(list(run[at : at + n]))
            at += n
        out.extend(("word", tuple(word)) for word in _joined_by_expansion(words, accented))
        run.clear()
        groups.clear()

    for token in tokens:
        if token[0] == "syllables":
            groups.extend([groups[-1] + 1 if groups else 0] * len(token[1]))
            run.extend(token[1])
            continue
        flush()
        if token[0] != "break":  # "hợp tác, xã hội": no word spans the comma
            out.append(token)
    flush()
    return out


def _joined_by_expansion(words: list[list[str]], accented: bool) -> list[list[str]]:
    """Neighbouring words that are one word once an abbreviation is written out:
    "Liên minh HTX" is the name "liên minh hợp tác xã", a phrase, not "Liên minh"
    and "HTX" anywhere in an article (which counted "Liên minh châu Âu … HTX").

    >>> _joined_by_expansion([["Liên", "minh"], ["HTX"]], True)
    [['Liên', 'minh', 'HTX']]
    >>> _joined_by_expansion([["HTX"], ["Sơn", "La"]], True)
    [['HTX'], ['Sơn', 'La']]
    """
    from coopsearch.querybuild import alternatives  # it builds on this module

    out: list[list[str]] = []
    for word in words:
        if out:
            both = (*out[-1], *word)
            if any(
                segment(list(spelled), accented) == [len(spelled)]
                for spelled in alternatives(both)
                if len(spelled) > 1
            ):
                out[-1] = list(both)
                continue
        out.append(list(word))
    return out


# -- parsing --------------------------------------------------------------


class _Parser:
    """Recursive descent: ``or := and (OR and)*``; ``and := unary+``;
    ``unary := (NOT|-) unary | atom``; ``atom := ( or ) | field: atom | word``."""

    def __init__(self, tokens: list[tuple], notes: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.notes = notes

    def peek(self) -> tuple | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def parse(self):
        parts = []
        while self.peek() is not None:
            part = self.disjunction()
            if part is not None:
                parts.append(part)
            if self.peek() == (")",):
                self.at += 1
                self.notes.append("an unmatched ')' was left out.")
        return _all(parts)

    def disjunction(self):
        options = []
        first = self.conjunction()
        if first is not None:
            options.append(first)
        while self.peek() == ("op", "OR"):
            self.at += 1
            following = self.conjunction()
            if following is None:
                self.notes.append("'OR' has nothing after it; it was left out.")
            elif not options:
                self.notes.append("'OR' has nothing before it; it was left out.")
                options.append(following)
            else:
                options.append(following)
        if not options:
            return None
        return options[0] if len(options) == 1 else Any(tuple(options))

    def conjunction(self):
        parts = []
        while True:
            token = self.peek()
            if token is None or token == (")",) or token == ("op", "OR"):
                break
            if token == ("op", "AND"):
                self.at += 1
                if not parts or self.peek() in (None, (")",), ("op", "OR")):
                    self.notes.append("'AND' has nothing on one side; it was left out.")
                continue
            part = self.unary()
            if part is not None:
                parts.append(part)
        return _all(parts)

    def unary(self):
        token = self.peek()
        if token in (("op", "NOT"), ("op", "-")):
            self.at += 1
            inner = self.unary()
            if inner is None:
                name = "NOT" if token[1] == "NOT" else "-"
                self.notes.append(f"'{name}' has nothing after it; it was left out.")
                return None
            return inner.part if isinstance(inner, Not) else Not(inner)
        return self.atom()

    def atom(self, field_name: str | None = None):
        token = self.peek()
        if token is None or token == (")",) or token[0] == "op":
            return None
        self.at += 1
        kind = token[0]
        if kind == "(":
            inner = self.disjunction()
            if self.peek() == (")",):
                self.at += 1
            else:
                self.notes.append("an unclosed '(' was closed at the end of the query.")
            return inner
        if kind == "field":
            inner = self.atom(token[1])
            if inner is None:
                self.notes.append(f"'{token[1]}:' has nothing after it; it was left out.")
            return inner
        if kind == "word":
            return Word(token[1], field_name)
        if kind == "phrase":
            return Word(tuple(token[1]), field_name, slop=token[2], quoted=True)
        return Pattern(token[1], field_name)


def _all(parts: list):
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def words_of(tree) -> list:
    """The :class:`Word` and :class:`Pattern` leaves a tree requires or offers (not excluded)."""
    if isinstance(tree, (Word, Pattern)):
        return [tree]
    if isinstance(tree, Not):
        return []
    return [leaf for part in tree.parts for leaf in words_of(part)]
