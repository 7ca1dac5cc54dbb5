from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("preview/", views.preview, name="preview"),
    path("download/", views.download, name="download"),
    path("draft/", views.draft, name="draft"),
    path("draft/status/", views.draft_status, name="draft_status"),
    path("issue/", views.issue, name="issue"),
    path("issued/<int:pk>/", views.issued_download, name="issued"),
    path("reopen/", views.reopen, name="reopen"),
    path("batches/", views.batch_start, name="batch_start"),
    path("batches/<int:pk>/", views.batch_status, name="batch_status"),
]
