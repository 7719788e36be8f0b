"""The layers seen in the tree: the import graph has no loops, the domain knows nothing of
Textual, widgets import no screens, and nothing reaches into the app by name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "relasjon_tui"


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / PACKAGE).rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, *, at_import_time: bool) -> set[str]:
    """Modules `path` imports: all of them, or only those run when it is imported (the module body,
    outside `if TYPE_CHECKING:` and functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If) and not (at_import_time and _is_type_checking(node)):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
            elif not at_import_time and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                visit(node.body)

    visit(tree.body)
    if not at_import_time:
        names.update(
            f"{n.module}.{a.name}" if isinstance(n, ast.ImportFrom) and n.module else a.name
            for n in ast.walk(tree)
            if isinstance(n, (ast.Import, ast.ImportFrom)) and (not isinstance(n, ast.ImportFrom) or n.level == 0)
            for a in n.names
        )
        names.update(n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module)
    return names


def _graph(*, at_import_time: bool) -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(path, at_import_time=at_import_time) if m in modules and m != name}
            for name, path in modules.items()}  # fmt: skip


def test_the_import_graph_has_no_loops() -> None:
    graph = _graph(at_import_time=True)
    loops = []
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                loops.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name, [name])
    assert loops == []


def test_the_domain_knows_nothing_of_textual_or_the_ui() -> None:
    for name, path in _modules().items():
        if name.startswith((f"{PACKAGE}.records", f"{PACKAGE}.content")):
            imported = _imports(path, at_import_time=False)
            assert not {m for m in imported if m.split(".")[0] == "textual" or m.startswith(f"{PACKAGE}.ui")}, name


def test_no_widget_imports_a_screen() -> None:
    for name, path in _modules().items():
        if name.startswith(f"{PACKAGE}.ui.widgets"):
            screens = {m for m in _imports(path, at_import_time=False) if m.startswith(f"{PACKAGE}.ui.screens")}
            assert not screens, (name, screens)


def test_screens_and_widgets_do_not_reach_into_the_app_by_name() -> None:
    # `self.app.store`, `self.app.open_case(…)`: requests go by message (ui/messages.py) and state
    # is passed down; only Textual's own App API may be used through `self.app`.
    from textual.app import App

    from relasjon_tui.ui.app import RelasjonApp

    source = (SRC / PACKAGE / "ui" / "app.py").read_text(encoding="utf-8")
    attributes = set(re.findall(r"^        self\.(\w+) = ", source, re.MULTILINE))
    ours = {name for name in {*dir(RelasjonApp), *attributes} if not hasattr(App, name)}
    assert {"store", "open_log_form", "notify_text", "case_flow"} <= ours
    reach = re.compile(r"\bself\.app\.(\w+)")
    found = []
    for name, path in _modules().items():
        if name.startswith((f"{PACKAGE}.ui.screens", f"{PACKAGE}.ui.widgets")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if any(match in ours for match in reach.findall(line)):
                    found.append(f"{name}:{number}: {line.strip()}")
    assert found == []


def test_every_screen_of_the_app_keeps_its_focus_quiet() -> None:
    """Textual repaints a whole screen on each focus change (27 KB at 140×40 per Tab): each of the
    app's screens declares `focused = quiet_focus()` (ui/keys.py), a new one included."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    import relasjon_tui.ui.screens

    for module in pkgutil.iter_modules(relasjon_tui.ui.screens.__path__, "relasjon_tui.ui.screens."):
        importlib.import_module(module.name)
    screens, todo = [], [Screen]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("relasjon_tui."):
            screens.append(cls)
    assert len(screens) > 15
    loud = [cls.__name__ for cls in screens if getattr(cls, "_reactives", {}).get("focused") is None
            or cls._reactives["focused"]._repaint]  # fmt: skip
    assert not loud
