"""The layers of docs/architecture.md, checked on the source: web, API, admin, commands and
tasks above services; services above the workflow, selectors, models, screening and lists.
No module imports from a layer above it, and none hides an import of the project's own code
inside a function (the way a cycle is usually dodged)."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LICENSING = REPO / "licensing"

ABOVE_SERVICES = ("licensing.web", "licensing.api", "licensing.tasks", "licensing.admin",
                  "licensing.management")
LOWER_LAYERS = {
    "services": ABOVE_SERVICES,
    "workflow": ("licensing.services", *ABOVE_SERVICES),
    "models": ("licensing.services", "licensing.selectors", *ABOVE_SERVICES),
    "screening": ("licensing.services", "licensing.selectors", "licensing.workflow",
                  *ABOVE_SERVICES),
    "lists": ("licensing.services", "licensing.selectors", "licensing.workflow",
              *ABOVE_SERVICES),
}


def _imports(path: Path):
    """(module imported, whether the import sits inside a function)."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    yield inner.module, True
                elif isinstance(inner, ast.Import):
                    for alias in inner.names:
                        yield alias.name, True
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, False
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, False


def _modules(layer: str):
    root = LICENSING / layer
    return sorted(root.rglob("*.py")) if root.is_dir() else [LICENSING / f"{layer}.py"]


def test_no_layer_imports_from_a_layer_above_it():
    offenders = []
    for layer, forbidden in LOWER_LAYERS.items():
        for path in _modules(layer):
            for module, _hidden in _imports(path):
                if module.startswith(forbidden):
                    offenders.append(f"{path.relative_to(REPO)} imports {module}")
    assert offenders == []


def test_services_and_the_workflow_hide_no_import_of_the_project_inside_a_function():
    offenders = []
    for layer in ("services", "workflow"):
        for path in _modules(layer):
            for module, hidden in _imports(path):
                if hidden and module.startswith(("licensing", "accounts")):
                    offenders.append(f"{path.relative_to(REPO)} imports {module} in a function")
    assert offenders == []


def test_no_registry_is_filled_when_the_app_starts():
    source = (LICENSING / "apps.py").read_text()
    assert "register" not in source
