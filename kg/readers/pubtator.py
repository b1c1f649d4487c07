"""Reader for PubTator text (PMID|t|title, PMID|a|abstract, annotation lines): PMID, title, abstract."""

from __future__ import annotations

from collections.abc import Iterator
import re

from kg.errors import InputError
from kg.identity.normalize import normalize_pmid
from kg.model import Record, Work, WorkType
from kg.readers.source import Source

_FIELD = re.compile(r"^(\d{1,10})\|([ta])\|(.*)$")


def sniff(head: str) -> int:
    """PubTator documents open with ``PMID|t|`` lines."""
    lines = [line for line in head.splitlines()[:5] if line.strip()]
    if lines and _FIELD.match(lines[0]) and "|t|" in lines[0]:
        return 90
    return 0


def read_pubtator(source: Source) -> Iterator[Record | InputError]:
    """One Record per document; annotation and relation lines are not bibliographic and are skipped."""
    with source.open_text() as stream:
        current: dict[str, str] = {}
        start_line = 0
        index = 0
        for number, line in enumerate(stream, start=1):
            match = _FIELD.match(line.rstrip("\n"))
            if match is None:
                continue
            pmid, kind, text = match.groups()
            if kind == "t":
                if current:
                    index += 1
                    yield _record(source, current, index, start_line)
                current, start_line = {"pmid": pmid, "t": text}, number
            elif current and current["pmid"] == pmid:
                current["a"] = text
            else:
                yield source.error("an abstract line without its title line", line=number, record=pmid)
        if current:
            index += 1
            yield _record(source, current, index, start_line)
        if index == 0:
            raise source.error("no PubTator documents (PMID|t|title lines)")


def _record(source: Source, fields: dict[str, str], index: int, line: int) -> Record | InputError:
    title = fields.get("t", "").strip()
    if not title:
        return source.error("no title", line=line, record=fields["pmid"])
    work = Work(type=WorkType.JOURNAL_ARTICLE, title=title, abstract=fields.get("a", "").strip() or None,
                pmid=normalize_pmid(fields["pmid"]))
    return Record(work=work, source="pubtator", path=source.name, index=index, line=line,
                  source_id=fields["pmid"])
