"""Production: DEBUG off and the secret key required from the environment."""

import os

os.environ.setdefault("DEBUG", "false")
if "SECRET_KEY" not in os.environ:
    raise RuntimeError("SECRET_KEY must be set in production")

from config.settings import *  # noqa: E402,F403
