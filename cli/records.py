"""``lexgate records verify|keygen|checkpoint``: check the decision records' hash chain and their
signed checkpoints (store/checkpoints.py)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from store import Store

from . import retention
from .common import EXIT_INPUT, die
from .store_options import DatabaseOption, open_store

EXIT_BROKEN = 1  # the chain has a problem


class Format(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="决定记录（执法全过程记录）。", no_args_is_help=True)
    app.add_typer(group, name="records")

    @group.command("verify")
    def verify(
        fmt: Annotated[Format, typer.Option("--format", "-f", help="text 或 json")] = Format.text,
        checkpoints: Annotated[
            Path | None,
            typer.Option("--checkpoints", help="检查点文件：另外证明记录与每个已签名的检查点一致"),
        ] = None,
        public_key: Annotated[
            Path | None,
            typer.Option("--public-key", help="所信任的签名公钥（PEM）；缺省时用检查点中的公钥并显示其指纹"),
        ] = None,
        database: DatabaseOption = None,
    ) -> None:
        """校验记录链：重算每条记录的哈希，检查链接和链头；报告第一条被修改、缺失或顺序被打乱的记录。"""
        store = open_store(database)
        report = store.records.verify()
        anchored = _checkpoint_problems(store, checkpoints, public_key) if checkpoints else None
        if fmt is Format.json:
            body = {
                "ok": report.ok,
                "records": report.records,
                "head_seq": report.head_seq,
                "head_hash": report.head_hash,
                "problems": [p.__dict__ for p in report.problems],
                "truncated": report.truncated,
            }
            if anchored is not None:
                body["checkpoints"] = {"ok": not anchored[1], "checked": anchored[0], "problems": anchored[1]}
            print(json.dumps(body, ensure_ascii=False, indent=2))
        elif report.ok:
            print(f"记录链完整: {report.records} 条记录，链头第 {report.head_seq} 条 {report.head_hash}")
        else:
            count = f"{len(report.problems)}{'+' if report.truncated else ''}"
            print(f"记录链有问题（共 {count} 处）。第一处: {report.problems[0].message}")
            for problem in report.problems[1:]:
                print(f"  - {problem.message}")
            print(f"数据库: {store.display_url}")
        if anchored is not None and fmt is Format.text:
            checked, mismatches = anchored
            if mismatches:
                print(f"记录与检查点不符（共 {len(mismatches)} 处）:")
                for mismatch in mismatches:
                    print(f"  - {mismatch}")
            else:
                print(f"记录与全部 {checked} 个已签名的检查点一致")
        if not report.ok or (anchored is not None and anchored[1]):
            raise typer.Exit(EXIT_BROKEN)

    @group.command("keygen")
    def keygen(
        out: Annotated[Path, typer.Option("--out", help="私钥文件（PEM，权限 0600；放在数据库之外）")],
    ) -> None:
        """生成检查点的 Ed25519 签名密钥；公钥（PEM）打印到标准输出，请另行保存以便校验。"""
        from store.checkpoints import generate_key, public_pem

        try:
            key = generate_key(out)
        except FileExistsError:
            raise die(f"lexgate: {out} 已存在：不覆盖已有的密钥（换一个文件名）", EXIT_INPUT) from None
        print(public_pem(key), end="")
        print(f"私钥已写入 {out}；服务用 LEXGATE_CHECKPOINT_KEY={out} 签名检查点", file=sys.stderr)

    @group.command("checkpoint")
    def checkpoint(
        key: Annotated[Path, typer.Option("--key", envvar="LEXGATE_CHECKPOINT_KEY", help="签名私钥文件")],
        file: Annotated[
            Path, typer.Option("--file", envvar="LEXGATE_CHECKPOINT_FILE", help="检查点文件（只追加）")
        ],
        database: DatabaseOption = None,
    ) -> None:
        """立即签发一个检查点（记录数比上一个检查点多时），追加到检查点文件。"""
        from store.checkpoints import CheckpointLog, Leaves, load_private_key

        store = open_store(database)
        made = CheckpointLog(file).append_if_grown(load_private_key(key), Leaves(store.engine))
        if made is None:
            print("自上一个检查点以来没有新的记录，未签发")
        else:
            print(f"检查点: {made.size} 条记录，根 {made.root}，{made.time}（{made.key_fingerprint}）")

    retention.register(group)  # lexgate records purge


def _checkpoint_problems(store: Store, path: Path, public_key: Path | None) -> tuple[int, list[str]]:
    from store.checkpoints import CheckpointLog, Leaves, check, load_public_key

    if not path.exists():
        raise die(f"lexgate: 检查点文件 {path} 不存在", EXIT_INPUT)
    trusted = load_public_key(public_key) if public_key else None
    checkpoints = CheckpointLog(path).read()
    if trusted is None and checkpoints:
        keys = sorted({c.key_fingerprint for c in checkpoints})
        print(f"检查点的签名公钥: {'、'.join(keys)}（用 --public-key 指定所信任的公钥）", file=sys.stderr)
    return len(checkpoints), check(checkpoints, Leaves(store.engine).read(), trusted)
