from django.urls import path

from iehub.accounts import views

urlpatterns = [
    path("organisations/", views.organization_list, name="organization_list"),
    path("organisations/export/", views.organization_export, name="organization_export"),
    path("organisations/search/", views.organization_search, name="organization_search"),
    path("organisations/<id:pk>/", views.organization_detail, name="organization_detail"),
    path("organisations/<id:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/export/", views.person_export, name="person_export"),
    path("people/<id:pk>/", views.person_detail, name="person_detail"),
    path("people/<id:pk>/invite/", views.person_invite, name="person_invite"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path(
        "invitations/<id:pk>/<str:answer>/",
        views.invitation_answer,
        name="invitation_answer",
    ),
    path("import/", views.import_upload, name="import_upload"),
    path("settings/tokens/", views.token_list, name="token_list"),
    path("settings/tokens/<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
