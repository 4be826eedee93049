"""lexgate's REST API: a thin typed FastAPI shell over ``engine/``, with decision records in ``store/``."""
