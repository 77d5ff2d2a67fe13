from django import template

from config.clinic.words import within_words

register = template.Library()


@register.filter
def within(hours: int) -> str:
    """An answer time as it reads in a sentence: 24 → "24 hours", 48 → "2 days"."""
    return within_words(int(hours))
