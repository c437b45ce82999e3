"""All-or-nothing imports of organisations and people from CSV / XLSX.

Every row is validated first (model validation, references, duplicates inside the file and against the
database); if any row fails, nothing is written and the report names each row and field in the user's
language. Only a clean file is written, in one transaction, with the importer as the audit actor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iehub.accounts.models import (
    LittleGiant,
    Membership,
    Organization,
    OrgKind,
    Ownership,
    Role,
    Scale,
    User,
)
from iehub.core.audit import acting_as
from iehub.core.models import CHANGE
from iehub.core.tabular import Table, TableError, column_label, read_table

ORG_COLUMNS: dict[str, Any] = {
    "kind": gettext_lazy("Kind"),
    "code": gettext_lazy("Code"),
    "name": gettext_lazy("Name (Chinese)"),
    "name_en": gettext_lazy("Name (English)"),
    "region_code": gettext_lazy("Region code"),
    "industry": gettext_lazy("Industry section"),
    "ownership": gettext_lazy("Ownership"),
    "scale": gettext_lazy("Scale"),
    "specialised_sme": gettext_lazy("Specialised-and-new SME"),
    "little_giant": gettext_lazy("Little Giant"),
    "single_champion": gettext_lazy("Single Champion"),
    "certified_iei": gettext_lazy("Certified integration enterprise"),
    "website": gettext_lazy("Website"),
}
PEOPLE_COLUMNS: dict[str, Any] = {
    "username": gettext_lazy("Username"),
    "full_name": gettext_lazy("Full name"),
    "name_en": gettext_lazy("Name (English)"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "id_card_number": gettext_lazy("ID card number"),
    "organization_code": gettext_lazy("Organisation code"),
    "role": gettext_lazy("Role"),
    "title": gettext_lazy("Job title"),
    "student_number": gettext_lazy("Student number"),
    "program_code": gettext_lazy("Program code"),
    "cohort": gettext_lazy("Cohort"),
    "class_name": gettext_lazy("Class"),
    "dual_qualified": gettext_lazy("Dual-qualified"),
    "enterprise_practice_days": gettext_lazy("Enterprise practice days"),
}
REQUIRED_ORG_COLUMNS = ("kind", "code", "name")
# A student's program and class are curriculum's rows, reached through the foreign keys that
# ``Membership`` declares (accounts imports no domain app; docs/decisions.md).
Program: Any = Membership._meta.get_field("program").related_model
ClassGroup: Any = Membership._meta.get_field("class_group").related_model
REQUIRED_PEOPLE_COLUMNS = ("username", "full_name", "organization_code", "role")

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "y", "是", "√", "t"}
_FALSE = {"", "0", "false", "no", "n", "否", "f"}


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    kind: str
    columns: dict[str, Any] = field(default_factory=dict)
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def labelled_errors(self) -> list[tuple[int, str, str]]:
        """(row, "label (key)", message) for people reading the report in the page."""
        return [(e.row, column_label(self.columns, e.field), e.message) for e in self.errors]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ok": self.ok,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in self.errors],
        }


def header_aliases(columns: dict[str, Any]) -> dict[str, str]:
    """Header names accepted for each column: the key and its label in both languages."""
    from django.utils import translation

    aliases: dict[str, str] = {}
    for key, label in columns.items():
        aliases[key] = key
        for language in ("en", "zh-hans"):
            with translation.override(language):
                aliases[str(label).lower()] = key
                aliases[str(label)] = key
    return aliases


def _choice(value: str, choices: Any, field_label: str) -> str:
    """Accept a choice by its code or by its label in either language."""
    from django.utils import translation

    if value == "":
        return ""
    for code, label in choices.choices:
        candidates = {str(code).lower()}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                candidates.add(str(label).lower())
        if value.lower() in candidates:
            return str(code)
    raise ValidationError(_("“%(value)s” is not a valid %(field)s.") % {"value": value, "field": field_label})


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValidationError(_("“%(value)s” is not yes or no.") % {"value": value})


def _int(value: str) -> int | None:
    if value == "":
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise ValidationError(_("“%(value)s” is not a whole number.") % {"value": value}) from exc


class _RowCollector:
    """Collects errors of one row, translating Django's ValidationError into (row, field, message)."""

    def __init__(self, report: ImportReport, row: int) -> None:
        self.report, self.row, self.failed = report, row, False
        self.failed_fields: set[str] = set()

    def add(self, field_name: str, message: str) -> None:
        self.failed = True
        self.failed_fields.add(field_name)
        self.report.errors.append(RowError(self.row, field_name, message))

    def convert(self, field_name: str, func: Callable[[str], T], value: str) -> T | None:
        """``func(value)``, or ``None`` with the row's error recorded when the value is invalid."""
        try:
            return func(value)
        except ValidationError as exc:
            for message in exc.messages:
                self.add(field_name, message)
            return None

    def choice(self, field_name: str, value: str, choices: Any, columns: dict[str, Any]) -> str | None:
        try:
            return _choice(value, choices, str(columns[field_name]))
        except ValidationError as exc:
            for message in exc.messages:
                self.add(field_name, message)
            return None

    def absorb(self, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
        """Add model validation errors, except for fields whose cell was already reported as invalid."""
        for field_name, messages in exc.message_dict.items():
            name = (rename or {}).get(field_name, field_name)
            if name in self.failed_fields:
                continue
            for message in messages:
                self.add(name if name != "__all__" else "", message)


def _check_required(table: Table, required: tuple[str, ...], report: ImportReport) -> bool:
    missing = [c for c in required if c not in table.header]
    for column in missing:
        report.errors.append(RowError(1, column, _("The required column is missing.")))
    return not missing


def _duplicates(table: Table, column: str, report: ImportReport) -> None:
    counts = Counter(values.get(column, "") for _, values in table.rows)
    for row, values in table.rows:
        value = values.get(column, "")
        if value and counts[value] > 1:
            report.errors.append(
                RowError(row, column, _("“%(value)s” appears more than once in the file.") % {"value": value})
            )


def _read(file: IO[bytes], filename: str, columns: dict[str, Any], report: ImportReport) -> Table | None:
    try:
        return read_table(file, filename, header_aliases(columns), columns.keys())
    except TableError as exc:
        report.errors.append(RowError(1, "", str(exc)))
        return None


def import_organizations(actor: User, file: IO[bytes], filename: str) -> ImportReport:
    """Create or update organisations (matched by code). Platform administrators only."""
    if not actor.is_superuser:
        raise PermissionDenied(_("Only platform administrators can import organisations."))
    report = ImportReport(kind="organizations", columns=ORG_COLUMNS)
    table = _read(file, filename, ORG_COLUMNS, report)
    if table is None or not _check_required(table, REQUIRED_ORG_COLUMNS, report):
        return report
    report.rows = len(table.rows)
    _duplicates(table, "code", report)
    existing = Organization.objects.in_bulk([v.get("code", "") for _, v in table.rows], field_name="code")
    pending: list[tuple[Organization, bool]] = []
    for row, values in table.rows:
        rc = _RowCollector(report, row)
        org = existing.get(values.get("code", "")) or Organization()
        is_new = org.pk is None
        kind = rc.choice("kind", values.get("kind", ""), OrgKind, ORG_COLUMNS)
        if not is_new and kind and kind != org.kind:
            rc.add("kind", _("The kind of an existing organisation cannot change."))
        org.kind = kind or org.kind
        org.code = values.get("code", "")
        for key in ("name", "name_en", "region_code", "industry", "website"):
            if key in values:
                setattr(org, key, values[key].upper() if key == "industry" else values[key])
        for key, choices in (("ownership", Ownership), ("scale", Scale), ("little_giant", LittleGiant)):
            if key in values:
                setattr(org, key, rc.choice(key, values[key], choices, ORG_COLUMNS) or "")
        for key in ("specialised_sme", "single_champion", "certified_iei"):
            if key in values:
                setattr(org, key, bool(rc.convert(key, _bool, values[key])))
        try:
            org.full_clean(validate_unique=False)
        except ValidationError as exc:
            rc.absorb(exc)
        pending.append((org, is_new))
    if report.ok:
        with acting_as(actor):
            for org, is_new in pending:
                org.save()
                report.created += is_new
                report.updated += not is_new
    return report


def import_people(actor: User, file: IO[bytes], filename: str) -> ImportReport:
    """Create or update people with a membership each (students with program, cohort and class).

    Every row's organisation must be one the actor administers. People are matched by username; a
    new class is created when a row names a class its program does not have yet.
    """
    report = ImportReport(kind="people", columns=PEOPLE_COLUMNS)
    table = _read(file, filename, PEOPLE_COLUMNS, report)
    if table is None or not _check_required(table, REQUIRED_PEOPLE_COLUMNS, report):
        return report
    report.rows = len(table.rows)
    _duplicates(table, "username", report)
    _duplicates(table, "student_number", report)
    values_of = [v for _, v in table.rows]
    administered = Organization.objects.restrict(actor, CHANGE).in_bulk(
        [v.get("organization_code", "") for v in values_of], field_name="code"
    )
    changeable_people = set(
        User.objects.restrict(actor, CHANGE)
        .filter(username__in=[v.get("username", "") for v in values_of])
        .values_list("username", flat=True)
    )
    existing_people = User.objects.in_bulk([v.get("username", "") for v in values_of], field_name="username")
    programs = {
        (p.college_id, p.major_code): p for p in Program.objects.filter(college__in=administered.values())
    }
    classes = {(c.program_id, c.name): c for c in ClassGroup.objects.filter(program__in=programs.values())}
    memberships = {
        (m.user_id, m.organization_id, m.role): m
        for m in Membership.objects.filter(
            user__in=existing_people.values(), organization__in=administered.values()
        )
    }
    taken_numbers = {
        (org_id, number): holder
        for org_id, number, holder in Membership.objects.filter(organization__in=administered.values())
        .exclude(student_number="")
        .values_list("organization_id", "student_number", "user__username")
    }
    pending: list[tuple[User, Membership, Any]] = []
    new_classes: dict[tuple[int, str], Any] = {}
    for row, values in table.rows:
        rc = _RowCollector(report, row)
        username = values.get("username", "")
        org = administered.get(values.get("organization_code", ""))
        if org is None:
            rc.add(
                "organization_code",
                _("Unknown organisation “%(code)s”, or you do not administer it.")
                % {"code": values.get("organization_code", "")},
            )
            continue
        person = existing_people.get(username)
        if person is not None and username not in changeable_people:
            rc.add(
                "username", _("“%(username)s” belongs to someone you cannot change.") % {"username": username}
            )
            continue
        person = person or User(username=username)
        for key in ("full_name", "name_en", "email", "phone", "id_card_number"):
            if key in values and (values[key] or person.pk is None):
                setattr(person, key, values[key])
        try:
            person.full_clean(exclude=["password"], validate_unique=False)
        except ValidationError as exc:
            rc.absorb(exc)
        role = rc.choice("role", values.get("role", ""), Role, PEOPLE_COLUMNS)
        membership = memberships.get((person.pk, org.pk, role)) if person.pk else None
        membership = membership or Membership(organization=org, role=role or "")
        membership.title = values.get("title", membership.title)
        membership.student_number = values.get("student_number", membership.student_number)
        holder = taken_numbers.get((org.pk, membership.student_number))
        if membership.student_number and holder is not None and holder != username:
            rc.add(
                "student_number",
                _("Student number “%(number)s” is already taken.") % {"number": membership.student_number},
            )
        cohort = rc.convert("cohort", _int, values.get("cohort", ""))
        membership.cohort = cohort if cohort is not None else membership.cohort
        if "dual_qualified" in values:
            membership.dual_qualified = bool(rc.convert("dual_qualified", _bool, values["dual_qualified"]))
        days = rc.convert("enterprise_practice_days", _int, values.get("enterprise_practice_days", ""))
        if days is not None:
            membership.enterprise_practice_days = days
        class_group = None
        program_code = values.get("program_code", "")
        if program_code:
            program = programs.get((org.pk, program_code))
            if program is None:
                rc.add(
                    "program_code",
                    _("Unknown program “%(code)s” in %(college)s.")
                    % {"code": program_code, "college": org.name},
                )
            else:
                membership.program = program
                class_name = values.get("class_name", "")
                if class_name:
                    class_group = classes.get((program.pk, class_name)) or new_classes.get(
                        (program.pk, class_name)
                    )
                    if class_group is None:
                        if not membership.cohort:
                            rc.add("cohort", _("A new class needs a cohort."))
                        else:
                            class_group = ClassGroup(
                                program=program, cohort=membership.cohort, name=class_name
                            )
                            new_classes[(program.pk, class_name)] = class_group
                    membership.class_group = class_group
        elif values.get("class_name"):
            rc.add("program_code", _("A class needs a program."))
        if not rc.failed:
            try:
                membership.full_clean(exclude=["user"], validate_unique=False)
            except ValidationError as exc:
                rc.absorb(exc, {"program": "program_code", "class_group": "class_name"})
        pending.append((person, membership, class_group))
    if not report.ok:
        return report
    try:
        with acting_as(actor):
            for class_group in new_classes.values():
                class_group.save()
            for person, membership, class_group in pending:
                created = person.pk is None
                if created:
                    person.set_unusable_password()
                person.save()
                membership.user = person
                if class_group is not None:
                    membership.class_group = class_group
                membership.save()
                report.created += created
                report.updated += not created
    except IntegrityError:
        report.created = report.updated = 0
        report.errors.append(
            RowError(0, "", _("The file conflicts with records saved meanwhile; nothing was imported."))
        )
    return report


IMPORTERS: dict[str, Callable[[User, IO[bytes], str], ImportReport]] = {
    "organizations": import_organizations,
    "people": import_people,
}
