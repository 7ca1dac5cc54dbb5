from django.urls import path

from marac import views

app_name = "marac"

urlpatterns = [
    path("", views.index, name="index"),
]
