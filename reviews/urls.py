from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_add, name="review_add"),
    path("recommendations.<str:fmt>", views.recommendations_export, name="export"),
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/edit/", views.review_edit, name="review_edit"),
    path("<int:pk>/panel/", views.panel_add, name="panel_add"),
    path("<int:pk>/panel/<int:member_pk>/remove/", views.panel_remove, name="panel_remove"),
    path("<int:pk>/meetings/", views.meeting_add, name="meeting_add"),
    path("<int:pk>/imrs/", views.imr_record, name="imr_record"),
    path("<int:pk>/recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path("<int:pk>/recommendations/<int:rec_pk>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("<int:pk>/recommendations/<int:rec_pk>/status/", views.recommendation_status,
         name="recommendation_status"),
]
