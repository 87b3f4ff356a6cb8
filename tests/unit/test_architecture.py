"""The shape of the code: no import circle between riskapp's folders (the import-linter contracts
in pyproject.toml, run by make lint, keep the layers)."""

from collections import defaultdict

import grimp


def _folder(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def _imports_between_folders() -> dict[str, dict[str, list[str]]]:
    graph = grimp.build_graph("riskapp")
    between: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for module in graph.modules:
        if module == "riskapp":  # the app factory registers everything
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("riskapp.") and _folder(imported) != _folder(module):
                between[_folder(module)][_folder(imported)].append(f"{module} imports {imported}")
    return between


def _circles(edges: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Strongly connected groups of two or more folders (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(folder: str) -> None:
        index[folder] = low[folder] = len(index)
        stack.append(folder)
        for other in edges.get(folder, {}):
            if other not in index:
                visit(other)
                low[folder] = min(low[folder], low[other])
            elif other in stack:
                low[folder] = min(low[folder], index[other])
        if low[folder] == index[folder]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == folder:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for folder in list(edges):
        if folder not in index:
            visit(folder)
    return circles


def test_no_import_circle_between_folders():
    edges = _imports_between_folders()
    circles = _circles(edges)
    explained = [
        f"{' <-> '.join(group)}: " + "; ".join(edges[a][b][0] for a in group for b in group if b in edges[a])
        for group in circles
    ]
    assert not circles, "\n".join(explained)


def test_the_circle_finder_finds_a_circle():
    edges = {"a": {"b": ["a.x imports b.y"]}, "b": {"c": ["..."]}, "c": {"a": ["..."]}, "d": {"a": ["..."]}}
    assert _circles(edges) == [["a", "b", "c"]]
