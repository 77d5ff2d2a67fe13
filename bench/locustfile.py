"""One locust user class per measured page; bench/run.py runs them one at a time.

Each user waits for nothing between requests (a closed loop), so throughput is
what the server gives at that many concurrent clients.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid

from django_otp.oath import TOTP
from locust import FastHttpUser, constant, task

from advisor import questionnaire
from advisor.questionnaire import LIKERT

SEED = json.load(open(os.environ["BENCH_SEED_FILE"]))  # noqa: SIM115
# A code works once per device and 30 s, so each run signs in clinicians that the run
# before did not use (bench/run.py moves the offset on).
_offset = int(os.environ.get("BENCH_CLINICIAN_OFFSET", "0")) % len(SEED["clinicians"])
CLINICIANS = itertools.cycle(SEED["clinicians"][_offset:] + SEED["clinicians"][:_offset])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# A complete valid intake (the middle of each scale, the last option of each choice);
# the form token changes with every post.
VALID_INTAKE = {
    **{
        q.code: (str(q.values[len(q.values) // 2]) if q.kind == LIKERT else str(q.values[-1]))
        for q in questionnaire.QUESTIONS
        if q.code in questionnaire.ANSWER_CODES
    },
    "first_name": "Bench",
    "email": "bench@example.org",
    "consent": "on",
}


class Page(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    path = "/"

    @task
    def get(self) -> None:
        self.client.get(self.path, name=self.name)


class Healthz(Page):
    name, path = "/healthz", "/healthz"


class Home(Page):
    name, path = "/", "/"


class ProgramPage(Page):
    name, path = "/programs/mbsr/", "/programs/mbsr/"


class Directory(Page):
    name = path = "/providers/?program=MSC&format=online"


class IntakeForm(Page):
    name, path = "GET /intake/", "/intake/"


class IntakePost(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        page = self.client.get("/intake/", name="(setup)").text
        self.csrf = CSRF.search(page).group(1)

    @task
    def post(self) -> None:
        data = {**VALID_INTAKE, "csrfmiddlewaretoken": self.csrf, "form_token": str(uuid.uuid4())}
        with self.client.post(
            "/intake/", data=data, name="POST /intake/", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"expected a redirect, got {response.status_code}")


class Recommendation(FastHttpUser):
    wait_time = constant(0)

    @task
    def get(self) -> None:
        token = random.choice(SEED["tokens"])
        self.client.get(f"/recommendation/{token}/", name="/recommendation/<token>/")


class AdminList(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        page = self.client.get("/admin/login/", name="(setup)").text
        clinician = next(CLINICIANS)
        key = bytes.fromhex(clinician["totp_key"])
        data = {
            "csrfmiddlewaretoken": CSRF.search(page).group(1),
            "username": clinician["username"],
            "password": SEED["password"],
            "otp_token": f"{TOTP(key).token():06d}",
            "next": "/admin/",
        }
        self.client.post("/admin/login/?next=/admin/", data=data, name="(setup)")

    @task
    def get(self) -> None:
        with self.client.get(
            "/admin/advisor/intake/", name="admin intake list", catch_response=True
        ) as response:
            if "Select intake to change" not in response.text:
                response.failure("not signed in")
