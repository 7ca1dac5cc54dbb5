from django.urls import path

from part4 import views

app_name = "part4"

urlpatterns = [
    path("", views.index, name="index"),
]
