"""Scheduled jobs (APScheduler 3), run by the one scheduler process that ``flask scheduler``
starts, never inside the web workers. Each job function is importable by its textual reference
(``app.jobs.harvest:harvest_enabled_sources``), which is what the persistent job store keeps;
it opens an app context and calls the services. It contains no logic of its own.

The scheduler itself (its job store, its lock, the job list) is set up by ``app/cli/scheduler.py``.
"""
