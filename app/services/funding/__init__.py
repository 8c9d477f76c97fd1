"""The funding area: calls and their harvest.

Use cases: ``harvest`` (read the sources through their connectors, upsert, match what changed),
``sources`` (the coordinator's sources and "run now"), ``calls`` (the list, a call's page, calls
kept by hand), ``uploads`` (calls from a CSV or .xlsx file). ``inputs`` holds the input record of
a call typed in. Private helpers: ``_records`` (connector record → columns, pure), ``_upsert``
(one source's calls into the database, flush only), ``_link`` (the same call from two sources).
"""
