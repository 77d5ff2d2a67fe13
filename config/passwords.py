"""Password rules for staff accounts, beside Django's own validators."""

from __future__ import annotations

from django.core.exceptions import ValidationError

# Shorter usernames ("al") turn up inside ordinary words; checking them would refuse
# good passwords for no gain.
MIN_USERNAME_LENGTH = 3


class UnlikeUsernameValidator:
    """Refuse a password that contains the username, forwards or backwards.

    Django's UserAttributeSimilarityValidator compares whole strings, so a short
    username with a few digits after it ("clin1234" for "clin") slips under its
    threshold; this one catches it.
    """

    def validate(self, password: str, user=None) -> None:
        username = (user.get_username() if user is not None else "").casefold()
        if len(username) < MIN_USERNAME_LENGTH:
            return
        folded = password.casefold()
        if username in folded or username[::-1] in folded:
            raise ValidationError(
                "The password must not contain the username.", code="password_has_username"
            )

    def get_help_text(self) -> str:
        return "Your password must not contain your username."
