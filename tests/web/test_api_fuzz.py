"""The API fuzzed from its own OpenAPI document (schemathesis, in-process over WSGI): valid and
invalid requests for every operation, signed in with an API token, must never answer 5xx nor a
response that the document does not describe (status code, content type, body schema).

Bounded and repeatable for CI: a fixed number of examples per operation and mode, derandomized
(the same examples every run), no example database, no shrinking beyond the first failure.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.models import Role, Task
from app.models.benefits import ApplicantRole, Application, FundingLevel
from app.models.funding import FundingSource
from app.models.funding_calls import FundingCall

EXAMPLES = 25  # per operation and mode (9 operations × 2 modes): about 10 s per database
CHECKS = [schemathesis.checks.not_a_server_error, status_code_conformance,
          content_type_conformance, response_schema_conformance]
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck))


@pytest.fixture()
def signed_in(app, session, make_user, make_company):
    """A staff member with a token, and rows for the generated ids to find now and then."""
    user = make_user(Role.STAFF)
    companies = []
    for n in range(3):
        company = make_company(city=user.city, name=f"Sumea {n} Oy", turnover_eur=1000 + n,
                               employees=n, keywords=["robotiikka"])
        companies.append(company)
        session.add(Task(company=company, title="Soita", assignee=user,
                         due_on=date.today() + timedelta(days=n)))
    source = session.query(FundingSource).filter_by(name="manual").one_or_none()
    if source is None:
        source = FundingSource(name="manual", kind="manual")
        session.add(source)
        session.flush()
    call = FundingCall(source=source, source_id="fuzz-1", title="Robotiikkahaku",
                       next_deadline_at=datetime.now(UTC) + timedelta(days=30),
                       deadlines=[], budget_eur=125000, content_hash="fuzz")
    session.add(call)
    session.flush()
    application = Application(company=companies[0], call_title="Robotiikkahaku",
                              funding_level=FundingLevel.NATIONAL,
                              role=ApplicantRole.COORDINATOR)
    session.add(application)
    session.flush()
    from app.models.ecosystems import Ecosystem, Lesson, LessonKind, Project, ProjectStatus

    ecosystem = Ecosystem(city_id=user.city_id, name="Sumea ekosysteemi", themes=["robotics"],
                          partners=[])
    project = Project(city_id=user.city_id, name="Sumea hanke", status=ProjectStatus.RUNNING,
                      partners=[], budget_eur=125000)
    lesson = Lesson(city_id=user.city_id, author_id=user.id, kind=LessonKind.FAILURE,
                    title="Sumea opetus", result="x", tags=["sumea"], search_text="sumea opetus")
    session.add_all([ecosystem, project, lesson])
    session.flush()
    result = app.test_cli_runner().invoke(args=["create-token", "--email", user.email])
    assert result.exit_code == 0, result.output
    headers = {"Authorization": f"Bearer {result.output.strip()}"}
    return headers, {"company_id": companies[0].id, "call_id": call.id,
                     "application_id": application.id, "ecosystem_id": ecosystem.id,
                     "project_id": project.id, "lesson_id": lesson.id}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
def test_the_api_holds_its_document_under_fuzzing(app, client, signed_in, mode):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    headers, known = signed_in
    for operation in operations:
        strategy = operation.as_strategy(generation_mode=mode)
        names = {p.name for p in operation.path_parameters}
        if names:  # half of the cases reach a row that exists
            strategy = strategy | operation.as_strategy(
                generation_mode=mode, path_parameters={n: known[n] for n in names})

        @FUZZ
        @given(case=strategy)
        def run(case: schemathesis.Case) -> None:
            kwargs = case.as_transport_kwargs(headers=headers)
            kwargs.pop("base_url", None)
            response = client.open(**kwargs)
            case.validate_response(response, checks=CHECKS)

        run()

