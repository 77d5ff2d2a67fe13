"""After the recommendation, on a clock the test sets: "I signed up", the check-in, the second step.

One person walks the whole way, as they would over three months: they send their answers
(ticking "may we check in with you?"), say on their page which run they signed up for,
take it back, say it again; the run ends; the check-in falls due a week later at ten in
the morning, clinic time, and the worker sends it once; a week on, one reminder, and then
never a third; they answer, read the answered page and its second step, and the clinic
hears that they would like the next program. Without a chosen run, the check-in falls due
the clinic's number of weeks after the intake, and moves when the clinic changes it.

The queue is django-tasks-db's table and the worker its own `db_worker` command; the
e-mails land in Django's test outbox. The clock is `django.utils.timezone.now`, which every
date and time the app reads comes from (`timezone.localdate()` too).
"""

from __future__ import annotations

import email.policy
import io
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from advisor.models import CheckIn, CheckInEmail, Intake, Notification, SignUp
from providers.models import Format, Offering, Region
from providers.schedule import next_weekday
from tests.advisor.intakes import neutral_post
from tests.clients import FormClient
from tests.clinic_record import our_clinic_saved
from tests.factories import OfferingFactory, ProviderFactory, program
from tests.helpers import Page, admin_form_data

# Committed, so that the worker sees what the requests saved; the rollback puts back the
# catalog the data migrations seeded (tests/advisor/test_task_queue.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SITE = "https://intake.example.org"
CLINIC_INBOX = "intake@clinic.example.org"
CLINIC_ZONE = "America/Chicago"  # not the site's default zone (New York), nor UTC
PERSON = "wilhelmina.private@example.net"
FIRST_NAME = "Wilhelmina"
WHAT_HELPED = "The body scan on Thursday evenings, and a teacher who listened"
# A Monday morning, long after any date the catalog was seeded with.
START = datetime(2031, 3, 3, 15, 0, tzinfo=UTC)


class Clock:
    """The site's time, set by the test."""

    def __init__(self, monkeypatch, start: datetime) -> None:
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch, START)


@pytest.fixture(autouse=True)
def durable_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.INTAKE_NOTIFY_EMAILS = [CLINIC_INBOX]
    settings.SITE_URL = SITE


@pytest.fixture(autouse=True)
def _no_kept_pages():
    # Course lists are kept in the database cache, whose table no flush empties.
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def lakeside(db):
    return our_clinic_saved(time_zone=CLINIC_ZONE)


def work() -> None:
    """The worker, run until the queue holds nothing due."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def sweep() -> str:
    """cron's `send_checkins`, at the clock's time; what it says it queued."""
    out = io.StringIO()
    call_command("send_checkins", stdout=out)
    return out.getvalue().strip()


CLINIC_RECORD = reverse("admin:config_clinicprofile_change", args=[1])
QUEUED_NOTHING = "Queued 0 check-in(s) and 0 reminder(s)."


def to_the_person() -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [PERSON]]


def to_the_clinic() -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [CLINIC_INBOX]]


def headers(message: mail.EmailMessage) -> dict[str, str]:
    """The message's headers as they go on the wire: formatted as the SMTP backend formats
    them (email.policy.SMTP, folded at 78 characters), unfolded, and not decoded, so that
    a header a mail program could not read as written (RFC 2047 words) shows as such."""
    head = message.message(policy=email.policy.SMTP).as_bytes().decode("ascii")
    head = head.split("\r\n\r\n", 1)[0].replace("\r\n ", " ").replace("\r\n\t", " ")
    return dict(line.split(": ", 1) for line in head.split("\r\n"))


def send_answers(client, **overrides: str) -> Intake:
    """The intake form, sent with "may we check in with you?" ticked; the saved intake."""
    data = {**neutral_post(), "first_name": FIRST_NAME, "email": PERSON, "checkin_opt_in": "on"}
    response = client.post(reverse("advisor:intake"), {**data, **overrides})
    assert response.status_code == 302
    return Intake.objects.get(public_token=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def sign_up_buttons(html: Page) -> dict[str, object]:
    """The "I've signed up for this one" buttons, by the run each sends."""
    return {
        button["value"]: button
        for button in html.find_all("button", name="offering")
        if button.get("form") == "signed-up-form"
    }


def signed_up_form_data(html: Page, **pressed: str) -> dict[str, str]:
    """What form#signed-up-form sends with one button pressed: its fields (the CSRF
    token aside, which the test client does not check) and the button's name and value."""
    form = html.find("form", id="signed-up-form")
    program_menu = html.find("select", within=form, name="program")
    chosen = program_menu.find("option", selected=True) or program_menu.find("option")
    return {"program": chosen["value"], **pressed}


def signed_up_note(html: Page) -> str:
    note = html.find("p", class_="signed-up__now")
    return note.words if note else ""


def msc_run(name: str, start, **fields) -> Offering:
    """An MSC run whose sign-up address names it: https://<name>.example.org/register."""
    return OfferingFactory(
        program=program("MSC"),
        start_date=start,
        end_date=start + timedelta(weeks=8),
        registration_url=f"https://{name}.example.org/register",
        **fields,
    )


def test_a_person_is_walked_from_their_sign_up_to_the_second_step(client, clock, lakeside):
    # The MBSR run they will sign up for, near them (the north-east, in person).
    mbsr = OfferingFactory(provider=ProviderFactory(name="Harbor Light Mindfulness"))
    intake = send_answers(client)
    page_url = intake.get_absolute_url()
    signed_up_url = reverse("advisor:signed_up", kwargs={"token": intake.public_token})

    # On their page, the run has its button; pressing it says so on the page.
    html = Page.of(client.get(page_url))
    assert str(mbsr.pk) in sign_up_buttons(html)
    assert signed_up_note(html) == ""
    response = client.post(signed_up_url, signed_up_form_data(html, offering=str(mbsr.pk)))
    assert response.status_code == 302
    assert response["Location"] == page_url + "#signed-up"
    note = signed_up_note(Page.of(client.get(page_url)))
    assert "MBSR with Harbor Light Mindfulness" in note
    assert mbsr.start_date.strftime("%-d %B %Y") in note

    # Undo: gone from the page, and from the records.
    html = Page.of(client.get(page_url))
    client.post(signed_up_url, signed_up_form_data(html, undo="1"))
    html = Page.of(client.get(page_url))
    assert signed_up_note(html) == ""
    assert not SignUp.objects.filter(intake=intake).exists()

    # And again, for good.
    client.post(signed_up_url, signed_up_form_data(html, offering=str(mbsr.pk)))
    assert "MBSR with Harbor Light Mindfulness" in signed_up_note(Page.of(client.get(page_url)))

    # The next program's runs, as the second step will look for them: MSC, near them, in
    # English, after the MBSR run. One is far away in person; one is taught in Spanish.
    later = next_weekday(mbsr.end_date + timedelta(days=28), 1)
    msc_run("near", later)
    msc_run("far", later, provider=ProviderFactory(region=Region.WEST, city="Portland, OR"))
    msc_run("spanish", later, language="es")
    OfferingFactory(  # the program they have done: not a second step
        start_date=later,
        end_date=later + timedelta(weeks=7),
        registration_url="https://mbsr-again.example.org/register",
    )

    # The run ends. A week later, at ten in the morning clinic time, the check-in is due.
    due = datetime.combine(mbsr.end_date + timedelta(days=7), time(10), ZoneInfo(CLINIC_ZONE))
    clock.set(due - timedelta(minutes=1))
    assert sweep() == QUEUED_NOTHING
    work()
    assert to_the_person() == []
    assert not CheckInEmail.objects.exists()

    clock.set(due)
    assert sweep() == "Queued 1 check-in(s) and 0 reminder(s)."
    assert sweep() == QUEUED_NOTHING  # cron again, the same hour
    work()
    work()

    (invitation,) = to_the_person()
    checkin = CheckIn.objects.get(intake=intake)
    link = SITE + reverse("advisor:checkin", kwargs={"token": checkin.token})
    stop = SITE + reverse("advisor:checkin_stop", kwargs={"token": checkin.token})
    assert invitation.subject == "How did your course go?"
    assert link in invitation.body
    assert stop in invitation.body
    wire = headers(invitation)
    assert wire["List-Unsubscribe"] == f"<{stop}>"
    assert wire["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for private in (FIRST_NAME, PERSON, intake.public_token, "MBSR", "Harbor Light"):
        assert private not in invitation.subject
        assert private not in invitation.body

    # A week after it was sent, and not a minute before, one reminder.
    sent_at = CheckInEmail.objects.get(kind=CheckInEmail.Kind.INVITATION).sent_at
    assert sent_at == due
    clock.set(sent_at + timedelta(days=7) - timedelta(minutes=1))
    assert sweep() == QUEUED_NOTHING
    clock.set(sent_at + timedelta(days=7))
    assert sweep() == "Queued 0 check-in(s) and 1 reminder(s)."
    work()
    invitation_again, reminder = to_the_person()
    assert invitation_again is invitation
    assert reminder.subject == "A gentle reminder: how did your course go?"
    assert link in reminder.body
    assert headers(reminder)["List-Unsubscribe"] == f"<{stop}>"

    # No third e-mail, however long nobody answers.
    for weeks in (1, 3, 7, 52):
        clock.set(sent_at + timedelta(weeks=1 + weeks))
        assert sweep() == QUEUED_NOTHING
    clock.set(sent_at + timedelta(days=8))
    work()
    assert len(to_the_person()) == 2
    assert CheckInEmail.objects.count() == 2

    # They answer from the link, eight days after the invitation.
    checkin_url = reverse("advisor:checkin", kwargs={"token": checkin.token})
    form = Page.of(client.get(checkin_url))
    assert form.find("h1").words == "How did your course go?"
    mail.outbox.clear()
    response = client.post(
        checkin_url,
        {
            "started": "yes",
            "program": "MBSR",
            "finished": "yes",
            "helpful": "4",
            "what_helped": WHAT_HELPED,
            "wants_next": "yes",
            "self_harm_thoughts": "no",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == checkin_url

    answered = Page.of(client.get(checkin_url))
    assert answered.find("h1").words == "Thank you for telling us"
    assert answered.find(class_="crisis-panel") is None
    second_step = answered.find("section", class_="second-step")
    assert second_step.find("h2").words == "Your next step: Mindful Self-Compassion (MSC)"
    registrations = {link["href"] for link in answered.find_all("a") if link.get("href")}
    assert "https://near.example.org/register" in registrations
    assert "https://far.example.org/register" not in registrations
    assert "https://spanish.example.org/register" not in registrations
    assert "https://mbsr-again.example.org/register" not in registrations
    # The second step is no page to sign up from: that is the person's own page.
    assert answered.find("button", name="offering") is None

    checkin.refresh_from_db()
    assert (checkin.started, checkin.program, checkin.finished) == ("yes", "MBSR", "yes")
    assert (checkin.helpful, checkin.what_helped, checkin.wants_next) == (4, WHAT_HELPED, "yes")

    # The clinic hears, once, that they would like the next program, and nothing they said.
    assert Notification.objects.filter(intake=intake, about="next_program").count() == 1
    work()
    work()
    (notice,) = to_the_clinic()
    assert notice.subject == "A participant would like the next program"
    assert SITE + reverse("admin:advisor_intake_change", args=[intake.pk]) in notice.body
    for private in (FIRST_NAME, PERSON, WHAT_HELPED, checkin.token, intake.public_token):
        assert private not in notice.body
    assert to_the_person() == []  # nothing more to them

    # And nothing more is ever sent about the check-in.
    clock.set(sent_at + timedelta(weeks=20))
    assert sweep() == QUEUED_NOTHING
    work()
    assert to_the_person() == []


# With no run chosen: the clinic's number of weeks after the intake


def test_without_a_chosen_run_the_check_in_is_due_the_clinics_weeks_after_the_intake(
    client, clock, lakeside
):
    intake = send_answers(client)
    weeks = lakeside.checkin_weeks
    assert weeks == 10  # the clinic record's default, which the issue gives

    clock.set(intake.created_at + timedelta(weeks=weeks) - timedelta(minutes=1))
    assert sweep() == QUEUED_NOTHING
    clock.set(intake.created_at + timedelta(weeks=weeks))
    assert sweep() == "Queued 1 check-in(s) and 0 reminder(s)."
    work()

    assert len(to_the_person()) == 1


def test_another_course_has_no_end_date_so_the_clinics_weeks_time_its_check_in(
    client, clock, lakeside
):
    intake = send_answers(client)
    html = Page.of(client.get(intake.get_absolute_url()))
    client.post(
        reverse("advisor:signed_up", kwargs={"token": intake.public_token}),
        {**signed_up_form_data(html), "program": "MSC"},
    )
    assert SignUp.objects.get(intake=intake).program == "MSC"

    clock.set(intake.created_at + timedelta(weeks=lakeside.checkin_weeks) - timedelta(minutes=1))
    assert sweep() == QUEUED_NOTHING
    clock.set(intake.created_at + timedelta(weeks=lakeside.checkin_weeks))
    assert sweep() == "Queued 1 check-in(s) and 0 reminder(s)."


def test_the_clinic_changing_its_weeks_moves_a_check_in_not_yet_sent(
    client, clock, lakeside, superuser
):
    intake = send_answers(client)
    clock.set(intake.created_at + timedelta(weeks=4))
    assert sweep() == QUEUED_NOTHING  # ten weeks by default: not yet

    # A superuser sets four weeks on the clinic's record in the admin.
    admin = FormClient()
    admin.force_login(superuser)
    details = admin_form_data(admin.get(CLINIC_RECORD))
    response = admin.post(CLINIC_RECORD, {**details, "checkin_weeks": "4"})
    assert response.status_code == 302

    assert sweep() == "Queued 1 check-in(s) and 0 reminder(s)."
    work()
    assert len(to_the_person()) == 1


def test_a_chosen_run_times_the_check_in_whatever_the_clinics_weeks(client, clock, lakeside):
    # A long run: it ends well after the clinic's ten weeks.
    start = next_weekday(START.date() + timedelta(days=14), 1)
    run = OfferingFactory(start_date=start, end_date=start + timedelta(weeks=12))
    intake = send_answers(client)
    html = Page.of(client.get(intake.get_absolute_url()))
    client.post(
        reverse("advisor:signed_up", kwargs={"token": intake.public_token}),
        signed_up_form_data(html, offering=str(run.pk)),
    )
    due = datetime.combine(run.end_date + timedelta(days=7), time(10), ZoneInfo(CLINIC_ZONE))

    clock.set(intake.created_at + timedelta(weeks=lakeside.checkin_weeks))
    assert sweep() == QUEUED_NOTHING
    clock.set(due - timedelta(minutes=1))
    assert sweep() == QUEUED_NOTHING
    clock.set(due)
    assert sweep() == "Queued 1 check-in(s) and 0 reminder(s)."


def test_no_check_in_is_ever_due_for_someone_who_did_not_tick_the_box(client, clock, lakeside):
    send_answers(client, checkin_opt_in="")

    clock.set(START + timedelta(weeks=60))

    assert sweep() == QUEUED_NOTHING
    assert not CheckIn.objects.exists()
    work()
    assert to_the_person() == []


def test_a_run_the_directory_moves_later_moves_the_check_in_with_it(client, clock, lakeside):
    """The sign-up keeps the run, not a copy of its dates: an editor's new end date counts."""
    run = OfferingFactory(format=Format.IN_PERSON)
    intake = send_answers(client)
    html = Page.of(client.get(intake.get_absolute_url()))
    client.post(
        reverse("advisor:signed_up", kwargs={"token": intake.public_token}),
        signed_up_form_data(html, offering=str(run.pk)),
    )
    first_due = datetime.combine(run.end_date + timedelta(days=7), time(10), ZoneInfo(CLINIC_ZONE))
    run.end_date += timedelta(weeks=2)
    run.save()

    clock.set(first_due)
    assert sweep() == QUEUED_NOTHING
    clock.set(first_due + timedelta(weeks=2))
    assert sweep() == "Queued 1 check-in(s) and 0 reminder(s)."


def test_a_run_removed_from_the_directory_still_times_the_check_in_by_its_last_session(
    client, clock, lakeside
):
    """The sign-up keeps the run's last day as it was, for when the run itself is gone."""
    run = OfferingFactory()
    intake = send_answers(client)
    html = Page.of(client.get(intake.get_absolute_url()))
    client.post(
        reverse("advisor:signed_up", kwargs={"token": intake.public_token}),
        signed_up_form_data(html, offering=str(run.pk)),
    )
    due = datetime.combine(run.end_date + timedelta(days=7), time(10), ZoneInfo(CLINIC_ZONE))
    run.delete()

    clock.set(due - timedelta(minutes=1))
    assert sweep() == QUEUED_NOTHING
    clock.set(due)
    assert sweep() == "Queued 1 check-in(s) and 0 reminder(s)."
