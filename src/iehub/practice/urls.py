from django.urls import path

from iehub.practice import project_views, views

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
    path("practice/my-work/", project_views.my_work, name="my_work"),
    path("practice/needs/", project_views.needs_list, name="practice_needs"),
]
