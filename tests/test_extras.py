"""`pip install kg` reads every format; a command needing a missing extra names it (import blocked)."""

from __future__ import annotations

import ast
from importlib.metadata import packages_distributions
import re
import subprocess
import sys
import tomllib

import pytest

import kg
from kg.readers import READERS
from tests.conftest import DATA, ROOT

# Runs `kg ARGS` with the modules named in its first argument blocked: importing one then fails
# exactly as it does when its package is not installed.
WITHOUT = """import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None
sys.argv = ["kg", *sys.argv[2:]]
from kg.cli import main
main()
"""
EXTRAS = ("matplotlib", "pycrfsuite")


def run_without(tmp_path, modules, *args: str) -> subprocess.CompletedProcess:
    script = tmp_path / "without.py"
    script.write_text(WITHOUT)
    return subprocess.run([sys.executable, str(script), ",".join(modules), *args],
                          capture_output=True, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("extras") / "store")
    kg.load([str(ROOT / "examples" / "seed.txt")], store=path, extract=False, vocabularies=False)
    return path


def test_a_picture_without_matplotlib_names_the_extra(tmp_path, store):
    picture = tmp_path / "coauthors.png"
    done = run_without(tmp_path, ["matplotlib"], "graph", "coauthors", "-o", str(picture),
                       "--store", store)
    stderr = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in stderr
    assert "kg: error: pictures need matplotlib: pip install 'kg[draw]'" in stderr
    assert [p.name for p in tmp_path.iterdir() if "coauthors" in p.name] == []


def test_training_without_crfsuite_names_the_extra(tmp_path):
    corpus = tmp_path / "train.pubtator"
    corpus.write_text("1|t|Cisplatin toxicity.\n1|a|Cisplatin caused nephrotoxicity.\n"
                      "1\t0\t9\tCisplatin\tChemical\tD002945\n\n")
    done = run_without(tmp_path, ["pycrfsuite"], "dev", "train", "ner", "--train", str(corpus),
                       "--out", str(tmp_path / "model.json.gz"))
    stderr = done.stderr.decode()
    assert done.returncode == 1 and "Traceback" not in stderr
    assert "kg: error: training needs python-crfsuite: pip install 'kg[train]'" in stderr
    assert not (tmp_path / "model.json.gz").exists()


def test_every_format_is_read_without_the_extras(tmp_path):
    """Each reader on a real file, with extraction on, matplotlib and python-crfsuite blocked."""
    pubtator = tmp_path / "docs.txt"
    pubtator.write_text("123|t|Cisplatin in lung cancer.\n123|a|Twelve patients received "
                        "cisplatin.\n\n")
    inputs = [*map(str, sorted((DATA / "variants").glob("paper.*"))), str(pubtator),
              str(DATA / "openalex" / "works.jsonl"), str(DATA / "scopus" / "export.csv"),
              str(DATA / "wos" / "no_ef.txt")]
    done = run_without(tmp_path, EXTRAS, "convert", *inputs, "-o", str(tmp_path / "all.nq"))
    stderr = done.stderr.decode()
    assert done.returncode == 0, stderr
    assert set(re.findall(r": read as (\w+)$", stderr, re.M)) == set(READERS)


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower()


def test_the_readers_need_only_core_dependencies():
    """Every third-party module a reader imports comes from a package in `dependencies`."""
    core = {_name(r) for r in _project()["dependencies"]}
    imported = set()
    for module in (ROOT / "kg" / "readers").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"kg", "__future__"}
    distributions = packages_distributions()
    needed = {_name(d) for m in third_party for d in distributions.get(m, [m])}
    assert {"bibtexparser", "rispy", "pylatexenc"} <= needed
    assert needed <= core, f"readers import packages outside the core dependencies: {needed - core}"


def test_drawing_and_training_stay_extras():
    project = _project()
    core = {_name(r) for r in project["dependencies"]}
    extras = project["optional-dependencies"]
    assert [_name(r) for r in extras["draw"]] == ["matplotlib"]
    assert [_name(r) for r in extras["train"]] == ["python-crfsuite"]
    assert not core & {"matplotlib", "python-crfsuite"}
    assert extras.get("readers", []) == []  # kept, empty, so old `kg[readers]` installs still work
