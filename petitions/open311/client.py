"""The HTTP side of a community portal talking to a remote hub (JSON, with `requests`)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import requests
from cachetools import TTLCache
from flask import current_app

from petitions.open311.models import HubLink

# One session: its connections to a hub are kept alive between requests.
http = requests.Session()
# The hub's services change rarely; asking once in a while is enough.
_services: TTLCache[str, list[dict[str, Any]]] = TTLCache(maxsize=32, ttl=300)


class HubError(Exception):
    """The hub could not be reached, or refused: `message` says why, for the secretary's page."""

    def __init__(self, message: str, reached: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.reached = reached  # False: no answer at all (down, refused, timed out)


def _endpoint(link: HubLink, path: str) -> str:
    return link.hub_url.rstrip("/") + path


def _call(method: str, url: str, **kwargs: Any) -> Any:
    try:
        response = http.request(method, url, timeout=current_app.config["OPEN311_TIMEOUT"], **kwargs)
    except requests.Timeout:
        raise HubError(f"Timeout: the hub did not answer within {current_app.config['OPEN311_TIMEOUT']} s",
                       reached=False) from None
    except requests.ConnectionError as error:
        cause = re.search(r"\[Errno -?\d+\] ([^'\")]+)", str(error))
        reason = cause.group(1) if cause else str(error)
        message = f"ConnectionError: the hub cannot be reached ({reason})"
        raise HubError(message[:500], reached=False) from None
    except requests.RequestException as error:
        raise HubError(f"{type(error).__name__}: {error}"[:500], reached=False) from None
    try:
        data = response.json()
    except ValueError:
        raise HubError(f"HTTP {response.status_code}: the answer is not JSON") from None
    if response.status_code >= 400:
        detail = "; ".join(str(e.get("description", "")) for e in data if isinstance(e, dict)) \
            if isinstance(data, list) else ""
        raise HubError(f"HTTP {response.status_code}: {detail or response.reason}"[:500])
    return data


def services(link: HubLink) -> list[dict[str, Any]]:
    cached = _services.get(link.hub_url)
    if cached is None:
        cached = _call("GET", _endpoint(link, "/services.json"))
        _services[link.hub_url] = cached
    return cached


def service_code_for(link: HubLink, name: str, name_en: str = "") -> str:
    """The hub's service whose name is the category's (in Chinese, else in English)."""
    for service in services(link):
        if service.get("service_name") == name:
            return str(service["service_code"])
    for service in services(link):
        if name_en and name_en in (service.get("service_name"), service.get("description")):
            return str(service["service_code"])
    raise HubError(f"the hub has no service named {name!r}")


def post_request(link: HubLink, fields: dict[str, str]) -> str:
    """POST requests.json; the hub's id of the request (the same for the same reference)."""
    data = _call("POST", _endpoint(link, "/requests.json"), data={"api_key": link.api_key, **fields})
    try:
        return str(data[0]["service_request_id"])
    except (IndexError, KeyError, TypeError):
        raise HubError("the hub's answer has no service_request_id") from None


def updates(link: HubLink, start: datetime, end: datetime, page: int, page_size: int) -> list[dict[str, Any]]:
    params = {"api_key": link.api_key, "start_date": start.isoformat(), "end_date": end.isoformat(),
              "page": str(page), "page_size": str(page_size)}
    data = _call("GET", _endpoint(link, "/servicerequestupdates.json"), params=params)
    if not isinstance(data, list):
        raise HubError("the hub's updates are not a list")
    return data
