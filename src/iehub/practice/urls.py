from django.urls import path

from iehub.practice import views

urlpatterns = [
    path("practice/bases/", views.base_list, name="training_bases"),
    path("practice/bases/new/", views.base_new, name="training_base_new"),
    path("practice/bases/<id:pk>/", views.base_detail, name="training_base"),
    path("practice/bases/<id:pk>/edit/", views.base_edit, name="training_base_edit"),
    path("practice/bases/<id:pk>/book/", views.base_book, name="training_base_book"),
    path("practice/bases/<id:pk>/equipment/", views.equipment_add, name="training_base_equipment"),
    path("practice/bookings/<id:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
]
