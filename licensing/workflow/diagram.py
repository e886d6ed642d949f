"""The state diagrams, drawn from the django-fsm declarations themselves (Mermaid), so the
README's pictures cannot drift from the code: a test compares them."""

from licensing.models import Licence, ShipmentRequest


def mermaid_state_diagram(model) -> str:
    field = model._meta.get_field("status")
    lines = ["stateDiagram-v2"]
    edges = set()
    for transition in field.get_all_transitions(model):
        sources = [transition.source] if isinstance(transition.source, str) else transition.source
        targets = getattr(transition.target, "allowed_states", None) or [transition.target]
        for source in sources:
            for target in targets:
                if target != source:  # a consignment that is not the last stays put
                    edges.add((source, target, transition.name))
    lines.append(f"    [*] --> {field.default}")
    for source, target, name in sorted(edges):
        lines.append(f"    {source} --> {target}: {name}")
    return "\n".join(lines)


def readme_diagrams() -> str:
    return "\n".join([
        "Shipment request:", "", "```mermaid", mermaid_state_diagram(ShipmentRequest), "```",
        "", "Licence:", "", "```mermaid", mermaid_state_diagram(Licence), "```",
    ])
