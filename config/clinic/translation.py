"""The clinic's details that participants read in their language: its opening hours in
words. Its name, phone, e-mail and address are the same in any language.
(django-modeltranslation: why it and not django-parler is said in programs/translation.py.)
"""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from config.clinic.models import ClinicProfile


@register(ClinicProfile)
class ClinicProfileTranslation(TranslationOptions):
    fields = ("hours",)
