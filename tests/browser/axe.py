"""axe-core accessibility scans of the page the browser is showing.

axe comes from node_modules/axe-core, copied to riskapp/static/vendor by ``make assets``. It is
injected as an inline script, so the browser context must bypass the app's CSP (``bypass_csp``).
A scan fails the test on any violation of impact serious or critical against WCAG 2.2 AA.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "riskapp" / "static" / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}

_RUN_AXE = "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"


def serious_violations(page: Page) -> list[dict]:
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `make assets` to copy axe-core there")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(_RUN_AXE, WCAG_TAGS)
    return [violation for violation in results["violations"] if violation["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            problems = "; ".join(line.strip() for line in node["failureSummary"].splitlines()[1:])
            lines.append(f"    {target}: {problems}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = serious_violations(page)
    assert not violations, f"axe found serious or critical problems on {page.url}:\n{describe(violations)}"
