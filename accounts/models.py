"""Who uses the system: organisations (manufacturers) and users with one role each."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Role(models.TextChoices):
    APPLICANT = "applicant", "Applicant (manufacturer)"
    OFFICER = "officer", "Licensing officer"
    APPROVER = "approver", "Approving authority"
    AGENCY = "agency", "Consulted agency"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


OFFICIAL_ROLES = frozenset({Role.OFFICER, Role.APPROVER, Role.AUDITOR, Role.ADMINISTRATOR})
CASEWORKER_ROLES = frozenset({Role.OFFICER, Role.APPROVER})


class Agency(models.TextChoices):
    FOREIGN_AFFAIRS = "foreign_affairs", "Ministry of Foreign Affairs"
    DEFENCE = "defence", "Ministry of Defence"
    INTERIOR = "interior", "Ministry of the Interior"
    SECURITY = "security", "Security Agency"


class Organisation(models.Model):
    """A manufacturer or exporter that applies for licences."""

    name = models.CharField(max_length=200, unique=True)
    registration_number = models.CharField(max_length=64, unique=True)
    country = CountryField()
    address = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

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

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    agency = models.CharField(max_length=30, choices=Agency.choices, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["email"]
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
            raise ValidationError({"organisation": "An applicant belongs to an organisation."})
        if self.role != Role.APPLICANT and self.organisation_id:
            raise ValidationError({"organisation": "Only applicants belong to an organisation."})
        if self.role == Role.AGENCY and not self.agency:
            raise ValidationError({"agency": "A consulted-agency reviewer belongs to an agency."})
        if (self.is_staff or self.is_superuser) and self.role != Role.ADMINISTRATOR:
            # Separation of duties: whoever manages accounts takes no case decisions.
            raise ValidationError({"role": _("Only administrators have access to the "
                                             "administration site.")})

    def has_role(self, *roles) -> bool:
        return self.is_authenticated and self.is_active and self.role in roles

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_official(self) -> bool:
        return self.role in OFFICIAL_ROLES
