"""The rulebook's matrix, role × transition × state, read from the rulebook itself: for
every cell the API, the request page and the service agree on whether the transition is
offered, and whether it is available or blocked.

- offered (the state is a source and the role may take it): the API lists it in
  `available_transitions` or `blocked_transitions`; the service does not refuse it for
  state (409) or role (403);
- available: the page shows its form, and the service takes it;
- blocked: the page does not show its form, and the service refuses it with the reasons the
  API gave;
- not offered: neither the API nor the page mentions it, and the service refuses it."""

import pytest
from django.db import transaction

from licensing.errors import NotPermitted, TransitionConflict, TransitionRefused
from licensing.models import RequestStatus
from licensing.workflow import transitions
from licensing.workflow.transitions import REQUEST
from tests import factories
from tests.licensing.web.conftest import sign_in
from tests.licensing.workflow.test_transitions import ROLES, make_actor, take

pytestmark = pytest.mark.django_db

RULEBOOK = transitions.transitions_of(REQUEST)


def _service_verdict(entry, actor, request) -> str:
    """What the service does with it, rolled back: taken, refused, conflict, forbidden."""
    try:
        with transaction.atomic():
            take(entry.name, actor, request)
            transaction.set_rollback(True)
        return "taken"
    except TransitionRefused:
        return "refused"
    except TransitionConflict:
        return "conflict"
    except NotPermitted:
        return "forbidden"
    finally:
        request.refresh_from_db()


@pytest.mark.parametrize("state", RequestStatus.values)
def test_api_page_and_service_agree_on_every_cell_of_the_rulebook(state, api, client):
    request = factories.request_in_state(state)
    for role in ROLES:
        actor = make_actor(role, request)
        offered = {entry.slug for entry in RULEBOOK
                   if state in entry.sources and entry.who(request, actor)}

        response = api.as_user(actor).get(f"/api/v1/requests/{request.pk}/")
        if response.status_code == 404:
            assert not offered, f"{role} may take {offered} on a request it cannot see"
            available, blocked = set(), {}
        else:
            assert response.status_code == 200
            available = set(response.json()["available_transitions"])
            blocked = {b["transition"]: b["problems"]
                       for b in response.json()["blocked_transitions"]}
            assert available | set(blocked) == offered, (state, role)
            assert not available & set(blocked)

            page = sign_in(client, actor).get(f"/requests/{request.pk}/").content.decode()
            for entry in RULEBOOK:
                shown = f'id="action-{entry.slug}"' in page
                assert shown == (entry.slug in available), (state, role, entry.slug)
                if entry.slug in blocked:
                    assert str(entry.label) in page

        for entry in RULEBOOK:
            verdict = _service_verdict(entry, actor, request)
            if entry.slug in available:
                assert verdict == "taken", (state, role, entry.slug)
            elif entry.slug in blocked:
                # Four eyes is about the person: refused as forbidden, still shown blocked.
                assert verdict in ("refused", "forbidden"), (state, role, entry.slug)
            elif state not in entry.sources:
                assert verdict == "conflict", (state, role, entry.slug)
            else:
                assert verdict == "forbidden", (state, role, entry.slug)
        client.logout()


def test_every_request_transition_of_the_fsm_has_one_rulebook_entry():
    from licensing.models import Licence, ShipmentRequest

    for model, machine in ((ShipmentRequest, transitions.REQUEST),
                           (Licence, transitions.LICENCE)):
        fsm_names = {t.name for t in model._meta.get_field("status").get_all_transitions(model)}
        assert fsm_names == {e.name for e in transitions.transitions_of(machine)}


def test_each_transition_has_a_form_and_an_api_input_with_the_inputs_the_rulebook_names():
    from licensing.api.inputs import TRANSITION_INPUTS
    from licensing.web.request_pages import TRANSITION_FORMS

    renamed = {"items": "quantities"}  # the API's shipment rows are the service's quantities
    for entry in transitions.RULEBOOK:
        if entry.who is transitions.nobody:
            continue  # the system's own (expiry, exhaustion): no form, no endpoint
        assert entry.slug in TRANSITION_FORMS, entry.slug
        fields = {renamed.get(name, name) for name in TRANSITION_INPUTS[entry.slug]().fields}
        assert fields == set(entry.inputs), entry.slug
