"""docs/architecture.md names every part of riskapp and every blueprint, and stays short enough to
read in an hour."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "riskapp"
DOC = ROOT / "docs" / "architecture.md"
MAX_WORDS = 2500


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def folders() -> list[str]:
    """Every folder of riskapp/ that is a package, and the two that are not (static files and
    migrations)."""
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    return sorted(packages | {"static", "migrations"})


def modules() -> list[str]:
    return sorted(path.name for path in PACKAGE.glob("*.py") if path.name != "__init__.py")


def blueprints() -> list[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        names.update(re.findall(r"""Blueprint\(\s*["']([^"']+)["']""", path.read_text(encoding="utf-8")))
    return sorted(names)


def test_the_finders_find_what_is_there():
    assert {"data", "models", "scoring", "static", "migrations"} <= set(folders())
    assert {"access.py", "audit.py", "database.py"} <= set(modules())
    assert {"main", "risk", "young_people"} <= set(blueprints())


def test_every_folder_is_in_the_table():
    text = _doc()
    missing = [name for name in folders() if f"`{name}/`" not in text]
    assert missing == [], f"docs/architecture.md does not list these folders of riskapp/ (as `name/`): {missing}"


def test_every_top_level_module_is_in_the_table():
    text = _doc()
    missing = [name for name in modules() if f"`{name}`" not in text]
    assert missing == [], f"docs/architecture.md does not list these modules of riskapp/: {missing}"


def test_every_blueprint_is_named():
    text = _doc()
    missing = [name for name in blueprints() if f"Blueprint `{name}`" not in text]
    assert missing == [], f"docs/architecture.md does not name these blueprints (as Blueprint `name`): {missing}"


def test_it_reads_in_an_hour():
    words = len(_doc().split())
    assert words <= MAX_WORDS, f"docs/architecture.md has {words} words; keep it to {MAX_WORDS} or fewer"
