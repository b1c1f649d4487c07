"""Named SPARQL queries shipped with kg (kg/views/queries/*.rq), used by views, stats and checks."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files


@lru_cache(maxsize=None)
def load_query(name: str) -> str:
    """The text of kg/views/queries/{name}.rq."""
    resource = files("kg.views.queries").joinpath(f"{name}.rq")
    if not resource.is_file():
        raise KeyError(f"no query named {name!r}")
    return resource.read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Every shipped query name."""
    return sorted(p.name[:-3] for p in files("kg.views.queries").iterdir() if p.name.endswith(".rq"))
