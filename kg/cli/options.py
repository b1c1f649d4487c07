"""Options and error handling shared by the `kg` commands: decorators, the KgError → exit code turn, progress and run summaries."""

from __future__ import annotations

from collections.abc import Callable
import sys

import click

from kg import api
from kg.errors import KgError


class Failure(click.ClickException):
    """A KgError on its way out, with the exit code its kind calls for."""

    def __init__(self, error: KgError) -> None:
        super().__init__(str(error))
        self.exit_code = error.exit_code

    def show(self, file=None) -> None:
        click.echo(f"kg: error: {self.format_message()}", err=True)


class Misuse(click.UsageError):
    """A usage error of click's own (a bad option value, a missing argument): the command's
    usage line, then the same `kg: error:` line as every other failure (exit 2)."""

    def show(self, file=None) -> None:
        if self.ctx is not None:
            click.echo(f"{self.ctx.get_usage()}\nTry '{self.ctx.command_path} --help' for help.",
                       err=True)
        click.echo(f"kg: error: {self.format_message()}", err=True)


def _misuse(error: click.UsageError) -> click.UsageError:
    if isinstance(error, Misuse) or type(error).__name__ == "NoArgsIsHelpError":
        return error  # already turned, or `kg` alone: click prints the help
    return Misuse(error.format_message(), error.ctx)


def _unforeseen(error: OSError) -> KgError:
    """The last guard against a traceback: a file the operating system refused, in its words."""
    where = f"{error.filename}: " if error.filename else ""
    return KgError(f"{where}{(error.strerror or str(error)).lower()}: check the path and its "
                   "permissions")


class KgGroup(click.Group):
    """Turns every KgError raised by a command into one clear line and its exit code, and
    click's usage errors into the same `kg: error:` form."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as error:
            raise _misuse(error) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as error:
            raise Failure(error) from None
        except click.UsageError as error:
            raise _misuse(error) from None
        except BrokenPipeError:
            raise  # click's own handling: the reader of stdout went away
        except OSError as error:
            raise Failure(_unforeseen(error)) from None


# -- shared options -------------------------------------------------------------------------

def store_option(function: Callable) -> Callable:
    return click.option("--store", "store", metavar="DIR", envvar="KG_STORE",
                        help="The embedded store folder (default $KG_STORE or ./kg-store).")(function)


def base_option(function: Callable) -> Callable:
    return click.option("--base", metavar="IRI", envvar="KG_BASE",
                        help="Instance namespace for minted IRIs (default $KG_BASE or "
                             "https://w3id.org/litkg/id/).")(function)


def input_options(function: Callable) -> Callable:
    """--from, --encoding, --strict and --extract/--no-extract: how inputs are read."""
    for decorator in reversed((
        click.option("--from", "reader", type=click.Choice(list(api.READERS)), default=None,
                     help="The input format; detected from the content when not given."),
        click.option("--encoding", default="auto", show_default=True,
                     help="Text encoding of the inputs; 'auto' reads UTF-8 and falls back to "
                          "Windows-1252 byte by byte."),
        click.option("--strict", is_flag=True,
                     help="Stop at the first bad record instead of skipping it."),
        click.option("--extract/--no-extract", default=True, show_default=True,
                     help="Extract clinical findings from abstracts."),
    )):
        function = decorator(function)
    return function


def rdf_format_option(function: Callable) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(list(api.OUTPUT_FORMATS)), default=None,
                        help="RDF format; taken from the output extension when not given.")(function)


def endpoint_options(*, required: bool) -> Callable[[Callable], Callable]:
    """--endpoint, --profile, --query-url, --update-url, --gsp-url, --timeout: a remote store."""
    def decorate(function: Callable) -> Callable:
        for decorator in reversed((
            click.option("--endpoint", "endpoint", metavar="URL", required=required,
                         help="The remote store's URL (credentials come from KG_ENDPOINT_USER and "
                              "KG_ENDPOINT_PASSWORD, or ~/.netrc, never from the command line)."),
            click.option("--profile", type=click.Choice(list(api.PROFILES)), default=None,
                         help="The kind of server; detected from its Server header when not given."),
            click.option("--query-url", metavar="URL", help="Override the SPARQL query URL."),
            click.option("--update-url", metavar="URL", help="Override the SPARQL update URL."),
            click.option("--gsp-url", metavar="URL", help="Override the Graph Store Protocol URL."),
            click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                         help="Seconds to wait for each answer."),
            click.option("--retries", type=click.IntRange(min=0), default=4, show_default=True,
                         help="Retries of a request after a connection error, timeout or 5xx "
                              "answer (exponential back-off with jitter, at most 8 s apart)."),
        )):
            function = decorator(function)
        return function
    return decorate


def endpoint_from(url, profile, query_url, update_url, gsp_url, timeout, retries):
    """The ``api.Endpoint`` that the options of ``endpoint_options`` describe."""
    return api.Endpoint(url, profile=profile, query_url=query_url, update_url=update_url,
                        gsp_url=gsp_url, timeout=timeout, retry=api.RetryPolicy(retries=retries))


class Counter:
    """A record counter on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.count = 0
        self.active = sys.stderr.isatty()

    def __call__(self, step: int) -> None:
        self.count += step
        if self.active and self.count % 500 == 0:
            click.echo(f"\r{self.label}: {self.count} records", err=True, nl=False)

    def close(self) -> None:
        if self.active and self.count >= 500:
            click.echo("", err=True)


def report(summary: api.Summary, *, verb: str, extra: str = "") -> None:
    for name, reader in summary.readers.items():
        click.echo(f"{name}: read as {reader}", err=True)
    for error in summary.errors:
        click.echo(f"kg: skipped: {error}", err=True)
    click.echo(f"{summary.files} file(s), {summary.records} record(s) read, {summary.written} "
               f"{verb}, {summary.skipped} skipped, {summary.triples} triples{extra}")


def exit_for(summary: api.Summary) -> None:
    if not summary.ok:
        failed = summary.files_failed
        raise Failure(KgError(f"{failed} input(s) gave no record or could not be read in full "
                              "(see the lines above)"))
