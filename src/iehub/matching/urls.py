from django.urls import path

from iehub.matching import views

urlpatterns = [
    path("matching/", views.matching_home, name="matching"),
    path("matching/opportunities/", views.opportunity_list, name="opportunities"),
    path("matching/opportunities/new/", views.opportunity_form, name="opportunity_new"),
    path("matching/opportunities/<id:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("matching/opportunities/<id:pk>/edit/", views.opportunity_form, name="opportunity_edit"),
    path("matching/opportunities/<id:pk>/status/", views.opportunity_status, name="opportunity_status"),
    path("matching/opportunities/<id:pk>/vet/", views.organisation_vet, name="organisation_vet"),
    path("matching/opportunities/<id:pk>/complaints/", views.complaint_new, name="complaint_new"),
    path("matching/opportunities/<id:pk>/apply/", views.application_new, name="application_new"),
    path("matching/complaints/<id:pk>/resolve/", views.complaint_resolve, name="complaint_resolve"),
    path("matching/applications/<id:pk>/", views.application_detail, name="application_detail"),
    path("matching/profile/", views.profile, name="matching_profile"),
    path("matching/rounds/", views.round_list, name="rounds"),
    path("matching/rounds/<id:pk>/", views.round_detail, name="round_detail"),
    path("matching/rounds/<id:pk>/act/", views.round_action, name="round_action"),
    path("matching/rounds/<id:pk>/results.<str:fmt>", views.round_export, name="round_export"),
    path("matching/supply-demand/", views.supply_demand, name="supply_demand"),
]
