"""Who counts as a clinician: the people an intake may be assigned to and who follow it up."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.db.models import Q, QuerySet

CLINICIANS = "Clinicians"


def clinicians() -> QuerySet:
    """Active staff in the Clinicians group, and superusers, by username.

    A subquery rather than a join on groups: no DISTINCT is needed, so counts annotated
    onto these users (the dashboard's loads) are never multiplied by their groups.
    """
    in_group = Group.objects.filter(name=CLINICIANS).values("user")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(pk__in=in_group))
        .order_by("username")
    )


def is_clinician(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or user.groups.filter(name=CLINICIANS).exists()


def display_name(user: AbstractBaseUser) -> str:
    """How a colleague is named on staff pages: their full name, or their username."""
    full_name = getattr(user, "get_full_name", lambda: "")()
    return full_name.strip() or user.get_username()
