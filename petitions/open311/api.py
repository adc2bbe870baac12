"""The GeoReport v2 endpoints. Every answer, errors included, is in the format the path names."""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request, url_for
from werkzeug.exceptions import HTTPException

from extensions import db, limiter
from petitions.open311 import api_bp, catalogue, incoming, keys, openapi, queries
from petitions.open311.formats import Open311Error, error_response, respond

FMT = "<any(json,xml):fmt>"
CHANGESET = "2026-12-02T00:00:00+08:00"


def _rate_key() -> str:
    key = request.values.get("api_key") if request.method == "POST" else request.args.get("api_key")
    if key:
        return "open311-key:" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return "open311-ip:" + (request.remote_addr or "")


limiter.limit(lambda: current_app.config["OPEN311_RATE_LIMIT"], key_func=_rate_key)(api_bp)


@api_bp.before_request
def refuse_nul_characters() -> None:
    """A NUL cannot be stored in a PostgreSQL text column: refuse it as bad input, never fail on it."""
    fields = [*request.args.lists(), *(request.form.lists() if request.method == "POST" else [])]
    if any("\x00" in name or any("\x00" in value for value in values) for name, values in fields):
        raise Open311Error(400, "the request contains a NUL character")


def _fmt() -> str:
    fmt = (request.view_args or {}).get("fmt")
    if fmt in ("json", "xml"):
        return fmt
    return "json" if request.path.endswith(".json") else "xml"


@api_bp.errorhandler(Open311Error)
def open311_error(error: Open311Error) -> Response:
    db.session.rollback()
    return error_response(_fmt(), error.status, error.description)


@api_bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    db.session.rollback()
    response = error_response(_fmt(), error.code or 500, error.description or error.name)
    if error.code == 429 and error.get_response().headers.get("Retry-After"):
        response.headers["Retry-After"] = error.get_response().headers["Retry-After"]
    return response


@api_bp.errorhandler(Exception)
def unexpected_error(error: Exception) -> Response:
    current_app.logger.exception("Open311 request failed")
    db.session.rollback()
    return error_response(_fmt(), 500, "the hub could not answer; try again later")


@api_bp.get(f"/discovery.{FMT}")
def discovery(fmt: str) -> Response:
    endpoint = url_for("open311.discovery", fmt=fmt, _external=True).rsplit("/", 1)[0]
    return respond(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": current_app.config["HUB_NAME"],
        "key_service": "API keys are issued per community by the hub's administrator",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2", "url": endpoint,
            "changeset": CHANGESET, "type": "production", "formats": ["text/xml", "application/json"],
        }],
    })


@api_bp.get(f"/services.{FMT}")
def services(fmt: str) -> Response:
    return respond(fmt, "services", catalogue.service_list())


@api_bp.get(f"/services/<code>.{FMT}")
def service_definition(code: str, fmt: str) -> Response:
    return respond(fmt, "service_definition", catalogue.definition(catalogue.find_category(code)))


@api_bp.post(f"/requests.{FMT}")
def post_request(fmt: str) -> Response:
    key = keys.authenticate(request.form.get("api_key"))
    if key is None:
        raise Open311Error(403, "a valid api_key is required")
    filed = incoming.file_request(key, request.form)
    keys.mark_used(key)
    db.session.commit()
    return respond(fmt, "service_requests", [{
        "service_request_id": filed.case.number, "service_notice": None, "account_id": None,
    }], status=201 if filed.created else 200)


@api_bp.get(f"/requests.{FMT}")
def get_requests(fmt: str) -> Response:
    return respond(fmt, "service_requests", queries.find_requests(request.args))


@api_bp.get(f"/requests/<number>.{FMT}")
def get_request(number: str, fmt: str) -> Response:
    return respond(fmt, "service_requests", [queries.find_request(number)])


@api_bp.get(f"/servicerequestupdates.{FMT}")
def service_request_updates(fmt: str) -> Response:
    community_id = None
    if request.args.get("api_key"):
        key = keys.authenticate(request.args["api_key"])
        if key is None:
            raise Open311Error(403, "the api_key is not valid")
        community_id = key.community_id
    return respond(fmt, "service_request_updates", queries.find_updates(request.args, community_id))


@api_bp.get("/openapi.json")
def openapi_description() -> Response:
    return respond("json", "openapi", openapi.description(url_for("open311.services", fmt="json",
                                                                  _external=True).rsplit("/", 1)[0]))


@api_bp.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@api_bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(rest: str) -> Response:
    """Anything else under /open311/v2/: the specification's 404 (or 405), not the portal's page."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in ("GET", "POST"):
        if method != request.method:
            try:
                endpoint, _ = adapter.match(method=method)
            except HTTPException:
                continue
            if endpoint != "open311.not_found":
                raise Open311Error(405, f"{request.method} is not allowed here")
    raise Open311Error(404, "no such resource; see discovery.json")
