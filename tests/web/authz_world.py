"""The small network the generated authorization test runs against, built once per module.

Two towns: the acting users' own town A and another town B. B owns a company that it shares with
A. Every row kind the routes take an id of exists for A's own company, for B's unshared company
and for B's shared company, so each route can be called for "own", "other" and "shared". Every
text of B's unshared rows carries ``OTHER_MARK`` (and its business IDs are known), so a test can
assert that no page or API answer shown to A's users ever contains one of them.

The rows are written into one outer transaction per module; each test runs in a savepoint that is
rolled back, so an allowed write does not leak into the next test.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    City,
    Company,
    CompanyShare,
    Contact,
    Interaction,
    InteractionKind,
    Role,
    SavedFilter,
    Task,
    User,
)
from app.models.benefits import ApplicantRole, Application, FundingLevel
from app.models.directory import PersonRole, RdiPerson, RdiService, ServiceCategory
from app.models.ecosystems import (
    Course,
    CourseFormat,
    Ecosystem,
    EcosystemCompany,
    EcosystemTown,
    EducationPartner,
    Lesson,
    LessonKind,
    PartnerKind,
    Project,
    ProjectCompany,
    ProjectStatus,
    ProjectTown,
)
from app.models.funding import FundingSource, HarvestJob, JobStatus
from app.models.funding_calls import CallKind, CallStatus, FundingCall
from app.models.matches import Match
from app.models.network import Decision, Meeting
from app.models.pipeline import PipelineEntry, PipelineStage
from app.services import accounts, imports
from app.services.companies import merge as merge_service

OTHER_MARK = "Qvxb"  # in every text of the other town's unshared rows
SEARCH_WORD = "Sammakko"  # in every company's name, so a search finds all of them if it leaks
ROLES = ("anonymous", "staff", "city_admin", "viewer", "coordinator")
IMPORT_CSV = "Y-tunnus;Nimi\r\n1927400-1;{word} Tuonti Oy\r\n1234567-8;Virheellinen Oy\r\n"


@dataclass
class World:
    """Ids of every row a route can be called with, per town ("own", "other", "shared")."""

    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # town -> row kind -> id
    users: dict[str, int] = field(default_factory=dict)  # role (and "other_staff") -> id
    private: dict[str, dict[str, int]] = field(default_factory=dict)  # owner -> kind -> id
    network: dict[str, int] = field(default_factory=dict)  # call, source, job
    business_ids: dict[str, str] = field(default_factory=dict)  # town -> business id
    secret_ids: dict[str, str] = field(default_factory=dict)  # other town's ids in URLs
    cookies: dict[str, str] = field(default_factory=dict)  # role -> session cookie
    csrf: dict[str, str] = field(default_factory=dict)  # role -> CSRF token
    tokens: dict[str, str] = field(default_factory=dict)  # role -> API bearer token
    city_ids: dict[str, int] = field(default_factory=dict)
    import_csv: bytes = b""
    conn: Any = None  # the module's connection, in its outer transaction


def _user(session: Session, role: Role, city: City | None, label: str, pw_hash: str) -> User:
    user = User(email=f"{label}@authz.example", name=f"Authz {label}", role=role, city=city,
                password_hash=pw_hash, language="fi")
    session.add(user)
    session.flush()
    return user


def _company_rows(session: Session, company: Company, text: str, author: User, call: FundingCall,
                  today: date) -> dict[str, int]:
    contact = Contact(company=company, first_name=f"Henkilö{text}", last_name=f"Suku{text}",
                      email=f"{text.lower()}@person.example")
    interaction = Interaction(company=company, occurred_on=today, kind=InteractionKind.MEETING,
                              summary=f"Muistio {text}", created_by_id=author.id)
    task = Task(company=company, title=f"Tehtävä {text}", due_on=today + timedelta(days=3),
                assignee_id=author.id, created_by_id=author.id)
    done = Task(company=company, title=f"Tehty {text}", due_on=today,
                done_at=datetime.now(UTC), assignee_id=author.id, created_by_id=author.id)
    session.add_all([contact, interaction, task, done])
    session.flush()
    match = Match(company_id=company.id, call_id=call.id, score=71.5, rank=1,
                  components={"text": 0.5}, reasons=[])
    session.add(match)
    session.flush()
    application = Application(company_id=company.id, match_id=match.id, call_id=call.id,
                              call_title=call.title, funding_level=FundingLevel.NATIONAL,
                              role=ApplicantRole.COORDINATOR, notes=f"Hakemusmuistio {text}")
    session.add(application)
    session.flush()
    return {"company": company.id, "contact": contact.id, "interaction": interaction.id,
            "task": task.id, "done_task": done.id, "match": match.id,
            "application": application.id}


def build(session: Session, pw_hash: str, today: date) -> World:
    """Write the network's rows (committed into the module's outer transaction)."""
    w = World()
    town_a = City(code="981", name_fi="Omakaupunki", region="Kainuu")
    town_b = City(code="982", name_fi="Toinenkaupunki", region="Lappi")
    session.add_all([town_a, town_b])
    session.flush()
    w.city_ids = {"own": town_a.id, "other": town_b.id}
    users = {
        "staff": _user(session, Role.STAFF, town_a, "staff", pw_hash),
        "city_admin": _user(session, Role.CITY_ADMIN, town_a, "city_admin", pw_hash),
        "viewer": _user(session, Role.VIEWER, town_a, "viewer", pw_hash),
        "coordinator": _user(session, Role.COORDINATOR, None, "coordinator", pw_hash),
        "other_staff": _user(session, Role.STAFF, town_b, "other_staff", pw_hash),
    }
    w.users = {k: u.id for k, u in users.items()}

    source = FundingSource(name="authz-lähde", kind="manual")
    session.add(source)
    session.flush()
    call = FundingCall(funding_source_id=source.id, source_id="authz-1", kind=CallKind.CALL,
                       title=f"{SEARCH_WORD} rahoitushaku", description="Kehittämisrahoitus",
                       status=CallStatus.OPEN, content_hash="authz", applicant_types=["company"],
                       deadlines=[], is_continuous=True)
    job = HarvestJob(requested_by_id=users["coordinator"].id, source_ids=[source.id],
                     status=JobStatus.DONE)
    session.add_all([call, job])
    session.flush()
    meeting = Meeting(title="Verkoston kokous", starts_at=datetime(2026, 1, 15, 8, tzinfo=UTC),
                      ends_at=datetime(2026, 1, 15, 10, tzinfo=UTC), agenda="Asialista")
    session.add(meeting)
    session.flush()
    decision = Decision(meeting_id=meeting.id, text="Päätös", owner_city_id=town_a.id)
    session.add(decision)
    session.flush()
    w.network = {"call": call.id, "source": source.id, "job": job.id, "meeting": meeting.id,
                 "decision": decision.id}

    bids = {"own": "2077474-0", "own2": "1572860-0", "other": "0737546-2",
            "other2": "2331972-7", "shared": "1927400-1"}
    companies = {
        "own": Company(name=f"{SEARCH_WORD} Oma Oy", business_id=bids["own"], city=town_a),
        "own2": Company(name=f"{SEARCH_WORD} Toinen Oma Oy", business_id=bids["own2"],
                        city=town_a),
        "other": Company(name=f"{SEARCH_WORD} {OTHER_MARK} Oy", business_id=bids["other"],
                         city=town_b, owner_id=users["other_staff"].id),
        "other2": Company(name=f"{SEARCH_WORD} {OTHER_MARK} Kaksi Oy",
                          business_id=bids["other2"], city=town_b),
        "shared": Company(name=f"{SEARCH_WORD} Jaettu Oy", business_id=bids["shared"],
                          city=town_b),
    }
    session.add_all(companies.values())
    session.flush()
    session.add(CompanyShare(company_id=companies["shared"].id, city_id=town_a.id))
    w.business_ids = bids
    authors = {"own": users["staff"], "other": users["other_staff"], "shared": users["other_staff"]}
    texts = {"own": "Oma", "other": OTHER_MARK, "shared": "Jaettu"}
    for town in ("own", "other", "shared"):
        w.rows[town] = _company_rows(session, companies[town], texts[town], authors[town], call,
                                     today)
    w.rows["own"]["company2"] = companies["own2"].id
    w.rows["other"]["company2"] = companies["other2"].id
    w.rows["shared"]["company2"] = companies["own"].id  # own + shared: a merge across towns
    w.secret_ids = {"company": str(companies["other"].id),
                    "company2": str(companies["other2"].id)}
    # every company is on the pipeline board in its first stage: a move and a park both write
    first_stage = session.scalars(select(PipelineStage).order_by(PipelineStage.position)).first()
    session.add_all(PipelineEntry(company_id=c.id, stage_id=first_stage.id)
                    for c in companies.values())

    _directory_rows(session, w, town_a, town_b)
    _ecosystem_rows(session, w, town_a, town_b, users, companies)
    for owner in ("staff", "city_admin", "viewer", "coordinator", "other_staff"):
        saved = SavedFilter(user_id=w.users[owner], name=f"Haku {owner}", query="q=x")
        session.add(saved)
        session.flush()
        w.private[owner] = {"saved_filter": saved.id}
    session.commit()

    # merges to undo: one in each town, recorded by the merge use case itself
    for town, who in (("own", "staff"), ("other", "other_staff")):
        keep = Company(name=f"Yhdistetty {texts[town]} Oy", city=companies[town].city)
        drop = Company(name=f"Poistettu {texts[town]} Oy", city=companies[town].city)
        session.add_all([keep, drop])
        session.commit()
        event = merge_service.merge_companies(session, users[who], keep.id, drop.id)
        w.rows[town]["merge_event"] = event.id

    # company-list imports waiting for decisions: each of the writers', and the other town's
    w.import_csv = IMPORT_CSV.format(word=SEARCH_WORD).encode("utf-8")
    for owner in ("staff", "city_admin", "coordinator", "other_staff"):
        actor = users[owner]
        city_id = town_a.id if owner == "coordinator" else None
        imp = imports.upload_list(session, actor, w.import_csv, "lista.csv", city_id=city_id)
        imports.save_mapping(session, actor, imp.id, ["business_id", "name"],
                             code_set="TOL2025", as_prospects=False)
        imports.run_dry_run(session, imp.id, today=today)
        session.expire_all()
        rows = imports.row_page(session, imports.get_import(session, actor, imp.id), show="all",
                                page=1, per_page=50).items
        w.private[owner]["import"] = imp.id
        w.private[owner]["import_row"] = next(r.id for r in rows if r.choices)
    return w


def _directory_rows(session: Session, w: World, town_a: City, town_b: City) -> None:
    """A service and an R&D&I person per town. B's service is a draft whose texts carry
    ``OTHER_MARK``: no public page and no page of A's users may show it. B's person is not
    marked: everyone signed in reads the network's R&D&I people (but the public does not, as
    B's has not consented)."""
    for town, city, text in (("own", town_a, "Oma"), ("other", town_b, OTHER_MARK)):
        service = RdiService(city_id=city.id, category=ServiceCategory.TRAINING,
                             name_fi=f"Palvelu {text}", provider=f"Tarjoaja {text}",
                             description_fi=f"Kuvaus {text}", is_published=town == "own",
                             internal_note=f"Muistiinpano {text}", languages=["fi"])
        person = RdiPerson(city_id=city.id, role=PersonRole.RESPONSIBLE,
                           name=f"Vastuuhenkilö {city.name_fi}", topics=["EU-rahoitus"],
                           has_public_consent=False)
        session.add_all([service, person])
        session.flush()
        w.rows[town]["service"] = service.id
        w.rows[town]["person"] = person.id
        colleague = User(email=f"kollega-{town}@example.test", name=f"Kollega {town}",
                         role=Role.STAFF, city_id=city.id, password_hash="x", language="fi")
        session.add(colleague)
        session.flush()
        w.rows[town]["user"] = colleague.id


def _ecosystem_rows(session: Session, w: World, town_a: City, town_b: City,
                    users: dict[str, User], companies: dict[str, Company]) -> None:
    """An ecosystem and a project per town: B's carry ``OTHER_MARK``; the "shared" ones are B's
    spanning A (their texts unmarked, with B's unshared company in them, which A must not
    see). A lesson of A shared with the network, and one of B kept to B (marked). A partner and
    a course of the network."""
    spans = {"own": (town_a, "Oma", None), "other": (town_b, OTHER_MARK, None),
             "shared": (town_b, "Jaettu", town_a)}
    for town, (city, text, spanned) in spans.items():
        eco = Ecosystem(city_id=city.id, name=f"Ekosysteemi {text}",
                        description=f"Kuvaus {text}", themes=["hydrogen"], partners=[])
        project = Project(city_id=city.id, name=f"Hanke {text}", status=ProjectStatus.RUNNING,
                          partners=[], results=f"Tulos {text}")
        if spanned is not None:
            eco.towns = [EcosystemTown(city_id=spanned.id)]
            project.towns = [ProjectTown(city_id=spanned.id)]
        member = companies["other" if town != "own" else "own"]
        eco.members = [EcosystemCompany(company_id=member.id, is_anchor=True)]
        project.members = [ProjectCompany(company_id=member.id)]
        session.add_all([eco, project])
        session.flush()
        w.rows[town]["ecosystem"] = eco.id
        w.rows[town]["project"] = project.id
    shared = Lesson(city_id=town_a.id, author_id=users["staff"].id, kind=LessonKind.FAILURE,
                    title="Opetus Oma", result="Ei toiminut", tags=[], town_only=False,
                    search_text="opetus oma ei toiminut")
    kept = Lesson(city_id=town_b.id, author_id=users["other_staff"].id,
                  kind=LessonKind.FAILURE, title=f"Opetus {OTHER_MARK}",
                  result=f"{SEARCH_WORD} {OTHER_MARK}", tags=[], town_only=True,
                  search_text=f"opetus {SEARCH_WORD} {OTHER_MARK}".lower())
    partner = EducationPartner(name="Authz-oppilaitos", kind=PartnerKind.UAS)
    session.add_all([shared, kept, partner])
    session.flush()
    course = Course(partner_id=partner.id, provider=partner.name, title="Kurssi verkossa",
                    url="https://example.org/kurssi", format=CourseFormat.ONLINE,
                    self_paced=True, themes=[], search_text="kurssi verkossa")
    session.add(course)
    session.flush()
    w.network.update({"lesson": shared.id, "course": course.id, "partner": partner.id})


def sign_in(app: Flask, w: World, users: dict[str, User], password: str) -> None:
    """One signed-in browser session and one API token per role, reused by every test."""
    import re

    from app.extensions import db

    pattern = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
    for role in ROLES:
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = pattern.search(page).group(1)  # type: ignore[union-attr]
        if role != "anonymous":
            resp = client.post("/login", data={"csrf_token": token, "email": users[role].email,
                                               "password": password})
            assert resp.status_code == 302, resp.get_data(as_text=True)
            page = client.get("/").get_data(as_text=True)
            token = pattern.search(page).group(1)  # type: ignore[union-attr]
            with app.app_context():
                w.tokens[role] = accounts.create_token(db.session, users[role].email)
        cookie = client.get_cookie("session")
        assert cookie is not None
        w.cookies[role] = cookie.value
        w.csrf[role] = token


def call_upload(w: World) -> dict[str, Any]:
    """A calls file that the coordinator's import would take."""
    text = b"title;url\r\nAuthz-haku;https://example.org/haku\r\n"
    return {"content": base64.b64encode(text).decode("ascii"), "filename": "haut.csv"}
