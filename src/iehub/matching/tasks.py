"""Background work of matching, run by the task worker (``iehub db_worker``)."""

from __future__ import annotations

from django_tasks import task

from iehub.matching.queries import recompute_scores


@task()
def recompute_match_scores(student_ids: list[int] | None = None) -> int:
    """Store the best matches of the given students (all students when None) with their explanations."""
    return recompute_scores(student_ids)
