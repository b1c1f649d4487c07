"""SPARQL results rendered for people and programs: table, CSV, TSV, JSON; graphs as Turtle."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox

from kg.errors import UsageError
from kg.rdf.namespaces import PREFIXES

RESULT_FORMATS = ("table", "csv", "tsv", "json")
_SERIALIZED = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
               "json": ox.QueryResultsFormat.JSON}


def _shorten(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def render_table(variables: list[str], rows: list[list]) -> str:
    """A plain-text table with a header rule; IRIs shortened with kg's prefixes."""
    cells = [[_shorten(term) for term in row] for row in rows]
    widths = [max([len(v)] + [min(len(r[i]), 80) for r in cells]) for i, v in enumerate(variables)]
    clip = lambda text, width: text if len(text) <= width else text[: width - 1] + "…"  # noqa: E731
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(clip(c, w).ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render(result, fmt: str) -> bytes:
    """Bytes to print for a pyoxigraph query result in the chosen format."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            return (json.dumps({"head": {}, "boolean": bool(result)}) + "\n").encode()
        return (("true" if result else "false") + "\n").encode()
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(list(result), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    if fmt not in RESULT_FORMATS:
        raise UsageError(f"unknown result format {fmt!r}; choose one of: {', '.join(RESULT_FORMATS)}")
    if fmt == "table":
        variables = [v.value for v in result.variables]
        rows = [[solution[v] for v in variables] for solution in result]
        return render_table(variables, rows).encode("utf-8")
    buffer = io.BytesIO()
    result.serialize(buffer, format=_SERIALIZED[fmt])
    data = buffer.getvalue()
    return data if data.endswith(b"\n") else data + b"\n"
