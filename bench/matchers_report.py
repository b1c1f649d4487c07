"""The tables bench/matchers.py prints: equality, cold builds, warm passes, speed ratios."""

from __future__ import annotations

import statistics
import sys


def print_header(n: int, lexicon_calls: int) -> None:
    import ahocorasick
    print(f"{n} BC5CDR abstracts ({lexicon_calls} lexicon calls: titles and abstracts; "
          f"{2 * n} gazetteer calls: G and T per abstract); one core, CPU time; "
          f"pyahocorasick {getattr(ahocorasick, '__version__', '') or _version('pyahocorasick')}, "
          f"Python {sys.version.split()[0]}")
    print()


def print_equality(rows: dict[str, tuple[int, int, int]], dev_checked: bool) -> None:
    print("equality (outputs compared in full; lexicon with types None, drug, unit+route):")
    for label, result in rows.items():
        print(f"  {label}: {_same(result)}")
    if not dev_checked:
        print("  dev set: skipped (../shared is absent)")
    print()


def print_builds(builds: dict[str, list[dict]], count: int) -> None:
    print(f"cold builds, each in a fresh subprocess, {count} per row, taking turns "
          "(median, min–max):")
    print("| build | seconds | resident memory added, MB | first pass, abstracts/s |")
    print("|---|---|---|---|")
    for mode, found in builds.items():
        build = [f["build"] for f in found]
        first = [f["abstracts"] / f["first"] for f in found]
        grown = statistics.median(f["grown_mb"] for f in found)
        print(f"| {mode} | {statistics.median(build):.3f} ({min(build):.3f}–{max(build):.3f}) "
              f"| {grown:.0f} | {statistics.median(first):,.0f} ({min(first):,.0f}–{max(first):,.0f}) |")
    print()


def print_warm(timings: dict[str, list[float]], count: int, n: int) -> None:
    print(f"warm passes, {count} rounds, the paths taking turns:")
    print("| path | best, abstracts/s | median, abstracts/s | each round, abstracts/s |")
    print("|---|---|---|---|")
    for name, found in timings.items():
        each = " ".join(f"{n / t:,.0f}" for t in found)
        print(f"| {name} | {n / min(found):,.0f} | {n / statistics.median(found):,.0f} | {each} |")
    print()


def print_ratios(builds: dict[str, list[dict]], timings: dict[str, list[float]], n: int) -> None:
    first = {mode: statistics.median(f["abstracts"] / f["first"] for f in found)
             for mode, found in builds.items()}
    build = {mode: statistics.median(f["build"] for f in found) for mode, found in builds.items()}
    median = {name: n / statistics.median(found) for name, found in timings.items()}
    names = list(timings)
    print("speed ratios, pyahocorasick ÷ hand-written (above 1: pyahocorasick faster; medians):")
    print(f"  lexicon   warm {median[names[1]] / median[names[0]]:.2f}×, "
          f"first pass {first['lexicon-aho:compile'] / first['lexicon-hand:compile']:.2f}×, "
          f"compile {build['lexicon-hand:compile'] / build['lexicon-aho:compile']:.2f}×, "
          f"cached load {build['lexicon-hand:cached'] / build['lexicon-aho:cached']:.2f}×")
    print(f"  gazetteer warm {median[names[3]] / median[names[2]]:.2f}× "
          f"(against the tagger's call, starts given: {median[names[3]] / median[names[4]]:.2f}×), "
          f"first pass {first['gazetteer-aho:build'] / first['gazetteer-hand:build']:.2f}×, "
          f"build {build['gazetteer-hand:build'] / build['gazetteer-aho:build']:.2f}×")


def _same(result: tuple[int, int, int]) -> str:
    calls, differ, found = result
    return f"{calls:,} calls, {differ} differ ({found:,} matches)"


def _version(package: str) -> str:
    from importlib.metadata import version
    return version(package)
