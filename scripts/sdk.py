"""`make sdk`: sdk/python from openapi/v1.json, and nothing else makes it.

openapi-python-client renders the package with our templates (sdk/templates: the README, the
version, the console script, the retrying transport in the clients), then the hand-written
modules (sdk/extras: page iteration, the retry transport, `automahntion-admin`) are copied into
it, so a regeneration keeps them. The drift test runs the same `generate`."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SDK = ROOT / "sdk"
PACKAGE = "automahntion_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"


def generate(document: Path, output: Path) -> None:
    subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(document),
            "--config",
            str(SDK / "openapi-python-client.yaml"),
            "--custom-template-path",
            str(SDK / "templates"),
            "--meta",
            "setup",
            "--output-path",
            str(output),
            "--overwrite",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    extras = SDK / "extras"
    for source in sorted(extras.rglob("*.py")):
        target = output / PACKAGE / source.relative_to(extras)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--document", type=Path, default=ROOT / "openapi" / "v1.json")
    parser.add_argument("--output", type=Path, default=SDK / "python")
    args = parser.parse_args()
    generate(args.document, args.output)


if __name__ == "__main__":
    main()
