"""Production gunicorn settings, read by `gunicorn config.wsgi` from the project root."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A few threads in each worker: a request waiting on a stalled database (at most its
# DATABASE_* timeouts, seconds) holds one thread, and the worker's others still serve the
# pages that need no database. Each thread keeps a database connection of its own.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker whose threads are all taken stops accepting (gthread's default would take a
# thousand connections and queue them behind its stuck threads), so the listening socket
# hands new requests to a worker with a thread free (nginx keeps no connection to us
# alive: deploy/nginx/mindfulpath-http.conf).
worker_connections = threads
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No access log by default. Set GUNICORN_ACCESS_LOG=- to log requests; the private
# recommendation links in their paths are redacted, as in the error log.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
logger_class = "config.logging.RedactingGunicornLogger"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def on_starting(server):
    """Refuse to start, saying why, when the shared cache (CACHE_URL) cannot be reached."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from config.startup import unreachable_caches

    problems = unreachable_caches()
    if problems:
        message = "Not starting: cannot reach " + "; ".join(problems)
        server.log.error(message + ". Check CACHE_URL and that Redis is running.")
        raise SystemExit(message)
