"""The dependency rules of DESIGN.md, enforced: a rule that is not tested will be broken."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", ["connectors", "matching"])
def test_pure_packages_import_neither_flask_nor_the_orm_nor_the_app(package):
    offenders = {
        str(p.relative_to(ROOT)): sorted(imports_of(p) & {"flask", "sqlalchemy", "app", "flask_sqlalchemy"})
        for p in modules(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def _module_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.update(f"{node.module}.{a.name}" for a in node.names)
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_models_know_nothing_of_services_or_web():
    for path in (ROOT / "app" / "models").rglob("*.py"):
        bad = {m for m in _module_imports(path) if m.startswith(("app.services", "app.web", "app.cli"))}
        assert not bad, f"{path.name} imports {bad}"


def test_services_never_touch_the_request_or_templates():
    forbidden = {"flask.request", "flask.session", "flask.flash", "flask.render_template",
                 "app.web", "app.cli"}
    for path in (ROOT / "app" / "services").rglob("*.py"):
        bad = {m for m in _module_imports(path) if m in forbidden or m.startswith(("app.web", "app.cli"))}
        assert not bad, f"{path.name} imports {bad}"


ENTRY_POINTS = ("web", "api", "cli", "jobs")


@pytest.mark.parametrize("layer", ENTRY_POINTS)
def test_entry_points_do_not_import_each_other(layer):
    """web, api, cli and jobs are four ways in to the same use cases; what two of them share
    (reason texts, dates, error classes) lives below them (app/presentation, app/errors)."""
    others = tuple(f"app.{o}" for o in ENTRY_POINTS if o != layer)
    offenders = {}
    for path in modules(f"app/{layer}"):
        bad = {m for m in _module_imports(path) if m.startswith(others)}
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_jobs_never_build_the_web_app():
    """A job runs in the scheduler's one app; create_app would load every web blueprint."""
    offenders = {str(p.relative_to(ROOT)) for p in modules("app/jobs")
                 if {"app.create_app", "app.web"} & _module_imports(p)}
    assert offenders == set()


@pytest.mark.parametrize("module", ["app/authz.py", "app/errors.py", "app/clock.py"])
def test_authz_and_its_neighbours_sit_below_the_services(module):
    """Services ask authz; if authz imported a service the layers would turn into a cycle."""
    bad = {m for m in _module_imports(ROOT / module)
           if m.startswith(("app.services", "app.web", "app.api", "app.cli", "app.jobs"))}
    assert bad == set()


@pytest.mark.parametrize("package", ["app", "matching", "connectors", "tools"])
def test_no_relative_imports(package):
    """Absolute imports only: a module reads the same wherever it is moved from."""
    offenders = []
    for path in modules(package):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.ImportFrom) and n.level > 0 for n in ast.walk(tree)):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_only_the_unit_of_work_commits():
    """Every use case commits through ``committing()`` in app/services/_tx.py, long jobs too (per
    batch, said in their docstring), so the after-commit follow-ups always run."""
    offenders = []
    for path in modules("app"):
        if path == ROOT / "app" / "services" / "_tx.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "session.commit(" in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


def test_views_never_commit():
    for path in (ROOT / "app" / "web").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert ".commit(" not in text and "session.add(" not in text, path.name


FOLLOW_UPS = {"rematch_after_save", "rematch_after_call_save", "after_harvest", "run_follow_ups"}


@pytest.mark.parametrize("package", ["app/web", "app/api", "app/cli", "app/jobs"])
def test_entry_points_leave_follow_ups_to_the_use_cases(package):
    """A use case rematches what it changed itself (an after-commit follow-up): an entry point
    that composed "save, then rematch" would be the one a new path forgets."""
    offenders = {}
    for path in modules(package):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        used |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        if used & FOLLOW_UPS:
            offenders[str(path.relative_to(ROOT))] = sorted(used & FOLLOW_UPS)
    assert offenders == {}


CLOCK_READS = ("date.today(", "datetime.now(", "datetime.utcnow(", "time.time(")


@pytest.mark.parametrize("package", ["app", "matching", "connectors"])
def test_only_the_clock_reads_the_time(package):
    """"Today" is the network's today (app/clock.py); a server-time date.today() elsewhere would
    be a day off around midnight. matching/ and connectors/ take today as an argument."""
    # connectors/http.py: the injectable default clock of the HTTP session (Retry-After dates)
    allowed = {ROOT / "app" / "clock.py", ROOT / "connectors" / "http.py"}
    offenders = {
        str(p.relative_to(ROOT)): [c for c in CLOCK_READS if c in p.read_text(encoding="utf-8")]
        for p in modules(package) if p not in allowed
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_access_is_decided_in_authz_alone():
    """Services ask app/authz.py; none compares towns or roles itself to decide who may do or
    see what (audit visibility, cross-town merges, who can be assigned, "get or 404")."""
    rules = ("audit.view", "city_id != actor.city_id", "city_id == actor.city_id",
             "keep.city_id != drop.city_id", "ASSIGNABLE_ROLES")
    offenders = {}
    for path in modules("app/services"):
        text = path.read_text(encoding="utf-8")
        found = [r for r in rules if r in text]
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


@pytest.mark.parametrize("package", ["app/web", "app/api", "app/cli", "app/jobs", "app/models"])
def test_private_service_modules_stay_inside_the_services(package):
    """``app/services/<area>/_name.py`` is a helper: entry points call use cases only."""
    offenders = {}
    for path in modules(package):
        bad = {m for m in _module_imports(path) if m.startswith("app.services.")
               and any(part.startswith("_") for part in m.split(".")[2:])}
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


@pytest.mark.parametrize("package", ["matching", "connectors"])
def test_no_import_cycles_in_the_pure_packages(package):
    """One direction inside the core too (matcher → explain, never back, not even lazily or for
    type hints): a cycle hides which module owns a rule."""
    graph = {}
    for path in modules(package):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = {m.rsplit(".", 1)[0] if m not in graph and m.rsplit(".", 1)[0] in
                       {".".join(q.relative_to(ROOT).with_suffix("").parts) for q in modules(package)}
                       else m for m in _module_imports(path) if m.startswith(package + ".")}
    names = set(graph)
    edges = {a: {b for b in bs if b in names and b != a} for a, bs in graph.items()}

    def reaches(start, goal, seen):
        for nxt in edges.get(start, ()):
            if nxt == goal or (nxt not in seen and not seen.add(nxt) and reaches(nxt, goal, seen)):
                return True
        return False

    cycles = sorted(a for a in names if reaches(a, a, set()))
    assert cycles == []


@pytest.mark.parametrize("package", ["app", "matching", "connectors"])
def test_modules_stay_at_their_seams(package):
    """About 400 lines at most: a module past that holds two things that change apart."""
    offenders = {str(p.relative_to(ROOT)): n for p in modules(package)
                 if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420}
    assert offenders == {}
