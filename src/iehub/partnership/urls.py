from django.urls import path

from iehub.partnership import views

urlpatterns = [
    path("quality/indicators/", views.indicators, name="indicators"),
    path("quality/indicators/<slug:key>/", views.indicator_records, name="indicator_records"),
]
