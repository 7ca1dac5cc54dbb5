from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("", views.home, name="home"),
    path("p/<slug:partnership>/groups/", views.groups, name="groups"),
    path("p/<slug:partnership>/groups/<slug:group_slug>/", views.group, name="group"),
    path("p/<slug:partnership>/groups/<slug:group_slug>/edit/", views.group_edit, name="group_edit"),
    path("p/<slug:partnership>/groups/<slug:group_slug>/meetings/", views.meeting_add, name="meeting_add"),
    path("p/<slug:partnership>/groups/<slug:group_slug>/meetings/<int:pk>/", views.meeting_change,
         name="meeting_change"),
]
