"""Both languages ship complete: no untranslated or fuzzy zh-Hans entry, and the compiled catalogue
matches its source."""

from __future__ import annotations

import polib
import pytest
from django.utils import translation

from iehub.core import i18n_tools


def test_zh_hans_catalogue_has_no_untranslated_entry():
    catalogues = i18n_tools.catalogues()
    assert [p.parent.parent.name for p in catalogues] == ["zh_Hans"]
    for path in catalogues:
        assert i18n_tools.problems(path) == []


def test_compiled_catalogue_matches_the_source():
    for path in i18n_tools.catalogues():
        po, mo = polib.pofile(str(path)), polib.mofile(str(path.with_suffix(".mo")))
        source = {(e.msgctxt, e.msgid): e.msgstr for e in po if e.msgstr and not e.msgid_plural}
        compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo if e.msgid and not e.msgid_plural}
        assert compiled == source, "run `make messages` to recompile django.mo"
        plural_source = {e.msgid: dict(e.msgstr_plural) for e in po if e.msgid_plural and not e.obsolete}
        plural_compiled = {e.msgid: dict(e.msgstr_plural) for e in mo if e.msgid_plural}
        assert plural_compiled == plural_source, "run `make messages` to recompile django.mo"


def test_interface_follows_the_chosen_language(db, client):
    assert "登录" in client.get("/accounts/login/").content.decode()  # zh-Hans is the default
    assert "Log in" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in to iehub" in client.get("/accounts/login/").content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_role_names_are_translated(language):
    from iehub.accounts.models import Role

    with translation.override(language):
        label = str(Role.ENTERPRISE_MENTOR.label)
    assert label == ("企业导师" if language == "zh-hans" else "Enterprise mentor")


def test_third_party_admin_pages_read_in_chinese(world):
    """django-axes and the task backend ship no Chinese; our catalogue carries their words."""
    client = world.client_for(world.platform_admin)
    index = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "登录保护" in index and "后台任务" in index
    assert "Axes" not in index and "Tasks Database Backend" not in index
    attempts = client.get("/admin/axes/accessattempt/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "登录尝试" in attempts and "access attempt" not in attempts.lower()
    tasks = client.get("/admin/django_tasks_database/dbtaskresult/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert tasks.status_code == 200 and "任务结果" in tasks.content.decode()
