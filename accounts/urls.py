"""Sign-in URLs. Included by licensing.web.urls, so their names are `web:login` etc."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_verify, name="two-factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("language/", views.set_language, name="set-language"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
]
