"""Use cases, grouped by area: one package (or, for a small area, one module) per area, with the
same name in every layer (models, services, web, api, cli, templates, tests).

    accounts/   users, sign-in, sessions, account changes       audit/      record (flush only), log
    companies/  profile, search, contacts, duplicates, merge    engagement  interactions and tasks
    imports/    company lists, the trade register               funding/    calls, harvest, sources
    matches/    rematch, statuses, feedback, reads, check       demo/       the demo network

A public function of a package (or of a public module in it) is a use case: it takes a session
and the acting user, checks permission through ``app.authz``, does the work, writes its audit
event and commits once through ``_tx.committing``; follow-ups such as the rematch of what it
changed are registered inside it (``_rematch``) and run after its commit. Helpers are private
modules (``_upsert.py``, ``_cache.py`` ...) that only flush; nothing outside ``app/services``
imports them (tests/test_architecture.py).
"""
