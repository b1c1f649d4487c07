"""Regenerate the derived lexicon tables (diseases.tsv, drugs.tsv) from the raw vocabulary files."""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
import re

from vocab_sources import CODE, oncotree_nodes, read_obo, terms_enum_codes, yaml_scalars

HEADER = ("id", "label", "synonyms", "type", "xrefs")

# Common English words that are also names of chemicals or diseases in the sources; as
# free-standing synonyms they would produce false positives in abstracts.
COMMON_WORDS = frozenset("""
a about acid aim air all also am an and antigen any are as at atom be been being best but by
can cell channel chemical clear cold compound control copper cure day did disease disorder do
does done down drug each element enzyme fat fiber fibre fire for from gas get gold had has have heat
her here him his hope hormone how ice if in ion is it its key label large last lead ligand light
lime lipid low may me metal mineral mix more most much must my new no none nor not now of oil
on one only or other our out over pain peptide per plus poison polymer protein radical rest
rubber run salt same sand see set settle she shock signal small so soap solid solution solvent
some steroid stone sugar sun syndrome tar tea than that the their them then there these they
this those tin to too toxin two up us use very was water wax we were what when which who why
will with yes yet you your
""".split())

# Salt and hydrate words stripped from an agent name when the parent compound carries no code.
SALT_WORDS = frozenset("""
acetate besylate bitartrate bromide calcium chloride citrate dihydrochloride dimesylate
disodium fumarate hydrobromide hydrochloride hydrate lactate maleate malate mesylate
monohydrate phosphate potassium sodium succinate sulfate tartrate tosylate
""".split())

# Seed terms the sources spell otherwise; every id is in SOURCES.md's table of identifiers
# checked in two sources. id -> (label if the row is new, synonyms, xrefs).
DISEASE_ADDITIONS = {
    "NCIT:C2915": ("Carcinoid Tumor", ("carcinoid", "carcinoid tumor"), ()),
    "NCIT:C3879": ("Medullary Thyroid Carcinoma", ("medullary thyroid carcinoma",), ()),
    "NCIT:C9231": ("Merkel Cell Carcinoma", ("Merkel cell carcinoma",), ()),
    "NCIT:C27720": ("Pancreatic Neuroendocrine Tumor", (
        "pancreatic neuroendocrine tumor", "neuroendocrine pancreatic tumor"), ()),
    "NCIT:C3809": ("Neuroendocrine Tumor", ("neuroendocrine tumor", "neuroendocrine neoplasm"), ()),
}
DRUG_ADDITIONS = {
    "MESH:D013311": ("Streptozocin", ("streptozotocin", "streptozocin"), ("NCIT:C845",)),
    "MESH:D015251": ("Epirubicin", ("epirubicin",), ()),
    "MESH:D019797": ("Iobenguane", (
        "iobenguane", "MIBG", "MIGB", "metaiodobenzylguanidine", "meta-iodobenzylguanidine",
        "m-iodobenzylguanidine", "3-iodobenzylguanidine"), ()),
    "KG:recombinant-interferon-alfa-2a": ("Recombinant Interferon Alfa-2a", (
        "interferon alfa-2a", "IFN alfa-2a", "rIFN alfa-2a", "recombinant IFN alfa-2a",
        "rinterferon alfa-2a", "r-interferon alfa-2a"), ()),
    "KG:interferon": ("Interferon", ("interferon", "IFN"), ()),
}


@dataclass(slots=True, kw_only=True)
class Row:
    """One lexicon row while it is being assembled (mutable until written)."""

    id: str
    label: str
    type: str
    synonyms: set[str] = field(default_factory=set)
    xrefs: set[str] = field(default_factory=set)


class Table:
    """Rows keyed by id, with an index from every xref CURIE to the row holding it."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.rows: dict[str, Row] = {}
        self.by_xref: dict[str, str] = {}

    def find(self, curie: str) -> Row | None:
        row_id = curie if curie in self.rows else self.by_xref.get(curie)
        return self.rows.get(row_id) if row_id else None

    def add(self, row_id: str, label: str) -> Row:
        if row_id not in self.rows:
            self.rows[row_id] = Row(id=row_id, label=label, type=self.kind)
        return self.rows[row_id]

    def xref(self, row: Row, curie: str) -> None:
        if curie != row.id and curie not in self.rows:
            row.xrefs.add(curie)
            self.by_xref.setdefault(curie, row.id)

    def finish(self, additions: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]) -> Table:
        """Filter the sources' synonyms, then add the hand-checked ones (which may be short)."""
        for row in self.rows.values():
            row.synonyms = {s for s in row.synonyms if keep_synonym(s)}
        for row_id, (label, synonyms, xrefs) in additions.items():
            row = self.add(row_id, label)
            row.synonyms.update(synonyms)
            for xref in xrefs:
                self.xref(row, xref)
        return self

    def write(self, path: Path) -> int:
        """Sorted, de-duplicated rows; a synonym two rows share stays only with the row it labels."""
        owners: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, set[str]] = defaultdict(set)
        for row in self.rows.values():
            labels[name_key(row.label)].add(row.id)
            for text in row.synonyms:
                owners[name_key(text)].add(row.id)
        lines = ["\t".join(HEADER)]
        for row_id in sorted(self.rows, key=lambda i: (i.split(":")[0], ncit_sort(i.split(":", 1)[1]))):
            row = self.rows[row_id]
            if is_common_word(row.label):  # "disease", "Water", "Proteins": noise in abstracts
                continue
            kept: dict[str, str] = {}
            for text in sorted(row.synonyms):
                key = name_key(text)
                shared = len(owners[key] | labels[key]) > 1 and labels[key] != {row.id}
                if key and key != name_key(row.label) and not shared:
                    kept.setdefault(key, text)
            xrefs = sorted(x for x in row.xrefs if x not in self.rows)  # never another row's id
            lines.append("\t".join((row.id, row.label, "|".join(sorted(kept.values())), row.type,
                                    "|".join(xrefs))))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return len(lines) - 1


# ---------------------------------------------------------------- names

def name_key(text: str) -> str:
    """A loose comparison key for names across sources (case, punctuation, NOS, tumour)."""
    text = re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("tumour", "tumor")).strip()
    return re.sub(r"\s+nos$", "", text)


def ncit_sort(code: str) -> tuple[int, str]:
    return (int(code[1:]) if CODE.fullmatch(code) else 1 << 40, code)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def is_common_word(text: str) -> bool:
    key = name_key(text)
    return key in COMMON_WORDS or (key.endswith("s") and key[:-1] in COMMON_WORDS)


def keep_synonym(text: str) -> bool:
    """Drop bare numbers, common words and anything of three characters or fewer: short
    abbreviations are ambiguous in abstracts and belong in the hand-made tables."""
    if sum(ch.isalpha() for ch in text) < 2 or "|" in text or "\t" in text:
        return False
    return len(text.replace(" ", "")) > 3 and not is_common_word(text)


# ---------------------------------------------------------------- diseases

def accepted_oncotree_codes(nodes: list[dict], known: dict[str, set[str]]) -> dict[str, str]:
    """OncoTree code -> NCIt code, dropping a code that several differently named nodes share
    unless another source gives that node's name for it (OncoTree reuses some codes wrongly)."""
    users: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        for code in node["externalReferences"].get("NCI", ()):
            users[code].add(name_key(node["name"]))
    out: dict[str, str] = {}
    for node in nodes:
        for code in node["externalReferences"].get("NCI", ()):
            if len(users[code]) == 1 or name_key(node["name"]) in known.get(code, set()):
                out.setdefault(node["code"], code)
    return out


def doid_row_id(term: dict, ncis: list[str], evidence: set[str] | None) -> tuple[str, list[str]]:
    """The row id of a DOID term and its further NCIt codes. The NCIt concept whose preferred
    term (GDC) or OncoTree name is the DOID name wins over DOID's own NCI xrefs, which are
    dropped when they disagree (DOID maps Merkel cell carcinoma to C4068, Trabecular
    Adenocarcinoma); then the lowest NCIt code; then MeSH; then a local id."""
    if evidence:
        primary = next(iter(evidence))
        return f"NCIT:{primary}", ([c for c in ncis if c != primary] if primary in ncis else [])
    if ncis:
        return f"NCIT:{ncis[0]}", ncis[1:]
    meshes = sorted(x for x in term["xrefs"] if re.fullmatch(r"MESH:[CD]\d+", x))
    return (meshes[0] if meshes else f"KG:doid-{term['id'].split(':')[1]}"), []


@dataclass
class DiseaseSources:
    """What the disease sources say, gathered before any row is made."""

    morph: dict[str, str]  # NCIt code -> preferred term, for GDC's ICD-O keyed entries
    pt_codes: dict[str, set[str]]  # name key -> NCIt codes of GDC preferred terms
    terms: dict[str, dict]  # DOID id -> term
    nodes: list[dict]  # OncoTree nodes
    accepted: dict[str, str]  # OncoTree code -> NCIt code
    ot_codes: dict[str, set[str]]  # name key -> NCIt codes of accepted OncoTree nodes


def read_disease_sources(src: Path) -> DiseaseSources:
    morph: dict[str, str] = {}
    for key, found in terms_enum_codes(src / "gdc_terms_enum.yaml").items():
        for context, code, label in found:
            if re.fullmatch(r"\d{5}", key) and context == "common":
                morph.setdefault(code, label)
    known: dict[str, set[str]] = defaultdict(set)  # NCIt code -> names other sources give it
    pt_codes: dict[str, set[str]] = defaultdict(set)
    for code, label in morph.items():
        known[code].add(name_key(label))
        pt_codes[name_key(label)].add(code)
    terms: dict[str, dict] = {}
    for name in ("DO_NCIthesaurus_subset.obo", "DO_cancer_slim.obo"):
        for term in read_obo(src / name):
            terms.setdefault(term["id"], term)
            for xref in term["xrefs"]:
                if xref.startswith("NCI:"):
                    known[xref[4:]].add(name_key(term["name"]))
    nodes = oncotree_nodes(src / "oncotree_2025_10_03.json")
    accepted = accepted_oncotree_codes(nodes, known)
    ot_codes: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        if node["code"] in accepted:
            ot_codes[name_key(node["name"])].add(accepted[node["code"]])
    return DiseaseSources(morph=morph, pt_codes=pt_codes, terms=terms, nodes=nodes,
                          accepted=accepted, ot_codes=ot_codes)


def build_diseases(src: Path) -> Table:
    """DOID (NCIt subset + cancer slim), GDC ICD-O morphologies and OncoTree, keyed by NCIt."""
    sources = read_disease_sources(src)
    table = Table("disease")
    add_doid_rows(table, sources)
    for code, label in sorted(sources.morph.items()):
        (table.find(f"NCIT:{code}") or table.add(f"NCIT:{code}", label)).synonyms.add(label)
    add_oncotree_rows(table, sources)
    return table.finish(DISEASE_ADDITIONS)


def add_doid_rows(table: Table, sources: DiseaseSources) -> None:
    morph = sources.morph
    for doid in sorted(sources.terms, key=lambda i: int(i.split(":")[1])):
        term = sources.terms[doid]
        key = name_key(term["name"])
        ncis = sorted({x[4:] for x in term["xrefs"] if re.fullmatch(r"NCI:C\d+", x)}, key=ncit_sort)
        evidence = next((c for c in (sources.pt_codes.get(key), sources.ot_codes.get(key))
                         if c and len(c) == 1), None)
        row_id, extra = doid_row_id(term, ncis, evidence)
        row = table.add(row_id, morph.get(row_id[5:], term["name"]) if row_id.startswith("NCIT:") else term["name"])
        row.synonyms.update((term["name"], *term["synonyms"]))
        for curie in (doid, *(f"NCIT:{c}" for c in extra)):
            table.xref(row, curie)
        for xref in term["xrefs"]:
            if re.fullmatch(r"MESH:[CD]\d+", xref):
                table.xref(row, xref)
            elif re.fullmatch(r"UMLS_CUI:C\d{7}", xref):
                table.xref(row, "UMLS:" + xref.split(":")[1])


def add_oncotree_rows(table: Table, sources: DiseaseSources) -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for row in table.rows.values():
        for text in (row.label, *row.synonyms):
            by_name[name_key(text)].add(row.id)
    for node in sources.nodes:
        name = re.sub(r",\s*NOS$", "", node["name"]).strip()
        if re.search(r"\bOther\b", name):
            continue
        code = sources.accepted.get(node["code"])
        row = table.find(f"NCIT:{code}") if code else None
        if row is None and not code and len(by_name.get(name_key(name), ())) == 1:
            row = table.rows[next(iter(by_name[name_key(name)]))]
        if row is None:
            row_id = f"NCIT:{code}" if code else f"KG:oncotree-{slug(node['code'])}"
            if by_name.get(name_key(name)):  # the plain name belongs to another concept
                name = node["name"] if name != node["name"] else f"{name} ({node['tissue']})"
            row = table.add(row_id, sources.morph.get(code or "", name))
        row.synonyms.add(name)
        table.xref(row, f"ONCOTREE:{node['code']}")
        for cui in node["externalReferences"].get("UMLS", ()):
            if re.fullmatch(r"C\d{7}", cui):
                table.xref(row, f"UMLS:{cui}")


# ---------------------------------------------------------------- drugs

def build_drugs(src: Path) -> Table:
    """MeSH chemicals with ChEBI mappings (gilda), joined by name with the GDC therapeutic agents."""
    table = Table("drug")
    by_name: dict[str, set[str]] = defaultdict(set)
    for line in (src / "gilda_mesh_mappings.tsv").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) != 6 or cells[0] != "MESH" or cells[3] != "CHEBI" \
                or not re.fullmatch(r"[CD]\d+", cells[1]) or not re.fullmatch(r"CHEBI:\d+", cells[4]):
            continue
        row = table.add(f"MESH:{cells[1]}", cells[2])
        row.synonyms.update((cells[2], cells[5]))
        table.xref(row, cells[4])
        by_name[name_key(cells[2])].add(row.id)
        by_name[name_key(cells[5])].add(row.id)

    enum_codes = terms_enum_codes(src / "gdc_terms_enum.yaml")
    agents: set[str] = set()
    coded: dict[str, str] = {}  # agent -> NCIt code, where GDC gives one under that very name
    for keys, value in yaml_scalars(src / "gdc_treatment.yaml"):
        if keys[:2] != ("properties", "therapeutic_agents"):
            continue
        if keys[2:] == ("enum",):
            agents.add(" ".join(value.split()))
        elif keys[2] == "enumDef" and keys[-1] == "$ref":  # _terms_enum.yaml#/key/common
            key, _, context = value.partition("#/")[2].partition("/")
            for found_context, code, label in enum_codes.get(key, ()):
                if found_context == context and name_key(label) == name_key(keys[3]):
                    coded[" ".join(keys[3].split())] = code
    for name in sorted(agents - {"Other", "Unknown", "Not Reported"}):
        hits = by_name.get(name_key(name), set())
        words = name.split()
        if not hits and name not in coded and len(words) > 1 and words[-1].casefold() in SALT_WORDS:
            hits = by_name.get(name_key(" ".join(words[:-1])), set())
        if len(hits) == 1:
            row = table.rows[next(iter(hits))]
        else:
            row = table.add(f"NCIT:{coded[name]}" if name in coded else f"KG:{slug(name)}", name)
        row.synonyms.add(name)
        if name in coded:
            table.xref(row, f"NCIT:{coded[name]}")
    return table.finish(DRUG_ADDITIONS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=Path, required=True, help="folder of the raw vocabulary files")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the tables to")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in (("diseases.tsv", build_diseases), ("drugs.tsv", build_drugs)):
        print(f"{name}: {build(args.sources).write(args.out / name)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
