"""Surveys: a college creates one from a template, sends links, a respondent answers once through a link
(saving and resuming), responses are imported all-or-nothing, the results reproduce the papers' sample
table, and the exports open in SPSS's format — with who may do what."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas
import pingouin
import pyreadstat
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from factor_analyzer import FactorAnalyzer, factor_analyzer
from factor_analyzer.factor_analyzer import calculate_kmo

from iehub.core.models import Notification
from iehub.curriculum.models import ClassGroup, Course, CurriculumVersion, Module, ModuleCompetency, Program
from iehub.demand.models import SkillNeed
from iehub.surveys import actions, queries
from iehub.surveys.catalog import TEMPLATES
from iehub.surveys.models import CodedSegment, Invitation, Question, Response, Survey, SurveyStatus
from iehub.taxonomy.actions import load_curated_skills
from iehub.taxonomy.models import Skill
from iehub.web.todo import waiting_for
from tests.conftest import World
from tests.helpers import api, count_queries

Capture = Callable[..., Any]

# The papers' sample of 175 enterprises (DOMAIN.md): counts that give the published percentages.
OWNERSHIP = {"private": 131, "state_owned": 15, "jv_foreign": 10, "other": 19}
SCALE = {"small": 76, "medium": 70, "large": 29}
RECOGNITION = {"specialised_sme": 73, "little_giant": 16, "single_champion": 7, "none": 79}


def _survey(world: World, template: str = "enterprise_cooperation") -> Survey:
    return actions.create_from_template(world.college_admin, world.college, template)


def _open(world: World, survey: Survey) -> Survey:
    return actions.open_survey(world.college_admin, survey, None)


def _link(world: World, survey: Survey) -> str:
    (invitation,) = actions.invite(world.college_admin, survey, unaddressed=1)
    return actions.link_path(invitation)


def _profile_rows() -> list[tuple[str, str, str]]:
    def spread(counts: dict[str, int]) -> list[str]:
        return [value for value, n in counts.items() for _ in range(n)]

    return list(zip(spread(OWNERSHIP), spread(SCALE), spread(RECOGNITION), strict=True))


def _import_file(survey: Survey, rows: list[dict[str, str]]) -> io.BytesIO:
    columns = actions.import_columns(survey)
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    return io.BytesIO("\n".join(lines).encode("utf-8"))


def _complete_row(ownership: str, scale: str, recognition: str, seed: int) -> dict[str, str]:
    rng = np.random.default_rng(seed)
    base = int(rng.integers(2, 5))
    row = {
        "ownership": ownership,
        "scale": scale,
        "recognition": recognition,
        "forms": "internships;curriculum" if seed % 2 else "实习与就业",
        "suggested_curriculum": "no" if seed % 5 else "yes",
        "suggestion_topic": "增加调色实训" if seed % 5 == 0 else "",
        "satisfaction": str(min(5, base + int(rng.integers(0, 2)))),
    }
    for item in (
        "professional",
        "digital",
        "teamwork",
        "communication",
        "problem_solving",
        "learning",
        "safety",
        "innovation",
    ):
        row[f"importance_{item}"] = str(int(np.clip(base + rng.integers(-1, 2), 1, 5)))
    return row


def test_a_template_makes_a_draft_with_its_sections_and_questions(world: World) -> None:
    survey = _survey(world)
    assert survey.status == SurveyStatus.DRAFT and survey.college == world.college
    codes = list(survey.questions.values_list("code", flat=True))
    assert codes[:3] == ["ownership", "scale", "recognition"] and "importance" in codes
    assert survey.sections.count() == 4
    assert Question.objects.get(survey=survey, code="satisfaction").kpi == "enterprise_satisfaction"


@pytest.mark.parametrize(
    "who", ["teacher", "student", "other_college_admin", "enterprise_admin", "gov_officer"]
)
def test_only_the_colleges_designers_create_surveys(world: World, who: str) -> None:
    response = world.client_for(getattr(world, who)).post(
        "/surveys/", {"college": world.college.pk, "template": "graduate_tracking"}
    )
    assert response.status_code == 403 and not Survey.objects.exists()


def test_a_program_lead_creates_one_through_the_page(world: World) -> None:
    response = world.client_for(world.program_lead).post(
        "/surveys/", {"college": world.college.pk, "template": "graduate_tracking"}, follow=True
    )
    survey = Survey.objects.get()
    assert (
        response.redirect_chain[-1][0] == f"/surveys/{survey.pk}/" and survey.template == "graduate_tracking"
    )
    assert (
        world.client_for(world.program_lead)
        .post("/surveys/", {"college": world.college.pk, "template": "nope"})
        .status_code
        == 302
    )
    assert Survey.objects.count() == 1


def test_a_link_takes_one_response_saved_partially_and_resumed(world: World) -> None:
    survey = _open(world, _survey(world, "graduate_tracking"))
    path = _link(world, survey)
    respondent = world.client_for(None)  # no login
    page = respondent.get(path)
    assert page.status_code == 200 and 'data-testid="q-status"' in page.content.decode()

    saved = respondent.post(path, {"step": "save", "status": "employed", "relevance": "4"}, follow=True)
    assert saved.status_code == 200
    response = Response.objects.get()
    assert response.submitted_at is None and response.answers == {"status": "employed", "relevance": 4}
    resumed = world.client_for(None).get(path).content.decode()  # another device, same link
    assert 'value="employed" checked' in resumed and 'name="relevance" value="4" checked' in resumed

    missing = respondent.post(path, {"step": "submit", "status": "employed"}, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        missing.status_code == 400 and 'data-testid="error-teaching_satisfaction"' in missing.content.decode()
    )
    assert "Please answer this question." in missing.content.decode()

    # the form posts every field again (prefilled with what was saved); an emptied field is cleared
    done = respondent.post(
        path, {"step": "submit", "status": "employed", "relevance": "4", "teaching_satisfaction": "5"}
    )
    assert done.status_code == 200 and 'data-testid="done"' in done.content.decode()
    response.refresh_from_db()
    assert response.submitted_at is not None
    assert response.answers == {"status": "employed", "relevance": 4, "teaching_satisfaction": 5}

    again = respondent.post(path, {"step": "submit", "status": "seeking", "teaching_satisfaction": "1"})
    assert again.status_code == 410 and Response.objects.count() == 1
    assert respondent.get(path).status_code == 410
    response.refresh_from_db()
    assert response.answers["status"] == "employed"


def test_skip_logic_drops_the_hidden_branch(world: World) -> None:
    survey = _open(world, _survey(world, "graduate_tracking"))
    path = _link(world, survey)
    world.client_for(None).post(
        path, {"step": "submit", "status": "further_study", "relevance": "2", "teaching_satisfaction": "4"}
    )
    assert Response.objects.get().answers == {"status": "further_study", "teaching_satisfaction": 4}


def test_forged_revoked_and_closed_links_are_refused(world: World) -> None:
    survey = _open(world, _survey(world))
    path = _link(world, survey)
    client = world.client_for(None)
    assert client.get(path[:-3] + "xx/").status_code == 410
    assert client.get("/s/1/").status_code == 410  # an id is not a token
    actions.close_survey(world.college_admin, survey)
    assert "not open" in client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    _open(world, survey)
    actions.revoke(world.college_admin, Invitation.objects.get())
    assert "withdrawn" in client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert not Response.objects.exists()


def test_a_draft_survey_takes_no_answers(world: World) -> None:
    path = _link(world, _survey(world))
    assert world.client_for(None).post(path, {"step": "save", "ownership": "private"}).status_code == 410
    assert not Response.objects.exists()


def test_hostile_answers_are_refused_or_stored_as_text(world: World) -> None:
    survey = _open(world, _survey(world, "graduate_tracking"))
    path = _link(world, survey)
    client = world.client_for(None)
    bad = client.post(path, {"step": "save", "status": "<script>", "months_to_job": "1e999"})
    assert bad.status_code == 400 and not Response.objects.exists()
    client.post(path, {"step": "save", "comments": '=HYPERLINK("http://evil")<b>x</b>'})
    page = client.get(path).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


def test_sending_links_to_enterprises_notifies_their_administrators_and_reminds_once(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    survey = _open(world, _survey(world))
    with django_capture_on_commit_callbacks(execute=True):
        actions.invite(world.college_admin, survey, organizations=[world.enterprise])
        actions.invite(world.college_admin, survey, organizations=[world.enterprise])  # no second link
    invitation = Invitation.objects.get()
    told = Notification.objects.get(kind="survey_invitation")
    assert told.recipient == world.enterprise_admin and told.url == actions.link_path(invitation)
    assert actions.remind(world.college_admin, survey) == 0  # just sent: not reminded at once
    Invitation.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.remind(world.college_admin, survey) == 1
        assert actions.remind(world.college_admin, survey) == 0  # not twice within 20 hours
    assert Notification.objects.filter(kind="survey_reminder").count() == 1
    out = io.StringIO()
    call_command("surveys", "remind", stdout=out)
    assert out.getvalue().strip() == "reminded: 0"  # the schedule waits seven days after the last one
    Invitation.objects.update(reminded_at=timezone.now() - dt.timedelta(days=8))
    call_command("surveys", "remind", stdout=out)
    assert out.getvalue().strip().endswith("reminded: 1")
    actions.close_survey(world.college_admin, survey)
    Invitation.objects.update(reminded_at=timezone.now() - dt.timedelta(days=8))
    assert actions.remind_due() == 0  # a closed survey reminds no one
    assert queries.progress(survey).links == 1 and queries.progress(survey).rate == 0.0


def test_importing_175_enterprise_responses_reproduces_the_sample_structure_table(world: World) -> None:
    survey = _survey(world)
    rows = [_complete_row(o, s, r, seed) for seed, (o, s, r) in enumerate(_profile_rows())]
    assert (
        actions.import_responses(world.college_admin, survey, _import_file(survey, rows), "answers.csv")
        == 175
    )
    table = {
        result.question.code: result
        for result in queries.sample_structure(survey, ["ownership", "scale", "recognition"])
    }
    assert {r.answered for r in table.values()} == {175}
    percent = {
        code: {row.label: round(row.percent, 2) for row in result.rows} for code, result in table.items()
    }
    assert percent["ownership"] == {
        "民营企业": 74.86,
        "国有企业": 8.57,
        "合资或外资企业": 5.71,
        "其他": 10.86,
    }
    assert percent["scale"] == {"小型企业": 43.43, "中型企业": 40.0, "大型企业": 16.57}
    assert percent["recognition"] == {
        "专精特新中小企业": 41.71,
        "专精特新“小巨人”": 9.14,
        "制造业单项冠军": 4.0,
        "无": 45.14,
    }
    assert [row.count for row in table["ownership"].rows] == list(OWNERSHIP.values())


def test_the_results_alpha_is_pingouins(world: World) -> None:
    survey = _survey(world)
    rows = [_complete_row(o, s, r, seed) for seed, (o, s, r) in enumerate(_profile_rows()[:60])]
    actions.import_responses(world.college_admin, survey, _import_file(survey, rows), "answers.csv")
    result = next(r for r in queries.results(survey) if r.question.code == "importance")
    items = [c for c in actions.import_columns(survey) if c.startswith("importance_")]
    frame = pandas.DataFrame([{c: float(row[c]) for c in items} for row in rows])
    alpha, _ci = pingouin.cronbach_alpha(frame)
    assert result.alpha is not None and result.alpha.alpha == pytest.approx(alpha, abs=1e-6)
    assert result.alpha.n == 60 and result.items[0][1] == 60


def test_an_import_with_one_bad_row_stores_nothing_and_names_row_and_column(world: World) -> None:
    survey = _survey(world)
    good = _complete_row("private", "small", "none", 1)
    rows = [good, {**good, "scale": "huge"}, {**good, "satisfaction": ""}]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        actions.import_responses(world.college_admin, survey, _import_file(survey, rows), "answers.csv")
    assert error.value.messages == [
        "Row 3, scale: Choose one of the options given.",
        "Row 4, satisfaction: Please answer this question.",
    ]
    assert not Response.objects.exists()


def test_hostile_import_files_are_refused(world: World) -> None:
    survey = _survey(world)
    with pytest.raises(Exception, match="NUL"):
        actions.import_responses(world.college_admin, survey, io.BytesIO(b"ownership\n\x00\x00"), "x.csv")
    with pytest.raises(Exception, match="cmd"):
        actions.import_responses(
            world.college_admin, survey, io.BytesIO(b"ownership,=cmd|calc\nprivate,1"), "x.csv"
        )
    with pytest.raises(PermissionDenied):
        actions.import_responses(world.teacher, survey, _import_file(survey, []), "x.csv")
    assert not Response.objects.exists()


def _answered_survey(world: World) -> Survey:
    survey = _open(world, _survey(world))
    for seed, (o, s, r) in enumerate(_profile_rows()[::7]):
        path = _link(world, survey)
        row = _complete_row(o, s, r, seed)
        data = {k: v for k, v in row.items() if not k.startswith("importance_") and k != "forms"}
        data.update({f"importance.{k[11:]}": v for k, v in row.items() if k.startswith("importance_")})
        data["forms"] = ["internships", "research"] if seed % 2 else ["internships"]
        data["comments"] = "希望加强实训" if seed % 3 else "沟通及时"
        data["step"] = "submit"
        assert world.client_for(None).post(path, data).status_code == 200
    return survey


def test_the_sav_export_opens_with_its_values_and_labels(world: World) -> None:
    survey = _answered_survey(world)
    response = world.client_for(world.college_admin).get(f"/surveys/{survey.pk}/results/?format=sav")
    assert response.status_code == 200
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.sav"
        path.write_bytes(response.content)
        frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 25
    assert meta.variable_value_labels["ownership"] == {
        1.0: "民营企业",
        2.0: "国有企业",
        3.0: "合资或外资企业",
        4.0: "其他",
    }
    assert meta.column_names_to_labels["ownership"] == "企业性质"
    stored = Response.objects.order_by("pk").first()
    assert stored is not None
    first = frame.iloc[0]
    options = ["private", "state_owned", "jv_foreign", "other"]
    assert first["ownership"] == options.index(stored.answers["ownership"]) + 1
    assert first["forms_1"] == 1.0 and first["forms_4"] == (
        1.0 if "research" in stored.answers["forms"] else 0.0
    )
    assert first["importance_digital"] == stored.answers["importance"]["digital"]
    assert first["comments"] == stored.answers["comments"]
    assert np.isnan(frame["employees"]).all()  # unanswered: system missing
    assert "respondent" in frame.columns


def test_results_page_crosstab_comparison_and_exports(world: World) -> None:
    survey = _answered_survey(world)
    client = world.client_for(world.college_admin)
    own, scale = (Question.objects.get(survey=survey, code=c).pk for c in ("ownership", "scale"))
    satisfaction = Question.objects.get(survey=survey, code="satisfaction").pk
    page = client.get(f"/surveys/{survey.pk}/results/?row={own}&col={scale}&dv={satisfaction}&group={scale}")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="chi2"' in html and 'data-testid="alpha"' in html
    assert 'data-testid="test"' in html and "希望加强实训" in html
    xlsx = client.get(f"/surveys/{survey.pk}/results/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    csv_text = client.get(f"/surveys/{survey.pk}/results/?format=csv").content.decode()
    assert csv_text.lstrip("\ufeff").splitlines()[0].startswith("response_id,respondent,ownership")


def test_who_reads_results(world: World) -> None:
    survey = _answered_survey(world)
    urls = [f"/surveys/{survey.pk}/", f"/surveys/{survey.pk}/results/"]
    for user in (world.other_college_admin, world.enterprise_admin, world.student, world.outsider_admin):
        for url in urls:
            assert world.client_for(user).get(url).status_code == 404, (user, url)
    for url in urls:
        assert world.client_for(None).get(url).status_code == 302
    assert world.client_for(world.teacher).get(urls[1]).status_code == 200
    officer = world.client_for(world.gov_officer)
    html = officer.get(urls[1]).content.decode()
    assert "希望加强实训" not in html  # officers read aggregates, not single answers
    assert officer.get(urls[1] + "?format=sav").status_code == 403
    assert world.client_for(world.teacher).post(urls[0], {"step": "close"}).status_code == 403
    assert world.client_for(world.student).get("/surveys/").status_code == 403


def test_an_anonymous_survey_never_names_respondents(world: World) -> None:
    survey = _open(world, _survey(world, "student_experience"))
    actions.invite(world.college_admin, survey, people=[world.student])
    csv_text = (
        world.client_for(world.college_admin)
        .get(f"/surveys/{survey.pk}/results/?format=csv")
        .content.decode()
    )
    assert "respondent" not in csv_text.splitlines()[0]


def test_answered_questions_freeze_and_a_new_version_copies_them(world: World) -> None:
    survey = _answered_survey(world)
    question = Question.objects.get(survey=survey, code="scale")
    with translation.override("en"), pytest.raises(ValidationError, match="new version"):
        actions.update_question(world.college_admin, question, "规模", "", True)
    copy = actions.new_version(world.college_admin, survey)
    assert copy.version == 2 and copy.previous == survey and copy.status == SurveyStatus.DRAFT
    assert list(copy.questions.values_list("code", flat=True)) == list(
        survey.questions.values_list("code", flat=True)
    )
    changed = actions.update_question(
        world.college_admin, copy.questions.get(code="scale"), "规模（人数）", "", True
    )
    assert changed.text == "规模（人数）" and question.text == "企业规模"


def test_open_answers_are_coded_and_counted_by_group(world: World) -> None:
    survey = _answered_survey(world)
    client = world.client_for(world.college_admin)
    comments = Question.objects.get(survey=survey, code="comments")
    client.post(f"/surveys/{survey.pk}/coding/", {"step": "code", "label": "实训"})
    code = survey.codes.get()
    wanted = [r for r in Response.objects.filter(survey=survey) if "实训" in r.answers.get("comments", "")]
    for response in wanted:
        client.post(
            f"/surveys/{survey.pk}/coding/?question={comments.pk}",
            {"response": response.pk, "code": code.pk, "excerpt": "实训"},
        )
    assert CodedSegment.objects.count() == len(wanted) > 0
    bad = client.post(
        f"/surveys/{survey.pk}/coding/?question={comments.pk}",
        {"response": wanted[0].pk, "code": code.pk, "excerpt": "不在回答里"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "passage of the answer" in bad.content.decode() and CodedSegment.objects.count() == len(wanted)
    scale = Question.objects.get(survey=survey, code="scale")
    ((counted, n, split),) = queries.code_frequencies(survey, scale)
    assert counted == code and n == len(wanted) and sum(split.values()) == n
    assert world.client_for(world.teacher).get(f"/surveys/{survey.pk}/coding/").status_code == 403
    page = client.get(f"/surveys/{survey.pk}/coding/?question={comments.pk}").content.decode()
    assert page.count('data-testid="uncode"') == len(wanted)
    segment = CodedSegment.objects.first()
    assert segment is not None
    client.post(
        f"/surveys/{survey.pk}/coding/?question={comments.pk}", {"step": "uncode", "segment": segment.pk}
    )
    assert CodedSegment.objects.count() == len(wanted) - 1
    client.post(f"/surveys/{survey.pk}/coding/", {"step": "remove_code", "code": code.pk})
    assert not CodedSegment.objects.exists() and not survey.codes.exists()


def test_the_api_lists_surveys_and_results_in_scope(world: World) -> None:
    survey = _answered_survey(world)
    staff = world.client_for(world.teacher)
    listed = api(staff, "get", "/api/v1/surveys").json()
    assert [s["id"] for s in listed["results"]] == [survey.pk] and listed["results"][0]["submitted"] == 25
    results = api(staff, "get", f"/api/v1/surveys/{survey.pk}/results").json()
    by_code = {q["code"]: q for q in results["questions"]}
    assert results["submitted"] == 25 and by_code["ownership"]["answered"] == 25
    assert sum(r["count"] for r in by_code["ownership"]["rows"]) == 25
    assert by_code["importance"]["alpha"]["n"] == 25 and by_code["comments"]["texts"]
    officer = api(world.client_for(world.gov_officer), "get", f"/api/v1/surveys/{survey.pk}/results").json()
    assert officer["questions"] and all(not q["texts"] for q in officer["questions"])
    for user in (world.other_college_admin, world.enterprise_admin, world.student):
        client = world.client_for(user)
        assert api(client, "get", "/api/v1/surveys").json()["count"] == 0
        assert api(client, "get", f"/api/v1/surveys/{survey.pk}/results").status_code == 404
    anonymous = world.client_for(None)
    assert api(anonymous, "get", "/api/v1/surveys").status_code == 401
    assert api(anonymous, "get", f"/api/v1/surveys/{survey.pk}/results").status_code == 401


def test_the_results_page_reads_a_fixed_number_of_queries(world: World) -> None:
    survey = _open(world, _survey(world))
    client = world.client_for(world.college_admin)
    rows = [_complete_row(o, s, r, seed) for seed, (o, s, r) in enumerate(_profile_rows())]
    actions.import_responses(world.college_admin, survey, _import_file(survey, rows[:5]), "a.csv")
    few = count_queries(client, f"/surveys/{survey.pk}/results/")
    actions.import_responses(world.college_admin, survey, _import_file(survey, rows[5:]), "b.csv")
    assert count_queries(client, f"/surveys/{survey.pk}/results/") == few


def test_skills_enterprises_name_become_their_skill_needs(world: World) -> None:
    load_curated_skills()
    survey = _open(world, _survey(world))
    actions.invite(world.college_admin, survey, organizations=[world.enterprise])
    path = actions.link_path(Invitation.objects.get())
    row = _complete_row("private", "small", "none", 3)
    data = {k: v for k, v in row.items() if not k.startswith("importance_") and k != "forms"}
    data |= {f"importance.{k[11:]}": v for k, v in row.items() if k.startswith("importance_")}
    data |= {"forms": "internships", "needed_skills": "调色和虚拟制片", "step": "submit"}
    assert world.client_for(None).post(path, data).status_code == 200
    imported = {**row, "needed_skills": "Python programming"}  # no enterprise named: not a need
    actions.import_responses(world.college_admin, survey, _import_file(survey, [imported]), "x.csv")

    with pytest.raises(PermissionDenied):
        actions.send_stated_needs(world.teacher, survey)
    client = world.client_for(world.college_admin)
    client.post(f"/surveys/{survey.pk}/", {"step": "needs"})
    needs = SkillNeed.objects.filter(enterprise=world.enterprise)
    assert sorted(needs.values_list("skill__label_en", flat=True)) == ["colour grading", "virtual production"]
    assert SkillNeed.objects.count() == 2 and "调色和虚拟制片" in needs.first().description  # type: ignore[union-attr]
    assert actions.send_stated_needs(world.college_admin, survey) == 0  # again: nothing new


def test_the_scale_analysis_equals_factor_analyzer(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # factor_analyzer 0.5.1 calls scikit-learn's check_array with an argument 1.8 removed (see
    # tests/engines/test_statistics.py): its input check becomes a plain copy, the computation is its own
    monkeypatch.setattr(factor_analyzer, "check_array", lambda x, **_: np.array(x, dtype=float, copy=True))
    survey = _survey(world)
    rows = [_complete_row(o, s, r, seed) for seed, (o, s, r) in enumerate(_profile_rows()[:80])]
    actions.import_responses(world.college_admin, survey, _import_file(survey, rows), "answers.csv")
    matrix = Question.objects.get(survey=survey, code="importance")
    found = queries.scale_analysis(survey, matrix, 2, "minres", "varimax")
    items = [c for c in actions.import_columns(survey) if c.startswith("importance_")]
    frame = pandas.DataFrame([{c: float(row[c]) for c in items} for row in rows])
    kmo_per_item, kmo = calculate_kmo(frame)
    assert found.kmo is not None and found.kmo.kmo == pytest.approx(kmo, abs=1e-6)
    assert list(found.kmo.per_item) == pytest.approx(list(kmo_per_item), abs=1e-6)
    reference = FactorAnalyzer(n_factors=2, method="minres", rotation="varimax").fit(frame)
    assert found.efa is not None
    assert np.abs(found.efa.loadings) == pytest.approx(np.abs(reference.loadings_), abs=1e-4)
    assert found.alpha is not None and found.alpha.n == 80 and len(found.item_rows) == 8
    kaiser = queries.scale_analysis(survey, matrix, None, "principal", "none")
    eigen = np.linalg.eigvalsh(frame.corr().to_numpy())
    assert kaiser.factors == max(1, int((eigen > 1).sum()))
    page = world.client_for(world.college_admin).get(
        f"/surveys/{survey.pk}/results/?scale={matrix.pk}&factors=2&method=ml&rotation=promax"
    )
    assert page.status_code == 200 and 'data-testid="scale-items"' in page.content.decode()


def test_questions_are_added_and_removed_while_a_survey_has_no_response(world: World) -> None:
    survey = _survey(world, "enterprise_satisfaction")
    client = world.client_for(world.program_lead)
    url = f"/surveys/{survey.pk}/"
    section = survey.sections.get()
    added = {
        "step": "add_question",
        "section": section.pk,
        "code": "industry",
        "kind": "single",
        "text": "所属行业",
        "text_en": "Industry",
        "options": "制造业 | Manufacturing\n信息技术 | IT\n\n文化传媒",
        "required": "on",
    }
    skill = Skill.objects.create(uri="urn:test:grading", label_en="colour grading", label_zh="调色")
    world.program.key_skills.add(skill)  # a competency of the college's curricula
    elsewhere = Skill.objects.create(uri="urn:test:welding", label_en="welding", label_zh="焊接")
    client.post(url, {**added, "skill": skill.pk})
    industry = Question.objects.get(survey=survey, code="industry")
    assert industry.skill == skill
    assert industry.options == [
        {"value": "1", "zh": "制造业", "en": "Manufacturing"},
        {"value": "2", "zh": "信息技术", "en": "IT"},
        {"value": "3", "zh": "文化传媒", "en": ""},
    ]
    assert [q.code for q in queries.questions_of(survey)][-1] == "industry" and industry.required
    follow = {
        **added,
        "code": "plants",
        "kind": "numeric",
        "text": "工厂数量",
        "minimum": "0",
        "maximum": "99",
        "show_if_question": "industry",
        "show_if_values": "1",
        "section": "",
        "section_title": "生产",
    }
    client.post(url, follow)
    plants = Question.objects.get(survey=survey, code="plants")
    assert plants.show_if == {"question": "industry", "in": ["1"]} and plants.section.title == "生产"
    assert (plants.minimum, plants.maximum) == (0.0, 99.0)

    with translation.override("en"):
        bad = client.post(
            url,
            {
                **added,
                "code": "industry",
                "kind": "matrix",
                "items": "只有一行",
                "show_if_question": "ghost",
                "skill": str(elsewhere.pk),  # not in the college's curricula
            },
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        ).content.decode()
    assert "Another question of this survey has this code." in bad and "one row per line" in bad
    assert "Choose an earlier single- or multiple-choice question." in bad
    assert "Choose a competency of the college&#x27;s curricula." in bad
    assert survey.questions.count() == 7

    refused = client.post(
        url, {"step": "remove_question", "question": industry.pk}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "Questions plants are shown depending on this one" in refused.content.decode()
    assert Question.objects.filter(pk=industry.pk).exists()
    client.post(url, {"step": "remove_question", "question": plants.pk})
    assert not survey.sections.filter(title="生产").exists()  # its last question gone, the section too

    assert world.client_for(world.teacher).post(url, added).status_code == 403
    _open(world, survey)
    world.client_for(None).post(_link(world, survey), {"step": "save", "industry": "2"})
    with pytest.raises(ValidationError):
        actions.remove_question(world.college_admin, industry)  # a response exists: a new version instead


def test_students_of_chosen_classes_get_their_own_links(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    survey = _open(world, _survey(world, "student_experience"))
    other_class = ClassGroup.objects.create(
        program=Program.objects.get(college=world.other_college), cohort=2024, name="外校班"
    )
    client = world.client_for(world.college_admin)
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert 'data-testid="classes"' in page and world.class_group.name in page and "外校班" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/surveys/{survey.pk}/",
            {"step": "invite", "class_group": [world.class_group.pk, other_class.pk], "unaddressed": "0"},
        )
    invitation = Invitation.objects.get()  # the other college's class brings no one
    assert invitation.person == world.student
    told = Notification.objects.get(kind="survey_invitation")
    assert told.recipient == world.student and told.url == actions.link_path(invitation)


def test_a_link_is_withdrawn_from_the_page_but_not_once_answered(world: World) -> None:
    survey = _open(world, _survey(world, "graduate_tracking"))
    first, second = actions.invite(world.college_admin, survey, unaddressed=2)
    client = world.client_for(world.college_admin)
    url = f"/surveys/{survey.pk}/"
    assert client.get(url).content.decode().count('data-testid="revoke"') == 2
    client.post(url, {"step": "revoke", "invitation": first.pk})
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert world.client_for(None).get(actions.link_path(first)).status_code == 410
    world.client_for(None).post(
        actions.link_path(second), {"step": "submit", "status": "seeking", "teaching_satisfaction": "3"}
    )
    answered = client.post(
        url, {"step": "revoke", "invitation": second.pk}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    ).content.decode()
    assert "stays part of the results" in answered and 'data-testid="revoke"' not in answered
    assert (
        world.client_for(world.teacher).post(url, {"step": "revoke", "invitation": second.pk}).status_code
        == 403
    )
    assert client.post(url, {"step": "unknown"}).status_code == 302


def test_results_for_a_subset_of_respondents(world: World) -> None:
    survey = _survey(world)
    rows = [_complete_row(o, s, r, seed) for seed, (o, s, r) in enumerate(_profile_rows())]
    actions.import_responses(world.college_admin, survey, _import_file(survey, rows), "answers.csv")
    scale = Question.objects.get(survey=survey, code="scale")
    large = queries.subset_of(survey, f"{scale.pk}:large")
    assert large is not None
    ownership = next(r for r in queries.results(survey, subset=large) if r.question.code == "ownership")
    assert ownership.answered == ownership.total == SCALE["large"]
    assert queries.subset_of(survey, f"{scale.pk}:huge") is None and queries.subset_of(survey, "x:1") is None
    other = _survey(world, "graduate_tracking").questions.get(code="status")
    assert queries.subset_of(survey, f"{other.pk}:employed") is None  # another survey's question
    page = world.client_for(world.college_admin).get(f"/surveys/{survey.pk}/results/?only={scale.pk}:large")
    assert 'data-testid="subset-active"' in page.content.decode()


def test_taught_valued_used_per_competency(world: World) -> None:
    grading = Skill.objects.create(uri="urn:test:grading", label_en="colour grading", label_zh="调色")
    world.program.key_skills.add(grading)
    version = CurriculumVersion.objects.create(program=world.program, number=1, state="current")
    course = Course.objects.create(version=version, code="C1", name="调色基础")
    ModuleCompetency.objects.create(
        module=Module.objects.create(course=course, code="M1", name="一级调色"), skill=grading, level=2
    )
    fields = {"step": "add_question", "section_title": "能力", "kind": "likert5", "skill": grading.pk}
    admin = world.client_for(world.college_admin)
    enterprises = _survey(world, "enterprise_satisfaction")
    admin.post(f"/surveys/{enterprises.pk}/", {**fields, "code": "grading", "text": "调色能力的重要程度"})
    graduates = _survey(world, "graduate_tracking")
    admin.post(f"/surveys/{graduates.pk}/", {**fields, "code": "grading", "text": "工作中用到调色的程度"})
    for survey in (enterprises, graduates):
        _open(world, survey)
    for rating in (5, 4):
        Response.objects.create(survey=enterprises, answers={"grading": rating}, submitted_at=timezone.now())
    (link,) = actions.invite(world.college_admin, graduates, people=[world.student])
    Response.objects.create(
        survey=graduates, invitation=link, answers={"grading": 2}, submitted_at=timezone.now()
    )
    Response.objects.create(survey=graduates, answers={"grading": 4})  # not submitted: not counted

    (view,) = queries.competency_views(world.college.pk)
    assert (view.skill, view.modules, view.top_level) == (grading, 1, 2)
    assert view.mean("enterprises") == 4.5 and view.count("enterprises") == 2
    assert view.mean("graduates") == 2.0 and view.cohorts == [(2024, 2.0, 1)]
    page = world.client_for(world.teacher).get("/surveys/competencies/").content.decode()
    assert page.count('data-testid="competency"') == 1 and "4.50" in page
    assert world.client_for(world.other_college_admin).get("/surveys/competencies/").status_code == 403
    assert world.client_for(world.student).get("/surveys/competencies/").status_code == 403
    assert world.client_for(None).get("/surveys/competencies/").status_code == 302


def test_links_waiting_for_a_person_or_their_enterprise(world: World) -> None:
    survey = _open(world, _survey(world, "enterprise_satisfaction"))
    (link,) = actions.invite(world.college_admin, survey, organizations=[world.enterprise])
    enterprise = world.client_for(world.enterprise_admin)
    page = enterprise.get("/surveys/mine/").content.decode()
    assert page.count('data-testid="my-survey"') == 1 and actions.link_path(link) in page
    assert [w.count for w in waiting_for(world.enterprise_admin) if w.url == "/surveys/mine/"] == [1]
    assert (
        world.client_for(world.mentor).get("/surveys/mine/").content.decode().count('data-testid="my-survey"')
        == 1
    )
    outsider = world.client_for(world.outsider_admin).get("/surveys/mine/").content.decode()
    assert 'data-testid="my-survey"' not in outsider
    assert world.client_for(None).get("/surveys/mine/").status_code == 302
    answers = {"step": "submit", "satisfaction": "4", "next_year": "deepen"}
    answers |= {
        f"aspects.{item}": "4"
        for item in ("graduates", "communication", "curriculum", "projects", "services")
    }
    assert enterprise.post(actions.link_path(link), answers).status_code == 200
    assert 'data-testid="my-survey"' not in enterprise.get("/surveys/mine/").content.decode()
    assert not [w for w in waiting_for(world.enterprise_admin) if w.url == "/surveys/mine/"]


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_every_page_of_a_survey_without_responses_answers(world: World, template: str) -> None:
    survey = _survey(world, template)
    client = world.client_for(world.college_admin)
    matrix = survey.questions.filter(kind="matrix").first()
    single = survey.questions.filter(kind="single").first()
    rated = survey.questions.filter(kind__in=("likert5", "likert7")).first()
    assert matrix is not None and single is not None and rated is not None
    query = f"?scale={matrix.pk}&row={single.pk}&col={single.pk}&dv={rated.pk}&group={single.pk}"
    query += f"&only={single.pk}:{single.options[0]['value']}"
    for url in (
        f"/surveys/{survey.pk}/",
        f"/surveys/{survey.pk}/results/",
        f"/surveys/{survey.pk}/results/{query}",
        f"/surveys/{survey.pk}/results/?format=sav",
        f"/surveys/{survey.pk}/results/?format=xlsx",
        f"/surveys/{survey.pk}/coding/",
        "/surveys/competencies/",
    ):
        assert client.get(url).status_code == 200, url
    assert api(client, "get", f"/api/v1/surveys/{survey.pk}/results").status_code == 200


def test_the_list_counts_links_and_submitted_responses_of_each_survey(world: World) -> None:
    """Counted apart (a survey's links times its responses would otherwise be counted, then made
    distinct): links, submitted responses only, and zeros for a survey with neither."""
    answered = _answered_survey(world)
    actions.invite(world.college_admin, answered, unaddressed=2)
    Response.objects.create(survey=answered, answers={})  # started, not submitted
    empty = _survey(world, "graduate_tracking")
    counts = {s.pk: (s.links, s.submitted) for s in queries.surveys_for(world.college_admin)}
    assert counts == {answered.pk: (25 + 2, 25), empty.pk: (0, 0)}
    page = world.client_for(world.college_admin).get("/surveys/").content.decode()
    assert f'<a href="/surveys/{answered.pk}/results/">25</a>' in page
