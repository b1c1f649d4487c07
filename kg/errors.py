"""The one exception family of kg: every failure the CLI reports is a KgError; imports nothing from kg."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error kg raises on purpose; the CLI maps it to an exit code."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(KgError):
    """Bad input: names the file, and where known the line and the record."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        record: str | int | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.record = record

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.record is not None:
            where += f" (record {self.record})"
        return f"{where}: {self.message}"

    def located(self, *, path: str | None = None, line: int | None = None,
                record: str | int | None = None) -> "InputError":
        """A copy with the missing location parts filled in."""
        return InputError(
            self.message,
            path=self.path or path,
            line=self.line if self.line is not None else line,
            record=self.record if self.record is not None else record,
        )


class StoreError(KgError):
    """The embedded store cannot be opened, read or written."""


class EndpointError(KgError):
    """A remote SPARQL or Graph Store Protocol endpoint failed or refused."""


class ValidationError(KgError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 3

    def __init__(self, message: str, *, report: str = "") -> None:
        super().__init__(message)
        self.report = report


class UsageError(KgError):
    """Options that do not fit together (exit 2, like click's own usage errors)."""

    exit_code = 2
