"""Whether a citation names a legal document and a provision of it (条、款、项、部分…).

The schema already requires a non-empty ``basis``; what it cannot see is a basis that cites
no article — "《行政处罚法》", "有关规定", "工作总结" — which a reviewer cannot check.
"""

from __future__ import annotations

import re

_NUM = r"[0-9零〇一二三四五六七八九十百千两]+"
# 《…》, a document number such as 国办发〔2018〕118号, or 令第250号
_DOCUMENT = re.compile(r"《[^》]+》|[〔\[(（]\d{4}[〕\])）]\s*\d+\s*号|令第?\s*" + _NUM + "号")
# 第五十八条, 第一款, 第（三）项, 第四部分, 一、（三） as numbered sections of a notice
_PROVISION = re.compile(
    r"第\s*[（(]?" + _NUM + r"[）)]?\s*(条|款|项|部分|章|节|目|点|段)"
    r"|(^|[^\w])[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十]+[）)]"
)


def names_document(text: str) -> bool:
    return bool(_DOCUMENT.search(text))


def names_provision(text: str) -> bool:
    return bool(_PROVISION.search(text))


def cites_article(text: str) -> bool:
    """A checkable citation: a document and a provision within it."""
    return names_document(text) and names_provision(text)
