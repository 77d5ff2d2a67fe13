"""The directory's words that participants read, in English and Spanish, in the same rows
(django-modeltranslation: why it and not django-parler is said in programs/translation.py).

Names, links and prices in dollars are the same in any language; places are translated
because they are often described ("Kansas City metro area", "United States").
"""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from providers.models import Offering, Provider


@register(Provider)
class ProviderTranslation(TranslationOptions):
    fields = ("description", "who_can_join", "city", "state_or_country")


@register(Offering)
class OfferingTranslation(TranslationOptions):
    fields = ("location", "price", "notes")
