"""OpenAlex CSV export rows turned back into the shape of OpenAlex work objects.

The OpenAlex web export flattens nested fields into dotted column names
("authorships.author.display_name") with one value per author joined by "|". Per-author
lists that are flattened twice (an author's institutions) can only be given back to their
authors when there is exactly one entry per author; otherwise they are left out rather than
guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
import csv

from kg.readers.jsonio import Located
from kg.readers.source import Source

_LIST_SEPARATOR = "|"


def is_openalex_csv(head: str) -> bool:
    """True when the first line of ``head`` is an OpenAlex CSV export header."""
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip("\r")
    try:
        columns = {c.strip() for c in next(csv.reader([first]))}
    except (csv.Error, StopIteration):
        return False
    has_title = "display_name" in columns or "title" in columns
    openalex_only = any(c.startswith(("authorships.", "primary_location.", "ids."))
                        for c in columns) or "publication_year" in columns
    return "id" in columns and has_title and openalex_only


def csv_works(source: Source) -> Iterator[Located]:
    """(line, work object) for each data row of an OpenAlex CSV export."""
    with source.open_text() as stream:
        reader = csv.reader(stream)
        header: list[str] | None = None
        last_line = 0
        try:
            for row in reader:
                start, last_line = last_line + 1, reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if header is None:
                    header = [c.strip().lstrip("\ufeff") for c in row]
                    continue
                yield start, work_object(dict(zip(header, row)))
        except csv.Error as exc:
            raise source.error(f"not valid CSV: {exc}", line=last_line + 1) from None


def _cell(row: dict[str, str], column: str) -> str | None:
    value = row.get(column)
    return value.strip() or None if isinstance(value, str) else None


def _cells(row: dict[str, str], column: str) -> list[str]:
    """The "|"-separated values of a list column (empty entries kept, to stay aligned)."""
    value = _cell(row, column)
    return [part.strip() for part in value.split(_LIST_SEPARATOR)] if value else []


def work_object(row: dict[str, str]) -> dict:
    """An OpenAlex-shaped work object from one CSV row (only the columns the row has)."""
    return {
        "id": _cell(row, "id"),
        "title": _cell(row, "title"),
        "display_name": _cell(row, "display_name"),
        "abstract": _cell(row, "abstract"),
        "doi": _cell(row, "doi"),
        "language": _cell(row, "language"),
        "type": _cell(row, "type"),
        "type_crossref": _cell(row, "type_crossref"),
        "publication_date": _cell(row, "publication_date"),
        "publication_year": _cell(row, "publication_year"),
        "ids": {key: _cell(row, f"ids.{key}") for key in ("doi", "pmid", "pmcid")},
        "biblio": {key: _cell(row, f"biblio.{key}")
                   for key in ("volume", "issue", "first_page", "last_page")},
        "primary_location": {
            "landing_page_url": _cell(row, "primary_location.landing_page_url"),
            "version": _cell(row, "primary_location.version"),
            "source": {
                "display_name": _cell(row, "primary_location.source.display_name"),
                "issn_l": _cell(row, "primary_location.source.issn_l"),
                "issn": _cells(row, "primary_location.source.issn"),
                "type": _cell(row, "primary_location.source.type"),
                "host_organization_name": _cell(
                    row, "primary_location.source.host_organization_name"),
            },
        },
        "authorships": _authorships(row),
        "keywords": [{"display_name": v} for v in _cells(row, "keywords.display_name")],
        "topics": [{"display_name": v} for v in _cells(row, "topics.display_name")],
        "concepts": [{"display_name": v} for v in _cells(row, "concepts.display_name")],
        "primary_topic": {"display_name": _cell(row, "primary_topic.display_name")},
        "mesh": _mesh(row),
    }


def _aligned(values: list[str], count: int) -> list[str]:
    """The per-author values when there is one per author, else none at all."""
    return values if len(values) == count else [""] * count


def _authorships(row: dict[str, str]) -> list[dict]:
    names = _cells(row, "authorships.author.display_name")
    count = len(names)
    raw_names = _aligned(_cells(row, "authorships.raw_author_name"), count)
    orcids = _aligned(_cells(row, "authorships.author.orcid"), count)
    author_ids = _aligned(_cells(row, "authorships.author.id"), count)
    institutions = _aligned(_cells(row, "authorships.institutions.display_name"), count)
    rors = _aligned(_cells(row, "authorships.institutions.ror"), count)
    if not any(institutions):
        rors = [""] * count
    out = []
    for i, name in enumerate(names):
        out.append({
            "raw_author_name": raw_names[i] or None,
            "author": {"display_name": name or None, "orcid": orcids[i] or None,
                       "id": author_ids[i] or None},
            "institutions": ([{"display_name": institutions[i], "ror": rors[i] or None}]
                             if institutions[i] else []),
        })
    return out


def _mesh(row: dict[str, str]) -> list[dict]:
    names = _cells(row, "mesh.descriptor_name")
    codes = _aligned(_cells(row, "mesh.descriptor_ui"), len(names))
    majors = _aligned(_cells(row, "mesh.is_major_topic"), len(names))
    return [{"descriptor_name": name, "descriptor_ui": codes[i] or None,
             "is_major_topic": majors[i].casefold() == "true"}
            for i, name in enumerate(names)]
