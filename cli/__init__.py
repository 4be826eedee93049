"""The ``lexgate`` command. Each sub-command lives in its own module and registers itself here."""

from __future__ import annotations

import typer

from . import (
    cases,
    corpus,
    coverage,
    db,
    decide,
    diff,
    keys,
    lint,
    mutate,
    records,
    report,
    review,
    rules,
    serve,
    units,
    whatif,
)

app = typer.Typer(
    name="lexgate",
    help="lexgate — 市场监管执法案件分流（法制审核、集体讨论、移送司法机关……），结论附法律依据。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
decide.register(app)
lint.register(app)
coverage.register(app)
whatif.register(app)
diff.register(app)
corpus.register(app)
serve.register(app)
keys.register(app)
records.register(app)
db.register(app)
rules.register(app)
units.register(app)
cases.register(app)
mutate.register(app)
report.register(app)
review.register(app)


def main() -> None:
    app()
