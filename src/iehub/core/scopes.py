"""The names of the data-version scopes (:mod:`iehub.core.data_versions`), in one place below every app.

Why here: a scope's tables are registered by the app that keeps values computed from them, but a page of
a lower app may read them too (the demand needs page reads the cooperation scope that partnership
registers), and a kept page names every scope it reads. The names are the shared vocabulary; which
tables each holds stays with the app that registers it.
"""

from __future__ import annotations

# Registered in every scope (what ``kept_under_every_scope`` keeps moves with each of them).
ACCESS = "access"  # organisations, memberships, partnerships, programs: who may use which page (web.shell)
ACTIVITY = "activity"  # what waits for someone: invitations, change requests, surveys (web.shell)
POSTINGS = "postings"  # job postings, their skills, the taxonomy (demand.occupations)
CURRICULA = "curricula"  # versions, directions, tasks, modules, courses (curriculum.queries)
SERIES = "series"  # the demand series (curriculum.queries)
MATCHING = "matching"  # opportunities and allocation rounds (matching.queries)
EVALUATIONS = "evaluations"  # schemes, rubrics, evaluations, marks (evaluation.portfolio)
COOPERATION = "cooperation"  # activities, placements, bases, pulses, needs (partnership.kpis)

# Outside every scope: written too often, or read only by pages.
PEOPLE = "people"  # the user rows; a login's last_login leaves it alone (accounts.queries)
NOTIFICATIONS = "notifications"  # fanned out to many people at once (web.shell)
CLASSES = "classes"  # class groups (curriculum.queries)
OFFERINGS = "offerings"  # micro-courses and certificates (curriculum.queries)
CHANGE_TALK = "change_talk"  # comments on change requests (curriculum.queries)
ALERTS = "alerts"  # skill alerts and skill relations (demand.occupations)
PROJECTS = "projects"  # enterprise projects: members, stages, tasks, deliverables, roles (practice.queries)
BASES = "bases"  # training bases' equipment and bookings (practice.queries)
QUESTIONS = "questions"  # questions to enterprise mentors and their answers (practice.queries)
PLACEMENT_DAYS = "placement_days"  # check-ins, log entries, problem reports (practice.queries)
ASSESSMENT = "assessment"  # moderation, assessor links, credentials, portfolio shares (evaluation.portfolio)
LEDGER = "ledger"  # agreement documents, evidence, teachers' practice, dual qualifications (partnership.kpis)
POSTING_IMPORTS = "posting_imports"  # postings import batches and their progress (demand.occupations)
AUDIT = "audit"  # the audit log's entries (accounts.audit_log)
SURVEY_FORMS = "survey_forms"  # survey sections (surveys.queries)
APPLICATIONS = "applications"  # students' applications, matching profiles, round choices (matching.queries)
MATCH_SCORES = "match_scores"  # the stored match scores, rewritten by the scoring task (matching.queries)
TRANSCRIPTS = "transcripts"  # students' transcript entries (curriculum.queries)
