"""A `kg load` killed with SIGKILL and run again leaves exactly the store a clean load makes.

The quick run here kills a load of 1,000 records at 4 points; `make reliability` runs the same
test over 10,000 records and 20 kill points (KG_KILL_RECORDS, KG_KILL_POINTS)."""

from __future__ import annotations

import os
from pathlib import Path
import random
import shutil
import signal
import subprocess
import time

import pyoxigraph as ox
import pytest

from tests.conftest import kg_command

RECORDS = int(os.environ.get("KG_KILL_RECORDS", "1000"))
POINTS = int(os.environ.get("KG_KILL_POINTS", "4"))
JOURNALS = [("Oncology Reports", "1021-335X"), ("Tumori", "0300-8916"), ("Tumori", None),
            ("Annals of Oncology", "0923-7534"), ("Журнал онкологии", None), ("癌症", None)]
FAMILIES = ["Rossi", "Zilembo", "Bajetta", "Иванов", "Zhang", "Müller", "O'Brien", "García"]


def medline_records(count: int, seed: int = 7) -> str:
    """``count`` distinct MEDLINE records: own PMIDs, DOIs on two in three, titles, authors drawn
    from a small pool (so persons recur), journals sharing titles with and without ISSNs."""
    pick = random.Random(seed)
    out = []
    for index in range(1, count + 1):
        journal, issn = JOURNALS[index % len(JOURNALS)]
        lines = [f"PMID- {40_000_000 + index}", f"DP  - {1990 + index % 30}",
                 f"TI  - Outcome {index} of {pick.choice(['cisplatin', 'interferon', 'лечение'])} "
                 f"in {pick.choice(['lung', 'breast', 'neuroendocrine'])} tumours."]
        for rank in range(pick.randint(1, 5)):
            family = pick.choice(FAMILIES)
            lines.append(f"AU  - {family} {chr(65 + (index + rank) % 26)}")
        lines.append(f"TA  - {journal}")
        lines.append(f"JT  - {journal}")
        if issn:
            lines.append(f"IS  - {issn} (Print)")
        if index % 3:
            lines.append(f"AID - 10.9999/kill.{index} [doi]")
        lines.append(f"AB  - Patients numbered {index % 50 + 5}.")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _load(kg: list[str], source: Path, store: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([*kg, "load", str(source), "--store", str(store), "--no-extract"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def _quads(store: Path) -> set[str]:
    handle = ox.Store.read_only(str(store))
    return {str(q) for q in handle.quads_for_pattern(None, None, None, None)}


@pytest.fixture(scope="module")
def clean_load(tmp_path_factory):
    folder = tmp_path_factory.mktemp("resume")
    source = folder / "records.txt"
    source.write_text(medline_records(RECORDS), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    seconds = []
    for name in ("warm-up", "clean"):  # the second, with the user's caches built, is the one timed
        started = time.monotonic()
        done = _load(kg_command(), source, folder / name, env)
        assert done.wait() == 0, done.stderr.read().decode()[-2000:]
        seconds.append(time.monotonic() - started)
    return source, env, seconds[-1], _quads(folder / "clean")


def kill_points() -> list[float]:
    """Fractions of a clean load's wall time at which the load is killed, spread over all of it."""
    return [0.05 + 0.75 * k / max(1, POINTS - 1) for k in range(POINTS)]


@pytest.mark.parametrize("fraction", kill_points(), ids=lambda f: f"at{f:.2f}")
def test_a_killed_load_resumes_to_the_clean_store(fraction, clean_load, tmp_path):
    source, env, seconds, clean = clean_load
    store = tmp_path / "store"
    for attempt in range(4):  # a busy machine can finish sooner than the clean run: kill earlier
        shutil.rmtree(store, ignore_errors=True)
        running = _load(kg_command(), source, store, env)
        time.sleep(seconds * fraction / 2 ** attempt)
        if running.poll() is None:
            break
    assert running.poll() is None, "every load ended before its kill point: nothing was tested"
    running.send_signal(signal.SIGKILL)
    assert running.wait() == -signal.SIGKILL
    resumed = _load(kg_command(), source, store, env)
    assert resumed.wait() == 0, resumed.stderr.read().decode()[-2000:]
    got = _quads(store)
    assert got == clean, (sorted(clean - got)[:3], sorted(got - clean)[:3])


def test_the_generated_records_are_distinct():
    text = medline_records(50)
    assert text.count("PMID- ") == 50 and len(set(text.split("\n\n"))) == 50
