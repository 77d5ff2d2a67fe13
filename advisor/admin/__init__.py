"""The clinicians' admin, a module per screen.

intake: the intake list and the intake page (intake_blocks: the page's read-only blocks;
review: its form); filters: the list's filters; history: the intake's history as
sentences; dashboard: what waits for the clinic (outcomes_section: what became of the
referrals); records: what is kept about intakes, and the e-mails about them.
Imported here so that Django's autodiscover registers them.
"""

from advisor.admin import intake, records  # noqa: F401  (registers the model admins)
