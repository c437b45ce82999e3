from django.urls import path

from iehub.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("audit/", views.audit_log_page, name="audit_log"),
    path("skills/search/", views.skill_search, name="skill_search"),
    path("skills/<id:pk>/", views.skill_detail, name="skill_detail"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<id:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
]
