from django.urls import path

from iehub.partnership import ledger_views, pulse_views, views

urlpatterns = [
    path("quality/indicators/", views.indicators, name="indicators"),
    path("quality/programs/", views.program_indicators, name="program_indicators"),
    path("quality/programs/<int:pk>/<slug:figure>/", views.program_records, name="program_records"),
    path("quality/indicators/<slug:key>/", views.indicator_records, name="indicator_records"),
    path("quality/report/", ledger_views.quality_report, name="quality_report"),
    path("partnerships/incentives/", ledger_views.incentive_list, name="incentive_list"),
    path("partnerships/incentives/<int:pk>/", ledger_views.incentive_detail, name="incentive_detail"),
    path("partnerships/teachers/", ledger_views.teacher_practice, name="teacher_practice"),
    path(
        "partnerships/teachers/qualifications/<int:pk>/",
        ledger_views.qualification_file,
        name="qualification_file",
    ),
    path("partnerships/feedback/", pulse_views.feedback, name="feedback"),
    path("partnerships/feedback/pulses/<int:pk>/", pulse_views.pulse_detail, name="pulse_detail"),
    path("partnerships/feedback/requests/<int:pk>/", pulse_views.pulse_answer, name="pulse_answer"),
    path("partnerships/", ledger_views.partnership_list, name="partnership_list"),
    path("partnerships/new/", ledger_views.partnership_new, name="partnership_new"),
    path("partnerships/<int:pk>/", ledger_views.partnership_detail, name="partnership_detail"),
    path("partnerships/<int:pk>/edit/", ledger_views.partnership_edit, name="partnership_edit"),
    path("partnerships/<int:pk>/documents/", ledger_views.agreement_upload, name="agreement_upload"),
    path("partnerships/documents/<int:pk>/", ledger_views.agreement_file, name="agreement_file"),
    path("partnerships/activities/<int:pk>/void/", ledger_views.activity_void, name="activity_void"),
    path("partnerships/activities/<int:pk>/evidence/", ledger_views.evidence_upload, name="evidence_upload"),
    path("partnerships/evidence/<int:pk>/", ledger_views.evidence_file, name="evidence_file"),
    path(
        "partnerships/consortia/<int:pk>/collaborations/",
        ledger_views.consortium_collaborations,
        name="consortium_collaborations",
    ),
    path(
        "partnerships/consortia/<int:pk>/",
        ledger_views.consortium_contributions,
        name="consortium_contributions",
    ),
]
