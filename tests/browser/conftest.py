"""Browser tests: pytest-playwright driving Debian's Chromium (never a downloaded browser)
against pytest-django's live server, with a real Celery worker for screening.

Each test saves a screenshot of every page it used, as it was at the end, under
test-results/<test name>/."""

import os
import re
from base64 import b32decode
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import needs_second_factor
from licensing.criteria_catalogue import CRITERIA
from licensing.models import Criterion
from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
# ordinary synchronous code all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
REPO_ROOT = Path(__file__).resolve().parents[2]
RESULTS = REPO_ROOT / "test-results"
AXE = REPO_ROOT / "static" / "vendor" / "axe-core-4.14.1" / "axe.min.js"



@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}; "
                    "`apt-get install chromium` (browsers are never downloaded)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS,
            "headless": True}


@pytest.fixture(autouse=True)
def _criteria(db):
    """A transactional test starts from an emptied database: put the criteria catalogue
    (a data migration's rows) back."""
    for code, source, title in CRITERIA:
        Criterion.objects.get_or_create(code=code, defaults={"source": source, "title": title})


@pytest.fixture
def open_page(browser, live_server, request):
    """`open_page(name)` → a new page in its own browser context (its own sign-in),
    screenshotted at the end of the test."""
    pages = []

    def _open(name, *, width=1280, height=900):
        context = browser.new_context(base_url=live_server.url, accept_downloads=True,
                                      viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        page = context.new_page()
        pages.append((name, context, page))
        return page

    yield _open
    folder = RESULTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for index, (name, context, page) in enumerate(pages, start=1):
        try:
            page.screenshot(path=str(folder / f"{index:02d}-{name}.png"), full_page=True)
        finally:
            context.close()


def totp_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:  # this step's code is spent; the next step's is accepted
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def code_for_secret(secret: str) -> str:
    key = b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def sign_in(page, user, *, password=PASSWORD):
    """The sign-in form, then for an official with an enrolled app the TOTP step."""
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if needs_second_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            page.get_by_label("Authentication code").fill(totp_code(device))
            page.get_by_role("button", name="Verify").click()
    page.wait_for_load_state()
    return page


def enrolled_official(factory):
    user = factory()
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return user


def assert_accessible(page, what=""):
    """axe-core (vendored) finds no serious or critical WCAG 2.x A/AA violation."""
    # By URL, not inline: the Content-Security-Policy allows only scripts from our own files.
    page.add_script_tag(url="/static/" + AXE.relative_to(REPO_ROOT / "static").as_posix())
    results = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values:
        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})""")
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"{what or page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in bad)
