"""Instructions per abstract of the clinical extractor: a figure that a shared machine's drift
cannot move, to set beside the timings of bench/extract.py.

    python bench/extract_instructions.py [--corpus ../shared/corpus] [--path full]

Runs a worker twice under valgrind's cachegrind (no cache simulation), with PYTHONHASHSEED=0
so that both runs lay out their dicts alike: once up to the end of a first, cache-filling pass
of extract_many over the 1,000 BC5CDR abstracts, and once with one more warm pass of the path
measured (full: extract_many; tagger: tag_many; lexicon: Lexicon.find; rules: extract_findings
given the tagger's output). The difference is that pass's instruction count. The two runs go
side by side on two cores and take a few minutes (valgrind runs Python some 50 times slower).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import re
import shutil
import subprocess
import sys

ROOT = Path(__file__).resolve().parents[1]
PATHS = ("full", "tagger", "lexicon", "rules")


def worker(corpus: Path, path: str) -> None:
    """Load, make one cache-filling pass, then (unless ``path`` is "none") one pass of ``path``."""
    import gc

    sys.path.insert(0, str(ROOT))
    from kg.extraction.lexicon import load_lexicon
    from kg.extraction.pipeline import _tagger, extract_findings, extract_many
    from kg.training.pubtator import read_pubtator

    folder = corpus / "bc5cdr"
    docs = [d for name in ("CDR_TrainingSet.PubTator.txt", "CDR_DevelopmentSet.PubTator.txt")
            for d in read_pubtator(folder / name)]
    pairs = [(d.title, d.abstract) for d in docs]
    lexicon, tagger = load_lexicon(), _tagger()
    extract_many(pairs, lexicon=lexicon)
    texts = [t for t, _ in pairs] + [a for _, a in pairs]
    tagged = tagger.tag_many(texts)
    gc.disable()  # the same in both runs: no collection lands in one and not the other
    if path == "full":
        extract_many(pairs, lexicon=lexicon)
    elif path == "tagger":
        tagger.tag_many(texts)
    elif path == "lexicon":
        for text in texts:
            lexicon.find(text)
    elif path == "rules":
        n = len(pairs)
        for i, (title, abstract) in enumerate(pairs):
            extract_findings(title, abstract, lexicon=lexicon, entities=(tagged[i], tagged[n + i]))


def instructions(corpus: Path, path: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONHASHSEED="0")
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
               sys.executable, __file__, "--worker", path, "--corpus", str(corpus)]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)


def refs(process: subprocess.Popen) -> int:
    _, err = process.communicate()
    found = re.search(r"I\s+refs:\s+([\d,]+)", err)
    if process.returncode or found is None:
        raise SystemExit(f"valgrind run failed:\n{err[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--path", choices=PATHS, default="full")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.corpus, args.worker)
        return 0
    if not (args.corpus / "bc5cdr").is_dir():
        print(f"{args.corpus / 'bc5cdr'} is absent: nothing to measure", file=sys.stderr)
        return 1
    if shutil.which("valgrind") is None:
        print("valgrind is absent (apt-get install valgrind): nothing to measure", file=sys.stderr)
        return 1
    setup, measured = instructions(args.corpus, "none"), instructions(args.corpus, args.path)
    count = refs(measured) - refs(setup)
    print(f"{args.path}: {count:,} instructions for 1,000 BC5CDR abstracts "
          f"({count / 1000 / 1e6:.2f} M per abstract)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
