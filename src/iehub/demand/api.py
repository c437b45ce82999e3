"""Demand over the API: posting imports, enterprise skill needs and occupations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import COOPERATION, PEOPLE, POSTINGS
from iehub.core.views_helpers import current_user as _user
from iehub.demand import actions, occupations, queries
from iehub.demand.ingest import reap_stalled_imports
from iehub.demand.models import PostingImport, SkillNeed
from iehub.taxonomy.models import Occupation, Skill

router = Router(tags=["job postings"])


class PostingImportOut(Schema):
    id: int
    file_name: str
    status: str
    rows: int
    processed: int
    created: int
    duplicates: int
    near_duplicates: int
    errors: list[dict[str, Any]]


@router.post("/postings/imports", response={202: PostingImportOut}, tags=["job postings"])
def start_import(request: HttpRequest, file: File[UploadedFile]) -> Status[Any]:
    """Queue a postings file (CSV, XLSX, JSONL) for the task worker; poll the returned import."""

    return Status(202, actions.start_posting_import(_user(request), file))


@router.get("/postings/imports/{import_id}", response=PostingImportOut, tags=["job postings"])
def get_import(request: HttpRequest, import_id: DbId) -> Any:
    """An import's status and report; an import whose worker died reads as failed (see the docs)."""

    reap_stalled_imports()
    return get_object_or_404(PostingImport.objects.restrict(_user(request)), pk=import_id)


needs_router = Router(tags=["enterprise skill needs"])


class NeedIn(Schema):
    skill_uri: str
    kind: str = "skill_need"
    headcount: int = 1
    timeframe: str = "now"
    description: str
    enterprise_id: DbId | None = None


class NeedOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    skill_uri: str
    skill: str
    kind: str
    headcount: int
    timeframe: str
    description: str
    created_at: dt.datetime
    withdrawn: bool


def _need_out(n: SkillNeed) -> dict[str, Any]:
    return {
        "id": n.pk,
        "enterprise_id": n.enterprise_id,
        "enterprise": n.enterprise.display_name,
        "skill_uri": n.skill.uri,
        "skill": n.skill.display_name,
        "kind": n.kind,
        "headcount": n.headcount,
        "timeframe": n.timeframe,
        "description": n.description,
        "created_at": n.created_at,
        "withdrawn": n.withdrawn_at is not None,
    }


@needs_router.get("/needs", response=Page[NeedOut])
@kept_answer(COOPERATION, PEOPLE, POSTINGS)
def list_needs(request: HttpRequest, page: Query[PageQuery], skill_uri: str = "") -> dict[str, Any]:
    """Needs the caller may see: their own enterprise's, partners', and all for government."""
    found = queries.visible_needs(_user(request))
    return paged(found.filter(skill__uri=skill_uri) if skill_uri else found, page, _need_out)


@needs_router.post("/needs", response={201: NeedOut})
def create_need(request: HttpRequest, payload: NeedIn) -> Status[Any]:
    user = _user(request)
    enterprises = queries.enterprises_of(user)
    enterprise = (
        enterprises.filter(pk=payload.enterprise_id).first() if payload.enterprise_id else enterprises.first()
    )
    need = actions.submit_need(
        user,
        enterprise,
        Skill.objects.filter(uri=payload.skill_uri).first(),
        payload.kind,
        payload.headcount,
        payload.timeframe,
        payload.description,
    )
    return Status(201, _need_out(need))


@needs_router.post("/needs/{need_id}/withdraw", response=NeedOut)
def withdraw(request: HttpRequest, need_id: DbId) -> dict[str, Any]:
    user = _user(request)
    need = get_object_or_404(queries.visible_needs(user), pk=need_id)
    return _need_out(actions.withdraw_need(user, need))


occupations_router = Router(tags=["occupations"])


class SkillRef(Schema):
    uri: str
    label: str


class OccupationDemandOut(Schema):
    id: int
    uri: str
    code_cn: str
    label: str
    postings: int
    share: float
    previous: int
    growth: float | None
    top_skills: list[SkillRef]


class OccupationRankingOut(Schema):
    period: str
    periods: list[str]
    postings: int
    without_occupation: int
    results: list[OccupationDemandOut]


class OccupationSkillOut(SkillRef):
    postings: int
    share: float


class OccupationProfileOut(Schema):
    id: int
    uri: str
    code_cn: str
    label: str
    series: list[dict[str, Any]]
    skills: list[OccupationSkillOut]
    titles: list[dict[str, Any]]


@occupations_router.get("/occupations", response=OccupationRankingOut)
@kept_answer(POSTINGS)
def occupation_ranking(request: HttpRequest, period: str = "", limit: int = 50) -> dict[str, Any]:
    """Occupations of a quarter (the latest by default) by postings whose titles normalise to them."""
    _user(request)
    result = occupations.ranking(period, limit=max(1, min(limit, 200)))
    return {
        "period": result.period,
        "periods": result.periods,
        "postings": result.total,
        "without_occupation": result.unmatched,
        "results": [
            {
                "id": r.occupation.pk,
                "uri": r.occupation.uri,
                "code_cn": r.occupation.code_cn,
                "label": r.occupation.display_name,
                "postings": r.count,
                "share": round(r.share, 6),
                "previous": r.previous,
                "growth": None if r.growth is None else round(r.growth, 4),
                "top_skills": [{"uri": s.uri, "label": s.display_name} for s in r.top_skills],
            }
            for r in result.rows
        ],
    }


@occupations_router.get("/occupations/{occupation_id}", response=OccupationProfileOut)
def occupation_profile(request: HttpRequest, occupation_id: DbId) -> dict[str, Any]:
    occupation = get_object_or_404(Occupation.objects.restrict(_user(request)), pk=occupation_id)
    found = occupations.profile(occupation)
    return {
        "id": occupation.pk,
        "uri": occupation.uri,
        "code_cn": occupation.code_cn,
        "label": occupation.display_name,
        "series": found.series,
        "skills": [
            {"uri": s.uri, "label": s.display_name, "postings": n, "share": round(share, 4)}
            for s, n, share in found.skills
        ],
        "titles": [{"title": t, "postings": n} for t, n in found.titles],
    }
