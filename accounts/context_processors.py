from accounts.policy import Policy


def policy(request):
    """`may` in every template: the named checks of accounts.policy for the signed-in user."""
    return {"may": Policy(getattr(request, "user", None))}
