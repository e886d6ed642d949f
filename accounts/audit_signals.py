"""Audit events for changes to users, their roles and permissions, and permission groups,
whoever makes them (Django admin, a management command, the shell).

The writer (licensing.services.audit.record_event) runs inside the change's transaction
when there is one (the admin wraps each save in one); a change made outside any
transaction gets its event in a transaction of its own, straight after."""

import contextvars

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

# Set per HTTP request by licensing.middleware.AuditContextMiddleware: who is acting, for
# changes that do not pass through a service (Django admin saves).
current_actor: contextvars.ContextVar = contextvars.ContextVar("current_actor", default=None)

TRACKED_FIELDS = ("email", "full_name", "role", "organisation_id", "is_active",
                  "is_staff", "is_superuser")


def _actor():
    user = current_actor.get()
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _record(action, obj, *, before=None, after=None):
    from licensing.services.audit import record_event

    with transaction.atomic():
        record_event(actor=_actor(), action=action, obj=obj, before=before, after=after)


def _user_state(user) -> dict:
    return {field: getattr(user, field) for field in TRACKED_FIELDS}


def _remember_old(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_old = None
        return
    old = sender.objects.filter(pk=instance.pk).values(*TRACKED_FIELDS, "password").first()
    instance._audit_old = old


def _user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    old = getattr(instance, "_audit_old", None)
    new = _user_state(instance)
    if created or old is None:
        _record("user.created", instance, after=new)
        return
    old_password = old.pop("password")
    changed = {f for f in TRACKED_FIELDS if old.get(f) != new[f]}
    if changed:
        action = "user.role_changed" if "role" in changed else "user.changed"
        _record(action, instance, before={f: old[f] for f in sorted(changed)},
                after={f: new[f] for f in sorted(changed)})
    if old_password != instance.password:
        _record("user.password_changed", instance)


def _user_deleted(sender, instance, **kwargs):
    _record("user.deleted", instance, before=_user_state(instance))


def _memberships_changed(sender, instance, action, pk_set, reverse, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    label = "groups" if model is Group or sender.__name__.endswith("groups") else "permissions"
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    _record(f"user.{label}_changed", instance,
            after={verb: sorted(pk_set or []), "model": model._meta.label_lower})


def _group_permissions_changed(sender, instance, action, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    _record("group.permissions_changed", instance, after={verb: sorted(pk_set or [])})


def _group_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        _record("group.created" if created else "group.changed", instance,
                after={"name": instance.name})


def _group_deleted(sender, instance, **kwargs):
    _record("group.deleted", instance, before={"name": instance.name})


def connect():
    from django.contrib.auth import get_user_model

    user = get_user_model()
    uid = "audit-users"
    pre_save.connect(_remember_old, sender=user, dispatch_uid=f"{uid}-pre")
    post_save.connect(_user_saved, sender=user, dispatch_uid=f"{uid}-post")
    post_delete.connect(_user_deleted, sender=user, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(_memberships_changed, sender=user.groups.through,
                        dispatch_uid=f"{uid}-groups")
    m2m_changed.connect(_memberships_changed, sender=user.user_permissions.through,
                        dispatch_uid=f"{uid}-perms")
    m2m_changed.connect(_group_permissions_changed, sender=Group.permissions.through,
                        dispatch_uid=f"{uid}-group-perms")
    post_save.connect(_group_saved, sender=Group, dispatch_uid=f"{uid}-group")
    post_delete.connect(_group_deleted, sender=Group, dispatch_uid=f"{uid}-group-delete")
