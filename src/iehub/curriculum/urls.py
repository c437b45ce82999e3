from django.urls import path

from iehub.curriculum import alert_views, views

urlpatterns = [
    path("alerts/", alert_views.alert_inbox, name="alert_inbox"),
    path("alerts/<id:pk>/", alert_views.alert_detail, name="alert_detail"),
    path("alerts/<id:pk>/<str:step>/", alert_views.alert_step, name="alert_step"),
    path("curriculum/", views.program_list, name="curriculum_programs"),
    path("curriculum/overview/", views.overview, name="curriculum_overview"),
    path("curriculum/programs/<id:pk>/", views.program_detail, name="curriculum_program"),
    path("curriculum/programs/<id:pk>/tasks/", views.program_tasks, name="curriculum_program_tasks"),
    path("curriculum/programs/<id:pk>/import/", views.program_import, name="curriculum_program_import"),
    path("curriculum/programs/<id:pk>/gaps/", views.gaps, name="curriculum_gaps"),
    path("curriculum/versions/<id:pk>/", views.version_detail, name="curriculum_version"),
    path("curriculum/versions/<id:pk>/cell/", views.version_cell, name="curriculum_version_cell"),
    path("curriculum/versions/<id:pk>/edit/", views.version_course, name="curriculum_version_edit"),
    path("curriculum/versions/<id:pk>/diff/", views.version_diff, name="curriculum_version_diff"),
    path(
        "curriculum/versions/<id:pk>/export.<str:fmt>",
        views.version_export,
        name="curriculum_version_export",
    ),
    path("curriculum/changes/", views.change_list, name="change_requests"),
    path("curriculum/changes/new/", views.change_new, name="change_request_new"),
    path("curriculum/changes/<id:pk>/", views.change_detail, name="change_request"),
    path("curriculum/changes/<id:pk>/<str:step>/", views.change_step, name="change_request_step"),
    path("curriculum/micro-courses/", views.micro_course_list, name="micro_courses"),
    path("curriculum/micro-courses/new/", views.micro_course_new, name="micro_course_new"),
    path("curriculum/micro-courses/<id:pk>/", views.micro_course_detail, name="micro_course"),
    path(
        "curriculum/micro-courses/<id:pk>/publish/", views.micro_course_publish, name="micro_course_publish"
    ),
    path("curriculum/certificates/", views.certificates, name="certificates"),
    path("curriculum/certificates/rules/", views.rule_new, name="recognition_rule_new"),
    path("curriculum/recognition/", views.recognition_new, name="recognition_new"),
    path("curriculum/recognition/<id:pk>/<str:step>/", views.recognition_step, name="recognition_step"),
    path("curriculum/transcript/", views.transcript, name="transcript"),
    path("curriculum/suggestions/", views.suggestions, name="suggestions"),
    path("curriculum/suggestions/<id:pk>/<str:step>/", views.suggestion_step, name="suggestion_step"),
]
