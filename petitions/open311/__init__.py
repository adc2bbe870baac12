"""Open311 GeoReport v2: the hub's server under /open311/v2/, and the client with which a
community portal forwards cases to a remote hub through an outbox and pulls their updates."""

from flask import Blueprint

api_bp = Blueprint("open311", __name__, url_prefix="/open311/v2")
pages_bp = Blueprint("open311_pages", __name__, url_prefix="/petitions/open311")

from petitions.open311 import api as _api  # noqa: E402,F401  (registers the server's routes)
from petitions.open311 import pages as _pages  # noqa: E402,F401  (the secretary's outbox page)
