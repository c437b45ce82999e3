from django.urls import path

from iehub.demand import views

urlpatterns = [
    path("postings/imports/", views.posting_imports, name="posting_imports"),
    path("postings/imports/<id:pk>/", views.posting_import_detail, name="posting_import_detail"),
    path("demand/", views.demand_explorer, name="demand_explorer"),
    path("demand/occupations/", views.occupation_demand, name="occupation_demand"),
    path("demand/occupations/<id:pk>/", views.occupation_detail, name="occupation_detail"),
    path("demand/needs/", views.skill_needs, name="skill_needs"),
    path("demand/needs/<id:pk>/withdraw/", views.skill_need_withdraw, name="skill_need_withdraw"),
]
