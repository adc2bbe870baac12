"""Errors that services raise for a rule a user broke; routes show them to the user."""

from __future__ import annotations


class ServiceError(Exception):
    """A request that breaks a rule. `field` names the form field to attach it to."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class NotAllowed(ServiceError):
    """The actor may not do this (answered 403)."""

    def __init__(self, message: str = "not allowed") -> None:
        super().__init__(message, code="forbidden")
