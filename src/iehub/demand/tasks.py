"""Background work of the demand app, run by the task worker (``iehub db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django_tasks import task

from iehub.demand.ingest import import_postings
from iehub.demand.models import PostingImport


@task()
def run_posting_import(import_id: int) -> None:
    """Import an uploaded postings file, keeping its record's progress and report up to date."""
    batch = PostingImport.objects.select_related("imported_by").get(pk=import_id)
    assert batch.imported_by is not None
    with (
        translation.override(batch.language or settings.LANGUAGE_CODE),
        batch.stored_file.open("rb") as handle,
    ):
        import_postings(batch.imported_by, handle, batch.file_name, batch=batch)
