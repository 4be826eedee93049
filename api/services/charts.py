"""The annual report's charts as SVG drawn here (no charting library, nothing from a CDN).

Grouped bar charts: categories along the bottom, one colour per series, a legend and the value on
each bar, text escaped. The page shows them as images; a test can read the numbers back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

COLOURS = ("#1f5fa8", "#9db7d6", "#c0392b", "#e6a23c")
WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 48, 56


def _escape(text: str) -> str:
    """Text for an element or a double-quoted attribute."""
    return escape(text, {'"': "&quot;"})


def bar_chart(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> str:
    """An SVG grouped bar chart; ``series`` are (name, one value per category)."""
    top = max([1, *(v for _, values in series for v in values)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(categories))
    bar = slot * 0.8 / max(1, len(series))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-label="{_escape(title)}" '
        'font-family="sans-serif" font-size="11">',
        f"<title>{_escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">'
        f"{_escape(title)}</text>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#333"/>',
    ]
    for index, (name, _values) in enumerate(series):
        legend = LEFT + index * 150
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<rect x="{legend}" y="28" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{legend + 14}" y="37">{_escape(name)}</text>')
    for c, category in enumerate(categories):
        x0 = LEFT + c * slot + slot * 0.1
        parts.append(
            f'<text x="{LEFT + c * slot + slot / 2:.1f}" y="{TOP + plot_h + 16}" '
            f'text-anchor="middle">{_escape(category)}</text>'
        )
        for s, (name, values) in enumerate(series):
            value = values[c]
            height = plot_h * value / top
            x, y = x0 + s * bar, TOP + plot_h - height
            colour = COLOURS[s % len(COLOURS)]
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{colour}" data-series="{_escape(name)}" data-category="{_escape(category)}" '
                f'data-value="{value}"><title>{_escape(f"{category} {name}：{value}")}</title></rect>'
            )
            if value:
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                    f'font-size="9">{value}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


CHARTS = ("months", "decisions", "publicity")


def chart(name: str, report: Mapping[str, Any]) -> str:
    """One of :data:`CHARTS` for a report from ``store.report_data.annual_report``."""
    year = report["year"]
    this, before = f"{year}年", f"{year - 1}年"
    if name == "months":
        months = [str(m) for m in range(1, 13)]
        return bar_chart(
            f"{year}年分月案件数和分流次数",
            [f"{m}月" for m in months],
            [
                ("案件数", [report["months"][m]["cases"] for m in months]),
                ("分流次数", [report["months"][m]["triages"] for m in months]),
                (f"分流次数（{before}）", [report["previous_months"][m]["triages"] for m in months]),
            ],
        )
    if name == "decisions":
        labels: Mapping[str, str] = report["labels"]
        keys = sorted(set(report["total"]["required"]) | set(report["previous_year"]["required"]))
        return bar_chart(
            "各项决定“需要”的分流次数（与上年比较）",
            [labels.get(k, k) for k in keys],
            [
                (this, [report["total"]["required"].get(k, 0) for k in keys]),
                (before, [report["previous_year"]["required"].get(k, 0) for k in keys]),
            ],
        )
    publicity = [("按时公示", "on_time"), ("逾期公示", "late"), ("撤下", "revoked")]
    return bar_chart(
        "行政处罚信息公示（与上年比较）",
        [label for label, _ in publicity],
        [
            (this, [report["total"]["publicity"][k] for _, k in publicity]),
            (before, [report["previous_year"]["publicity"][k] for _, k in publicity]),
        ],
    )
