"""JSON documents and JSON Lines read as a stream of items, with typed access to their values.

Shared by the Crossref, OpenAlex and CSL-JSON readers. A file is either one JSON document
(parsed whole: API pages and exports are single pages) or JSON Lines (one value per line,
parsed line by line so a file of any size streams; a bad line is an error for that line only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
import json
from typing import Any

from kg.errors import InputError
from kg.identity.normalize import clean_text
from kg.model import Record, Work
from kg.readers.source import Source

Located = tuple[int | None, Any]  # (1-based line or None, value or InputError)


class RecordProblem(Exception):
    """Why one item cannot become a Work; the reader turns it into an InputError for that item."""

    def __init__(self, message: str, record: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.record = record


_NOT_JSON = object()


def _parse_line(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _NOT_JSON


def iter_values(source: Source) -> Iterator[Located]:
    """(line, value) for each top-level JSON value: the whole document, or each JSON Lines line.

    The file is JSON Lines when its first non-blank line is a complete JSON value by itself.
    A bad JSON Lines line comes back as (line, InputError); a document that is not valid JSON
    raises InputError with its line and column.
    """
    with source.open_text() as stream:
        consumed: list[str] = []
        line_no = 0
        first: str | None = None
        for raw in stream:
            line_no += 1
            consumed.append(raw)
            if raw.strip():
                first = raw
                break
        if first is None:
            raise source.error("the file is empty")
        value = _parse_line(first)
        if value is _NOT_JSON:
            text = "".join(consumed) + stream.read()
            consumed.clear()
            yield None, load_document(source, text)
            return
        consumed.clear()
        yield line_no, value
        for raw in stream:
            line_no += 1
            if not raw.strip():
                continue
            yield line_no, _load_line(source, raw, line_no)


def load_document(source: Source, text: str) -> Any:
    """One JSON document; InputError with line and column when it is not valid JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise source.error(
            f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno}); "
            "is the file complete?",
            line=exc.lineno,
        ) from None
    except RecursionError:
        raise source.error("not readable JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer literal longer than Python accepts
        raise source.error(f"not readable JSON: {exc}") from None


def _load_line(source: Source, text: str, line: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return source.error(f"not valid JSON on this line ({exc.msg}, column {exc.colno})",
                            line=line)
    except RecursionError:
        return source.error("not readable JSON on this line: nested too deeply", line=line)
    except ValueError as exc:
        return source.error(f"not readable JSON on this line: {exc}", line=line)


def read_items(source: Source, reader: str, items: Iterable[Located],
               build: Callable[[dict], tuple[Work, str | None]]) -> Iterator[Record | InputError]:
    """Records built from (line, item) pairs; a bad item becomes an InputError naming it."""
    for index, (line, item) in enumerate(items, start=1):
        if isinstance(item, InputError):
            yield item.located(path=source.name, line=line, record=index)
            continue
        if not isinstance(item, dict):
            yield source.error(f"expected a JSON object, found {_kind(item)}", line=line,
                               record=index)
            continue
        try:
            work, source_id = build(item)
        except RecordProblem as exc:
            yield source.error(exc.message, line=line, record=exc.record or index)
            continue
        except (TypeError, ValueError, AttributeError, KeyError, IndexError,
                RecursionError) as exc:
            # a value of a shape no real file has; report it rather than stop the file
            yield source.unreadable(exc, line=line, record=index)
            continue
        yield Record(work=work, source=reader, path=source.name, index=index, line=line,
                     source_id=source_id)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {list: "an array", str: "a string", bool: "a boolean"}.get(type(value), "a number")


# -- typed access to JSON values -----------------------------------------------------------

def mapping(value: Any) -> dict:
    """The value when it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def array(value: Any) -> list:
    """The value when it is a JSON array, else an empty list."""
    return value if isinstance(value, list) else []


def text(value: Any) -> str | None:
    """A string value (or the first string of an array, or a number) with whitespace collapsed."""
    if isinstance(value, list):
        for element in value:
            found = text(element)
            if found:
                return found
        return None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return clean_text(value) if isinstance(value, str) else None


def texts(value: Any) -> list[str]:
    """All non-empty strings of an array (or the one string) with whitespace collapsed."""
    if isinstance(value, list):
        return [t for t in (text(v) for v in value if not isinstance(v, list)) if t]
    found = text(value)
    return [found] if found else []
