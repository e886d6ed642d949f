"""Who uses the system: organisations (manufacturers) and users with one role each."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant (manufacturer)")
    OFFICER = "officer", _("Licensing officer")
    APPROVER = "approver", _("Approving authority")
    AGENCY = "agency", _("Consulted agency")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")

class OrganisationKind(models.TextChoices):
    MANUFACTURER = "manufacturer", _("Manufacturer or exporter")
    CONSULTED_BODY = "consulted_body", _("Consulted body")


class SilencePolicy(models.TextChoices):
    """What a consulted body's silence past the due date means (docs/consultation.md)."""

    DEEMED_CONSENT = "deemed_consent", _("Silence is deemed consent")
    ESCALATE = "escalate", _("Escalate to the approving authority")


class Organisation(models.Model):
    """A manufacturer or exporter that applies for licences, or a body whose consent the
    law requires (a ministry, the security agency, the National Security Council): a
    consulted body, whose reviewers see the requests referred to it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    registration_number = models.CharField(_("registration number"), max_length=64, unique=True)
    country = CountryField(_("country"))
    address = models.TextField(_("address"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=OrganisationKind.choices,
                            default=OrganisationKind.MANUFACTURER, db_index=True)
    # --- a consulted body's terms ---
    code = models.SlugField(verbose_name=_("code"), max_length=40, blank=True,
                            help_text=_("A consulted body's short code (e.g. defence)."))
    referral_due_working_days = models.PositiveSmallIntegerField(
        verbose_name=_("referral due working days"),
        default=15, help_text=_("Working days a consulted body has to give its advice."))
    silence_policy = models.CharField(verbose_name=_("silence policy"), max_length=20,
                                      choices=SilencePolicy.choices,
                                      default=SilencePolicy.ESCALATE)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    @property
    def is_consulted_body(self) -> bool:
        return self.kind == OrganisationKind.CONSULTED_BODY


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person signing in with their email address. One role each; applicants have one
    organisation, consulted-agency reviewers one consulted body (an organisation too)."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("organisation"),
    )
    # The language of the pages, e-mails and API answers to this user (blank: the browser's).
    # The switcher on every page saves it (accounts.services.set_language).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="organisation_only_for_applicants_and_agencies",
                condition=(
                    models.Q(role__in=["applicant", "agency"], organisation__isnull=False)
                    | (~models.Q(role__in=["applicant", "agency"])
                       & models.Q(organisation__isnull=True))
                ),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def clean(self):
        if (self.is_staff or self.is_superuser) and self.role != Role.ADMINISTRATOR:
            # Separation of duties: whoever manages accounts takes no case decisions.
            raise ValidationError({"role": _("Only administrators have access to the "
                                             "administration site.")})
        needs = {Role.APPLICANT: OrganisationKind.MANUFACTURER,
                 Role.AGENCY: OrganisationKind.CONSULTED_BODY}.get(self.role)
        if needs is None:
            if self.organisation_id:
                raise ValidationError({"organisation": _(
                    "Only applicants and consulted-agency reviewers belong to an "
                    "organisation.")})
            return
        if not self.organisation_id:
            raise ValidationError({"organisation": _(
                "An applicant belongs to a manufacturer; a consulted-agency reviewer to a "
                "consulted body.")})
        if self.organisation.kind != needs:
            raise ValidationError({"organisation": _(
                "An applicant belongs to a manufacturer; a consulted-agency reviewer to a "
                "consulted body.")})

    def has_role(self, *roles) -> bool:
        return self.is_authenticated and self.is_active and self.role in roles

