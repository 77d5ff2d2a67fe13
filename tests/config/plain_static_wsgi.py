"""config.wsgi for a gunicorn under test: static files named as they are, not from a manifest.

Production's manifest storage needs `collectstatic`, which tests never run (as in
tests/conftest.py). Everything else is config.wsgi, read with gunicorn.conf.py.
"""

from __future__ import annotations

from django.conf import settings
from django.test.utils import override_settings

from config.wsgi import application

override_settings(
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
).enable()

__all__ = ["application"]
