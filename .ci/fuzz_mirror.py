"""schemathesis hooks (``SCHEMATHESIS_HOOKS``): every request sent to the first back end goes again, byte
for byte but for the role's key, to the second, and that answer meets the same checks.

One client attacks both back ends with the same requests: generating the cases was about two thirds of
the attack suite's CPU, and a second client generated them all again (bench/README.md). The first back end
steers the generation (its answers are the feedback), the second gets each request right after it, so
both see the same sequence and their state evolves alike.

Configured by .ci/fuzz.py through the environment:
- ``FUZZ_MIRROR_URL`` — the second server's base address;
- ``FUZZ_MIRROR_KEYS`` — ``first-key=second-key``: the role's key on the first server is replaced by its
  key on the second; any other Authorization (schemathesis sends missing and wrong ones) goes unchanged;
- ``FUZZ_MIRROR_COUNTS`` — a file this process writes at exit: requests seen, requests sent again, and
  the failures (the request and what failed, the first 20 word for word).

A failed check of a mirrored answer, or a request that cannot be sent again, raises: schemathesis counts
the case as errored and exits non-zero; .ci/fuzz.py prints the failures from the counts file.
"""

from __future__ import annotations

import atexit
import json
import os
from pathlib import Path
from typing import Any

import requests
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MIRROR = os.environ["FUZZ_MIRROR_URL"].rstrip("/")
FIRST_KEY, SECOND_KEY = os.environ["FUZZ_MIRROR_KEYS"].split("=", 1)
COUNTS = os.environ["FUZZ_MIRROR_COUNTS"]
# the same checks .ci/fuzz.py names on schemathesis's command line
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
_SESSION = requests.Session()
_counts: dict[str, Any] = {"seen": 0, "mirrored": 0, "failures": []}
SHOWN = 20  # failures kept word for word; schemathesis only counts a hook's exception as "errored"


def _write_counts() -> None:
    Path(COUNTS).write_text(json.dumps(_counts), encoding="utf-8")


atexit.register(_write_counts)


def _again(sent: requests.PreparedRequest) -> requests.PreparedRequest:
    """The request as it went out, addressed to the second server with its key."""
    copy = sent.copy()
    url = str(copy.url)
    path = url[url.index("/", url.index("//") + 2) :]  # what follows scheme://host:port
    copy.url = MIRROR + path
    auth = copy.headers.get("Authorization")
    if auth == f"Bearer {FIRST_KEY}":
        copy.headers["Authorization"] = f"Bearer {SECOND_KEY}"
    return copy


@schemathesis.hook
def after_call(context: Any, case: schemathesis.Case, response: schemathesis.Response) -> None:
    _counts["seen"] += 1
    again = _again(response.request)
    try:
        answer = _SESSION.send(again, timeout=30, allow_redirects=False)
        _counts["mirrored"] += 1
        case.validate_response(answer, checks=CHECKS, transport_kwargs={"base_url": MIRROR})
    except (Exception, BaseExceptionGroup) as failure:  # check failures come as a BaseExceptionGroup
        if len(_counts["failures"]) < SHOWN:
            _counts["failures"].append(f"{again.method} {again.url}\n{failure}")
        _counts["failed"] = _counts.get("failed", 0) + 1
        raise
