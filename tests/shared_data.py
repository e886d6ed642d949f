"""Where the shared reference data lives: `shared/data` beside the repository checkout.

The real list files are too large (and not ours) to copy into the repository; tests read them
from the directory next to the checkout, wherever that is cloned.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
