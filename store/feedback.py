"""码上评: what the party may send and how long the bureau has to answer.

The seed (宜春's “一码一员一函一审一会”) has the party rate an enforcement act from the QR code on the
document and the bureau handle it and report back; it sets no deadline, so the answer deadline for a
不满意 is lexgate's: ``ANSWER_WORKDAYS`` working days (engine working-day computation, fail closed).
"""

from __future__ import annotations

RATINGS = ("满意", "基本满意", "不满意")
ANSWER_WORKDAYS = 5
MAX_COMMENT = 500  # characters; the API refuses longer comments (422) and bodies over 4 KiB (413)
MAX_ANSWER = 2000
