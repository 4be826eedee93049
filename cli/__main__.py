"""``python -m cli`` = ``lexgate`` (tests run the CLI with the interpreter under test)."""

from . import main

main()
