from accounts.audit_signals import current_actor
from config.client_address import client_address
from licensing.services.audit import current_ip_address


class AuditContextMiddleware:
    """Make the client's address available to the audit trail for this request.

    The address is the one `TRUSTED_PROXY_COUNT` says to believe (config/client_address.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip_address.set(client_address(request))
        actor_token = current_actor.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(actor_token)
            current_ip_address.reset(token)
