"""schemathesis's command line (``st``) with Python's cyclic garbage collector run less often.

Generating thousands of cases allocates millions of short-lived objects; at the default thresholds
(700, 10, 10) the collector costs about a tenth of the client's CPU in the attack suite (bench/README.md).
"""

import gc
import sys

from schemathesis.cli import schemathesis

if __name__ == "__main__":
    gc.set_threshold(50_000, 20, 20)
    sys.exit(schemathesis())
