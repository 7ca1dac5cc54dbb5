from django.urls import path

from marac import views

app_name = "marac"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.quarter_import, name="import"),
    path("add/", views.marac_add, name="add"),
    path("marac-data.<str:fmt>", views.export, name="export"),
]
