"""Issue 13 in the browser: an officer switches the language on the work queue and on a
request page (Serbian Cyrillic, Serbian Latin, English); the visible text changes script,
`<html lang>` follows with its BCP 47 tag, the choice is kept on the profile, the finding
messages follow the reader's language, and axe stays clean (the `lang` rules included).
A screenshot of each page in each locale is saved under test-results/<test name>/."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.cases import eleven_finding_case
from tests.browser.conftest import RESULTS, assert_accessible, enrolled_official, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN_SERBIAN = re.compile(r"[čćšžđČĆŠŽĐ]")
LATIN_WORD = re.compile(r"\b[A-Za-zčćšžđČĆŠŽĐ]{4,}\b")
# The switcher's value, <html lang>, and a word of the navigation in that locale.
LOCALES = [("sr", "sr-Cyrl", "Радна листа"), ("sr-latn", "sr-Latn", "Radna lista"),
           ("en", "en", "Work queue")]
LANG_RULES = ["html-has-lang", "html-lang-valid", "valid-lang", "html-xml-lang-mismatch"]


def switch_language(page, code):
    page.locator("#language-select").select_option(code)
    page.locator(".language-switcher button[type=submit]").click()
    page.wait_for_load_state()


def main_text(page) -> str:
    return page.locator("main").inner_text()


def assert_script(text: str, code: str, where: str):
    cyrillic = len(CYRILLIC.findall(text))
    if code == "sr":
        assert cyrillic > 100, f"{where}: the page is not in Cyrillic"
    else:
        assert cyrillic == 0, f"{where}: Cyrillic left in {code}: " + "".join(
            CYRILLIC.findall(text)[:40])
    if code == "sr-latn":
        assert LATIN_SERBIAN.search(text), f"{where}: no Serbian Latin letters"
    if code == "en":
        assert len(LATIN_WORD.findall(text)) > 30, f"{where}: little English text"


def assert_lang_rules(page, what):
    """axe's language rules, whatever their impact: the page and every `lang` is valid."""
    results = page.evaluate(
        "(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})", LANG_RULES)
    assert not results["violations"], f"{what}: " + "; ".join(
        f"{v['id']}: {v['help']}" for v in results["violations"])
    assert any(r["id"] == "html-has-lang" for r in results["passes"]), what


def test_the_officer_switches_language_on_the_queue_and_the_request_page(open_page, request):
    officer = enrolled_official(factories.OfficerFactory)
    case = eleven_finding_case()
    folder = RESULTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    page = open_page("officer")
    sign_in(page, officer)
    texts = {}
    for where, path in (("queue", "/queue/?state=all"), ("request", f"/requests/{case.pk}/")):
        page.goto(path)
        for code, tag, nav_word in LOCALES:
            switch_language(page, code)
            expect(page).to_have_url(re.compile(re.escape(path) + "$"))
            expect(page.locator("html")).to_have_attribute("lang", tag)
            expect(page.locator("header nav").first).to_contain_text(nav_word)
            expect(page.locator("#language-select")).to_have_value(code)
            text = main_text(page)
            assert_script(text, code, f"{where} in {code}")
            texts[(where, code)] = text
            page.screenshot(path=str(folder / f"{where}-{code}.png"), full_page=True)
            assert_accessible(page, f"{where} in {code}")
            assert_lang_rules(page, f"{where} in {code}")
        officer.refresh_from_db()
        assert officer.language == "en"

    # The same case in three languages: the reference is the same, the words are not.
    for where in ("queue", "request"):
        assert case.applicant_reference in texts[(where, "sr")]
        assert texts[(where, "sr")] != texts[(where, "sr-latn")] != texts[(where, "en")]

    # The findings read in the reader's language: the English message is not on the
    # Serbian page, its translation is.
    finding = case.findings.filter(check_name="euc_no_reexport_clause").get()
    assert finding.message in texts[("request", "en")]
    assert finding.message not in texts[("request", "sr")]
    assert "клаузулу о забрани поновног извоза" in texts[("request", "sr")]
    assert "klauzulu o zabrani ponovnog izvoza" in texts[("request", "sr-latn")]

    # The choice stays with the officer: a new page comes in the last language chosen.
    switch_language(page, "sr-latn")
    page.goto("/queue/")
    expect(page.locator("html")).to_have_attribute("lang", "sr-Latn")
