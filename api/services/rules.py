"""The rule set in force for this process, kept in step with the database's active digest.

Every worker holds the rule set of the generation it last saw. Reads check the ledger's generation
(one indexed single-row read) and load the new rule set when it moved; a triage is checked again
under the ledger lock when its record is appended (``StaleRuleSet``), so no record is ever made
under a rule set that was no longer active when it was committed.

Start-up: a database without an active rule set gets the rules directory's; otherwise the
database's active rule set is used, and a directory that differs is only reported (activating it
is a deliberate act: ``POST /v1/rules/reload``), so that a restarted worker can never put rules
in force that nobody reloaded.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from engine import RuleSet, RuleSetInvalid, load_ruleset
from store import Store
from store.rulesets import Activation

from ..errors import ApiError

log = logging.getLogger("lexgate.api")


@dataclass(frozen=True)
class Active:
    ruleset: RuleSet
    generation: int


class ActiveRules:
    def __init__(self, store: Store, rules_dir: Path) -> None:
        self.store = store
        self.rules_dir = rules_dir
        self.notes: list[str] = []  # said at start-up (lexgate serve prints them)
        self._lock = threading.Lock()
        self._active: Active | None = None

    def load_directory(self) -> RuleSet:
        """The rules directory, validated (raises RuleSetInvalid listing every error)."""
        return load_ruleset(self.rules_dir, display_root=self.rules_dir)

    def start(self, actor: str = "lexgate serve") -> Active:
        try:
            directory: RuleSet | None = self.load_directory()
        except RuleSetInvalid as exc:
            digest, _ = self.store.rulesets.active()
            if digest is None:
                raise
            directory = None
            self.notes.append(
                f"规则目录 {self.rules_dir} 无法加载，继续使用数据库中生效的规则集 {digest}:\n{exc}"
            )
        if directory is not None:
            self.store.rulesets.remember(directory)
            self.store.rulesets.activate(directory, actor, only_if_none=True)
        active = self.refresh()
        if directory is not None and directory.digest != active.ruleset.digest:
            self.notes.append(
                f"规则目录 {self.rules_dir} 的内容（{directory.digest[:19]}…）与生效的规则集"
                f"（{active.ruleset.digest[:19]}…）不同；如要启用，请由法制人员调用 POST /v1/rules/reload"
            )
        return active

    def cached(self) -> Active:
        """The rule set this process last saw active (no database read)."""
        return self._active or self.refresh()

    def current(self) -> Active:
        """The active rule set, after checking the database's generation."""
        _, generation = self.store.rulesets.active()
        active = self._active
        if active is not None and active.generation == generation:
            return active
        return self.refresh()

    def refresh(self) -> Active:
        with self._lock:
            digest, generation = self.store.rulesets.active()
            if self._active is not None and self._active.generation == generation:
                return self._active
            if digest is None:
                raise RuntimeError("数据库中没有生效的规则集（服务启动时应已写入）")
            active = Active(self.store.rulesets.load(digest), generation)
            if self._active is None or self._active.ruleset.digest != digest:
                log.info("规则集 %s 生效（第 %d 代）", digest, generation)
            self._active = active
            return active

    def reload(self, actor: str, expect: str | None = None) -> Activation:
        """Validated load of the rules directory; only a rule set without errors is activated, and
        with ``expect`` only the rule set of that digest (the one a preview showed)."""
        ruleset = self.load_directory()  # RuleSetInvalid: nothing changes
        if expect is not None and ruleset.digest != expect:
            raise ApiError(
                409,
                "rules_changed_since_preview",
                "规则目录在预览之后又有修改，未启用",
                location="expect",
                suggestion="请重新预览，核对差异和影响后再确认启用",
            )
        activation = self.store.rulesets.activate(ruleset, actor)
        self.refresh()
        return activation
