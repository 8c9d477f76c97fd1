"""Scheduled jobs (APScheduler 3), run by the one scheduler process that ``flask scheduler``
starts, never inside the web workers. Each job function is importable by its textual reference
(``app.jobs.harvest:harvest_enabled_sources``), which is what the persistent job store keeps;
it runs in the scheduler's one app (``AppContextExecutor`` in ``app/cli/scheduler.py`` runs
every job in that app's context; a test passes its app) and makes one service call. It contains
no logic of its own and builds no app: the web blueprints are never loaded for a job run.

The scheduler itself (its job store, its lock, the job list) is set up by ``app/cli/scheduler.py``.
"""
