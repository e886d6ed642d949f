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






class Agency(models.TextChoices):
    FOREIGN_AFFAIRS = "foreign_affairs", _("Ministry of Foreign Affairs")
    DEFENCE = "defence", _("Ministry of Defence")
    INTERIOR = "interior", _("Ministry of the Interior")
    SECURITY = "security", _("Security Agency")


class Organisation(models.Model):
    """A manufacturer or exporter that applies for licences."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    registration_number = models.CharField(_("registration number"), max_length=64, unique=True)
    country = CountryField(_("country"))
    address = models.TextField(_("address"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


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
    organisation, consulted-agency reviewers one agency."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name=_("organisation"),
    )
    agency = models.CharField(_("agency"), max_length=30, choices=Agency.choices, blank=True)
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
                name="applicant_has_exactly_one_organisation",
                condition=(
                    models.Q(role="applicant", organisation__isnull=False)
                    | (~models.Q(role="applicant") & models.Q(organisation__isnull=True))
                ),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def clean(self):
        if self.role == Role.APPLICANT and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("An applicant belongs to an organisation.")})
        if self.role != Role.APPLICANT and self.organisation_id:
            raise ValidationError(
                {"organisation": _("Only applicants belong to an organisation.")})
        if self.role == Role.AGENCY and not self.agency:
            raise ValidationError(
                {"agency": _("A consulted-agency reviewer belongs to an agency.")})

