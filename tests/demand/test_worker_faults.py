"""A task worker that dies or a task that crashes never leaves an upload "running" for ever.

On PostgreSQL the worker is a real process, killed with SIGKILL in the middle of an import; on both
databases the state such a death leaves behind is reaped, and a crashing task fails its import with a
message in the uploader's language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from iehub.demand.actions import start_posting_import
from iehub.demand.ingest import reap_stalled_imports
from iehub.demand.models import JobPosting, PostingImport
from iehub.demand.views import IMPORTS_KEPT_SECONDS
from tests.demand.test_ingest import ROWS, as_csv

pytestmark = pytest.mark.django_db(transaction=True)


def _upload(content: bytes, name: str = "postings.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def _run_worker_once() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_the_state_a_dead_worker_leaves_is_reaped_and_shown(world, settings):
    batch = start_posting_import(world.gov_officer, _upload(as_csv(ROWS).getvalue()))
    task = DBTaskResult.objects.get(pk=PostingImport.objects.get(pk=batch.pk).task_id)
    # What a SIGKILLed worker leaves: its task and the import marked running, the heartbeat gone quiet.
    task.status = "RUNNING"
    task.save()
    quiet_since = timezone.now() - dt.timedelta(minutes=settings.IEHUB_TASK_STALL_MINUTES + 1)
    PostingImport.objects.filter(pk=batch.pk).update(status="running", processed=2, heartbeat_at=quiet_since)
    page = world.client_for(world.gov_officer).get(
        f"/postings/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "任务进程在导入此文件时停止" in text and "every 1s" not in text  # in the uploader's language
    batch.refresh_from_db()
    assert batch.status == "failed"
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert JobPosting.objects.count() == 0


def test_the_kept_list_of_imports_follows_the_worker(world):
    """The imports list is kept (core.kept_pages); what the worker writes to an import computes it
    afresh, and a kept copy lives a minute at most, so reaping on a view is never later than that."""
    cache.clear()
    client = world.client_for(world.gov_officer)
    batch = start_posting_import(world.gov_officer, _upload(as_csv(ROWS).getvalue()))
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    assert "<td>Pending</td>" in client.get("/postings/imports/", **english).content.decode()
    with CaptureQueriesContext(connection) as again:
        client.get("/postings/imports/", **english)
    assert len(again) <= 3  # the session, the user, the data versions: served as kept
    PostingImport.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=timezone.now())
    page = client.get("/postings/imports/", **english).content.decode()
    assert "<td>Running</td>" in page and "<td>Pending</td>" not in page
    assert IMPORTS_KEPT_SECONDS <= 60


def test_a_live_import_is_left_alone(world):
    batch = start_posting_import(world.gov_officer, _upload(as_csv(ROWS).getvalue()))
    PostingImport.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=timezone.now())
    assert reap_stalled_imports() == 0
    assert PostingImport.objects.get(pk=batch.pk).status == "running"


def test_a_queued_import_without_a_worker_says_so(world, settings):
    batch = start_posting_import(world.gov_officer, _upload(as_csv(ROWS).getvalue()))
    PostingImport.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    page = world.client_for(world.gov_officer).get(
        f"/postings/imports/{batch.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert 'data-testid="import-waiting"' in page.content.decode()
    assert PostingImport.objects.get(pk=batch.pk).status == "pending"  # it runs once a worker starts


def test_a_crashing_task_fails_its_import_in_the_uploaders_language(world):
    client = world.client_for(world.gov_officer)
    client.post(
        "/postings/imports/", {"file": _upload(as_csv(ROWS).getvalue())}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    batch = PostingImport.objects.get()
    batch.stored_file.delete(save=False)  # the stored upload vanished: the task cannot open it
    _run_worker_once()
    batch.refresh_from_db()
    assert batch.status == "failed"
    assert "导入意外失败" in batch.errors[0]["message"]
    assert DBTaskResult.objects.get(pk=batch.task_id).status == "FAILED"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b'{"title": "a"}\n"just a string"\n', "第 2 行不是 JSON 对象"), (b"\xff\xfe\xfd{}", "不是 UTF-8")],
)
def test_a_bad_jsonl_upload_fails_with_its_message(world, content, fragment):
    client = world.client_for(world.gov_officer)
    client.post("/postings/imports/", {"file": _upload(content, "p.jsonl")})
    _run_worker_once()
    batch = PostingImport.objects.get()
    assert batch.status == "failed" and fragment in batch.errors[0]["message"]


def _big_csv(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["title", "description", "date"])
    for n in range(rows):
        writer.writerow(
            [
                f"影视后期剪辑师{n}",
                f"负责广告片剪辑与调色，熟练使用DaVinci Resolve，第{n}号岗位。",
                "2025-03-01",
            ]
        )
    return buffer.getvalue().encode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second process needs a shared database")
def test_a_worker_killed_mid_import_writes_nothing_and_the_import_is_marked_failed(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path)
    batch = start_posting_import(world.gov_officer, _upload(_big_csv(20_000)))
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": str(tmp_path),
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "iehub.settings",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "iehub", "db_worker", "--no-startup-delay", "--no-reload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            state = PostingImport.objects.get(pk=batch.pk)
            if state.status == "running" and state.processed > 0:
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"the worker never started the import: {state.status}")
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    state = PostingImport.objects.get(pk=batch.pk)
    assert state.status == "running"  # as the dead worker left it
    settings.IEHUB_TASK_STALL_MINUTES = 0
    call_command("postings", "reap", stdout=StringIO())
    state.refresh_from_db()
    assert state.status == "failed"
    assert len(state.errors) == 1 and "停止" in state.errors[0]["message"]  # the uploader's language
    assert JobPosting.objects.filter(batch=batch).count() == 0
    assert DBTaskResult.objects.get(pk=state.task_id).status == "FAILED"
