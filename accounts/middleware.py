from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.policy import needs_second_factor

# Paths an official who has given only their password may still reach.
_OPEN_PREFIXES = ("/static/", "/verify/", "/favicon", "/accounts/language/")


class OfficialsNeedSecondFactorMiddleware:
    """An official signed in with a password alone reaches nothing but the second step
    (TOTP verification, or enrolment on first sign-in) and sign-out. Put after
    django_otp's OTPMiddleware, which tells whether the session passed TOTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if needs_second_factor(user) and not user.is_verified():
            allowed = (reverse("web:two-factor"), reverse("web:two-factor-setup"),
                       reverse("web:logout"), reverse("web:login"))
            path = request.path
            if path not in allowed and not path.startswith(_OPEN_PREFIXES):
                if path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Complete the second sign-in step (authenticator code) "
                                     "in the web interface first.")}, status=403)
                target = reverse("web:two-factor")
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                return redirect(target)
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's saved language (accounts.User.language) wins over the browser's
    on the web pages. The API follows an explicit Accept-Language header first (an ERP
    system asks for the language it can show), then the user's choice. Put after
    LocaleMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if language and not (request.path.startswith("/api/")
                             and request.headers.get("Accept-Language")):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
