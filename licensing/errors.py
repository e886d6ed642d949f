"""What a use case can refuse with. Views and the API map them to messages and HTTP codes."""


class ServiceError(Exception):
    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class NotPermitted(ServiceError):
    """The actor's role or organisation does not allow this (HTTP 403)."""


class TransitionConflict(ServiceError):
    """Not allowed from the current state, or someone else changed it first (HTTP 409)."""


class TransitionRefused(ServiceError):
    """Allowed in principle, but a condition is unmet; `problems` says which (HTTP 400)."""


class InvalidInput(ServiceError):
    """Input that a form or serializer could not catch; `field_errors` by field (HTTP 400)."""

    def __init__(self, field_errors: dict[str, list[str]]):
        super().__init__("Invalid input.")
        self.field_errors = field_errors
