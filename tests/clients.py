"""A test client that posts forms the way a browser does.

Django's test client posts a dict as multipart/form-data; browsers post our forms (none
of which sets an enctype) as application/x-www-form-urlencoded, and the public pages
refuse anything else (config.middleware.RejectPublicUploads). A test that means to send
multipart says so with content_type=MULTIPART_CONTENT.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.test import Client

FORM = "application/x-www-form-urlencoded"


class FormClient(Client):
    def post(self, path, data=None, content_type=FORM, **kwargs):
        if content_type == FORM and (data is None or isinstance(data, Mapping)):
            data = urlencode(
                [
                    (name, "" if value is None else value)
                    for name, values in (data or {}).items()
                    for value in (values if isinstance(values, list | tuple) else [values])
                ]
            )
        return super().post(path, data, content_type, **kwargs)
