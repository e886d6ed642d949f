"""The officials' list look-up screen (issue 3: "An officer can search the lists by name on a
screen"), and the navigation that leads to it and to the other officials' pages."""

from pathlib import Path

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

NATIONAL_LIST = Path(__file__).resolve().parents[1] / "data" / "national_list.csv"


@pytest.fixture
def national_list(db):
    from licensing.services.list_imports import import_denied_party_list

    return import_denied_party_list(actor=None, list_name="National list", fmt="national",
                                    paths=[NATIONAL_LIST])


def test_an_officer_finds_an_entry_by_a_name_in_another_script(signed_in, officer,
                                                               national_list):
    client = signed_in(officer)
    empty = client.get("/screening/search/")
    assert empty.status_code == 200
    assert empty.context["matches"] is None
    html = empty.content.decode()
    assert '<label class="form-label" for="id_name">Name' in html
    assert '<label class="form-label" for="id_country">Country' in html

    response = client.get("/screening/search/", {"name": "Спецтехимпорт ООО", "country": "RU"})
    assert response.status_code == 200
    [match] = response.context["matches"]
    assert (match.list_name, match.source_id) == ("National list", "NAT-0001")
    html = response.content.decode()
    assert "Entries matching “Спецтехимпорт ООО” with country RU, best first</caption>" in html
    for text in ("National list", "NAT-0001", "ООО Спецтехимпорт", "Спецтехимпорт",
                 f"{match.score:.1f}", match.reasons[0]):
        assert text in html, text


def test_the_alias_that_matched_is_shown(signed_in, approver, national_list):
    response = signed_in(approver).get("/screening/search/", {"name": "Dunav Trade"})
    matches = {m.source_id: m for m in response.context["matches"]}
    assert matches["NAT-0003"].is_alias
    html = response.content.decode()
    assert matches["NAT-0003"].matched_name in html
    assert "Дунав Трејд д.о.о." in html


def test_no_match_and_bad_input(signed_in, auditor, national_list):
    client = signed_in(auditor)
    nothing = client.get("/screening/search/", {"name": "Polish Armed Forces"})
    assert nothing.status_code == 200 and nothing.context["matches"] == []
    assert "No entry scores 86 or more" in nothing.content.decode()
    short = client.get("/screening/search/", {"name": "x"})
    assert short.status_code == 400
    assert "at least 2 characters" in short.content.decode()
    assert short.context["matches"] is None
    unknown_country = client.get("/screening/search/", {"name": "Dunav", "country": "XX"})
    assert unknown_country.status_code == 400


def test_the_look_up_is_for_officials(signed_in, applicant):
    assert signed_in(applicant).get("/screening/search/", {"name": "Dunav"}).status_code == 403
    reviewer = factories.AgencyReviewerFactory()
    assert signed_in(reviewer).get("/screening/search/").status_code == 403


def test_the_look_up_needs_a_sign_in(client):
    response = client.get("/screening/search/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def nav(client):
    html = client.get("/halts/").content.decode()
    return html[html.index('id="main-nav"'):html.index("</nav>")]


def test_the_navigation_leads_each_role_to_its_pages(signed_in, officer, approver, auditor,
                                                     applicant):
    for user in (officer, approver, auditor):
        links = nav(signed_in(user))
        for url in ("/screening/search/", "/halts/", "/delivery-verifications/overdue/",
                    "/queue/?state=all"):
            assert f'href="{url}"' in links, (user.role, url)
    links = nav(signed_in(applicant))
    assert 'href="/halts/"' in links and 'href="/requests/"' in links
    assert "/screening/search/" not in links
    assert "/delivery-verifications/overdue/" not in links
