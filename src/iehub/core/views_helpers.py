"""Small parsing helpers shared by list views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iehub.core.limits import MAX_DB_INT, MAX_OFFSET
from iehub.core.tabular import write_csv, write_xlsx

# Django's forms end labels with gettext(":"); naming it here keeps it in our catalogue, which gives
# Chinese its full-width colon (Django's own zh-Hans catalogue keeps ":").
LABEL_SUFFIX = gettext_lazy(":")

if TYPE_CHECKING:
    from iehub.accounts.models import User


class BoundedPaginator(Paginator):
    """A page list that pages by offset only ``max_rows`` deep (the API's ``MAX_OFFSET``): each page is
    an OFFSET, which reads and discards every row before it, so a page 2,000 deep into 100,000 students
    costs what the whole list does. A page asked for past the bound is the last page within it, marked
    ``beyond_bound`` so the page can say to narrow the filters; the count stays the whole list's."""

    def __init__(self, object_list: Any, per_page: int, max_rows: int = MAX_OFFSET) -> None:
        super().__init__(object_list, per_page)
        self.last_reachable = max(1, max_rows // per_page)
        self.reachable_rows = self.last_reachable * per_page

    def get_page(self, number: Any) -> Page:
        page = super().get_page(number)  # validates and counts; the rows are read when shown
        if page.number <= self.last_reachable:
            return page
        bounded = self.page(self.last_reachable)
        bounded.beyond_bound = True  # type: ignore[attr-defined]
        return bounded


TABLE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_download(header: Sequence[str], rows: Iterable[Sequence[Any]], name: str, fmt: str) -> HttpResponse:
    """A table as a CSV or XLSX attachment named ``name.fmt`` (formula-like cells escaped by the
    writers)."""
    payload = write_xlsx(header, rows, name) if fmt == "xlsx" else write_csv(header, rows)
    response = HttpResponse(payload, content_type=TABLE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# Uploaded types a browser may show inline; anything else is sent as a download.
INLINE_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
}


def uploaded_file_response(file: Any, name: str, extension: str) -> FileResponse:
    """An uploaded file served back: images, PDFs and videos inline, the rest as a download, never
    sniffed and sandboxed (a hostile PDF or SVG-in-disguise cannot run script on our origin)."""
    inline = extension in INLINE_TYPES
    response = FileResponse(
        file.open("rb"),
        as_attachment=not inline,
        filename=name,
        content_type=INLINE_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
    return response


def current_user(request: HttpRequest) -> User:
    """The signed-in person (views and endpoints behind login or API auth), typed as our User."""
    return request.user  # type: ignore[return-value]


def date_or_none(value: str | None) -> dt.date | None:
    """Parse an optional ``YYYY-MM-DD`` form value; junk means no date (the action then names the field)."""
    try:
        return dt.date.fromisoformat(value.strip()) if value and value.strip() else None
    except ValueError:
        return None


def int_or_none(value: str | None) -> int | None:
    """Parse an optional integer query parameter; junk (or a number no database column holds) means
    no filter rather than an error page."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and abs(number) <= MAX_DB_INT else None


def query_string_without_page(request: HttpRequest) -> str:
    """The current filters, for pagination links that keep them."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def flash_errors(request: HttpRequest, exc: ValidationError, model: Any = None) -> None:
    """Each error with the name of its field, in the user's language."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            messages.error(request, message)
        return
    for name, errors in exc.message_dict.items():
        label = _field_label(model, name)
        for message in errors:
            messages.error(request, labelled(label, message) if label else message)


def perform(request: HttpRequest, step: Callable[[], Any], model: Any, done: str) -> bool:
    """Run one action for a posted form: its refusal becomes messages naming the fields, its success
    the ``done`` message. Returns whether it succeeded (the caller redirects either way)."""
    try:
        step()
    except ValidationError as exc:
        flash_errors(request, exc, model)
        return False
    messages.success(request, done)
    return True


def labelled(label: str, text: str) -> str:
    """ "电话：…" / "Phone: …", with the colon of the reader's language."""
    return _("%(label)s: %(text)s") % {"label": label, "text": text}


def _field_label(model: Any, name: str) -> str:
    """The field's name in the reader's language; nothing for an error about no field in particular
    (a field key such as ``votes`` means nothing to a reader)."""
    if model is None or name == "__all__":
        return ""
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return ""
