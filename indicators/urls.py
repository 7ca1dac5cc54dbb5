from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("bvpi225/", views.bvpi, name="bvpi"),
    path("bvpi225/start/", views.bvpi_start, name="bvpi_start"),
    path("bvpi225/answers/<int:pk>/", views.bvpi_answer_change, name="bvpi_answer"),
    path("bvpi225/answers/<int:pk>/monitoring/", views.bvpi_monitoring_add, name="bvpi_monitoring"),
    path("bvpi225/answers/<int:pk>/sign-off/", views.bvpi_sign_off, name="bvpi_sign_off"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/values/", views.value_add, name="value_add"),
    path("<int:pk>/values/<int:value_pk>/", views.value_change, name="value_change"),
    path("<int:pk>/targets/", views.target_add, name="target_add"),
    path("<int:pk>/targets/<int:target_pk>/", views.target_change, name="target_change"),
]
