"""Generates kg/rdf/kgo.py, the kgo DefinedNamespace, from ontology/kg.ttl (``python tools/kgo_codegen.py``)."""

from __future__ import annotations

from pathlib import Path
import sys

import pyoxigraph as ox

KGO = "https://w3id.org/litkg/ontology#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "kg" / "rdf" / "kgo.py"


def render(ontology: Path) -> str:
    """The source text of kg/rdf/kgo.py for the terms defined in ``ontology``."""
    with ontology.open("rb") as handle:
        triples = list(ox.parse(handle, format=ox.RdfFormat.TURTLE))
    terms: dict[str, str] = {}
    for triple in triples:
        subject = triple.subject
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(KGO):
            name = subject.value[len(KGO):]
            if triple.predicate == _COMMENT:
                terms[name] = triple.object.value
            else:
                terms.setdefault(name, "")
    classes = sorted(n for n in terms if n[0].isupper())
    properties = sorted(n for n in terms if not n[0].isupper())
    lines = [
        '"""The kgo namespace: generated from ontology/kg.ttl by tools/kgo_codegen.py — do not edit."""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KGO(DefinedNamespace):",
        '    """kg project ontology terms; an unknown name raises AttributeError."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{KGO}")',
        "",
        "    # classes",
    ]
    for name in classes:
        lines.append(f"    {name}: URIRef  # {_short(terms[name])}")
    lines.append("")
    lines.append("    # properties")
    for name in properties:
        lines.append(f"    {name}: URIRef  # {_short(terms[name])}")
    return "\n".join(lines) + "\n"


def _short(comment: str) -> str:
    first = comment.split(". ")[0].rstrip(".")
    return first if len(first) <= 80 else first[:77] + "..."


def main(argv: list[str]) -> int:
    """Write kg/rdf/kgo.py; with ``--check``, exit 1 when it differs from what would be written."""
    text = render(ROOT / "ontology" / "kg.ttl")
    if "--check" in argv:
        if TARGET.read_text(encoding="utf-8") != text:
            sys.stderr.write(f"{TARGET} is stale\n")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    sys.stderr.write(f"wrote {TARGET}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
