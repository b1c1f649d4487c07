"""Reader throughput: each reader on the largest real file of its format, tiled to ≥ 50,000 records.

    python bench/readers.py [--records 50000] [--formats pubmed,ris,…] [--corpus ../shared/corpus]

For each format the largest corpus file is repeated (records, not bytes, so every copy is a
well-formed file part) until the tiled file holds at least --records records; then the file is
read twice in fresh processes: once with the kg reader alone (records/s), once end to end
(`kg convert` to N-Quads, without extraction, triples/s), each with peak memory (ru_maxrss).
A baseline runs side by side: the same file parsed by the format's plain library where one
exists (ElementTree for XML, json for JSON, csv for CSV, rispy for RIS, bibtexparser for
BibTeX), so the table reports kg's cost as a ratio.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
import re
import subprocess
import sys
import tempfile

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

FOLDERS = {"pubmed": "pubmed_xml", "medline": "medline_txt", "crossref": "crossref",
           "openalex": "openalex", "csl": "csl_json", "bibtex": "bibtex", "ris": "ris",
           "scopus": "scopus_csv", "wos": "wos_txt", "pure": "pure"}


def largest(fmt: str, corpus: Path) -> Path:
    """The file of the folder, read as ``fmt``, with the most records (the largest on a tie):
    a file of one enormous record would tile into gigabytes without saying much."""
    sys.path.insert(0, str(ROOT))
    from kg.readers import Source, get_reader, sniff
    files = [p for p in (corpus / FOLDERS[fmt]).iterdir() if p.is_file() and p.suffix != ".md"]
    files = [p for p in files if _sniffs(p, fmt, sniff, Source)]
    read = get_reader(fmt)

    def size(path: Path) -> tuple[int, int]:
        records = sum(1 for item in read(Source(str(path))) if hasattr(item, "work"))
        return records, path.stat().st_size
    return max(files, key=size)


def _sniffs(path, fmt, sniff, source) -> bool:
    try:
        return sniff(source(str(path))) == fmt
    except Exception:  # noqa: BLE001 — a file no reader claims is simply not a candidate
        return False


def tile(fmt: str, path: Path, target: int, out: Path) -> int:
    """Write ``out`` holding ≥ target records by repeating the records of ``path``; the count."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if fmt == "pubmed":
        head, rest = text.split("<PubmedArticle>", 1)
        body, tail = ("<PubmedArticle>" + rest).rsplit("</PubmedArticle>", 1)
        body += "</PubmedArticle>"
        per = body.count("<PubmedArticle>")
        copies = -(-target // per)
        _write_copies(out, head, body, copies, tail)
        return per * copies
    if fmt in ("crossref", "openalex", "csl"):
        data = json.loads(text)
        items = (data.get("message", {}).get("items") if isinstance(data, dict) and "message" in data
                 else data.get("results") if isinstance(data, dict) and "results" in data
                 else data if isinstance(data, list) else [data.get("message", data)])
        copies = -(-target // len(items))
        with out.open("w", encoding="utf-8") as handle:  # JSON Lines: streamed by kg
            for _ in range(copies):
                for item in items:
                    handle.write(json.dumps(item) + "\n")
        return len(items) * copies
    if fmt == "scopus":
        header, *rows = text.splitlines(keepends=True)
        records = sum(1 for _ in _csv_rows(text))
        copies = -(-target // records)
        _write_copies(out, header, "".join(rows), copies, "")
        return records * copies
    markers = {"medline": r"^PMID- ", "bibtex": r"^@(?!string|comment|preamble)\w+\s*\{",
               "ris": r"^TY  - ", "wos": r"^PT ", "pure": r"^Research output:"}
    per = len(re.findall(markers[fmt], text, flags=re.M | re.I))
    if fmt == "wos":
        head, _, rest = text.partition("\nPT ")
        body = "PT " + rest.rsplit("\nEF", 1)[0].rstrip() + "\n\n"
        copies = -(-target // per)
        _write_copies(out, head + "\n", body, copies, "EF\n")
        return per * copies
    copies = -(-target // per)
    _write_copies(out, "", text.rstrip("\n") + "\n\n", copies, "")
    return per * copies


def _write_copies(out: Path, head: str, body: str, copies: int, tail: str) -> None:
    """head + body × copies + tail, written piece by piece (the tiled file never sits in memory)."""
    with out.open("w", encoding="utf-8") as handle:
        handle.write(head)
        for _ in range(copies):
            handle.write(body)
        handle.write(tail)


def _csv_rows(text: str):
    import csv
    import io
    reader = csv.reader(io.StringIO(text))
    next(reader)
    yield from reader


# Peak resident memory of the child itself: VmHWM (ru_maxrss would carry the parent's peak
# across fork and exec on Linux).
_PEAK = "int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"

_READ_ONLY = """
import sys, time
from kg.readers import Source, get_reader
start = time.perf_counter()
n = bad = 0
for item in get_reader(sys.argv[1])(Source(sys.argv[2])):
    if hasattr(item, "work"): n += 1
    else: bad += 1
seconds = time.perf_counter() - start
print(n, bad, seconds, PEAK)
""".replace("PEAK", _PEAK)

_CONVERT = """
import sys, time
import kg
start = time.perf_counter()
summary = kg.convert([sys.argv[2]], sys.argv[3], reader=sys.argv[1], extract=False)
seconds = time.perf_counter() - start
print(summary.written, summary.triples, seconds, PEAK)
""".replace("PEAK", _PEAK)

_BASELINE = {
    "pubmed": "import xml.etree.ElementTree as ET\nn=0\nfor _, e in ET.iterparse(p):\n"
              "    if e.tag=='PubmedArticle': n+=1; e.clear()\n",
    "crossref": "import json\nn=sum(1 for line in open(p, encoding='utf-8') if json.loads(line))\n",
    "scopus": "import csv\nn=sum(1 for _ in csv.DictReader(open(p, encoding='utf-8')))\n",
    "ris": "import rispy\nn=len(rispy.load(open(p, encoding='utf-8')))\n",
    "bibtex": "import bibtexparser\nn=len(bibtexparser.parse_string(open(p, encoding='utf-8').read()).entries)\n",
}
_BASELINE["openalex"] = _BASELINE["csl"] = _BASELINE["crossref"]


def run(code: str, *args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout.split()


def baseline(fmt: str, path: Path) -> tuple[float, int] | None:
    code = _BASELINE.get(fmt)
    if code is None:
        return None
    wrapped = ("import sys, time\np=sys.argv[1]\nstart=time.perf_counter()\n" + code +
               f"print(n, time.perf_counter()-start, {_PEAK})\n")
    n, seconds, rss = run(wrapped, str(path))
    return float(seconds), int(rss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--formats", default=",".join(f for f in FOLDERS if f != "pure"))
    parser.add_argument("--from-format", default=None, help="Start at this format (resume a run).")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"{args.corpus} is absent: nothing to measure", file=sys.stderr)
        return 1
    print("| format | source file | records | read rec/s | read MB peak | convert rec/s | "
          "convert triples/s | convert MB peak | baseline parse rec/s | read ÷ baseline time |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        formats = args.formats.split(",")
        if args.from_format:
            formats = formats[formats.index(args.from_format):]
        for fmt in formats:
            source = largest(fmt, args.corpus)
            tiled = Path(tmp) / f"tiled-{fmt}{'.jsonl' if fmt in ('crossref', 'openalex', 'csl') else source.suffix}"
            records = tile(fmt, source, args.records, tiled)
            n, bad, seconds, rss = run(_READ_ONLY, fmt, str(tiled))
            written, triples, cseconds, crss = run(_CONVERT, fmt, str(tiled), str(Path(tmp) / "out.nq"))
            base = baseline(fmt, tiled)
            base_rate = f"{records / base[0]:,.0f}" if base else "—"
            ratio = f"{float(seconds) / base[0]:.1f}×" if base else "—"
            print(f"| {fmt} | {source.name} | {int(n):,} (+{bad} bad) | {int(n) / float(seconds):,.0f} | "
                  f"{int(rss) / 1024:,.0f} | {int(written) / float(cseconds):,.0f} | "
                  f"{int(triples) / float(cseconds):,.0f} | {int(crss) / 1024:,.0f} | {base_rate} | {ratio} |",
                  flush=True)
            tiled.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
