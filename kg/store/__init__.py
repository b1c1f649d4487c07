"""The embedded store: an on-disk Oxigraph database holding one named graph per record; imports: kg.errors, kg.rdf."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
import os
from pathlib import Path
import re

import pyoxigraph as ox

from kg.errors import StoreError
from kg.rdf.namespaces import BIBO, FABIO, KGO, PROV, RDF, node

DEFAULT_STORE = "kg-store"
_IDENTIFIER_PREDICATES = {"doi": BIBO.doi, "pmid": BIBO.pmid, "pmcid": FABIO.hasPubMedCentralId,
                          "eid": KGO.scopusEid, "wos": KGO.wosAccession, "openalex": KGO.openalexId,
                          "arxiv": KGO.arxivId, "pure": KGO.pureId, "isbn": BIBO.isbn}


def default_store_path() -> str:
    """``$KG_STORE`` or ``./kg-store``."""
    return os.environ.get("KG_STORE") or DEFAULT_STORE


def _check_folder(path: Path, *, must_exist: bool) -> None:
    """Refuse what is not a store before Oxigraph reads it, or writes its files into it."""
    if path.exists() and not path.is_dir():
        raise StoreError(f"cannot open the store at {path}: it is a file; name a store folder "
                         "with --store (or $KG_STORE)")
    if path.is_dir() and any(path.iterdir()):
        if all(map(_database_file, path.iterdir())):
            return  # Oxigraph's database files (RocksDB), perhaps of a run that was killed
        raise StoreError(f"{path} is not a kg store (the folder holds other files): name a new "
                         "folder, or an existing store, with --store (or $KG_STORE)")
    if must_exist:
        raise StoreError(f"no store at {path}: load something first (kg load FILE)")


def _database_file(path: Path) -> bool:
    """A file Oxigraph's database (RocksDB) writes, possibly before a run was killed."""
    name = path.name
    return (name in ("CURRENT", "IDENTITY", "LOCK", "LOG") or name.startswith(("MANIFEST-", "OPTIONS-", "LOG.old"))
            or name.endswith((".sst", ".log", ".dbtmp", ".blob")))


def _open_problem(error: Exception) -> str:
    detail = str(error).strip()
    if "lock" in detail.casefold():
        return "it is in use by another process (a running kg load, or an oxigraph server)"
    if isinstance(error, PermissionError) or "permission denied" in detail.casefold():
        return "permission denied: check the folder's permissions"
    reason = detail.splitlines()[0] if detail else type(error).__name__
    return f"it is damaged or not a kg store ({reason}); load the inputs into a new store"


_ERROR_AT = re.compile(r"error at (\d+):(\d+): ")
_PARSER_NOTES = {"Prefix not found": "a prefix used there has no PREFIX line",
                 "IRI parsing failed": "an IRI there is not valid"}


def _parse_problem(message: str, sparql: str) -> str:
    """Where a query does not parse and what the parser expected, without its character tables."""
    found = _ERROR_AT.match(message)
    if found is None:
        return f"the SPARQL query does not parse: {message.splitlines()[0]}"
    line, column = int(found[1]), int(found[2])
    lines = sparql.splitlines()
    near = lines[line - 1][column - 1:column + 24].strip() if line <= len(lines) else ""
    where = f"line {line}, column {column}" + (f" (at {near!r})" if near else " (the end)")
    return (f"the SPARQL query does not parse at {where}: {_expected(message[found.end():])}; "
            "check the syntax there")


def _expected(detail: str) -> str:
    prefix = "expected one of "
    if detail.startswith("expected CONSTRUCT"):  # what oxigraph says when no query form fits
        return "a query is SELECT, ASK, CONSTRUCT or DESCRIBE (after any PREFIX lines)"
    if not detail.startswith(prefix):
        return detail.splitlines()[0]
    items = [item for item in detail[len(prefix):].split(", ") if item]
    notes = [_PARSER_NOTES[item] for item in items if item in _PARSER_NOTES]
    if notes:
        return notes[0]
    words = [item for item in items if not item.startswith(("[", "|", "'"))]
    shown = ", ".join(words[:12])
    return f"expected one of {shown}" + (", …" if len(words) < len(items) or len(words) > 12 else "")


class GraphStore:
    """An Oxigraph store on disk (or in memory when ``path`` is None) with per-graph replacement."""

    def __init__(self, path: str | os.PathLike | None, *, read_only: bool = False,
                 create: bool = True) -> None:
        self.path = None if path is None else str(path)
        if self.path is None:
            self._store = ox.Store()
            return
        _check_folder(Path(self.path), must_exist=read_only or not create)
        try:
            self._store = ox.Store.read_only(self.path) if read_only else ox.Store(self.path)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot open the store at {self.path}: {_open_problem(exc)}") from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        return self._store

    # -- writing --------------------------------------------------------------------------

    def replace_graphs(self, graphs: dict[ox.NamedNode, list[ox.Quad]]) -> None:
        """Replace each named graph with the given quads, all in one transaction."""
        if not graphs:
            return
        parts = [f"DROP SILENT GRAPH {graph} ;" for graph in graphs]
        body = []
        for graph, quads in graphs.items():
            triples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
            body.append(f"GRAPH {graph} {{\n{triples.decode('utf-8')}}}")
        parts.append("INSERT DATA {\n" + "\n".join(body) + "\n}")
        try:
            self._store.update("\n".join(parts))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write to the store at {self.path}: {exc}") from None

    def ensure_vocabularies(self, base: str, sources: Mapping[str, Callable[[], bytes | Path]]) -> int:
        """Load each vocabulary into ``{base}graph/vocab/{name}`` when absent; the number of graphs
        loaded. A source is called only then, and gives a Turtle file or N-Triples bytes."""
        loaded = 0
        for name, source in sources.items():
            graph = ox.NamedNode(f"{base}graph/vocab/{name}")
            # Written last: a vocabulary graph without it was cut short and is loaded again.
            complete = ox.Quad(graph, node(RDF.type), node(PROV.Entity), graph)
            if complete in self._store:
                continue
            try:
                if self._store.contains_named_graph(graph):
                    self._store.remove_graph(graph)
                data = source()
                if isinstance(data, bytes):
                    self._store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=graph)
                else:
                    self._store.bulk_load(path=str(data), format=ox.RdfFormat.TURTLE, to_graph=graph)
                self._store.add(complete)
            except OSError as exc:
                raise StoreError(f"cannot write to the store at {self.path}: {exc}") from None
            loaded += 1
        return loaded

    def flush(self) -> None:
        """Write buffered changes to disk."""
        if self.path is not None:
            self._store.flush()

    # -- identity lookups -------------------------------------------------------------------

    def find_key(self, key: str) -> str | None:
        """The IRI of the node known by this identity key, if any."""
        for quad in self._store.quads_for_pattern(None, node(KGO.identityKey), ox.Literal(key), None):
            return quad.subject.value
        return None

    def identifiers(self, iri: str) -> dict[str, set[str]]:
        """The identifiers (DOI, PMID, PMCID, EID, UT, OpenAlex id, …) stated for a work in any graph."""
        subject = ox.NamedNode(iri)
        found: dict[str, set[str]] = {}
        for scheme, predicate in _IDENTIFIER_PREDICATES.items():
            for quad in self._store.quads_for_pattern(subject, node(predicate), None, None):
                found.setdefault(scheme, set()).add(quad.object.value)
        return found

    # -- reading --------------------------------------------------------------------------

    def query(self, sparql: str):
        """Run a SPARQL query over all graphs (the default graph is their union)."""
        try:
            return self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise StoreError(_parse_problem(str(exc), sparql)) from None
        except OSError as exc:
            raise StoreError(f"the query failed: {exc}") from None

    def named_graphs(self) -> list[ox.NamedNode]:
        """Every named graph, sorted by IRI."""
        return sorted((g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)),
                      key=lambda g: g.value)

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad, or those of one graph, grouped graph by graph in IRI order."""
        graphs = [graph] if graph is not None else self.named_graphs()
        for g in graphs:
            yield from self._store.quads_for_pattern(None, None, None, g)

    def count(self, graph: ox.NamedNode | None = None) -> int:
        """The number of quads in one graph, or in the whole store."""
        pattern = f"GRAPH {graph} {{ ?s ?p ?o }}" if graph is not None else "GRAPH ?g { ?s ?p ?o }"
        result = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        return int(next(iter(result))["n"].value)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction (no replacement)."""
        self._store.extend(quads)
