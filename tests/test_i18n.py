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
