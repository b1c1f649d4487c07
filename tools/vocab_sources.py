"""Readers of the raw vocabulary files in ../shared/vocab-sources: GDC YAML scalars, OBO, GDC enum codes, OncoTree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
import json
from pathlib import Path
import re

CODE = re.compile(r"C\d+")  # an NCIt code

_KEY = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"-][^#]*?|-\S[^#]*?)\s*:(?:\s+|$)""")


def _scalar(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return re.sub(r'\\(["\\/])', r"\1", text[1:-1])
    return text


def yaml_scalars(path: Path) -> Iterator[tuple[tuple[str, ...], str]]:
    """(key path, value) for every scalar of a block-style YAML file: the subset the GDC
    dictionary uses (nested mappings, ``- item`` lists, ``? key`` entries, plain, quoted and
    folded scalars). List items carry the path of their list."""
    lines = path.read_text(encoding="utf-8").splitlines()
    stack: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        body = raw.strip()
        i += 1
        if not body or body[0] == "#" or body == "---":
            continue
        limit = indent = len(raw) - len(raw.lstrip(" "))
        item = body == "-" or body.startswith("- ")
        while stack and (stack[-1][0] > indent or (stack[-1][0] == indent and not item)):
            stack.pop()
        if item:
            body, indent = body[1:].strip(), indent + 2
        key = None
        if body.startswith("? "):
            key, body = _scalar(body[2:].strip()), lines[i].strip()[1:].strip()
            i += 1
        elif match := _KEY.match(body):
            key, body = _scalar(match.group(1)), body[match.end():].strip()
        if key is not None and (not body or _KEY.match(body)):
            stack.append((indent, key))
            if body:
                lines.insert(i, " " * (indent + 2) + body)
            continue
        if key is not None:
            limit = indent  # a "- key: value" item: the next key sits at the same column
        block = body[:1] in (">", "|")
        parts = [] if block else [body]
        while i < len(lines):
            text = lines[i].strip()
            deeper = len(lines[i]) - len(lines[i].lstrip(" ")) > limit
            if (text and not deeper) or (not text and not block):
                break
            parts.append(text)
            i += 1
        value = "\n".join(parts).strip() if body[:1] == "|" else " ".join(p for p in parts if p)
        keys = tuple(k for _, k in stack)
        yield (keys + (key,) if key is not None else keys), (value if block else _scalar(value))


def read_obo(path: Path) -> list[dict[str, object]]:
    """The non-obsolete [Term] stanzas: id, name, exact synonyms, xrefs."""
    terms: list[dict[str, object]] = []
    for stanza in path.read_text(encoding="utf-8").split("\n[Term]\n")[1:]:
        term: dict[str, object] = {"synonyms": [], "xrefs": []}
        for line in stanza.split("\n[", 1)[0].splitlines():
            tag, _, value = line.partition(": ")
            if tag in ("id", "name"):
                term[tag] = value.strip()
            elif tag == "is_obsolete" and value.strip() == "true":
                term["obsolete"] = True
            elif tag == "xref":
                term["xrefs"].append(value.split()[0])
            elif tag == "synonym" and (match := re.match(r'"((?:[^"\\]|\\.)*)"\s+EXACT\b', value)):
                term["synonyms"].append(match.group(1).replace('\\"', '"'))
        if "id" in term and "name" in term and not term.get("obsolete"):
            terms.append(term)
    return terms


def terms_enum_codes(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    """NCIt termDefs of _terms_enum.yaml: key -> [(context path, NCIt code, NCIt term)]."""
    fields: dict[tuple[str, ...], dict[str, str]] = defaultdict(dict)
    for keys, value in yaml_scalars(path):
        if len(keys) >= 3 and keys[-2] == "termDef":
            fields[keys[:-2]][keys[-1]] = value
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for keys, term in fields.items():
        code, label = term.get("term_id", "").strip(), " ".join(term.get("term", "").split())
        if CODE.fullmatch(code) and label and term.get("source") == "NCIt":
            found[keys[0]].append(("/".join(keys[1:]), code, label))
    return found


def oncotree_nodes(path: Path) -> list[dict]:
    """Tumour-type nodes (level 2 and below; levels 0-1 are tissues), depth first in key order."""
    out: list[dict] = []

    def walk(node: dict) -> None:
        if int(node.get("level") or 0) >= 2:
            out.append(node)
        for child in node["children"].values():
            walk(child)

    for root in json.loads(path.read_text(encoding="utf-8")).values():
        walk(root)
    return out
