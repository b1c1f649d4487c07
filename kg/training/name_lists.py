"""The name lists the tagger is trained with: gilda's MeSH mappings and the Disease Ontology."""

from __future__ import annotations

import csv
from pathlib import Path

from kg.extraction.meshnames import MeshName

# Which mapped vocabularies of the gilda MeSH table mark a chemical or a disease name.
GILDA_KINDS = {"CHEBI": "Chemical", "DOID": "Disease", "HP": "Disease"}


def read_gilda(path: str | Path) -> tuple[MeshName, ...]:
    """The MeSH names of gilda's mesh_mappings.tsv (MeSH name and mapped-term name per row)."""
    rows: list[MeshName] = []
    with open(path, encoding="utf-8", newline="") as handle:
        for cols in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(cols) < 6 or cols[0] != "MESH":
                continue
            kind = GILDA_KINDS.get(cols[3])
            rows.append(MeshName(source="g", kind=kind, mesh=cols[1], name=cols[2]))
            if cols[5] and cols[5].lower() != cols[2].lower():
                rows.append(MeshName(source="g", kind=kind, mesh=cols[1], name=cols[5]))
    return tuple(rows)


def read_obo_diseases(path: str | Path) -> tuple[MeshName, ...]:
    """Disease names (name and EXACT synonyms) of a Disease Ontology OBO file, with the MeSH
    id each term cross-references (empty when it has none or several)."""
    rows: list[MeshName] = []
    names: list[str] = []
    mesh: list[str] = []
    obsolete = False
    in_term = False

    def flush() -> None:
        if in_term and names and not obsolete:
            mesh_id = mesh[0] if len(mesh) == 1 else ""
            rows.extend(MeshName(source="g", kind="Disease", mesh=mesh_id, name=n) for n in names)

    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("["):
                flush()
                names, mesh, obsolete = [], [], False
                in_term = line == "[Term]"
            elif line.startswith("name: "):
                names.append(line[6:].strip())
            elif line.startswith("synonym: \"") and " EXACT " in line:
                names.append(line[10:line.index("\" EXACT ")].replace("\\\"", "\""))
            elif line.startswith("xref: MESH:"):
                mesh.append(line[11:].split()[0])
            elif line.startswith("is_obsolete: true"):
                obsolete = True
    flush()
    return tuple(rows)
