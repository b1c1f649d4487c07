"""Run the independent RDF validators (Apache Jena riot, Raptor rapper) on files from tests."""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path
import re
import shutil
import subprocess
from typing import Iterable

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
RIOT_WRAPPER = REPO_ROOT / ".tools" / "bin" / "riot"
JENA_CLASSPATH = REPO_ROOT / ".tools" / "jena" / "classpath"
ALLOW_MISSING_ENV = "KG_ALLOW_MISSING_TOOLS"
INSTALL_HINT = "run `make tools` to install it"

RAPPER_SYNTAXES = ("turtle", "ntriples", "nquads", "trig")

# riot picks the parser from the file extension; Debian's Jena 4.5 jars cannot parse
# JSON-LD 1.1, so .jsonld files are read as JSON-LD 1.0 unless told otherwise.
_DEFAULT_RIOT_SYNTAX = {".jsonld": "jsonld10"}

# With several files riot logs "INFO ... - File: NAME" before each one; problems are logged
# as WARN or ERROR lines (and exception stack traces) after that header.
_RIOT_FILE_HEADER = re.compile(r"^\[[^\]]*\] INFO \S+ - File: (?P<name>.*)$")
_RIOT_PROBLEM = re.compile(r"^\[[^\]]*\] (WARN|ERROR) ")
_RAPPER_COUNT = re.compile(r"Parsing returned (\d+) triples?")

_BATCH_SIZE = 200  # files per riot call: keeps the command line short


@dataclass(frozen=True)
class Result:
    """The outcome of validating one file."""

    path: str
    returncode: int
    stderr: str
    triples: int | None = None  # rapper only: triples (or quads) it parsed

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def __str__(self) -> str:
        count = "" if self.triples is None else f", {self.triples} triples"
        return f"{self.path}: exit {self.returncode}{count}\n{self.stderr}".rstrip()


def missing_tool(message: str, hint: str = INSTALL_HINT) -> None:
    """Fail the current test (skip it when KG_ALLOW_MISSING_TOOLS=1) because a tool is absent."""
    if os.environ.get(ALLOW_MISSING_ENV) == "1":
        pytest.skip(f"{message} ({ALLOW_MISSING_ENV}=1)")
    pytest.fail(f"{message}; {hint} (or set {ALLOW_MISSING_ENV}=1 to skip)", pytrace=False)


def riot_command() -> list[str] | None:
    """How to run riot: $KG_RIOT, else the .tools/bin/riot wrapper from `make tools`, else PATH."""
    override = os.environ.get("KG_RIOT")
    if override:
        resolved = shutil.which(override)
        return [resolved] if resolved else None
    if RIOT_WRAPPER.is_file() and JENA_CLASSPATH.is_file() and shutil.which("java"):
        return [str(RIOT_WRAPPER)]
    on_path = shutil.which("riot")
    return [on_path] if on_path else None


def have_riot() -> bool:
    return riot_command() is not None


def have_rapper() -> bool:
    return shutil.which("rapper") is not None


def _require_riot() -> list[str]:
    command = riot_command()
    if command is None:
        missing_tool("Apache Jena riot is not available (no .tools/bin/riot, $KG_RIOT or riot on PATH)")
    assert command is not None
    return command


def _effective_syntax(path: str, syntax: str | None) -> str | None:
    if syntax is not None:
        return syntax
    return _DEFAULT_RIOT_SYNTAX.get(Path(path).suffix.lower())


def _run_riot(files: list[str], syntax: str | None, timeout: float) -> subprocess.CompletedProcess:
    command = _require_riot() + ["--validate"]
    if syntax:
        command.append(f"--syntax={syntax}")
    # Absolute paths: a name starting with "-" cannot pass for an option, and riot's
    # per-file headers echo exactly what we passed.
    command += files
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def _split_riot_log(files: list[str], stderr: str) -> tuple[dict[str, str], list[str]] | None:
    """Cut a multi-file riot log into per-file sections.

    Returns (sections, unreached files), or None when the log does not follow the
    header-per-file pattern in the expected order.
    """
    sections: dict[str, list[str]] = {}
    current: str | None = None
    position = 0
    for line in stderr.splitlines():
        header = _RIOT_FILE_HEADER.match(line)
        if header:
            if position >= len(files) or header.group("name") != files[position]:
                return None
            current = files[position]
            sections[current] = []
            position += 1
        elif current is not None:
            sections[current].append(line)
        elif line.strip():
            return None  # output before the first header: cannot attribute it
    return {name: "\n".join(lines) for name, lines in sections.items()}, files[position:]


def _has_problem(section: str) -> bool:
    return any(_RIOT_PROBLEM.match(line) or line.startswith(("Exception", "\tat ")) for line in section.splitlines())


def _validate_group(files: list[str], syntax: str | None, timeout: float) -> dict[str, Result]:
    """Validate files sharing one syntax, in as few JVM starts as possible."""
    if not files:
        return {}
    proc = _run_riot(files, syntax, timeout)
    if len(files) == 1:
        return {files[0]: Result(files[0], proc.returncode, proc.stderr)}
    if proc.returncode == 0:
        split = _split_riot_log(files, proc.stderr)
        sections = split[0] if split else {}
        return {name: Result(name, 0, sections.get(name, "")) for name in files}
    split = _split_riot_log(files, proc.stderr)
    if split is None:
        return {name: _validate_group([name], syntax, timeout)[name] for name in files}
    sections, unreached = split
    results = {
        name: Result(name, 1 if _has_problem(text) else 0, text) for name, text in sections.items()
    }
    if not unreached and not any(not r.ok for r in results.values()):
        # riot failed, yet no file shows a problem: do not guess, ask once per file.
        return {name: _validate_group([name], syntax, timeout)[name] for name in files}
    if unreached:
        # riot stops at a file it cannot open or at a fatal error; carry on after it.
        if len(unreached) == len(files):
            results.update({n: _validate_group([n], syntax, timeout)[n] for n in unreached})
        else:
            results.update(_validate_group(unreached, syntax, timeout))
    return results


def riot_validate_many(
    paths: Iterable[str | os.PathLike], syntax: str | None = None, timeout: float = 600.0
) -> dict[str | os.PathLike, Result]:
    """Validate many files with riot, one JVM per syntax group; results keyed by the given paths.

    syntax is riot's --syntax name (turtle, ntriples, nquads, trig, jsonld10, ...); None
    means guess from each file's extension (with .jsonld read as JSON-LD 1.0). A missing
    file gets exit code 2 without running riot. riot's --validate is strict: warnings such
    as ill-typed literals or bad language tags make a file fail.
    """
    given = list(dict.fromkeys(paths))
    absolute = {p: os.path.abspath(os.fspath(p)) for p in given}
    results: dict[str, Result] = {}
    groups: dict[str | None, list[str]] = {}
    for name in dict.fromkeys(absolute.values()):
        if not os.path.isfile(name):
            results[name] = Result(name, 2, f"not found: {name}")
            continue
        groups.setdefault(_effective_syntax(name, syntax), []).append(name)
    for group_syntax, files in groups.items():
        for start in range(0, len(files), _BATCH_SIZE):
            results.update(_validate_group(files[start : start + _BATCH_SIZE], group_syntax, timeout))
    return {p: results[absolute[p]] for p in given}


def riot_validate(path: str | os.PathLike, syntax: str | None = None, timeout: float = 600.0) -> Result:
    """Validate one file with riot (strict); see riot_validate_many for the syntax rules."""
    return riot_validate_many([path], syntax=syntax, timeout=timeout)[path]


def rapper_parse(path: str | os.PathLike, syntax: str, timeout: float = 600.0) -> Result:
    """Parse one file with Raptor's rapper and count its triples (quads for N-Quads/TriG).

    rapper is lenient: it accepts ill-typed literals and bad language tags, so it checks
    syntax only. Exit code 0 means parsed without errors.
    """
    if syntax not in RAPPER_SYNTAXES:
        raise ValueError(f"syntax must be one of {RAPPER_SYNTAXES}, not {syntax!r}")
    rapper = shutil.which("rapper")
    if rapper is None:
        missing_tool("Raptor's rapper is not installed (Debian package raptor2-utils)")
    assert rapper is not None
    name = os.path.abspath(os.fspath(path))
    if not os.path.isfile(name):
        return Result(name, 2, f"not found: {name}")
    proc = subprocess.run(
        [rapper, "-i", syntax, "-c", name], capture_output=True, text=True, timeout=timeout
    )
    found = _RAPPER_COUNT.search(proc.stderr)
    return Result(name, proc.returncode, proc.stderr, int(found.group(1)) if found else None)
