"""One locust user class per measured page; bench/run.py runs them one at a time.

Each user waits for nothing between requests (a closed loop), so throughput is
what the server gives at that many concurrent clients.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid

from locust import FastHttpUser, constant, task

from advisor import questionnaire
from advisor.questionnaire import LIKERT
from bench.run import CSRF, SIGNED_IN_MARK

SEED = json.load(open(os.environ["BENCH_SEED_FILE"]))  # noqa: SIM115
# Clinicians signed in by bench/run.py before any measurement (see sign_in there).
SESSIONS = itertools.cycle(SEED["sessions"])
SIGNED_IN = SIGNED_IN_MARK.encode()

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
        self.cookie = next(SESSIONS)

    @task
    def get(self) -> None:
        with self.client.get(
            "/admin/advisor/intake/",
            headers={"Cookie": self.cookie},
            name="admin intake list",
            catch_response=True,
        ) as response:
            # Bytes, not text: decoding the whole page would be load-generator work done on
            # the server's two cores.
            if SIGNED_IN not in response.content:
                response.failure("not signed in")
