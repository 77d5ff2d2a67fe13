"""Staff accounts: lockout that cools off, a second factor in production, sessions that end.

Logins here go through the real admin login form
(the password is the personas' "a-long-test-passphrase", tests/conftest.py).
"""

from __future__ import annotations

import base64
import io
import time
from datetime import timedelta

import pytest
import segno
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.middleware import StaffSessionTimeout
from tests.advisor.admin.helpers import changelist_url
from tests.helpers import Page

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-passphrase"
ADDRESS = "203.0.113.7"  # one office computer, for every attempt in a test


def sign_in(client, username: str, password: str = PASSWORD, **extra: str):
    data = {"username": username, "password": password, "next": changelist_url(), **extra}
    return client.post(reverse("admin:login"), data, REMOTE_ADDR=ADDRESS)


def fail_to_sign_in(client, username: str, times: int) -> None:
    for _ in range(times):
        sign_in(client, username, "not-the-password")


def is_signed_in(client) -> bool:
    return SESSION_KEY in client.session


def reaches_the_intake_list(client) -> bool:
    response = client.get(changelist_url(), REMOTE_ADDR=ADDRESS)
    return response.status_code == 200


def current_code(device: TOTPDevice) -> str:
    """The six digits the authenticator app shows right now."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


# Lockout


def test_it_signs_a_clinician_in_with_the_right_password(client, clinician):
    response = sign_in(client, "chen")

    assert response.status_code == 302
    assert reaches_the_intake_list(client)


def test_it_lets_a_clinician_retry_after_a_few_mistakes(client, clinician, settings):
    fail_to_sign_in(client, "chen", settings.AXES_FAILURE_LIMIT - 1)

    response = sign_in(client, "chen")

    assert response.status_code == 302
    assert reaches_the_intake_list(client)


def test_it_pauses_sign_in_after_repeated_failures(client, clinician, settings):
    fail_to_sign_in(client, "chen", settings.AXES_FAILURE_LIMIT)

    response = sign_in(client, "chen")

    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert not is_signed_in(client)


def test_it_says_sign_in_is_paused_on_the_attempt_that_reaches_the_limit(
    client, clinician, settings
):
    fail_to_sign_in(client, "chen", settings.AXES_FAILURE_LIMIT - 1)

    response = sign_in(client, "chen", "not-the-password")

    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()


def test_it_keeps_sign_in_paused_until_the_cool_off_has_passed(client, clinician, settings):
    fail_to_sign_in(client, "chen", settings.AXES_FAILURE_LIMIT)
    almost = settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - almost)

    response = sign_in(client, "chen")

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_it_lets_the_clinician_in_again_after_the_cool_off(client, clinician, settings):
    fail_to_sign_in(client, "chen", settings.AXES_FAILURE_LIMIT)
    later = settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - later)

    response = sign_in(client, "chen")

    assert response.status_code == 302
    assert reaches_the_intake_list(client)


def test_it_pauses_sign_in_from_an_address_that_tries_many_accounts(
    client, clinician, editor, settings
):
    # One password tried against many usernames: the address is paused, so a
    # colleague at the same address waits out the cool-off too.
    for username in ("alex", "billie", "casey", "drew", "emery")[: settings.AXES_FAILURE_LIMIT]:
        sign_in(client, username, "Summer2026!")

    response = sign_in(client, "dana")

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_it_stores_no_password_tried_in_the_lockout_records(client, clinician, settings):
    fail_to_sign_in(client, "chen", settings.AXES_FAILURE_LIMIT)

    stored = " ".join(str(value) for value in AccessAttempt.objects.values().first().values())

    assert "not-the-password" not in stored


# A second factor (production)


@pytest.fixture
def two_factor(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def authenticator(clinician) -> TOTPDevice:
    """Dr Chen's phone app, enrolled."""
    return TOTPDevice.objects.create(user=clinician, name="Phone", confirmed=True)


def test_it_keeps_a_password_only_session_away_from_intakes(client, clinician, two_factor):
    client.force_login(clinician)

    response = client.get(changelist_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_asks_for_an_authenticator_code_on_the_login_page(client, two_factor):
    page = Page.of(client.get(reverse("admin:login")))

    assert page.find("input", name="otp_token") is not None


def test_it_refuses_a_sign_in_without_the_code(client, clinician, authenticator, two_factor):
    sign_in(client, "chen")

    assert not reaches_the_intake_list(client)


def test_it_refuses_a_sign_in_with_a_wrong_code(client, clinician, authenticator, two_factor):
    wrong = f"{(int(current_code(authenticator)) + 500_000) % 1_000_000:06d}"

    sign_in_with_code(client, "chen", authenticator, wrong)

    assert not reaches_the_intake_list(client)


def test_it_refuses_a_staff_user_who_has_not_enrolled(client, clinician, two_factor):
    sign_in(client, "chen", otp_token="123456")

    assert not reaches_the_intake_list(client)


def sign_in_with_code(client, username: str, device: TOTPDevice, code: str):
    """The login form as the page offers it: password, the phone picked, its code typed."""
    return sign_in(client, username, otp_device=device.persistent_id, otp_token=code)


def test_it_lets_a_clinician_in_with_password_and_code(
    client, clinician, authenticator, two_factor
):
    response = sign_in_with_code(client, "chen", authenticator, current_code(authenticator))

    assert response.status_code == 302
    assert reaches_the_intake_list(client)


def test_it_signs_in_with_password_and_code_typed_in_one_go(
    client, clinician, authenticator, two_factor
):
    # The first login page shows username, password and code, nothing else; someone who
    # fills all three (as the README and enrol_totp tell them) must get in.
    response = sign_in(client, "chen", otp_token=current_code(authenticator))

    assert response.status_code == 302
    assert reaches_the_intake_list(client)


def test_it_refuses_a_code_from_an_authenticator_that_is_someone_elses(
    client, clinician, editor, authenticator, two_factor
):
    # The form's device field is what the browser sent: naming a teammate's phone, with
    # that phone's code, must not open the clinician's account.
    theirs = TOTPDevice.objects.create(user=editor, name="their phone", confirmed=True)

    sign_in_with_code(client, "chen", theirs, current_code(theirs))

    assert not reaches_the_intake_list(client)


def test_it_uses_the_one_authenticator_when_an_unconfirmed_one_is_also_listed(
    client, clinician, authenticator, two_factor
):
    # An enrolment left half done is no second phone to choose between.
    TOTPDevice.objects.create(user=clinician, name="new phone", confirmed=False)

    sign_in(client, "chen", otp_token=current_code(authenticator))

    assert reaches_the_intake_list(client)


def test_it_pauses_guessing_of_codes_like_guessing_of_passwords(
    client, clinician, authenticator, two_factor, settings
):
    # Someone who has the password must not be able to try codes without limit.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_code(client, "chen", authenticator, "000000")

    sign_in_with_code(client, "chen", authenticator, current_code(authenticator))

    assert not reaches_the_intake_list(client)


def test_it_lets_the_owner_in_with_the_right_code_after_a_few_wrong_ones(
    client, clinician, authenticator, two_factor, settings
):
    # A guesser below the lockout cannot make the owner's next right code fail.
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        sign_in_with_code(client, "chen", authenticator, "000000")

    sign_in_with_code(client, "chen", authenticator, current_code(authenticator))

    assert reaches_the_intake_list(client)


# Enrolling an authenticator


def enrol(username: str, *args: str) -> str:
    out = io.StringIO()
    call_command("enrol_totp", username, *args, stdout=out)
    return out.getvalue()


def test_it_enrols_an_authenticator_for_a_staff_user(clinician):
    enrol("chen")

    assert TOTPDevice.objects.filter(user=clinician, confirmed=True).count() == 1


def test_it_prints_the_key_to_type_into_the_app(clinician):
    output = enrol("chen")

    device = TOTPDevice.objects.get(user=clinician)
    key = base64.b32encode(device.bin_key).decode()
    assert f"type this key into the app: {key}" in output


def test_it_prints_a_scannable_qr_code_of_the_otpauth_link(clinician):
    output = enrol("chen")

    device = TOTPDevice.objects.get(user=clinician)
    assert device.config_url.startswith("otpauth://totp/")
    expected = io.StringIO()
    segno.make(device.config_url, error="m").terminal(out=expected, compact=True)
    assert expected.getvalue() in output, "the printed QR code is not the device's"


def test_it_names_the_clinic_in_the_authenticator_app(clinician):
    enrol("chen")

    device = TOTPDevice.objects.get(user=clinician)
    assert "issuer=Mindful%20Path" in device.config_url


def test_it_enrols_a_code_that_signs_the_clinician_in(client, clinician, two_factor):
    enrol("chen")
    device = TOTPDevice.objects.get(user=clinician)

    sign_in_with_code(client, "chen", device, current_code(device))

    assert reaches_the_intake_list(client)


def test_it_refuses_to_enrol_a_user_who_is_not_staff(django_user_model):
    django_user_model.objects.create_user(username="pat", password=PASSWORD)

    with pytest.raises(CommandError, match="not a staff user"):
        enrol("pat")

    assert not TOTPDevice.objects.exists()


def test_it_refuses_to_enrol_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        enrol("nobody")


def test_it_refuses_a_second_authenticator_without_replace(clinician):
    enrol("chen")
    first = TOTPDevice.objects.get(user=clinician)

    with pytest.raises(CommandError, match="--replace"):
        enrol("chen")

    assert list(TOTPDevice.objects.filter(user=clinician)) == [first]


def test_it_replaces_a_lost_authenticator(clinician):
    enrol("chen")
    lost = TOTPDevice.objects.get(user=clinician)

    enrol("chen", "--replace")

    devices = list(TOTPDevice.objects.filter(user=clinician))
    assert len(devices) == 1
    assert devices[0].pk != lost.pk
    assert devices[0].bin_key != lost.bin_key


# Sessions end


def signed_in_session(
    client, user, *, seen_minutes_ago: float = 0, started_minutes_ago: float = 0
) -> None:
    """Sign `user` in and open the admin, then wind the session's clock back."""
    client.force_login(user)
    assert reaches_the_intake_list(client)
    session = client.session
    session[StaffSessionTimeout.SEEN] = minutes_ago(seen_minutes_ago)
    session[StaffSessionTimeout.STARTED] = minutes_ago(started_minutes_ago)
    session.save()


def minutes_ago(minutes: float) -> float:
    return time.time() - minutes * 60


def test_it_keeps_a_session_with_recent_activity(client, clinician):
    signed_in_session(client, clinician, seen_minutes_ago=29, started_minutes_ago=29)

    assert reaches_the_intake_list(client)


def test_it_ends_a_session_after_thirty_minutes_idle(client, clinician):
    signed_in_session(client, clinician, seen_minutes_ago=31, started_minutes_ago=31)

    response = client.get(changelist_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not is_signed_in(client)


def test_it_stays_signed_out_after_an_idle_session_ended(client, clinician):
    signed_in_session(client, clinician, seen_minutes_ago=31, started_minutes_ago=31)
    client.get(changelist_url())

    assert not reaches_the_intake_list(client)


def test_it_ends_a_session_after_twelve_hours_even_when_active(client, clinician):
    signed_in_session(client, clinician, seen_minutes_ago=1, started_minutes_ago=13 * 60)

    response = client.get(changelist_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not is_signed_in(client)


def test_it_keeps_an_active_session_for_under_twelve_hours(client, clinician):
    signed_in_session(client, clinician, seen_minutes_ago=1, started_minutes_ago=11 * 60)

    assert reaches_the_intake_list(client)


def test_it_counts_each_request_as_activity(client, clinician):
    signed_in_session(client, clinician, seen_minutes_ago=20, started_minutes_ago=20)
    assert reaches_the_intake_list(client)
    session = client.session
    # Twenty more minutes pass: forty since signing in, twenty since the last request.
    session[StaffSessionTimeout.SEEN] -= 20 * 60
    session[StaffSessionTimeout.STARTED] -= 20 * 60
    session.save()

    assert reaches_the_intake_list(client)


def test_it_sets_a_session_cookie_the_browser_forgets_when_it_closes(client, clinician, settings):
    response = sign_in(client, "chen")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""


def test_it_keeps_the_session_cookie_away_from_scripts_and_other_sites(client, clinician, settings):
    response = sign_in(client, "chen")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_it_ends_the_session_on_logout(client, clinician):
    signed_in_session(client, clinician)

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 200
    assert not is_signed_in(client)
    assert not reaches_the_intake_list(client)
