"""Stored documents: find one by ID or path, read its fields, stream them all.

``show``, ``similar`` and ``export`` work on the article as the index stored
it, never on the original file (which may have moved or changed). A
document is referred to the way a user has it at hand:

- its ID (``5f3a9c0e1b2d``) or a unique prefix of at least four characters,
  like a git commit;
- its path, absolute or relative to the current folder;
- the end of its path (``bac-giang-2021.txt``) when only one document ends so.

A path is found whatever the Unicode normal form it is typed in: macOS
writes file names decomposed (NFD), so a name typed composed (NFC) must
find it, and the reverse. A path typed exactly as stored is preferred, so
two files whose names differ only in their normal form stay apart.

Stored fields are returned in one stable order (identity first, metadata,
then the body last) and include whatever stored fields the schema has, so
fields added later show up without a change here.

An article has one JSON record everywhere (``query``, ``similar``, ``show``,
``export``): :func:`article_record`, with the keys of :func:`article_keys`.
Its entities are JSON arrays, one key per kind (``provinces``, ``regions``,
``organisations``, ``people``, ``references``, ``figures``), never the
stored JSON string.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coopsearch import schema
from coopsearch.entities import Entities
from coopsearch.errors import AmbiguousDocument, DocumentNotFound

MIN_ID_PREFIX = 4
FIRST_FIELDS = (schema.ID, schema.PATH, schema.TITLE, schema.DATE, schema.YEAR, schema.AUTHOR)
LAST_FIELDS = (schema.SIZE, schema.MTIME_NS, schema.BODY)
# An article's entity keys, as Entities.to_dict() names them: each a JSON array.
ENTITY_KEYS = tuple(f.name for f in dataclasses.fields(Entities))
# Names that stand for several keys where keys are chosen (--fields).
KEY_GROUPS = {schema.ENTITIES: ENTITY_KEYS}


@dataclass(frozen=True)
class StoredDocument:
    """One indexed article: its document number and stored fields, in order."""

    docnum: int
    fields: dict

    @property
    def id(self) -> str:
        return self.fields.get(schema.ID, "")

    @property
    def path(self) -> str:
        return self.fields.get(schema.PATH, "")

    @property
    def title(self) -> str:
        return self.fields.get(schema.TITLE, "")

    @property
    def body(self) -> str:
        return self.fields.get(schema.BODY, "")

    def to_dict(self) -> dict:
        """The article's JSON record: :func:`article_record` of its stored fields."""
        return article_record(self.fields, article_keys_of(self.fields))


def article_keys(whoosh_schema=None) -> list[str]:
    """The keys of an article's JSON record, in order (of ``whoosh_schema``, else this version's).

    The stored fields in display order, the stored ``entities`` JSON spread
    into :data:`ENTITY_KEYS` just before ``size``, ``mtime_ns`` and ``body``:

    >>> article_keys()  # doctest: +NORMALIZE_WHITESPACE
    ['id', 'path', 'title', 'date', 'year', 'author', 'date_precision', 'date_source',
     'name', 'source', 'url', 'provinces', 'regions', 'organisations', 'people', 'references',
     'figures', 'size', 'mtime_ns', 'body']
    """
    if whoosh_schema is None:
        whoosh_schema = schema.build_schema()
    return article_keys_of(stored_field_names(whoosh_schema))


def article_keys_of(names: Iterable[str]) -> list[str]:
    """:func:`article_keys` for stored field ``names`` already in display order."""
    names = [n for n in names if n not in (schema.ENTITIES, schema.FIGURE_ROWS)]
    head = [n for n in names if n not in LAST_FIELDS]
    return head + list(ENTITY_KEYS) + [n for n in names if n in LAST_FIELDS]


def article_record(stored: dict, keys: Iterable[str]) -> dict:
    """An article's JSON record: ``keys`` from its ``stored`` fields, missing ones None.

    The entity keys come from the stored ``entities`` JSON, each an array
    (``[]`` when the article names none): ``provinces``, ``regions``,
    ``organisations`` and ``references`` of strings, ``people`` of
    ``{"name", "role"}``, ``figures`` of ``{"text", "value", "unit", "kind"}``.
    """
    entities = json.loads(stored.get(schema.ENTITIES) or "{}")
    return {key: entities.get(key, []) if key in ENTITY_KEYS else stored.get(key) for key in keys}


def field_order(names: Iterable[str]) -> list[str]:
    """``names`` in display order: identity and metadata first, others A-Z, body last.

    >>> field_order(["body", "province", "title", "id"])
    ['id', 'title', 'province', 'body']
    """
    names = set(names)
    first = [n for n in FIRST_FIELDS if n in names]
    last = [n for n in LAST_FIELDS if n in names]
    return first + sorted(names - set(first) - set(last)) + last


def stored_field_names(whoosh_schema) -> list[str]:
    """The stored fields of an index's schema, in display order."""
    return field_order(whoosh_schema.stored_names())


def stored_document(reader, docnum: int) -> StoredDocument:
    """The stored fields of document ``docnum``, in display order, missing ones as None."""
    stored = reader.stored_fields(docnum)
    names = stored_field_names(reader.schema)
    return StoredDocument(docnum, {name: stored.get(name) for name in names})


def iter_documents(reader) -> Iterator[StoredDocument]:
    """Every live document of the index, one at a time (never all in memory)."""
    names = stored_field_names(reader.schema)
    for docnum, stored in reader.iter_docs():
        yield StoredDocument(docnum, {name: stored.get(name) for name in names})


def find_docnum(searcher, ref: str) -> int:
    """The document number of the document ``ref`` names (ID, ID prefix, path, path end).

    Raises :class:`DocumentNotFound` or :class:`AmbiguousDocument`.
    """
    ref = ref.strip()
    if not ref:
        raise DocumentNotFound("Give a document ID or path.")
    try:
        ref.encode("utf-8")
    except UnicodeEncodeError:  # bytes of no encoding, passed through as surrogates
        shown = ref.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise DocumentNotFound(
            f"No document in the index has the ID or path '{shown}' (it is not valid text)."
        ) from None
    found = searcher.document_number(**{schema.ID: ref.lower()})
    if found is not None:
        return found
    for candidate in _path_forms(ref):
        found = searcher.document_number(**{schema.PATH: candidate})
        if found is not None:
            return found
    reader = searcher.reader()
    matches = _id_prefix_matches(searcher, ref)
    if not ("/" in ref or "." in ref):  # "21494984": a file's name is an ID prefix too
        matches = list(dict.fromkeys([*_live(searcher, _stem_matches(reader, ref)), *matches]))
    matches = matches or _live(searcher, _path_end_matches(reader, ref))
    if len(matches) == 1:
        return searcher.document_number(**{schema.PATH: matches[0]})
    if len(matches) > 1:
        shown = ", ".join(matches[:3]) + (", …" if len(matches) > 3 else "")
        raise AmbiguousDocument(
            f"'{ref}' names {len(matches)} documents ({shown}); give more of the ID or path."
        )
    short = len(ref) < MIN_ID_PREFIX and _is_hex(ref.lower())
    hint = f" (an ID prefix needs {MIN_ID_PREFIX} characters or more)" if short else ""
    raise DocumentNotFound(f"No document in the index has the ID or path '{ref}'{hint}.")


def _path_forms(ref: str) -> list[str]:
    """``ref`` as typed and resolved, each also in NFC and NFD (as typed first)."""
    forms = [ref]
    with contextlib.suppress(OSError, RuntimeError, ValueError):
        forms.append(str(Path(ref).expanduser().resolve()))
    normalised = (unicodedata.normalize(nf, form) for form in forms for nf in ("NFC", "NFD"))
    return list(dict.fromkeys([*forms, *normalised]))


def _is_hex(text: str) -> bool:
    """Whether ``text`` is written in the lowercase hex digits document IDs are made of."""
    return all(c in "0123456789abcdef" for c in text)


def _live(searcher, paths: list[str]) -> list[str]:
    """Those of ``paths`` a live document has: a segment's term list keeps the
    paths and IDs of deleted documents until it is merged away."""
    return [path for path in paths if searcher.document_number(**{schema.PATH: path}) is not None]


def _id_prefix_matches(searcher, ref: str) -> list[str]:
    """Paths of the live documents whose ID starts with ``ref`` (hex, 4+ characters)."""
    prefix = ref.lower()
    if len(prefix) < MIN_ID_PREFIX or not _is_hex(prefix):
        return []
    reader = searcher.reader()
    paths = []
    for term in reader.expand_prefix(schema.ID, prefix):
        docnum = searcher.document_number(**{schema.ID: _text(term)})
        if docnum is not None:
            paths.append(reader.stored_fields(docnum)[schema.PATH])
    return paths


def _path_end_matches(reader, ref: str) -> list[str]:
    """Indexed paths ending in ``/ref`` (a file name, or the last folders and the name).

    Those ending in ``ref`` exactly as typed, else those that do once both are NFC.
    """
    end = "/" + ref.lstrip("/")
    paths = [_text(term) for term in reader.lexicon(schema.PATH)]
    exact = [path for path in paths if path.endswith(end)]
    if exact:
        return exact
    end = unicodedata.normalize("NFC", end)
    return [path for path in paths if unicodedata.normalize("NFC", path).endswith(end)]


def _stem_matches(reader, ref: str) -> list[str]:
    """Indexed paths whose file name without its extension is ``ref`` (a crawl's
    own article ID, "21494984" for ``…/baomoi/21494984.txt``)."""
    stem = unicodedata.normalize("NFC", ref)
    return [path for term in reader.lexicon(schema.PATH) if _stem(path := _text(term)) == stem]


def _stem(path: str) -> str:
    """The file name of an indexed path without its extension, in NFC."""
    name = unicodedata.normalize("NFC", path.rsplit("/", 1)[-1])
    return name.rsplit(".", 1)[0] if "." in name else name


def _text(term) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term
