"""Friendly error pages in both languages, and JSON errors for API clients."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to do this.")),
    404: (_l("Page not found"), _l("There is nothing at this address. It may have moved or been removed.")),
    405: (_l("Not allowed"), _l("This address does not accept this kind of request.")),
    413: (_l("Too large"), _l("What you sent is larger than the portal accepts. Send smaller files.")),
    429: (_l("Too many attempts"), _l("Please wait a minute before trying again.")),
    500: (_l("Something went wrong"),
          _l("The portal hit an error. It has been logged; please try again later.")),
}
CSRF_MESSAGE = _l(
    "This form has expired or was sent from another page. Go back, reload it and send it again."
)


def wants_json() -> bool:
    if request.path.startswith(("/healthz", "/api/")):
        return True
    accept = request.accept_mimetypes
    return accept.best_match(["text/html", "application/json"]) == "application/json"


def render_error(code: int, message: str | None = None):  # type: ignore[no-untyped-def]
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    text = message or str(default_message)
    if wants_json():
        return jsonify({"error": {"code": code, "title": str(title), "message": text}}), code
    back = request.referrer if request.referrer and request.host in request.referrer else None
    return render_template("errors/error.html", code=code, title=title, message=text, back=back), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):  # type: ignore[no-untyped-def]
        return render_error(400, str(CSRF_MESSAGE))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        if error.code is None or error.code < 400:
            return error
        if error.code not in MESSAGES:
            return error
        return render_error(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return render_error(500)
