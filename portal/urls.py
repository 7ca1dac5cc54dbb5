from allauth.account import views as allauth_views
from allauth.account.decorators import secure_admin_login
from allauth.socialaccount import views as social_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from ops.views import healthz
from partnerships.forms import PasswordLinkForm

# The admin signs in through the portal's sign-in page, second factor included (its own form asks a password only).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # for the proxy and load balancer: no sign-in (ops/views.py)
    path("admin/", admin.site.urls),
    # Signing in is allauth's (password, then the second factor; single sign-on when configured); the names
    # "login" and "logout" stay the portal's. Passwords are changed and reset through Django's views below.
    path("accounts/login/", allauth_views.login, name="login"),
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
    # Of the rest of allauth only what the portal uses: no sign-up (admins make accounts), no e-mail address
    # management (single sign-on matches the address an admin gave), no second set of password pages.
    path("accounts/login/", allauth_views.login, name="account_login"),  # the names allauth's own pages use
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="account_logout"),
    path("accounts/reauthenticate/", allauth_views.reauthenticate, name="account_reauthenticate"),
    path("accounts/inactive/", allauth_views.account_inactive, name="account_inactive"),
    # The second factor: set up, use and replace an authenticator app, passkeys / security keys, recovery codes.
    path("accounts/2fa/", include("allauth.mfa.urls")),
    # Single sign-on through OpenID Connect (OIDC_PROVIDER_URL): accounts/oidc/sso/login/ and its callback.
    path("accounts/", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("accounts/sso/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("accounts/sso/error/", login_not_required(social_views.login_error), name="socialaccount_login_error"),
    path("", include("partnerships.urls")),
    path("p/<slug:partnership>/", include("actions.urls")),
    path("p/<slug:partnership>/indicators/", include("indicators.urls")),
    path("p/<slug:partnership>/reports/", include("reports.urls")),
    path("p/<slug:partnership>/import/", include("legacy.urls")),
    path("p/<slug:partnership>/reviews/", include("reviews.urls")),
    path("p/<slug:partnership>/audit/", include("audit.urls")),
    path("p/<slug:partnership>/safe-accommodation/", include("part4.urls")),
    path("p/<slug:partnership>/marac/", include("marac.urls")),
    path("p/<slug:partnership>/schedule/", include("schedules.urls")),
]

# No route serves MEDIA_ROOT, in DEBUG neither: evidence files and import originals are downloaded only
# through actions:evidence and legacy:original, which check the user's partnership and role.

# A request whose database was busy past the timeout (say, the session's save at its end) is told to try
# again (503), not given the 500 page (portal.db_busy).
handler500 = "portal.db_busy.server_error"
