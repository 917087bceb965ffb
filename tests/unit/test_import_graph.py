"""The layers hold: read from the source (ast, nothing imported), every module under salon_app/core.

- no Reflex import under core/;
- no import circle between modules (module-level and function-level imports both count, and
  importing a.b.c runs the __init__ of a and a.b first, so those count too);
- a services package imports only from itself and from packages earlier in services.ORDER;
- a package imports another package only through its __init__ (names in its __all__).
"""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "salon_app" / "core"
SERVICES = "salon_app.core.services"


def _module_name(path: Path) -> str:
    parts = path.relative_to(CORE.parents[1]).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(CORE.rglob("*.py"))}


def _imports(path: Path, modules: set[str]) -> list[tuple[str, int]]:
    """(module imported, line) for every import in the file, at any depth, resolved to the
    module that is run: `from a.b import c` is a.b.c when that is a module, else a.b."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                inner = f"{node.module}.{alias.name}"
                found.append((inner if inner in modules else node.module, node.lineno))
    return found


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def import_graph() -> dict[str, set[str]]:
    """Module -> the core modules importing it runs (its own parent packages left out: they
    are already being imported when it runs)."""
    sources = _sources()
    modules = set(sources)
    graph: dict[str, set[str]] = {}
    for name, path in sources.items():
        own = set(_parents(name)) | ({name} if path.name == "__init__.py" else set())
        edges = set()
        for target, _ in _imports(path, modules):
            for run in [*_parents(target), target]:
                if run in modules and run not in own and run != name:
                    edges.add(run)
        graph[name] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle per strongly connected group of modules, as a path a -> b -> ... -> a."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_circle(graph, set(group)) for group in groups]


def _circle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, ()) & group):
                if w == start:
                    return [*paths[v], start]
                if w not in paths:
                    paths[w] = [*paths[v], w]
                    nxt.append(w)
        frontier = nxt
    return sorted(group)


def _services_order() -> tuple[str, ...]:
    tree = ast.parse((CORE / "services" / "__init__.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "ORDER":
            return ast.literal_eval(node.value)
    raise AssertionError("services/__init__.py defines no ORDER")


def _capability(module: str) -> str | None:
    """The services package or top-level module a module belongs to."""
    if not module.startswith(SERVICES + "."):
        return None
    return module[len(SERVICES) + 1 :].split(".")[0]


def _exports(package_init: Path) -> set[str]:
    for node in ast.parse(package_init.read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__":
            return set(ast.literal_eval(node.value))
    return set()


# --- the checks -----------------------------------------------------------------------------


def test_no_reflex_under_core():
    modules = set(_sources())
    found = [
        f"{path.relative_to(CORE.parents[1])}:{line}"
        for path in _sources().values()
        for target, line in _imports(path, modules)
        if target == "reflex" or target.startswith("reflex.")
    ]
    assert found == []


def test_no_import_circles_under_core():
    circles = find_cycles(import_graph())
    assert circles == [], "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)


def test_services_import_only_earlier_packages():
    order = _services_order()
    sources = _sources()
    on_disk = {
        p.stem if p.is_file() else p.name
        for p in (CORE / "services").iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()
    }
    assert on_disk == set(order), "every services package or module has its place in ORDER"
    wrong = []
    for name, path in sources.items():
        mine = _capability(name)
        if mine is None:
            continue
        for target, line in _imports(path, set(sources)):
            theirs = _capability(target)
            if theirs is not None and order.index(theirs) > order.index(mine):
                wrong.append(f"{name}:{line} imports {target} ({theirs} comes after {mine})")
    assert wrong == []


def test_packages_use_each_other_only_through_their_init():
    sources = _sources()
    packages = {
        p.name: _exports(p / "__init__.py")
        for p in (CORE / "services").iterdir()
        if (p / "__init__.py").exists()
    }
    wrong = []
    for name, path in sources.items():
        mine = _capability(name)
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.ImportFrom) and node.module):
                continue
            theirs = _capability(node.module)
            if theirs not in packages or theirs == mine:
                continue
            depth = len(node.module.split("."))
            private = depth > 4 or any(a.name not in packages[theirs] for a in node.names)
            if private:
                wrong.append(f"{name}:{node.lineno} imports {ast.unparse(node)}")
    assert wrong == []


# --- the checker itself is not blind ----------------------------------------------------------


def test_a_circle_is_reported_with_its_path():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert find_cycles(graph) == [["a", "b", "c", "a"], ["e", "e"]]


def test_a_graph_without_circles_passes():
    assert find_cycles({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_real_graph_is_read():
    graph = import_graph()
    assert f"{SERVICES}.dispatch.search" in graph[f"{SERVICES}.dispatch.ranking"]
    assert f"{SERVICES}.orders" in graph[f"{SERVICES}.booking.changes"]
    # the circle broken by this layout would be found if it came back
    graph[f"{SERVICES}.dispatch.scoring"] = {f"{SERVICES}.dispatch.ranking"}
    graph[f"{SERVICES}.dispatch.search"] |= {f"{SERVICES}.dispatch.scoring"}
    assert find_cycles(graph)
