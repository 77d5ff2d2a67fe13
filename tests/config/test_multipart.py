"""Public forms take ordinary form posts only: multipart, with a file or without, is refused unread.

No public form has a file field; Django would still parse a multipart body it is sent,
writing each file part to disk. The participant's posts (the questionnaire, "e-mail me
my link", deleting one's answers) answer such a body with the clinic's 400 page from its
headers alone, before any of it is read or parsed.
"""

from __future__ import annotations

import io
import time
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import MULTIPART_CONTENT, ClientHandler
from django.urls import reverse

from advisor.models import Intake
from tests.advisor.intakes import neutral_post, saved_intake

pytestmark = pytest.mark.django_db

BAD_REQUEST_HEADING = "We could not read what was sent"
BOUNDARY = "mindfulpathboundary"


class CountingBody(io.RawIOBase):
    """A request body that counts what the server reads of it."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.remaining)
        buffer[:count] = b"x" * count
        self.remaining -= count
        self.read_bytes += count
        return count


def _file_part() -> SimpleUploadedFile:
    return SimpleUploadedFile("answers.txt", b"my answers", content_type="text/plain")


def _public_posts() -> dict[str, str]:
    intake = saved_intake()
    return {
        "intake": reverse("advisor:intake"),
        "lost link": reverse("advisor:lost_link"),
        "delete": reverse("advisor:delete", kwargs={"token": intake.public_token}),
    }


@pytest.mark.parametrize("name", ["intake", "lost link", "delete"])
def test_it_refuses_a_file_part_on_every_public_post(client, name):
    url = _public_posts()[name]

    answers = {"email": "robin@example.net", "confirm": "yes", "f": _file_part()}

    response = client.post(url, answers, MULTIPART_CONTENT)

    assert response.status_code == 400
    assert BAD_REQUEST_HEADING in response.content.decode()
    assert Intake.objects.count() == 1  # the one made for the delete link: still there
    assert mail.outbox == []  # nor was a link sent


def test_it_saves_nothing_from_answers_sent_with_a_file(client):
    answers = {**neutral_post(), "f": _file_part()}

    response = client.post(reverse("advisor:intake"), answers, MULTIPART_CONTENT)

    assert response.status_code == 400
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain", "application/octet-stream"]
)
def test_it_refuses_a_questionnaire_that_is_not_a_form(client, content_type):
    response = client.post(reverse("advisor:intake"), b'{"first_name": "Robin"}', content_type)

    assert response.status_code == 400
    assert not Intake.objects.exists()


def test_it_still_saves_an_ordinary_form_post(client):
    response = client.post(
        reverse("advisor:intake"),
        urlencode(neutral_post()),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 302
    assert Intake.objects.count() == 1


def test_it_refuses_a_multipart_form_even_without_files(client):
    """What a script may send: the answers, wrapped as no page of ours ever sends them."""
    response = client.post(reverse("advisor:intake"), neutral_post(), MULTIPART_CONTENT)

    assert response.status_code == 400
    assert not Intake.objects.exists()


def test_it_refuses_a_big_multipart_body_without_reading_it():
    """A 5 MB file part is turned away from its Content-Length: no byte of it is read."""
    body = CountingBody(5 * 1024 * 1024)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": reverse("advisor:intake"),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.remaining),
        "wsgi.input": body,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }

    started = time.monotonic()
    # The test client's own handler, given a body it cannot fake: it counts what is read.
    response = ClientHandler()(environ)
    elapsed = time.monotonic() - started

    assert response.status_code == 400
    assert BAD_REQUEST_HEADING in response.content.decode()
    assert body.read_bytes == 0
    assert elapsed < 2
    assert not Intake.objects.exists()


def test_it_leaves_staff_forms_in_the_admin_alone():
    """The admin's own forms may need multipart (a file field); they are not public."""
    response = Client().post(reverse("admin:login"), {"username": "nobody", "password": "x"})

    assert response.status_code == 200  # the login form again, with its error
    assert "Please enter the correct username" in response.content.decode()


@pytest.mark.parametrize(
    "disposition",
    [
        b'Content-Disposition: form-data; name="f"; filename="a.txt"',
        b'content-disposition : form-data; name="f";filename=a.txt',
        b"CONTENT-DISPOSITION: form-data; name=f; filename*=UTF-8''a.txt",
        b"Content-Disposition: form-data; name=f; filename*0=a; filename*1=.txt",
    ],
)
def test_it_refuses_every_way_of_naming_a_file_part(client, disposition):
    body = (
        b"--" + BOUNDARY.encode() + b"\r\n" + disposition + b"\r\n\r\nmy answers\r\n"
        b"--" + BOUNDARY.encode() + b"--\r\n"
    )

    response = client.post(
        reverse("advisor:intake"), body, f"multipart/form-data; boundary={BOUNDARY}"
    )

    assert response.status_code == 400
    assert not Intake.objects.exists()
