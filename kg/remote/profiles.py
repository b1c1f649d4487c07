"""What each kind of triple store expects: endpoint paths, detection, credentials, errors, dialects.

The client (kg.remote.endpoint) asks this module where to send what, how to read a server's errors
and results, and whose credentials to send. Three profiles:

- ``oxigraph``: query ``{base}/query``, update ``{base}/update``, Graph Store Protocol
  ``{base}/store?graph=IRI``; queries get ``union-default-graph`` so that, as in the embedded
  store, the default graph is the union of the named graphs.
- ``virtuoso``: query ``{base}/sparql`` (anonymous, read-only), update ``{base}/sparql-auth``,
  Graph Store Protocol ``{base}/sparql-graph-crud-auth?graph=IRI`` (both with HTTP digest
  auth). Named graphs only. Errors come back as HTML (500) or plain text (400); long queries
  are sent as a form POST (a POST of ``application/sparql-query`` hangs Virtuoso 7.2).
- ``generic`` (Fuseki, GraphDB, ...): the URL given is the endpoint for query, update and
  Graph Store Protocol alike, as a Fuseki dataset URL is; override each one with
  ``query_url``/``update_url``/``gsp_url`` (GraphDB: ``{repo}``, ``{repo}/statements``,
  ``{repo}/rdf-graphs/service``).

Detection (when no profile is named): one GET of the URL as given, with ``?query=ASK{}``;
whatever the status, the ``Server`` response header decides: it names Virtuoso →
``virtuoso``, it names Oxigraph → ``oxigraph``, anything else (or none) → ``generic``.
A proxy that hides the header needs ``--profile``.

Credentials: ``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` when set (both), else the entry
for the host in the netrc file ``$NETRC`` or ``~/.netrc``; looked up only after the server asks
(401), and sent with httpx's basic or digest authentication (kg.remote.transport).
"""

from __future__ import annotations

import html
import json
import netrc
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import EndpointError, UsageError


@dataclass(frozen=True, slots=True)
class Profile:
    """Where one kind of server keeps its endpoints, relative to its base URL."""

    name: str
    query_path: str
    update_path: str
    gsp_path: str
    suffixes: tuple[str, ...]          # endpoint paths stripped from a URL to find the base
    default_graph_gsp: bool            # the Graph Store Protocol accepts ?default
    union_default_graph: bool          # add union-default-graph to queries
    post_sparql_query: bool            # accepts POST application/sparql-query (else a form POST)


PROFILES: dict[str, Profile] = {
    "oxigraph": Profile("oxigraph", "/query", "/update", "/store",
                        ("/query", "/update", "/store", "/sparql"),
                        default_graph_gsp=True, union_default_graph=True, post_sparql_query=True),
    "virtuoso": Profile("virtuoso", "/sparql", "/sparql-auth", "/sparql-graph-crud-auth",
                        ("/sparql-graph-crud-auth", "/sparql-graph-crud", "/sparql-auth", "/sparql",
                         "/conductor"),
                        default_graph_gsp=False, union_default_graph=False, post_sparql_query=False),
    "generic": Profile("generic", "", "", "", (),
                       default_graph_gsp=True, union_default_graph=False, post_sparql_query=True),
}


def get_profile(name: str) -> Profile:
    """The profile called ``name``."""
    try:
        return PROFILES[name]
    except KeyError:
        raise UsageError(f"unknown endpoint profile {name!r}; choose one of: {', '.join(PROFILES)}") from None


def profile_from_server_header(server: str | None) -> Profile:
    """The profile a ``Server`` response header points to (``generic`` when it names neither)."""
    text = (server or "").casefold()
    if "virtuoso" in text:
        return PROFILES["virtuoso"]
    if "oxigraph" in text:
        return PROFILES["oxigraph"]
    return PROFILES["generic"]


def check_url(url: str) -> str:
    """``url`` without a trailing slash, refusing anything but http(s) and any embedded credentials."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- a port that is not a number raises here
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError("the endpoint must be an http:// or https:// URL with a host (and a "
                         "numeric port, if any)")
    if parts.username is not None or parts.password is not None:
        raise UsageError("do not put credentials in the endpoint URL: set KG_ENDPOINT_USER and "
                         "KG_ENDPOINT_PASSWORD, or add the host to ~/.netrc (or $NETRC)")
    return url.rstrip("/") if not parts.query else url


def base_url(url: str, profile: Profile) -> str:
    """The server's base URL: ``url`` without a query string and without a known endpoint path."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")
    for suffix in profile.suffixes:
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def with_params(url: str, params: dict[str, str]) -> str:
    """``url`` with ``params`` appended to its query string (a ``None`` value adds a bare key)."""
    if not params:
        return url
    encoded = "&".join(urllib.parse.quote(key, safe="-") if value is None
                       else f"{urllib.parse.quote(key, safe='-')}={urllib.parse.quote(value, safe='')}"
                       for key, value in params.items())
    return f"{url}{'&' if '?' in url else '?'}{encoded}"


def display_url(url: str) -> str:
    """A URL safe to show: no user information, no query string (queries can be long)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


# -- how servers report errors ---------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_BLOCK = re.compile(r"<(xmp|pre)[^>]*>(.*?)</\1>", re.S | re.I)
_BOILERPLATE = re.compile(r"^(error\s+)?(http/1\.[01]\s+)?\d{3}\b|request failed$|^error$|^<!doctype", re.I)
_VIRTUOSO_CODE = re.compile(r"\b(?:Error\s+|Virtuoso\s+)([0-9A-Z]{5})\b(?:\s+Error\s+([A-Z]{2}\d{3}))?")
# SQLSTATE classes of a passing condition: transaction rollback (deadlock), connection, timeout.
_TRANSIENT_STATES = ("40", "08", "S1T", "HYT")


def error_detail(body: bytes, content_type: str | None = None, limit: int = 300) -> str:
    """The first useful line of an error body (HTML or text), with any Virtuoso error code."""
    text = body.decode("utf-8", errors="replace")
    is_html = "html" in (content_type or "").casefold() or text.lstrip()[:1] == "<"
    candidates: list[str] = []
    if is_html:
        candidates += [html.unescape(m.group(2)) for m in _BLOCK.finditer(text)]
        text = html.unescape(_TAG.sub("\n", text))
    candidates += text.splitlines()
    line = next((c.strip() for c in candidates if c.strip() and not _BOILERPLATE.search(c.strip())), "")
    line = " ".join(line.split())
    code = _VIRTUOSO_CODE.search(text)
    if code and code.group(1) not in line:
        line = f"{code.group(1)}: {line}" if line else f"error {code.group(1)}"
    return line if len(line) <= limit else line[: limit - 1] + "…"


def is_transient(status: int, body: bytes) -> bool:
    """Whether a 5xx answer may pass on a retry (not a Virtuoso error that names a lasting cause)."""
    if status < 500:
        return False
    code = _VIRTUOSO_CODE.search(body.decode("utf-8", errors="replace"))
    if code is None:
        return True
    return code.group(1).startswith(_TRANSIENT_STATES)


# -- query dialects -------------------------------------------------------------------------

_HIDDEN = re.compile(r'<[^<>\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                     r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_FORM = re.compile(r"(?<![\w:?$-])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:-])", re.I)
_BNODE_JUNK = re.compile(r"[^A-Za-z0-9_]")
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def query_form(sparql: str) -> str:
    """select, ask, construct or describe: the first form keyword outside IRIs, strings and comments."""
    found = _FORM.search(_HIDDEN.sub(" ", sparql))
    return found.group(1).lower() if found else "select"


def strict_json(data: bytes) -> dict:
    """SPARQL 1.1 JSON results from what the server sent (Virtuoso: ``typed-literal``, ``nodeID://``,
    and IRIs with spaces or other characters RDF forbids, which are percent-encoded)."""
    document = json.loads(data)
    for binding in document.get("results", {}).get("bindings", ()):
        for term in binding.values():
            if term.get("type") == "uri" and _NOT_IN_IRI.search(term.get("value", "")):
                term["value"] = _NOT_IN_IRI.sub(lambda m: "%{:02X}".format(ord(m.group())), term["value"])
            elif term.get("type") == "typed-literal":
                term["type"] = "literal"
            elif term.get("type") == "bnode":
                value = term["value"].removeprefix("_:").removeprefix("nodeID://")
                term["value"] = _BNODE_JUNK.sub("_", value) or "b"
    return document


# -- credentials ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Credentials:
    """A user name and password, and where they came from (the password is never shown)."""

    user: str
    password: str = field(repr=False)
    source: str = ""


def find_credentials(host: str) -> Credentials | None:
    """Credentials for ``host``: the environment first, then the netrc file's entry for the host."""
    user, password = os.environ.get("KG_ENDPOINT_USER"), os.environ.get("KG_ENDPOINT_PASSWORD")
    if user or password:
        if not (user and password is not None):
            raise EndpointError("set both KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD (or neither, "
                                "to use a netrc file)")
        return Credentials(user, password, "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD")
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        line = getattr(exc, "lineno", None)
        raise EndpointError(f"cannot read the netrc file {path}" + (f" (line {line})" if line else "")) from None
    if entry is None or not entry[0]:
        return None
    return Credentials(entry[0], entry[2] or "", f"netrc file {path}")
