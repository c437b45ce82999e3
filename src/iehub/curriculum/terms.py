"""Terms, and when an approved curriculum takes effect.

An approved change takes effect at its effective term, not on the day of the vote: until then the new
version is *scheduled* ("approved, in force from 2026-09-01") and the version in force stays. A term is
written ``2026-2027-1`` (autumn, from 1 September 2026) or ``2026-2027-2`` (spring, from 1 February
2027). A scheduled version whose day has come is put in force the first time a program's curriculum is
read (``activate_due``, called by ``queries.current_version``) — or by ``iehub curriculum activate``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from iehub.core.audit import acting_as
from iehub.curriculum.diffing import Snapshot, diff
from iehub.curriculum.models import CurriculumVersion
from iehub.curriculum.snapshots import snapshot

AUTUMN_START = (9, 1)
SPRING_START = (2, 1)


def term_start(term: str) -> dt.date:
    """The first day of a term written ``YYYY-YYYY-1|2`` (the actions validate the form)."""
    first_year, _second_year, half = term.split("-")
    if half == "1":
        return dt.date(int(first_year), *AUTUMN_START)
    return dt.date(int(first_year) + 1, *SPRING_START)


def start_moment(term: str) -> dt.datetime:
    """Midnight at the start of the term, in the platform's time zone."""
    return timezone.make_aware(dt.datetime.combine(term_start(term), dt.time.min))


def take_effect(version: CurriculumVersion, now: dt.datetime) -> CurriculumVersion:
    """Put ``version`` in force at ``now``: the version in force is superseded, and courses whose content
    differs from it get that day as their revision date (the others keep theirs)."""
    previous = (
        CurriculumVersion.objects.filter(program_id=version.program_id, state=CurriculumVersion.State.CURRENT)
        .exclude(pk=version.pk)
        .first()
    )
    after = snapshot(version)
    before = snapshot(previous) if previous is not None else Snapshot()
    changed = diff(before, after).changed_course_codes(after)
    day = timezone.localdate(now)
    if previous is not None:
        previous.state = CurriculumVersion.State.SUPERSEDED
        previous.save(update_fields=["state", "updated_at"])
    version.state = CurriculumVersion.State.CURRENT
    version.in_force_from = now
    version.save()
    version.courses.filter(code__in=changed).update(revised_on=day)
    version.courses.filter(revised_on__isnull=True).update(revised_on=day)
    return version


def activate_due(now: dt.datetime | None = None) -> int:
    """Put in force every scheduled version whose term has begun; returns how many (usually none: one
    cheap query)."""
    now = now or timezone.now()
    due = CurriculumVersion.objects.filter(state=CurriculumVersion.State.SCHEDULED, in_force_from__lte=now)
    if not due.exists():
        return 0
    count = 0
    with acting_as(None), transaction.atomic():
        for version in due.select_for_update().order_by("in_force_from"):
            take_effect(version, version.in_force_from or now)
            count += 1
    return count
