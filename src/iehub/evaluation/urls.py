from django.urls import path

from iehub.evaluation import views

urlpatterns = [
    path("evaluation/", views.evaluation_home, name="evaluation"),
    path("evaluation/policy/", views.policy_set, name="evaluation_policy"),
    path("evaluation/rubrics/new/", views.rubric_new, name="evaluation_rubric_new"),
    path("evaluation/rubrics/<id:pk>/", views.rubric_detail, name="evaluation_rubric"),
    path("evaluation/rubrics/<id:pk>/criteria/", views.criterion_add, name="evaluation_criterion_add"),
    path("evaluation/schemes/new/", views.scheme_new, name="evaluation_scheme_new"),
    path("evaluation/schemes/<id:pk>/", views.scheme_detail, name="evaluation_scheme"),
    path(
        "evaluation/schemes/<id:pk>/students/<id:student>/",
        views.student_evaluation,
        name="evaluation_student",
    ),
    path("evaluation/schemes/<id:pk>/links/", views.link_issue, name="evaluation_link_issue"),
    path("evaluation/schemes/<id:pk>/moderate/", views.scheme_moderate, name="evaluation_moderate"),
    path("evaluation/quality/", views.quality, name="evaluation_quality"),
    path("evaluation/links/<id:pk>/revoke/", views.link_revoke, name="evaluation_link_revoke"),
    path("assess/<str:token>/", views.assess, name="assess"),
    path("evaluation/portfolio/", views.my_portfolio, name="portfolio"),
    path("evaluation/portfolio/shares/", views.share_new, name="portfolio_share_new"),
    path(
        "evaluation/portfolio/shares/<id:pk>/withdraw/", views.share_withdraw, name="portfolio_share_withdraw"
    ),
    path("evaluation/portfolio/<id:student>/", views.student_portfolio, name="student_portfolio"),
    path("portfolio/<str:token>/", views.shared_portfolio, name="shared_portfolio"),
    path("evaluation/portfolio/report.pdf", views.my_report, name="portfolio_report"),
    path("evaluation/portfolio/<id:student>/report.pdf", views.student_report, name="student_report"),
    path("evaluation/cohorts/<id:pk>/", views.cohort, name="evaluation_cohort"),
    path("evaluation/portfolio/<id:student>/credentials/", views.credential_issue, name="credential_issue"),
    path("evaluation/portfolio/clr.json", views.my_clr, name="portfolio_clr"),
    path("evaluation/portfolio/<id:student>/clr.json", views.student_clr, name="student_clr"),
    path("credentials/<uuid:uid>/", views.credential_page, name="credential"),
    path("credentials/<uuid:uid>/revoke/", views.credential_revoke, name="credential_revoke"),
    path("credentials/<uuid:uid>/verify.json", views.credential_verification, name="credential_verification"),
    path("credentials/<uuid:uid>/credential.jwt", views.credential_token, name="credential_token"),
    path("credentials/issuers/<id:pk>/", views.credential_issuer, name="credential_issuer"),
    path("credentials/status/<id:pk>/", views.credential_status_list, name="credential_status_list"),
    path("evaluation/cohorts/<id:pk>/change/", views.cohort_change, name="evaluation_cohort_change"),
]
