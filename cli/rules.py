"""``lexgate rules export DIR``: a copy of the packs lexgate ships, for a bureau to maintain locally.

The copy is what a rules directory holds (facts.yaml, each pack directory with its YAML files, the
README on the rule language): the same files the wheel ships, never the package's ``__init__.py``.
It always copies the shipped packs, whatever ``LEXGATE_RULES`` says, so that after an upgrade
``lexgate rules export NEW`` + ``lexgate diff $LEXGATE_RULES NEW`` shows what the release changed.
"""

from __future__ import annotations

import importlib.metadata
import shlex
import shutil
from pathlib import Path
from typing import Annotated

import typer

from engine import VOCABULARY_FILE, shipped_rules_dir

from .common import EXIT_INPUT, EXIT_RULES, die

RULE_SUFFIXES = (".yaml", ".yml")  # what the loader reads
README = Path("README.md")


def rule_files(root: Path) -> list[Path]:
    """The files of a rules directory, relative to it, in a stable order."""
    found = [
        path.relative_to(root)
        for path in root.rglob("*")
        if path.is_file() and (path.suffix in RULE_SUFFIXES or path.relative_to(root) == README)
    ]
    return sorted(found, key=Path.as_posix)


def _version() -> str:
    try:
        return f"lexgate {importlib.metadata.version('lexgate')}"
    except importlib.metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "lexgate"


def _check_target(target: Path, source: Path, force: bool) -> None:
    """Refuse a target that is no directory, overlaps the shipped packs, or holds files (unless --force)."""
    if target.exists() and not target.is_dir():
        raise die(f"lexgate: {target} 已存在且不是目录；请指定一个新的或空的目录", EXIT_INPUT)
    resolved = target.resolve()
    if resolved.is_relative_to(source) or source.is_relative_to(resolved):
        # the copy would land inside the packs it copies (or contain them): both would then load as one
        raise die(
            f"lexgate: {target} 与自带规则的目录 {source} 重叠；请导出到自带规则目录以外的地方",
            EXIT_INPUT,
        )
    if force or not target.exists():
        return
    present = sorted(p.name for p in target.iterdir())
    if present:
        shown = "、".join(present[:5]) + ("……" if len(present) > 5 else "")
        raise die(
            f"lexgate: 目录 {target} 不是空的（已有 {len(present)} 项: {shown}），为免覆盖已有的规则，"
            "没有导出。\n请指定一个新的或空的目录；若确要用自带规则覆盖其中的同名文件，加 --force"
            "（目录中的其他文件保留不动）。",
            EXIT_INPUT,
        )


def export(source: Path, target: Path) -> tuple[list[Path], list[Path]]:
    """Copy the rule files of ``source`` into ``target``; return (written, overwritten)."""
    written, overwritten = [], []
    for rel in rule_files(source):
        to = target / rel
        if to.exists():
            overwritten.append(rel)
        to.parent.mkdir(parents=True, exist_ok=True)
        # contents only: an installed package may be read-only, the bureau's copy must be editable
        shutil.copyfile(source / rel, to)
        written.append(rel)
    return written, overwritten


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="规则包：导出 lexgate 自带的规则，供本机构在本地维护。", no_args_is_help=True)
    app.add_typer(group, name="rules")

    @group.command("export")
    def export_cmd(
        directory: Annotated[
            Path, typer.Argument(help="导出到此目录（不存在时创建；须为空，除非加 --force）", metavar="DIR")
        ],
        force: Annotated[
            bool,
            typer.Option("--force", help="目录不为空时仍导出：覆盖同名文件，保留其他文件"),
        ] = False,
    ) -> None:
        """把 lexgate 自带的规则包复制到 DIR，供本机构在本地维护（再用 LEXGATE_RULES 或 --rules 指向它）。"""
        source = shipped_rules_dir().resolve()
        if not (source / VOCABULARY_FILE).is_file():
            raise die(
                f"lexgate: 自带的规则不完整（{source} 中没有 {VOCABULARY_FILE}）；请重新安装 lexgate",
                EXIT_RULES,
            )
        _check_target(directory, source, force)
        before = set(rule_files(directory)) if directory.is_dir() else set()
        try:
            written, overwritten = export(source, directory)
        except OSError as exc:
            raise die(f"lexgate: 无法写入 {exc.filename or directory}: {exc.strerror}", EXIT_INPUT) from None
        target = directory.resolve()
        packs = sum(1 for rel in written if rel.name == "pack.yaml")
        replaced = f"（其中覆盖了 {len(overwritten)} 个同名文件）" if overwritten else ""
        print(
            f"已把 {_version()} 自带的规则导出到 {target}: {packs} 个规则包，{len(written)} 个文件{replaced}"
        )
        for rel in written:
            print(f"  {rel.as_posix()}")
        others = sorted(before - set(written), key=Path.as_posix)
        others = [rel for rel in others if rel.suffix in RULE_SUFFIXES]
        if others:
            print(
                f"注意: 目录中原有的 {len(others)} 个 YAML 文件不属于自带规则，"
                "加载时也会读取（不需要的请删除）:"
            )
            for rel in others:
                print(f"  {rel.as_posix()}")
        quoted = shlex.quote(str(target))
        print(
            "下一步:\n"
            f"  1. 检查规则: lexgate lint {quoted}\n"
            f"  2. 使用这份规则: 设置环境变量 LEXGATE_RULES={quoted}（lexgate serve 和各命令都读取它），"
            f"或在命令后加 --rules {quoted}\n"
            f"  3. 修改规则后: 先 lexgate lint {quoted}，再用 lexgate diff、lexgate whatif 看改动及其影响；"
            "用这份规则运行的 lexgate serve 由法制人员在网页上重新加载规则"
        )
