"""The dependency rule: the domain is pure, the API gets what it uses from the composition root
without knowing it, and the import-linter contracts hold; and no code but the two clocks (ours
and the sandboxes') reads the wall clock."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "automahntion"
DOMAIN = PACKAGE / "domain"
API = PACKAGE / "api"
SANDBOXES = ROOT / "sandboxes" / "src" / "automahntion_sandboxes"
CLOCKS = {PACKAGE / "adapters" / "clock.py", SANDBOXES / "clock.py"}
WALL_CLOCK = {
    "time": {"time", "time_ns", "clock_gettime", "clock_gettime_ns"},
    "datetime": {"now", "utcnow", "today"},
    "date": {"today"},
}
"""`<module or class>.<function>`s that read the wall clock, called or passed on."""
NOW_WITHOUT_ARGUMENTS = {
    "time": {"localtime": 1, "gmtime": 1, "ctime": 1, "asctime": 1, "strftime": 2},
    "utils": {"formatdate": 1, "localtime": 1},
}
"""Functions that read the wall clock when called with fewer arguments than these."""
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


def _owner(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _imported_from_time(tree: ast.AST) -> dict[str, str]:
    """Local name -> the name of the function it is, for `from time import …` and
    `from email.utils import …`."""
    modules = {"time": "time", "email.utils": "utils"}
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in modules:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{modules[node.module]}.{alias.name}"
    return names


def _reader(node: ast.expr, imported: dict[str, str]) -> tuple[str, int | None] | None:
    """(`owner.function`, the arguments it needs not to read the clock: None for never)."""
    if isinstance(node, ast.Attribute):
        owner, name = _owner(node.value), node.attr
    elif isinstance(node, ast.Name) and node.id in imported:
        owner, _, name = imported[node.id].partition(".")
    else:
        return None
    if owner is None:
        return None
    if name in WALL_CLOCK.get(owner, ()):
        return f"{owner}.{name}", None
    needed = NOW_WITHOUT_ARGUMENTS.get(owner, {}).get(name)
    return (f"{owner}.{name}", needed) if needed is not None else None


def wall_clock_reads(source: str) -> list[str]:
    tree = ast.parse(source)
    imported = _imported_from_time(tree)
    hits: list[str] = []
    called_enough: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (found := _reader(node.func, imported)):
            needed = found[1]
            if needed is not None and len(node.args) + len(node.keywords) >= needed:
                called_enough.add(id(node.func))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute | ast.Name) or id(node) in called_enough:
            continue
        if found := _reader(node, imported):
            hits.append(f"{found[0]} (line {node.lineno})")
    return hits


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


def test_no_code_but_the_clocks_reads_the_wall_clock() -> None:
    """Time comes from the injected clock (a sandbox's from its own, settable one), so the
    service and its tests behave the same on any date. Monotonic clocks measure durations."""
    offenders = {
        str(path.relative_to(ROOT)): hits
        for path in sorted([*PACKAGE.rglob("*.py"), *SANDBOXES.rglob("*.py")])
        if path not in CLOCKS and (hits := wall_clock_reads(path.read_text()))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        "import time\nstarted = time.time()",
        "import time\nclock = time.time",
        "import time\nstamp = time.time_ns()",
        "from time import time\nstamp = time()",
        "from time import time as now\nclock = now",
        "from datetime import datetime, UTC\nmoment = datetime.now(UTC)",
        "import datetime\nmoment = datetime.datetime.utcnow()",
        "import datetime as dt\nday = dt.date.today()",
        "from datetime import date\nday = date.today()",
        "import time\nparts = time.localtime()",
        "import time\ntext = time.strftime('%Y')",
        "import time\nconvert = time.gmtime",
        "from email.utils import formatdate\nheader = formatdate()",
    ],
)
def test_the_clock_check_sees_a_wall_clock_read(source: str) -> None:
    assert len(wall_clock_reads(source)) == 1


def test_the_clock_check_lets_clocks_and_conversions_pass() -> None:
    source = (
        "import time\nfrom datetime import datetime, UTC\nfrom email.utils import formatdate\n"
        "a = self.clock.now()\nb = time.monotonic()\nc = loop.time()\n"
        "d = time.localtime(0)\ne = time.strftime('%Y', d)\n"
        "f = datetime.fromtimestamp(0, UTC)\ng = formatdate(0)\nh = sandbox.clock.today()\n"
    )
    assert wall_clock_reads(source) == []


def test_import_linter_contracts_are_kept() -> None:
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_the_purity_check_sees_a_framework_import() -> None:
    assert _imported_roots("import httpx\nfrom litestar import get\n") == {"httpx", "litestar"}


def container_uses(source: str) -> list[str]:
    """Where a module imports the composition root or names its container (by any name,
    attribute or parameter)."""
    hits: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [f"{node.module}.{alias.name}" for alias in node.names]
            if any("Container" in (a.name, a.asname) for a in node.names):
                hits.append(f"imports Container (line {node.lineno})")
        else:
            modules = []
        hits += [
            f"imports {m} (line {node.lineno})"
            for m in modules
            if m == "automahntion.bootstrap" or m.startswith("automahntion.bootstrap.")
        ]
        named = (
            node.id
            if isinstance(node, ast.Name)
            else node.attr
            if isinstance(node, ast.Attribute)
            else node.arg
            if isinstance(node, ast.arg)
            else None
        )
        if named in ("Container", "container"):
            hits.append(f"names {named} (line {node.lineno})")
    return hits


def test_the_api_knows_no_composition_root_and_no_container() -> None:
    """Handlers take what they use (a unit-of-work factory, the clock, a use case's ports);
    the composition root (`bootstrap/web.py`) builds the app and hands it over."""
    offenders = {
        str(path.relative_to(PACKAGE)): hits
        for path in sorted(API.rglob("*.py"))
        if (hits := container_uses(path.read_text()))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        "from automahntion.bootstrap.settings import Settings",
        "import automahntion.bootstrap.web",
        "from automahntion import bootstrap",
        "async def handler(container: object) -> None: ...",
        "def f(state: object) -> object:\n    return state.container",
        "from somewhere import Container as Wired",
    ],
)
def test_the_container_check_sees_a_use(source: str) -> None:
    assert container_uses(source) != []


MODULE_LINES_AT_MOST = 300
MEDIAN_MODULE_LINES_AT_MOST = 120
"""Issue 16's measure of rooms a newcomer can change without fear: the use cases and the
handlers in small modules."""


def _module_lengths() -> dict[str, int]:
    return {
        str(path.relative_to(PACKAGE)): len(path.read_text().splitlines())
        for folder in (PACKAGE / "app", API)
        for path in folder.rglob("*.py")
    }


def test_app_and_api_modules_stay_small() -> None:
    lengths = _module_lengths()
    too_long = {name: n for name, n in lengths.items() if n > MODULE_LINES_AT_MOST}
    assert not too_long, f"split these modules (at most {MODULE_LINES_AT_MOST} lines): {too_long}"
    ordered = sorted(lengths.values())
    assert ordered[len(ordered) // 2] <= MEDIAN_MODULE_LINES_AT_MOST
