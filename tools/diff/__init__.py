"""Rule-by-rule and parameter-by-parameter differences between two rule sets (``lexgate diff``)."""

from .compare import Change, FieldChange, diff_rulesets
from .render import render_text

__all__ = ["Change", "FieldChange", "diff_rulesets", "render_text"]
