"""What people do with demand data, one function each (Zulip's ``do_*`` pattern): state an enterprise's
skill need or withdraw it, record the needs it named in a survey answer, upload a postings file for the
task worker. Each checks the actor's permission, validates, writes with the actor as the audit actor;
views and the API only parse and call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from iehub.accounts.models import Organization, User
from iehub.core.audit import acting_as
from iehub.demand import permissions
from iehub.demand.models import NeedKind, PostingImport, SkillNeed, Timeframe
from iehub.demand.queries import enterprises_of
from iehub.demand.tasks import run_posting_import
from iehub.engines.extraction.lexicon import posting_mentions
from iehub.taxonomy.models import Skill
from iehub.taxonomy.queries import build_lexicon

MAX_HEADCOUNT = 10_000


def submit_need(
    actor: User,
    enterprise: Organization | None,
    skill: Skill | None,
    kind: str,
    headcount: int | str | None,
    timeframe: str,
    description: str,
) -> SkillNeed:
    """Validate every field at once (errors name the field) and record the need for the enterprise."""
    if enterprise is None or not enterprises_of(actor).filter(pk=enterprise.pk).exists():
        raise PermissionDenied(_("Only the staff of an enterprise can state its needs."))
    errors: dict[str, str] = {}
    if skill is None or not skill.is_active:
        errors["skill"] = _("Choose a skill from the taxonomy.")
    if kind not in NeedKind.values:
        errors["kind"] = _("Choose a kind.")
    if timeframe not in Timeframe.values:
        errors["timeframe"] = _("Choose a timeframe.")
    try:
        count = int(str(headcount).strip())
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_HEADCOUNT:
        errors["headcount"] = _("Enter a whole number from 1 to %(max)s.") % {"max": MAX_HEADCOUNT}
    if not description.strip():
        errors["description"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    assert skill is not None
    with acting_as(actor):
        return SkillNeed.objects.create(
            enterprise=enterprise,
            skill=skill,
            kind=kind,
            headcount=count,
            timeframe=timeframe,
            description=description.strip(),
            submitted_by=actor,
        )


def withdraw_need(actor: User, need: SkillNeed) -> SkillNeed:
    """A withdrawn need stays on record but leaves the demand series at the next refresh."""
    if not SkillNeed.objects.restrict(actor, "change").filter(pk=need.pk).exists():
        raise PermissionDenied(_("Only the enterprise's staff can withdraw its needs."))
    if need.withdrawn_at is None:
        need.withdrawn_at = timezone.now()
        with acting_as(actor):
            need.save(update_fields=["withdrawn_at", "updated_at"])
    return need


def record_stated_needs(
    actor: User, statements: Sequence[tuple[Organization, str]], source: str, timeframe: str = Timeframe.LATER
) -> list[SkillNeed]:
    """Record the skills enterprises named outside the need form — in survey answers — as their needs.

    Why: an enterprise that answers the college's questionnaire ("which skills will you need?") should
    not have to say it again in the need form; its words join the demand series like any stated need.
    ``statements`` are (enterprise, its words); the skills are found in the words with the taxonomy's
    lexicon (built once, as for postings). ``actor`` is who transfers them (the caller checks that they
    may), recorded in the audit log; the need has no submitter, its description says where it came from.
    A skill already recorded from the same words is not recorded twice, so sending again adds only what
    is new."""
    if timeframe not in Timeframe.values:
        raise ValidationError({"timeframe": _("Choose a timeframe.")})
    lexicon = build_lexicon()
    fresh: list[SkillNeed] = []
    for enterprise, text in statements:
        uris = [match.uri for match in posting_mentions(lexicon, None, text)]
        description = f"{source}: {text.strip()}"[:4000]
        known = set(
            SkillNeed.objects.filter(enterprise=enterprise, description=description).values_list(
                "skill_id", flat=True
            )
        )
        fresh += [
            SkillNeed(
                enterprise=enterprise,
                skill=skill,
                kind=NeedKind.SKILL_NEED,
                timeframe=timeframe,
                description=description,
            )
            for skill in Skill.objects.filter(uri__in=uris, is_active=True).order_by("uri")
            if skill.pk not in known
        ]
    with transaction.atomic(), acting_as(actor):
        for need in fresh:
            need.save()
    return fresh


UPLOAD_SUFFIXES = (".csv", ".xlsx", ".jsonl", ".ndjson")


def start_posting_import(actor: User, upload: Any) -> PostingImport:
    """Store an uploaded file and queue its import for the task worker; returns the import record."""
    if not permissions.may_import_postings(actor):
        raise PermissionDenied(_("Only platform administrators and government officers import postings."))
    name = str(getattr(upload, "name", "") or "")
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise ValidationError({"file": _("Upload a .csv, .xlsx or .jsonl file.")})
    if getattr(upload, "size", 0) > settings.IEHUB_UPLOAD_MAX_BYTES:
        limit = round(settings.IEHUB_UPLOAD_MAX_BYTES / 1024 / 1024, 1)
        raise ValidationError({"file": _("The file is larger than %(megabytes)s MB.") % {"megabytes": limit}})
    batch = PostingImport.objects.create(
        file_name=name[:255], imported_by=actor, stored_file=upload, language=get_language() or ""
    )

    def enqueue() -> None:
        task = run_posting_import.enqueue(batch.pk)
        PostingImport.objects.filter(pk=batch.pk).update(task_id=str(task.id))

    transaction.on_commit(enqueue)
    return batch
