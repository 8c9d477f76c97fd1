"""Use cases. Each public function takes a session and the acting user, checks permission through
``app.authz``, does the work, writes its audit event and commits once. Helpers below them only
flush, and a public service never calls another public service."""
