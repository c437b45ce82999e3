from django.urls import path

from iehub.practice import placement_views, project_views, qa_views, views

urlpatterns = [
    path("practice/bases/", views.base_list, name="training_bases"),
    path("practice/bases/new/", views.base_new, name="training_base_new"),
    path("practice/bases/<id:pk>/", views.base_detail, name="training_base"),
    path("practice/bases/<id:pk>/edit/", views.base_edit, name="training_base_edit"),
    path("practice/bases/<id:pk>/book/", views.base_book, name="training_base_book"),
    path("practice/bases/<id:pk>/equipment/", views.equipment_add, name="training_base_equipment"),
    path("practice/bookings/<id:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("practice/projects/", project_views.project_board, name="projects"),
    path("practice/projects/new/", project_views.project_new, name="project_new"),
    path("practice/projects/<id:pk>/", project_views.project_detail, name="project"),
    path("practice/projects/<id:pk>/members/", project_views.project_add_member, name="project_add_member"),
    path("practice/projects/<id:pk>/start/", project_views.project_start, name="project_start"),
    path("practice/stages/<id:pk>/tasks/", project_views.stage_add_task, name="stage_add_task"),
    path("practice/stages/<id:pk>/upload/", project_views.stage_upload, name="stage_upload"),
    path("practice/stages/<id:pk>/cost/", project_views.stage_cost, name="stage_cost"),
    path("practice/stages/<id:pk>/<slug:step>/", project_views.stage_step, name="stage_step"),
    path("practice/tasks/<id:pk>/done/", project_views.task_done, name="task_done"),
    path("practice/deliverables/<id:pk>/", project_views.deliverable_file, name="deliverable_file"),
    path(
        "practice/deliverables/<id:pk>/preview/",
        project_views.deliverable_preview,
        name="deliverable_preview",
    ),
    path("practice/my-work/", project_views.my_work, name="my_work"),
    path("practice/needs/", project_views.needs_list, name="practice_needs"),
    path("practice/placements/", placement_views.placement_list, name="placements"),
    path("practice/placements/new/", placement_views.placement_new, name="placement_new"),
    path(
        "practice/placements/people/<str:field>/",
        placement_views.placement_people_search,
        name="placement_people_search",
    ),
    path("practice/placements/<id:pk>/", placement_views.placement_detail, name="placement"),
    path("practice/placements/<id:pk>/log/", placement_views.placement_log, name="placement_log"),
    path("practice/logs/<id:pk>/co-sign/", placement_views.log_co_sign, name="log_co_sign"),
    path(
        "practice/placements/<id:pk>/check-in/", placement_views.placement_check_in, name="placement_check_in"
    ),
    path(
        "practice/placements/<id:pk>/problems/", placement_views.placement_problem, name="placement_problem"
    ),
    path("practice/problems/<id:pk>/answer/", placement_views.problem_answer, name="problem_answer"),
    path("practice/questions/", qa_views.question_list, name="questions"),
    path("practice/questions/ask/", qa_views.question_ask, name="question_ask"),
    path("practice/questions/<id:pk>/", qa_views.question_detail, name="question"),
    path("practice/questions/<id:pk>/answer/", qa_views.question_answer, name="question_answer"),
    path("practice/questions/<id:pk>/faq/", qa_views.question_faq, name="question_faq"),
    path("practice/answers/<id:pk>/accept/", qa_views.answer_accept, name="answer_accept"),
]
