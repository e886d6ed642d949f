"""README.md's state diagrams are the ones the code declares."""

from pathlib import Path

from licensing.workflow.diagram import readme_diagrams

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_shows_the_state_machines_as_declared():
    text = README.read_text()
    start = text.index("<!-- state-diagram:start -->") + len("<!-- state-diagram:start -->")
    end = text.index("<!-- state-diagram:end -->")
    assert text[start:end].strip() == readme_diagrams().strip(), (
        "Regenerate with: manage.py state_diagram")
