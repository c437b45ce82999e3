"""Background work of the demand app, run by the task worker (``iehub db_worker``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from iehub.demand.ingest import fail_import, import_postings
from iehub.demand.models import PostingImport

logger = logging.getLogger("iehub.tasks")


@task()
def run_posting_import(import_id: int) -> None:
    """Import an uploaded postings file, keeping its record's progress and report up to date.

    Any failure leaves the import marked failed with a message in the uploader's language (and the
    task failed, with its traceback, for the administrators); nothing of the file is written.
    """
    batch = PostingImport.objects.select_related("imported_by").get(pk=import_id)
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        PostingImport.objects.filter(pk=batch.pk).update(
            status=PostingImport.Status.RUNNING, heartbeat_at=timezone.now()
        )
        try:
            if batch.imported_by is None:
                raise PermissionDenied(_("The person who uploaded this file no longer exists."))
            with batch.stored_file.open("rb") as handle:
                import_postings(batch.imported_by, handle, batch.file_name, batch=batch)
        except Exception:
            logger.exception("posting import %s failed", import_id)
            fail_import(import_id, _("The import failed unexpectedly; nothing was imported."))
            raise
