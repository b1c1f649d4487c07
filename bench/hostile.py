"""Worst cases for the extraction benchmarks: pathological texts at two sizes, and random texts.

Used by `bench/extract.py --hostile` (extractor, lexicon) and `bench/bench_ner.py --hostile`
(tagger). The tests feed the same kinds of text to these paths and check only what comes out;
how long it takes is measured here, in CPU seconds of this process:
  growth   each pattern repeated to a small and a ten times larger size: seconds for both and
           their ratio (about 10 when the time grows linearly)
  random   the slowest single call, and the median, over texts of up to 3,000 characters: any
           characters, and clinical word salad
"""

from __future__ import annotations

from collections.abc import Callable
import random
import statistics

from timing import clock  # bench/timing.py

# Each unit is repeated to the size wanted; the tests' hostile inputs are of these kinds.
PATTERNS = {
    "one word": "cocaine ",
    "one letter": "x",
    "open brackets": "(",
    "nested brackets": "(a (b (c)))",
    "control characters": "\x00\x01\x02\x1b[31m",
    "mixed scripts": "Ωμέγα 患者 مريض पेशेंट ",
    "count word": "patients ",
    "huge numbers": "1e309 ",
    "dose units": "mg/m2 ",
    "day lists": "days 1, ",
    "arms": "in the remaining ",
    "neither without nor": "neither ",
    "abbreviations": "5-FU (5-FU) (5-FU)",
    "dashes": " -",
}
SIZES = (100_000, 1_000_000)
COUNT = 300
WORDS = ("Seventeen 12 patients received cisplatin 75 mg/m2 intravenously days 1, 2 and in the "
         "remaining partial response no neither nor stable disease appears effective . : ; one "
         "with (n = 4) renal failure ( ) CC - of 5 FU acute the hepatitis é ,").split()
CHARACTERS = ("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789 .,;:()[]-/%=<>+\n\t\x00"
              "éßΩμ患者مريض💊𝟐\u200b")

TextPath = Callable[[str], object]  # a code path: one call on one text


def sized(unit: str, size: int) -> str:
    """unit repeated to exactly size characters."""
    return (unit * (size // len(unit) + 1))[:size]


def random_texts(count: int, seed: int = 0) -> list[str]:
    """count texts of up to 3,000 characters: half any characters, half clinical word salad."""
    rng = random.Random(seed)
    texts = []
    for index in range(count):
        if index % 2:
            texts.append(" ".join(rng.choices(WORDS, k=rng.randrange(400)))[:3_000])
        else:
            texts.append("".join(rng.choices(CHARACTERS, k=rng.randrange(3_000))))
    return texts


def print_growth(paths: dict[str, TextPath], sizes: tuple[int, int] = SIZES) -> None:
    small, big = sizes
    print(f"| path | pattern | {small:,} chars, s | {big:,} chars, s | ratio |")
    print("|---|---|---|---|---|")
    for name, path in paths.items():
        for pattern, unit in PATTERNS.items():
            texts = sized(unit, small), sized(unit, big)
            first, second = (clock(lambda text=text: path(text)) for text in texts)
            print(f"| {name} | {pattern} | {first:.3f} | {second:.3f} | {second / max(first, 1e-3):.1f} |")


def print_random(paths: dict[str, TextPath], count: int) -> None:
    texts = random_texts(count)
    print(f"| path | {count} random texts: slowest call, s | its length | median call, s |")
    print("|---|---|---|---|")
    for name, path in paths.items():
        spent = [clock(lambda text=text: path(text)) for text in texts]
        slowest = max(range(count), key=spent.__getitem__)
        print(f"| {name} | {spent[slowest]:.3f} | {len(texts[slowest]):,} | {statistics.median(spent):.4f} |")


def report(paths: dict[str, TextPath], *, sizes: tuple[int, int] = SIZES, count: int = COUNT) -> None:
    """Print both tables for the paths (each a function of one text), after one warm-up call
    each (models and tables loaded)."""
    for path in paths.values():
        path("Twelve patients received cisplatin 75 mg/m2; 4 had a partial response.")
    print_growth(paths, sizes)
    print()
    print_random(paths, count)


def add_options(parser) -> None:
    """The --hostile options of a benchmark script's argument parser."""
    parser.add_argument("--hostile", action="store_true",
                        help="measure the worst cases (bench/hostile.py) instead of the corpus")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        type=lambda text: tuple(int(n) for n in text.split(",")),
                        help="with --hostile: the small and the large size, in characters")
    parser.add_argument("--random", type=int, default=COUNT, help="with --hostile: how many random texts")
