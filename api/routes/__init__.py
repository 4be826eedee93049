"""Routers: HTTP in, a service or catalog call, HTTP out. No decisions are made here."""
