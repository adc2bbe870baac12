"""The app as the benchmark serves it: Linli plus the reference routes.

`gunicorn bench.wsgi:app`, configured by the environment like any deployment
(DATABASE_URL, SECRET_KEY, SCHEDULER_MODE, LOGIN_RATE_LIMIT).
"""

from __future__ import annotations

from app import create_app
from bench.reference import bp as reference_bp

app = create_app()
app.register_blueprint(reference_bp)
