"""A WSGI app for gunicorn in the nginx tests: answers at once, or sleeps past a timeout."""

from __future__ import annotations

import time


def app(environ, start_response):
    if environ["PATH_INFO"] == "/sleep":
        time.sleep(30)  # gunicorn's worker timeout ends it long before
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
