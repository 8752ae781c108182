"""The one application error type raised by services for rule violations."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule was violated. Carries a message and, optionally, per-field errors."""

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.code = code

    def as_detail(self) -> dict[str, list[str]]:
        return self.fields or {"non_field_errors": [self.message]}


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    """The one shape of every error answer (see ``conflict.api.exceptions``)."""
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}}
