"""Reader for PubTator-format corpora (title, abstract and gold mention lines per document)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """One gold mention: code-point offsets into `Document.text`, its type and MeSH ids."""

    start: int
    end: int
    text: str
    type: str
    mesh: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One PubTator document; `text` is the title and the abstract joined by one space."""

    pmid: str
    title: str
    abstract: str
    mentions: tuple[Mention, ...]

    @property
    def text(self) -> str:
        """The string the mention offsets point into."""
        return f"{self.title} {self.abstract}"


def _parse_mesh(field: str) -> tuple[str, ...]:
    """Split a MeSH id field ("D001|D002", "-1", "") into its ids; no id gives ()."""
    ids = tuple(part.strip() for part in field.replace(",", "|").split("|"))
    return tuple(part for part in ids if part and part != "-1")


def _build(pmid: str, title: str, abstract: str, rows: list[tuple[int, list[str]]],
           path: str) -> Document:
    text = f"{title} {abstract}"
    mentions = []
    for line_no, cols in rows:
        try:
            start, end = int(cols[1]), int(cols[2])
        except ValueError:
            raise InputError("mention offsets are not integers", path=path, line=line_no,
                             record=pmid) from None
        if not 0 <= start < end <= len(text):
            raise InputError(f"mention offsets {start}-{end} fall outside the text",
                             path=path, line=line_no, record=pmid)
        mentions.append(Mention(start=start, end=end, text=cols[3], type=cols[4],
                                mesh=_parse_mesh(cols[5] if len(cols) > 5 else "")))
    mentions.sort(key=lambda m: (m.start, m.end))
    return Document(pmid=pmid, title=title, abstract=abstract, mentions=tuple(mentions))


def _lines(handle: Iterator[str], name: str) -> Iterator[str]:
    try:
        yield from handle
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text: a PubTator file is UTF-8 text", path=name) from None


def iter_pubtator(path: str | Path) -> Iterator[Document]:
    """Yield the documents of a PubTator file in order; relation lines are skipped."""
    name = str(path)
    pmid: str | None = None
    title = abstract = ""
    rows: list[tuple[int, list[str]]] = []
    with open(path, encoding="utf-8") as handle:
        for line_no, raw in enumerate(_lines(handle, name), start=1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                if pmid is not None:
                    yield _build(pmid, title, abstract, rows, name)
                pmid, title, abstract, rows = None, "", "", []
                continue
            head = line[:40]
            if "|t|" in head and "\t" not in head.split("|t|", 1)[0]:
                if pmid is not None:
                    yield _build(pmid, title, abstract, rows, name)
                pmid, rest = line.split("|t|", 1)
                title, abstract, rows = rest, "", []
            elif "|a|" in head and "\t" not in head.split("|a|", 1)[0]:
                doc_id, abstract = line.split("|a|", 1)
                if doc_id != pmid:
                    raise InputError("abstract line without its title line", path=name,
                                     line=line_no, record=doc_id)
            else:
                cols = line.split("\t")
                if pmid is None or cols[0] != pmid:
                    raise InputError("annotation line outside its document", path=name,
                                     line=line_no, record=cols[0])
                if len(cols) >= 5 and cols[1] != "CID":
                    rows.append((line_no, cols))
    if pmid is not None:
        yield _build(pmid, title, abstract, rows, name)


def read_pubtator(path: str | Path) -> tuple[Document, ...]:
    """All documents of a PubTator file."""
    return tuple(iter_pubtator(path))
