from config.client_address import client_address
from licensing.services.audit import current_ip_address


class AuditContextMiddleware:
    """Make the client's address available to the audit trail for this request.

    The address is the one `TRUSTED_PROXY_COUNT` says to believe (config/client_address.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            current_ip_address.reset(token)
