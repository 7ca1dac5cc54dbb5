from django.urls import path

from part4 import views

app_name = "part4"

urlpatterns = [
    path("", views.index, name="index"),
    path("boards/new/", views.board_add, name="board_add"),
    path("boards/<int:pk>/", views.board, name="board"),
    path("boards/<int:pk>/categories/", views.seat_add, name="seat_add"),
    path("boards/<int:pk>/categories/<int:seat_pk>/remove/", views.seat_remove, name="seat_remove"),
    path("boards/<int:pk>/documents/", views.document_add, name="document_add"),
    path("boards/<int:pk>/returns/new/", views.return_add, name="return_add"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/versions/", views.version_add, name="version_add"),
    path("returns/<int:pk>/", views.annual_return, name="return"),
    path("returns/<int:pk>/edit/", views.return_edit, name="return_edit"),
    path("returns/<int:pk>/return.<str:fmt>", views.return_export, name="return_export"),
]
