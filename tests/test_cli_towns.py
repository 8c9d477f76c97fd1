"""Member towns at the command line: load-municipalities, add-town, end-town."""

from sqlalchemy import select

from app.models import City, Municipality


def test_add_and_end_a_town(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["add-town", "638"])
    assert result.exit_code == 0, result.output
    assert "Porvoo (638) is a member town" in result.output
    city = session.scalars(select(City).where(City.code == "638")).one()
    assert city.name_sv == "Borgå" and city.language_status == "bilingual"
    again = runner.invoke(args=["add-town", "638"])
    assert again.exit_code != 0 and "Porvoo" in again.output
    ended = runner.invoke(args=["end-town", "638"])
    assert ended.exit_code == 0 and "ended" in ended.output
    session.refresh(city)
    assert not city.is_member
    unknown = runner.invoke(args=["add-town", "000"])
    assert unknown.exit_code != 0 and "000" in unknown.output


def test_load_municipalities_twice_and_a_bad_file(app, session, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["load-municipalities"])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 0 no longer" in result.output  # the migration loaded it
    bad = tmp_path / "kunnat.csv"
    bad.write_text("code,name_fi\n140,Iisalmi\n", encoding="utf-8")
    failed = runner.invoke(args=["load-municipalities", str(bad)])
    assert failed.exit_code != 0
    assert session.get(Municipality, "140").name_fi == "Iisalmi"
