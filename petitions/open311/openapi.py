"""The OpenAPI 3.1 description of the hub's GeoReport v2 endpoints, served at /open311/v2/openapi.json."""

from __future__ import annotations

from typing import Any

FORMAT = {
    "name": "fmt",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": ["json", "xml"]},
    "description": "The answer's format: `json` or `xml` (errors come in the same format).",
}


def _query(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _answer(description: str, ref: str | None = None) -> dict[str, Any]:
    content: dict[str, Any] = (
        {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}},
            "text/xml": {"schema": {"type": "string"}},
        }
        if ref
        else {}
    )
    return {"description": description, **({"content": content} if content else {})}


ERRORS = {
    code: _answer(text, "Errors")
    for code, text in (
        ("400", "Invalid input: a missing service_code, a bad date, a window over 90 days, …"),
        ("403", "Missing, wrong or revoked api_key"),
        ("404", "Unknown service or request"),
        ("429", "Too many requests for this key (or address)"),
    )
}
WINDOW = [
    _query(
        "start_date",
        "Earliest time (W3C, e.g. 2026-11-01T00:00:00+08:00); at most 90 days before end_date",
        type="string",
        format="date-time",
    ),
    _query(
        "end_date",
        "Latest time (W3C); default now, or start_date + 90 days",
        type="string",
        format="date-time",
    ),
    _query("page", "Page of the answer (extension), from 1", type="integer", minimum=1),
    _query(
        "page_size",
        "Answers per page (extension), 1 to 1,000; default 1,000",
        type="integer",
        minimum=1,
        maximum=1000,
    ),
    _query("jurisdiction_id", "Accepted and ignored: one hub is one jurisdiction"),
]
NULLABLE_STRING = {"type": ["string", "null"]}
SCHEMAS: dict[str, Any] = {
    "Errors": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["code", "description"],
            "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
        },
    },
    "Service": {
        "type": "object",
        "properties": {
            "service_code": {"type": "string"},
            "service_name": {"type": "string"},
            "description": {"type": "string"},
            "metadata": {"type": "boolean"},
            "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
            "keywords": {"type": "string"},
            "group": {"type": "string", "description": "The department"},
        },
    },
    "ServiceDefinition": {
        "type": "object",
        "properties": {
            "service_code": {"type": "string"},
            "attributes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "variable": {"type": "boolean"},
                        "code": {"type": "string"},
                        "datatype": {"type": "string"},
                        "required": {"type": "boolean"},
                        "datatype_description": NULLABLE_STRING,
                        "order": {"type": "integer"},
                        "description": {"type": "string"},
                        "values": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
                            },
                        },
                    },
                },
            },
        },
    },
    "Request": {
        "type": "object",
        "properties": {
            "service_request_id": {"type": "string", "example": "LL-2026-000123"},
            "status": {"type": "string", "enum": ["open", "closed"]},
            "status_notes": NULLABLE_STRING,
            "service_name": {"type": "string"},
            "service_code": {"type": "string"},
            "description": NULLABLE_STRING,
            "agency_responsible": {
                "type": "string",
                "description": "The department (or the hub, or the community)",
            },
            "service_notice": NULLABLE_STRING,
            "requested_datetime": {"type": "string", "format": "date-time"},
            "updated_datetime": {"type": "string", "format": "date-time"},
            "expected_datetime": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "The deadline",
            },
            "address": NULLABLE_STRING,
            "address_id": NULLABLE_STRING,
            "zipcode": NULLABLE_STRING,
            "lat": {"type": ["number", "null"]},
            "long": {"type": ["number", "null"]},
            "media_url": NULLABLE_STRING,
        },
    },
    "Created": {
        "type": "object",
        "properties": {
            "service_request_id": {"type": "string"},
            "service_notice": NULLABLE_STRING,
            "account_id": NULLABLE_STRING,
        },
    },
    "Update": {
        "type": "object",
        "properties": {
            "update_id": {"type": "string"},
            "service_request_id": {"type": "string"},
            "status": {"type": "string", "enum": ["open", "closed"]},
            "updated_datetime": {"type": "string", "format": "date-time"},
            "description": {"type": "string"},
            "media_url": NULLABLE_STRING,
            "external_status_code": {
                "type": "string",
                "description": "The Linli step (assign, resolve, …)",
            },
            "agency_responsible": {"type": "string"},
            "expected_datetime": {"type": ["string", "null"], "format": "date-time"},
        },
    },
}


def _list_of(ref: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}}


SCHEMAS.update(
    {
        "Services": _list_of("Service"),
        "Requests": _list_of("Request"),
        "CreatedList": _list_of("Created"),
        "Updates": _list_of("Update"),
    }
)


def description(server_url: str) -> dict[str, Any]:
    """The document, with `server_url` (…/open311/v2) as its server."""
    get = "get"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Linli hub: Open311 GeoReport v2",
            "version": "2",
            "description": "GeoReport v2 (http://wiki.open311.org/GeoReport_v2) with mySociety's "
            "servicerequestupdates and the page/page_size extension. "
            "Times are ISO 8601 with their offset; text is UTF-8.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/discovery.{fmt}": {
                get: {
                    "summary": "Service discovery",
                    "parameters": [FORMAT],
                    "responses": {"200": _answer("The endpoints and formats")},
                }
            },
            "/services.{fmt}": {
                get: {
                    "summary": "Every case category as a service",
                    "parameters": [FORMAT],
                    "responses": {"200": _answer("The services", "Services")},
                }
            },
            "/services/{service_code}.{fmt}": {
                get: {
                    "summary": "A service's attributes",
                    "parameters": [
                        {
                            "name": "service_code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        FORMAT,
                    ],
                    "responses": {
                        "200": _answer("The definition", "ServiceDefinition"),
                        "404": ERRORS["404"],
                    },
                }
            },
            "/requests.{fmt}": {
                get: {
                    "summary": "Find requests (default: the last 90 days, at most 1,000)",
                    "parameters": [
                        FORMAT,
                        _query("service_request_id", "Comma list of ids; overrides every other filter"),
                        _query("service_code", "Comma list of service codes"),
                        _query("status", "open, closed or both (comma list)"),
                        *WINDOW,
                    ],
                    "responses": {
                        "200": _answer("The requests, newest first", "Requests"),
                        "400": ERRORS["400"],
                        "404": ERRORS["404"],
                    },
                },
                "post": {
                    "summary": "File a request (form-encoded; api_key required)",
                    "parameters": [FORMAT],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "required": ["api_key", "service_code", "description"],
                                    "properties": {
                                        "api_key": {"type": "string"},
                                        "service_code": {"type": "string"},
                                        "lat": {"type": "number"},
                                        "long": {"type": "number"},
                                        "address_string": {"type": "string", "maxLength": 200},
                                        "description": {"type": "string", "maxLength": 4000},
                                        "first_name": {"type": "string"},
                                        "last_name": {"type": "string"},
                                        "phone": {"type": "string"},
                                        "email": {"type": "string"},
                                        "media_url": {"type": "string"},
                                        "attribute[linli_reference]": {
                                            "type": "string",
                                            "description": "A stable reference: sent again, it files no "
                                            "second case (the answer is 200, not 201)",
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "201": _answer("Filed", "CreatedList"),
                        "200": _answer("Already filed under this reference", "CreatedList"),
                        **ERRORS,
                    },
                },
            },
            "/requests/{service_request_id}.{fmt}": {
                get: {
                    "summary": "One request",
                    "parameters": [
                        {
                            "name": "service_request_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        FORMAT,
                    ],
                    "responses": {
                        "200": _answer("A list holding the request", "Requests"),
                        "404": ERRORS["404"],
                    },
                }
            },
            "/servicerequestupdates.{fmt}": {
                get: {
                    "summary": "Status changes (mySociety's extension), oldest first",
                    "parameters": [
                        FORMAT,
                        _query("api_key", "Optional: only this key's community's requests"),
                        *WINDOW,
                    ],
                    "responses": {
                        "200": _answer("The updates", "Updates"),
                        "400": ERRORS["400"],
                        "403": ERRORS["403"],
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
