"""Uploading postings: the page and the API queue the file, the real task worker imports it, and the
status page reports progress and the outcome."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from iehub.demand.models import JobPosting, PostingImport
from tests.demand.test_ingest import ROWS, as_csv
from tests.helpers import api

# The worker closes and reopens database connections between tasks, as a separate process would;
# that needs real commits, not a test wrapped in one transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    """The worker that production runs (``iehub db_worker``), processing the queue once."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def upload(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("postings.csv", as_csv(rows).getvalue(), content_type="text/csv")


def test_page_upload_runs_in_the_worker(world):
    client = world.client_for(world.gov_officer)
    response = client.post("/postings/imports/", {"file": upload(ROWS)})
    batch = PostingImport.objects.get()
    assert response["Location"] == f"/postings/imports/{batch.pk}/"
    assert batch.status == "pending" and JobPosting.objects.count() == 0
    pending = client.get(f"/postings/imports/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in pending  # the page polls while the worker has not finished
    run_worker()
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.processed, batch.rows) == ("done", 3, 3, 3)
    assert JobPosting.objects.filter(batch=batch).count() == 3
    done = client.get(f"/postings/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Done" in done and "every 1s" not in done


def test_a_bad_file_fails_whole_with_its_report_in_the_uploaders_language(world):
    rows = [list(r) for r in ROWS]
    rows[2][4] = "yesterday"
    client = world.client_for(world.platform_admin)
    client.post("/postings/imports/", {"file": upload(rows)}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    run_worker()
    batch = PostingImport.objects.get()
    assert batch.status == "failed" and JobPosting.objects.count() == 0
    assert batch.errors == [{"row": 4, "field": "date", "message": "请按 YYYY-MM-DD 格式输入日期。"}]
    assert "请按 YYYY-MM-DD 格式输入日期" in client.get(f"/postings/imports/{batch.pk}/").content.decode()


def test_who_may_upload_and_see_imports(world):
    assert world.client_for(world.college_admin).get("/postings/imports/").status_code == 403
    assert world.client_for(None).get("/postings/imports/").status_code == 302
    created = world.client_for(world.gov_officer).post("/api/v1/postings/imports", {"file": upload(ROWS)})
    assert created.status_code == 202 and created.json()["status"] == "pending"
    url = f"/api/v1/postings/imports/{created.json()['id']}"
    run_worker()
    assert api(world.client_for(world.gov_officer), "get", url).json()["created"] == 3
    assert api(world.client_for(world.platform_admin), "get", url).status_code == 200
    assert api(world.client_for(world.college_admin), "get", url).status_code == 404
    assert api(world.client_for(None), "get", url).status_code == 401
    refused = world.client_for(world.college_admin).post("/api/v1/postings/imports", {"file": upload(ROWS)})
    assert refused.status_code == 403
    wrong = world.client_for(world.gov_officer).post(
        "/api/v1/postings/imports", {"file": SimpleUploadedFile("x.pdf", io.BytesIO(b"%PDF").getvalue())}
    )
    assert wrong.status_code == 422 and "file" in wrong.json()["error"]["fields"]
