from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ops.views import healthz
from partnerships.forms import PasswordLinkForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # for the proxy and load balancer: no sign-in (ops/views.py)
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Forgotten password (and first sign-in of users imported without one): a link by e-mail.
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(form_class=PasswordLinkForm),
         name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("", include("partnerships.urls")),
    path("p/<slug:partnership>/", include("actions.urls")),
    path("p/<slug:partnership>/indicators/", include("indicators.urls")),
    path("p/<slug:partnership>/reports/", include("reports.urls")),
    path("p/<slug:partnership>/import/", include("legacy.urls")),
    path("p/<slug:partnership>/reviews/", include("reviews.urls")),
    path("p/<slug:partnership>/audit/", include("audit.urls")),
]

# No route serves MEDIA_ROOT, in DEBUG neither: evidence files and import originals are downloaded only
# through actions:evidence and legacy:original, which check the user's partnership and role.
