"""Maintainer tools over the engine (lint, whatif, diff, corpus, coverage) for legal staff."""
