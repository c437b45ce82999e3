from django.urls import path

from iehub.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit/", views.audit_log_page, name="audit_log"),
    path("skills/<id:pk>/", views.skill_detail, name="skill_detail"),
]
