"""What the routes call: the active rule set, triage with its record, replay. No HTTP here."""
