"""All-or-nothing import of job postings from CSV, XLSX or JSONL.

Every row is validated first; one bad row means nothing is written and the report names each row and
column. Exact duplicates (in the file or already stored) and near-duplicates (MinHash, see
``extraction.dedupe``) are skipped and counted, so importing the same file twice adds nothing. Each new
posting is linked to skills on the way in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from iehub.accounts.importing import RowError, header_aliases
from iehub.accounts.models import Organization, OrgKind, User
from iehub.core import reference
from iehub.core.database import refresh_statistics
from iehub.core.tabular import TableError, WorkBudget, read_table, read_upload
from iehub.demand.models import JobPosting, PostingImport, PostingSkill
from iehub.demand.occupations import occupation_fields, title_normaliser
from iehub.engines.extraction.dedupe import NearDuplicateIndex, content_hash
from iehub.engines.extraction.lexicon import posting_mentions
from iehub.engines.extraction.text import detect_language
from iehub.taxonomy.actions import load_curated_skills
from iehub.taxonomy.models import Skill
from iehub.taxonomy.queries import build_lexicon

COLUMNS: dict[str, Any] = {
    "title": gettext_lazy("Title"),
    "description": gettext_lazy("Description"),
    "enterprise": gettext_lazy("Enterprise"),
    "region": gettext_lazy("Region"),
    "date": gettext_lazy("Date"),
    "salary": gettext_lazy("Salary range"),
    "salary_min": gettext_lazy("Minimum salary"),
    "salary_max": gettext_lazy("Maximum salary"),
    "source": gettext_lazy("Source"),
    "language": gettext_lazy("Language"),
}
EXTRA_ALIASES = {
    "职位名称": "title",
    "岗位名称": "title",
    "职位描述": "description",
    "岗位描述": "description",
    "企业": "enterprise",
    "公司": "enterprise",
    "地区": "region",
    "工作地点": "region",
    "发布日期": "date",
    "薪资": "salary",
    "来源": "source",
    "语言": "language",
}
REQUIRED = ("title", "description", "date")
BATCH = 1000
_SALARY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kK千万]?)\s*(?:[-~–至到]\s*(\d+(?:\.\d+)?)\s*([kK千万]?))?")


@dataclass
class PostingReport:
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skills_linked: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _amount(number: str, unit: str) -> int:
    factor = {"k": 1000, "K": 1000, "千": 1000, "万": 10000}.get(unit, 1)
    return round(float(number) * factor)


def parse_salary(text: str) -> tuple[int | None, int | None]:
    """ "8000-12000", "8k-12k", "1.2万", "面议" → monthly yuan (min, max); unknown forms raise ValueError."""
    text = text.strip()
    if not text or text in {"面议", "negotiable", "Negotiable"}:
        return None, None
    m = _SALARY.match(text)
    if not m:
        raise ValueError(text)
    low = _amount(m.group(1), m.group(2) or m.group(4) or "")
    high = _amount(m.group(3), m.group(4) or "") if m.group(3) else low
    return low, high


def parse_region(text: str) -> str:
    """A GB/T 2260 code, or a province / city name in either language (深圳, 深圳市, Shenzhen)."""
    text = text.strip()
    if not text or text in reference.REGIONS:
        return text
    wanted = text.lower().removesuffix("市").removesuffix("省")
    for code, (zh, en) in reference.REGIONS.items():
        if wanted in {zh.removesuffix("市").removesuffix("省"), en.lower()}:
            return code
    raise ValueError(text)


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip().replace("/", "-")[:10])


def _read(file: IO[bytes], filename: str, budget: WorkBudget) -> list[tuple[int, dict[str, str]]]:
    if filename.lower().endswith((".jsonl", ".ndjson")):
        return _read_jsonl(file, budget)
    aliases = header_aliases(COLUMNS) | EXTRA_ALIASES
    return read_table(file, filename, aliases, COLUMNS.keys(), budget).rows


def _read_jsonl(file: IO[bytes], budget: WorkBudget) -> list[tuple[int, dict[str, str]]]:
    """One JSON object per line; anything else names its line."""
    try:
        text = read_upload(file).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(_("The file is not UTF-8 text.")) from exc
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(rows) >= budget.max_rows:
            raise TableError(
                _("The file has more than %(limit)s rows; split it into smaller files.")
                % {"limit": budget.max_rows}
            )
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise TableError(_("Line %(line)s is not valid JSON.") % {"line": number}) from exc
        if not isinstance(record, dict):
            raise TableError(_("Line %(line)s is not a JSON object.") % {"line": number})
        values = {str(k): "" if v is None else str(v) for k, v in record.items()}
        if any("\x00" in v for v in values.values()):
            raise TableError(_("Line %(line)s contains a NUL character.") % {"line": number})
        rows.append((number, values))
    return rows


def _validate(number: int, values: dict[str, str], report: PostingReport) -> dict[str, Any] | None:
    def error(column: str, message: str) -> None:
        report.errors.append(RowError(number, column, message))

    for column in REQUIRED:
        if not values.get(column, "").strip():
            error(column, _("This field is required."))
    clean: dict[str, Any] = {
        "title": values.get("title", "").strip()[:255],
        "description": values.get("description", "").strip(),
        "enterprise_name": values.get("enterprise", "").strip()[:200],
        "source": values.get("source", "").strip()[:100],
    }
    try:
        clean["posted_on"] = parse_date(values["date"]) if values.get("date", "").strip() else None
    except ValueError:
        error("date", _("Enter a date as YYYY-MM-DD."))
    try:
        clean["region_code"] = parse_region(values.get("region", ""))
    except ValueError:
        error("region", _("Unknown region “%(value)s”.") % {"value": values.get("region", "")})
    try:
        if values.get("salary_min") or values.get("salary_max"):
            low = int(values["salary_min"]) if values.get("salary_min") else None
            high = int(values["salary_max"]) if values.get("salary_max") else low
        else:
            low, high = parse_salary(values.get("salary", ""))
        if low is not None and high is not None and low > high:
            error("salary", _("The minimum salary is above the maximum."))
        clean["salary_min"], clean["salary_max"] = low, high
    except ValueError:
        error(
            "salary",
            _("“%(value)s” is not a salary range such as 8000-12000.")
            % {"value": values.get("salary") or values.get("salary_min", "")},
        )
    language = values.get("language", "").strip().lower()[:2]
    if language and language not in ("zh", "en"):
        error("language", _("Language must be zh or en."))
    clean["language"] = language or detect_language(f"{clean['title']} {clean['description']}")
    return clean if not any(e.row == number for e in report.errors) else None


def import_postings(
    actor: User,
    file: IO[bytes],
    filename: str,
    progress: Callable[[int, int], None] | None = None,
    batch: PostingImport | None = None,
    budget: WorkBudget | None = None,
) -> PostingReport:
    """Validate the whole file, prepare every posting (duplicates, near-duplicates, skills) outside any
    transaction — so that progress is visible to other connections —, then write in one short transaction.

    ``batch`` is the import record of a background import (its status, progress and report are kept up
    to date); without one, a record is created for a file that passes validation. ``budget`` bounds the
    rows read and the time spent checking and preparing (settings by default).
    """
    report = PostingReport()
    budget = budget or WorkBudget()
    try:
        rows = _read(file, filename, budget)
        report.rows = len(rows)
        _progress(batch, progress, 0, len(rows), rows=len(rows), status=PostingImport.Status.RUNNING)
        cleaned: list[dict[str, Any]] = []
        for index, (number, values) in enumerate(rows, start=1):
            budget.check_time()
            clean = _validate(number, values, report)
            if clean is not None:
                cleaned.append(clean)
            if index % 1000 == 0:
                _progress(batch, progress, index // 2, len(rows))
    except TableError as exc:
        report.errors.append(RowError(1, "", str(exc)))
        return _finish(batch, report)
    if not report.ok:
        return _finish(batch, report)
    batch = batch or PostingImport.objects.create(
        file_name=filename[:255], imported_by=actor, rows=len(rows), status=PostingImport.Status.RUNNING
    )
    if not Skill.objects.exists():
        load_curated_skills()
    lexicon = build_lexicon()
    skill_ids = dict(Skill.objects.values_list("uri", "id"))
    normaliser, occupation_ids = title_normaliser()
    enterprises = {
        o.name: o
        for o in Organization.objects.filter(
            kind=OrgKind.ENTERPRISE, name__in={c["enterprise_name"] for c in cleaned}
        )
    }
    for clean in cleaned:
        clean["content_hash"] = content_hash(clean["title"], clean["enterprise_name"], clean["description"])
    existing = _stored_hashes([c["content_hash"] for c in cleaned])
    near = NearDuplicateIndex()
    for posting in (
        JobPosting.objects.filter(enterprise_name__in=list(enterprises) or [""])
        .only("content_hash", "title", "description")
        .iterator()
    ):
        near.first_similar(posting.content_hash, f"{posting.title} {posting.description}")
    seen: set[str] = set()
    pending: list[tuple[JobPosting, list[Any]]] = []
    for index, clean in enumerate(cleaned, start=1):
        try:
            budget.check_time()
        except TableError as exc:
            report.errors.append(RowError(1, "", str(exc)))
            return _finish(batch, report)
        digest = clean.pop("content_hash")
        if digest in existing or digest in seen:
            report.duplicates += 1
        elif near.first_similar(digest, f"{clean['title']} {clean['description']}") is not None:
            report.near_duplicates += 1
        else:
            seen.add(digest)
            posting = JobPosting(
                **clean,
                content_hash=digest,
                batch=batch,
                enterprise=enterprises.get(clean["enterprise_name"]),
                **occupation_fields(normaliser.normalise(clean["title"]), occupation_ids),
            )
            pending.append((posting, posting_mentions(lexicon, posting.title, posting.description)))
        if index % 500 == 0 or index == len(cleaned):
            _progress(batch, progress, len(rows) // 2 + index // 2, len(rows))
    with transaction.atomic():
        for start in range(0, len(pending), BATCH):
            _store(pending[start : start + BATCH], skill_ids, report)
    if report.created >= ANALYZE_FROM:  # a bulk import: the planner learns of the new rows now
        refresh_statistics(JobPosting, PostingSkill)
    _progress(batch, progress, len(rows), len(rows))
    return _finish(batch, report)


ANALYZE_FROM = 5000  # postings in one import from which the planner's statistics are refreshed


def _progress(
    batch: PostingImport | None,
    callback: Callable[[int, int], None] | None,
    done: int,
    total: int,
    **fields: Any,
) -> None:
    if callback:
        callback(done, total)
    if batch is not None:
        PostingImport.objects.filter(pk=batch.pk).update(
            processed=done, heartbeat_at=timezone.now(), **fields
        )


def _finish(batch: PostingImport | None, report: PostingReport) -> PostingReport:
    if batch is not None:
        PostingImport.objects.filter(pk=batch.pk).update(
            status=PostingImport.Status.DONE if report.ok else PostingImport.Status.FAILED,
            rows=report.rows,
            created=report.created,
            duplicates=report.duplicates,
            near_duplicates=report.near_duplicates,
            errors=[{"row": e.row, "field": e.field, "message": e.message} for e in report.errors],
        )
    return report


def _stored_hashes(digests: list[str], chunk: int = 5000) -> set[str]:
    """Which of these content hashes are already stored (in chunks: SQLite caps query parameters)."""
    found: set[str] = set()
    for start in range(0, len(digests), chunk):
        part = digests[start : start + chunk]
        found |= set(JobPosting.objects.filter(content_hash__in=part).values_list("content_hash", flat=True))
    return found


def _store(
    pending: list[tuple[JobPosting, list[Any]]], skill_ids: dict[str, int], report: PostingReport
) -> None:
    if not pending:
        return
    postings = JobPosting.objects.bulk_create([p for p, _ in pending])
    links = [
        PostingSkill(
            posting=posting,
            skill_id=skill_ids[m.uri],
            surface=m.surface[:255],
            start=m.start,
            end=m.end,
            score=m.score,
            method=m.method,
        )
        for posting, (_, matches) in zip(postings, pending, strict=True)
        for m in matches
        if m.uri in skill_ids
    ]
    PostingSkill.objects.bulk_create(links)
    report.created += len(postings)
    report.skills_linked += len(links)


def fail_import(batch_id: int, message: str) -> None:
    """Mark an import failed with one message for the uploader (nothing of it was written)."""
    PostingImport.objects.filter(pk=batch_id).exclude(status=PostingImport.Status.DONE).update(
        status=PostingImport.Status.FAILED, errors=[{"row": 0, "field": "", "message": message}]
    )


def reap_stalled_imports(now: dt.datetime | None = None) -> int:
    """Mark failed the imports whose worker stopped giving signs of life (killed, crashed, restarted)
    for ``IEHUB_TASK_STALL_MINUTES``, and their task results with them; returns how many.

    Nothing of such an import was written (the write is one transaction at the end), so the uploader
    only has to upload the file again. Called by the import pages and API before they read, and by
    ``iehub postings reap``.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=float(settings.IEHUB_TASK_STALL_MINUTES))
    stalled = list(
        PostingImport.objects.filter(
            status=PostingImport.Status.RUNNING, heartbeat_at__lt=cutoff
        ).values_list("pk", "language", "task_id")
    )
    for pk, language, task_id in stalled:
        with translation.override(language or settings.LANGUAGE_CODE):
            fail_import(pk, _("The task worker stopped while importing this file; nothing was imported."))
        if task_id:
            DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=now, exception_class_path="iehub.WorkerLost"
            )
    return len(stalled)
