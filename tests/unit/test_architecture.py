"""The dependency rule: the domain is pure, and the import-linter contracts hold."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "src" / "automahntion" / "domain"
ALLOWED_THIRD_PARTY = {"holidays"}
CLOCK_OR_RANDOM = re.compile(
    r"\b(datetime|date)\.(now|today|utcnow)\(|\btime\.time\(|\buuid[14]\(|\brandom\.|\bsecrets\."
)


def _imported_roots(source: str) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_domain_imports_only_the_standard_library_and_holidays() -> None:
    offenders = {}
    for path in DOMAIN.rglob("*.py"):
        roots = _imported_roots(path.read_text()) - {"__future__", "automahntion"}
        foreign = {r for r in roots if r not in sys.stdlib_module_names} - ALLOWED_THIRD_PARTY
        if foreign:
            offenders[path.name] = sorted(foreign)
    assert offenders == {}


def test_domain_imports_of_our_own_code_stay_in_the_domain() -> None:
    for path in DOMAIN.rglob("*.py"):
        for line in path.read_text().splitlines():
            if line.startswith(("from automahntion", "import automahntion")):
                assert line.startswith("from automahntion.domain"), f"{path.name}: {line}"


def test_domain_reads_no_clock_and_makes_no_ids() -> None:
    hits = [
        f"{path.name}: {line.strip()}"
        for path in DOMAIN.rglob("*.py")
        for line in path.read_text().splitlines()
        if CLOCK_OR_RANDOM.search(line)
    ]
    assert hits == []


def test_import_linter_contracts_are_kept() -> None:
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_the_purity_check_sees_a_framework_import() -> None:
    assert _imported_roots("import httpx\nfrom litestar import get\n") == {"httpx", "litestar"}
