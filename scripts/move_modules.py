"""Move modules to their feature folders and rewrite every reference to them (issue 16, item 5).

The moves are data (`scripts/module_moves.json`), not code:

- `modules`: old dotted module -> new dotted module; the file is moved with `git mv`.
- `names`: for a module whose contents were split, name -> the module that now defines it;
  `from old import a, b` becomes one import per new module (names not listed follow `modules`,
  if the module moves itself).
- `retire`: re-export modules removed once nothing needs them any more (only when the file holds
  nothing but a docstring and imports).

Idempotent: a move whose old file no longer exists is done, and references are rewritten only
for modules whose old file existed when the run began (`names` also for a module already gone,
unless a package or module of that name exists now). It reads no file's contents beyond the
references it rewrites, so it can be run again on a later `main`:

    python scripts/move_modules.py            # move, rewrite, then ruff (import order, format)
    python scripts/move_modules.py --dry-run  # only print what it would do
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
MAPPING = Path(__file__).with_name("module_moves.json")
SCOPES = ("src", "tests", "bench")
TOP_FILES = ("pyproject.toml", "README.md", "Makefile")
TEXT_SUFFIXES = {".py", ".toml", ".md", ".cfg", ".ini", ".txt", ".yml", ".yaml", ".json"}

FROM_IMPORT = re.compile(
    r"^(?P<indent>[ \t]*)from[ \t]+(?P<mod>automahntion(?:\.\w+)*)[ \t]+import[ \t]+"
    r"(?P<names>\((?:[^()]*)\)|(?:[^\n\\]|\\\n)*)",
    re.M,
)
DOTTED = re.compile(r"(?<![\w.])automahntion(?:\.\w+)+")
PATH = re.compile(r"(?<![\w/])(?:src/)?(?:automahntion/)?(?:app|adapters|api)(?:/\w+)+\.py\b")


def file_of(module: str) -> Path:
    return SRC / (module.replace(".", "/") + ".py")


def package_dir(module: str) -> Path:
    return SRC / module.replace(".", "/")


class Moves:
    def __init__(self, mapping: dict[str, object]) -> None:
        modules = mapping.get("modules", {})
        names = mapping.get("names", {})
        retire = mapping.get("retire", [])
        if not (isinstance(modules, dict) and isinstance(names, dict) and isinstance(retire, list)):
            sys.exit(f"{MAPPING.name}: `modules` and `names` are objects, `retire` a list")
        self.all_modules: dict[str, str] = dict(modules)
        self.modules = {old: new for old, new in modules.items() if file_of(old).exists()}
        destinations = set(modules.values())
        self.names: dict[str, dict[str, str]] = {
            old: dict(by_name)
            for old, by_name in names.items()
            if file_of(old).exists() or (old not in destinations and not package_dir(old).exists())
        }
        self.retire = [old for old in retire if file_of(old).exists()]
        self._check()

    def _check(self) -> None:
        targets = list(self.all_modules.values())
        duplicates = {t for t in targets if targets.count(t) > 1}
        if duplicates:
            sys.exit(f"two modules move to the same place: {sorted(duplicates)}")
        for old, new in self.modules.items():
            if file_of(new).exists():
                sys.exit(f"{old} -> {new}: the destination exists already")

    @property
    def active(self) -> bool:
        return bool(self.modules or self.names or self.retire)

    def known(self) -> set[str]:
        return set(self.modules) | set(self.names)

    def module(self, dotted: str) -> str:
        """The new name of a module path (or of something inside it: `mod.attr`)."""
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            head = ".".join(parts[:cut])
            rest = parts[cut:]
            if head in self.names and rest and rest[0] in self.names[head]:
                return ".".join([self.names[head][rest[0]], *rest])
            if head in self.modules:
                return ".".join([self.modules[head], *rest])
        return dotted

    def name_home(self, module: str, name: str) -> tuple[str, str | None]:
        """Where `from module import name` must import from now: (module, or a module's
        parent with the module's leaf as the name when `name` is itself a moved module)."""
        sub = f"{module}.{name}"
        if sub in self.modules:
            new = self.modules[sub]
            parent, _, leaf = new.rpartition(".")
            return parent, leaf
        if module in self.names and name in self.names[module]:
            return self.names[module][name], None
        if module in self.retire:
            print(f"warning: {module}.{name} has no entry in `names`; add it to the mapping")
        return self.module(module), None


def split_names(text: str) -> list[tuple[str, str | None]]:
    body = re.sub(r"#[^\n]*", "", text).strip()
    if body.startswith("("):
        body = body[1:-1]
    body = body.replace("\\\n", " ")
    out: list[tuple[str, str | None]] = []
    for item in body.split(","):
        words = item.split()
        if not words:
            continue
        if len(words) == 3 and words[1] == "as":
            out.append((words[0], words[2]))
        else:
            out.append((words[0], None))
    return out


def render_import(indent: str, module: str, items: list[str]) -> str:
    line = f"{indent}from {module} import {', '.join(items)}"
    if len(line) <= 99:
        return line
    inner = "".join(f"{indent}    {item},\n" for item in items)
    return f"{indent}from {module} import (\n{inner}{indent})"


def rewrite_from(moves: Moves, match: re.Match[str]) -> str:
    module = match["mod"]
    indent = match["indent"]
    names = split_names(match["names"])
    touched = module in moves.known() or any(f"{module}.{n}" in moves.modules for n, _ in names)
    if not touched:
        return DOTTED.sub(lambda m: moves.module(m.group(0)), match.group(0))
    groups: dict[str, list[str]] = {}
    for name, alias in names:
        home, leaf = moves.name_home(module, name)
        imported = leaf or name
        bound = alias or name
        explicit = alias is not None or imported != bound
        item = f"{imported} as {bound}" if explicit else imported
        groups.setdefault(home, []).append(item)
    return "\n".join(render_import(indent, home, items) for home, items in groups.items())


def rewrite_path(moves: Moves, match: re.Match[str]) -> str:
    """`src/automahntion/app/x.py`, `automahntion/app/x.py` or `app/x.py`, kept in its form."""
    text = match.group(0)
    bare = text.removeprefix("src/").removeprefix("automahntion/")
    prefix = text[: len(text) - len(bare)]
    dotted = "automahntion." + bare[:-3].replace("/", ".")
    new = moves.module(dotted)
    if new == dotted:
        return text
    return prefix + new.removeprefix("automahntion.").replace(".", "/") + ".py"


def rewrite_text(moves: Moves, text: str, *, python: bool) -> str:
    if python:
        pieces: list[str] = []
        last = 0
        for m in FROM_IMPORT.finditer(text):
            pieces.append(_rewrite_plain(moves, text[last : m.start()]))
            pieces.append(rewrite_from(moves, m))
            last = m.end()
        pieces.append(_rewrite_plain(moves, text[last:]))
        return "".join(pieces)
    return _rewrite_plain(moves, text)


def _rewrite_plain(moves: Moves, text: str) -> str:
    text = PATH.sub(lambda m: rewrite_path(moves, m), text)
    return DOTTED.sub(lambda m: moves.module(m.group(0)), text)


def files_to_scan() -> list[Path]:
    out = [ROOT / name for name in TOP_FILES if (ROOT / name).exists()]
    for scope in SCOPES:
        for path in sorted((ROOT / scope).rglob("*")):
            if path.is_file() and path.suffix in TEXT_SUFFIXES and "__pycache__" not in path.parts:
                out.append(path)
    return out


def git(*args: str, dry_run: bool) -> None:
    print("git", *args)
    if not dry_run:
        subprocess.run(["git", *args], cwd=ROOT, check=True)


def ensure_packages(module: str, dry_run: bool) -> None:
    parts = module.split(".")[:-1]
    for cut in range(2, len(parts) + 1):
        init = package_dir(".".join(parts[:cut])) / "__init__.py"
        if not init.exists():
            print("create", init.relative_to(ROOT))
            if not dry_run:
                init.parent.mkdir(parents=True, exist_ok=True)
                init.write_text("")
                git("add", str(init.relative_to(ROOT)), dry_run=dry_run)


def move_files(moves: Moves, dry_run: bool) -> None:
    staged: list[tuple[Path, str]] = []
    for old, new in sorted(moves.modules.items()):
        source = file_of(old)
        parking = source.with_name(f"_moving_{source.name}")
        git("mv", str(source.relative_to(ROOT)), str(parking.relative_to(ROOT)), dry_run=dry_run)
        staged.append((parking, new))
    for parking, new in staged:
        ensure_packages(new, dry_run)
        git(
            "mv",
            str(parking.relative_to(ROOT)),
            str(file_of(new).relative_to(ROOT)),
            dry_run=dry_run,
        )


def only_imports(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        return False
    return True


def retire(moves: Moves, dry_run: bool) -> None:
    for old in moves.retire:
        path = file_of(old)
        if only_imports(path):
            git("rm", "-q", "-f", str(path.relative_to(ROOT)), dry_run=dry_run)
        else:
            print(f"kept {old}: it holds more than re-exports; move what it holds by hand")


def remove_empty_dirs() -> None:
    for path in sorted(SRC.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and path.name == "__pycache__":
            shutil.rmtree(path)
    for path in sorted(SRC.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def tidy(changed: list[Path]) -> None:
    ruff = ROOT / ".venv" / "bin" / "ruff"
    command = str(ruff) if ruff.exists() else shutil.which("ruff")
    if not command:
        print("ruff not found: run `ruff check --select I --fix` and `ruff format` yourself")
        return
    python = [str(p) for p in changed if p.suffix == ".py" and p.exists()]
    if python:
        subprocess.run([command, "check", "-q", "--select", "I", "--fix", *python], cwd=ROOT)
        subprocess.run([command, "format", "-q", *python], cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--no-ruff", action="store_true")
    parser.add_argument("--mapping", type=Path, default=MAPPING)
    parser.add_argument("--exclude", nargs="*", default=[], help="files left as they are")
    args = parser.parse_args()
    moves = Moves(json.loads(args.mapping.read_text()))
    excluded = {(ROOT / name).resolve() for name in args.exclude}
    if not moves.active:
        print("nothing to do: every entry is applied")
        return
    changed: list[Path] = []
    for path in files_to_scan():
        if path.resolve() in excluded or path.resolve() == args.mapping.resolve():
            continue
        text = path.read_text()
        new = rewrite_text(moves, text, python=path.suffix == ".py")
        if new != text:
            changed.append(path)
            print("rewrite", path.relative_to(ROOT))
            if not args.dry_run:
                path.write_text(new)
    move_files(moves, args.dry_run)
    retire(moves, args.dry_run)
    if args.dry_run:
        return
    remove_empty_dirs()
    moved = [file_of(new) for new in moves.modules.values()]
    if not args.no_ruff:
        tidy(changed + moved)


if __name__ == "__main__":
    main()
