"""Sign-in: email and password, then for officials a TOTP code (enrolment on first
sign-in), sign-out and password change. Lock-out after repeated failures is django-axes'."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.auth import base32_secret, confirmed_totp_device
from accounts.forms import EmailAuthenticationForm, TokenForm
from accounts.policy import needs_second_factor


def _safe_next(request, default="/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


class SignInView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs):
        from django.conf import settings

        return {**super().get_context_data(**kwargs),
                "failure_limit": settings.AXES_FAILURE_LIMIT}

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if needs_second_factor(user):
            step = "web:two-factor" if confirmed_totp_device(user) else "web:two-factor-setup"
            return redirect(reverse(step) + "?" + urlencode({"next": self.get_success_url()}))
        return response


def _finish_second_factor(request, device):
    otp_login(request, device)
    request.session.cycle_key()
    return redirect(_safe_next(request))


@never_cache
@sensitive_post_parameters("token")
@login_required
def two_factor_verify(request):
    """The second step for an official who has an authenticator app enrolled."""
    if not needs_second_factor(request.user) or request.user.is_verified():
        return redirect(_safe_next(request))
    device = confirmed_totp_device(request.user)
    if device is None:
        return redirect(reverse("web:two-factor-setup") + "?" + request.GET.urlencode())
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes: wait a few seconds and try again."))
        elif device.verify_token(form.cleaned_data["token"]):
            return _finish_second_factor(request, device)
        else:
            form.add_error("token", _("That code is not right or has already been used. "
                                    "Enter the code your app shows now."))
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "next": _safe_next(request, "")},
                  status=400 if form.errors else 200)


@never_cache
@sensitive_post_parameters("token")
@login_required
def two_factor_setup(request):
    """Enrolment on first sign-in: show a QR code of a new secret and confirm it with a code.
    An official who already has a confirmed device cannot enrol another here (someone with
    only the password must not be able to add their own app); an administrator resets it."""
    user = request.user
    if not needs_second_factor(user):
        return redirect(_safe_next(request))
    if confirmed_totp_device(user):
        return redirect(reverse("web:two-factor") + "?" + request.GET.urlencode())
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            messages.success(request, _("Your authenticator app is set up. You will be asked for "
                                      "a code each time you sign in."))
            return _finish_second_factor(request, device)
        form.add_error("token", _("That code is not right. Check the app's clock and enter the "
                                "code it shows now."))
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR code of your secret"))
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr_svg": mark_safe(svg),  # noqa: S308 - segno's own SVG markup
        "secret": base32_secret(device), "next": _safe_next(request, ""),
    }, status=400 if form.errors else 200)


class SignOutView(auth_views.LogoutView):
    next_page = reverse_lazy("web:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have signed out.")
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@require_POST
def set_language(request):
    """The language switcher on every page: saves the choice on the signed-in user's
    profile (and in a cookie, for the sign-in page and visitors), then goes back."""
    try:
        code = services.set_language(request.user, request.POST.get("language", ""))
    except LookupError:
        return HttpResponseBadRequest(_("That language is not offered."))
    response = redirect(_safe_next(request))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code,
                        max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
                        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure())
    return response
