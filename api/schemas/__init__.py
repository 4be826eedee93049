"""Request and response models of the REST API (separate from the engine's, extended where shared)."""
