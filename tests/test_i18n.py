"""Finnish first: every marked string has a Finnish translation, and the catalogs compile."""

from tools import i18n


def test_every_marked_string_has_a_finnish_translation():
    missing = i18n.missing()
    assert missing == [], f"translate these (python -m tools.i18n add AREA): {missing[:20]}"


def test_extraction_sees_templates_python_and_macros():
    found = i18n.extract()
    assert "Sign in to Veturi" in found  # template
    assert "Wrong e-mail or password." in found  # python
    assert "Please correct the marked fields." in found  # templates/_macros


def test_catalogs_compile_into_mo_files():
    assert i18n.compile_all() >= 1
    for po in i18n.catalog_paths():
        assert po.with_suffix(".mo").stat().st_size > 0


def test_swedish_is_complete_for_the_areas_listed_as_complete():
    missing = i18n.missing("sv")
    assert missing == [], f"translate these (python -m tools.i18n add AREA sv): {missing[:20]}"


def test_every_area_listed_as_swedish_complete_has_a_swedish_catalog():
    for area in i18n.SWEDISH_COMPLETE:
        assert i18n.catalog_path(area, "sv").exists(), area
        assert i18n.catalog_path(area, "fi").exists(), area


def test_an_area_not_listed_is_not_held_to_swedish(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)
    monkeypatch.setattr(i18n, "SWEDISH_COMPLETE", ("done",))
    for area in ("done", "later"):
        fi = i18n.catalog_path(area, "fi")
        fi.parent.mkdir(parents=True)
        fi.write_text(f'msgid ""\nmsgstr ""\n\nmsgid "{area} text"\nmsgstr "suomeksi"\n',
                      encoding="utf-8")
    assert i18n.missing("sv") == ["done text"]
    assert i18n.add("done", "sv") == 1
    assert i18n.add("later", "sv") == 1  # a later area can start its Swedish the same way
    assert i18n.area_messages("done", "sv") == ["done text"]


def test_translations_keep_the_placeholders_of_the_english_text():
    import re

    from babel.messages.pofile import read_po

    pattern = re.compile(r"%\(\w+\)[sd]")
    for locale in i18n.LOCALES:
        for path in i18n.catalog_paths(locale):
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=locale)
            for msg in catalog:
                if not msg.id or not msg.string:
                    continue
                ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
                strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
                wanted = set(pattern.findall(ids[-1]))
                for text in strings:
                    if text:
                        assert set(pattern.findall(text)) <= wanted | set(
                            pattern.findall(ids[0])), (path, msg.id, text)
