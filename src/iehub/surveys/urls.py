from django.urls import path

from iehub.surveys import views

urlpatterns = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/mine/", views.my_surveys, name="my_surveys"),
    path("surveys/competencies/", views.competencies, name="survey_competencies"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/results/", views.survey_results, name="survey_results"),
    path("surveys/<int:pk>/coding/", views.survey_coding, name="survey_coding"),
    path("s/<str:token>/", views.survey_answer, name="survey_answer"),
]
