"""The rule packs lexgate ships: law as data (YAML), no code.

This file only makes the packs installable: the wheel carries them as package data, and the engine
loads them when neither ``--rules`` nor ``LEXGATE_RULES`` names another directory
(``lexgate rules export DIR`` copies them for a bureau to maintain).
"""
