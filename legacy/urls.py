from django.urls import path

from legacy import views

app_name = "legacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("preview/", views.preview, name="preview"),
    path("confirm/", views.confirm, name="confirm"),
    path("<int:pk>/original/", views.download_original, name="original"),
]
