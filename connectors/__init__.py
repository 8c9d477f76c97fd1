"""Connectors: talk to the outside world and hand back plain records.

One module per external source kind (the EU Funding & Tenders Portal, EURA 2021, haeavustuksia.fi,
RSS/Atom feeds, manual CSV/.xlsx uploads, the PRH/YTJ company register). Each turns the source's
real format into frozen dataclasses from ``connectors.records`` (``FundingCall``, ``CompanyRecord``)
and raises ``connectors.errors.SourceError`` when the source fails. Nothing here imports Flask,
SQLAlchemy or ``app``: the HTTP session, the base URL and today's date are arguments, so every
connector is tested offline against the saved real payloads in ``../shared/fixtures/``.
"""
