"""Rule directories for the tools' tests: copies of the repository's packs, changed on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
PARAM = "hearing.fine.individual"


def copy_rules(to: Path) -> Path:
    shutil.copytree(ROOT / "rules", to)
    return to


def raise_override(rules: Path, jurisdiction: str, param: str, delta: float) -> list[tuple[Any, Any]]:
    """Raise each value of ``jurisdiction``'s override of ``param`` by ``delta``; return (from, value)."""
    for path in sorted(rules.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not (path.parent / "pack.yaml").is_file():
            continue
        manifest = yaml.safe_load((path.parent / "pack.yaml").read_text(encoding="utf-8"))
        if manifest.get("jurisdiction") != jurisdiction:
            continue
        for entry in data.get("parameters", []) or []:
            if entry.get("override") == param:
                for value in entry["values"]:
                    value["value"] = value["value"] + delta
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
                return [(v["from"], v["value"]) for v in entry["values"]]
    raise AssertionError(f"no override of {param} in {jurisdiction}")
