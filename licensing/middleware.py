from accounts.audit_signals import current_actor
from licensing.services.audit import current_ip_address


class AuditContextMiddleware:
    """Make the client's address available to the audit trail for this request.

    Behind a proxy, set the proxy to overwrite X-Forwarded-For; we take the last hop it
    appended (the client as the proxy saw it) only when TRUST_X_FORWARDED_FOR is on."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.trust_forwarded = getattr(settings, "TRUST_X_FORWARDED_FOR", False)

    def __call__(self, request):
        address = request.META.get("REMOTE_ADDR")
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
        if self.trust_forwarded and forwarded:
            address = forwarded.split(",")[-1].strip()
        token = current_ip_address.set(address or None)
        actor_token = current_actor.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(actor_token)
            current_ip_address.reset(token)
