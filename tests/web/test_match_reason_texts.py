"""The reasons of the rules read from call texts have their sentences, in Finnish too."""

from __future__ import annotations

from flask_babel import force_locale

from app.presentation import reasons
from matching import Reason


def test_text_condition_reasons_read_as_sentences(app):
    size = Reason("size_in_text", (("size", "midcap"), ("allowed", "micro,small,medium"),
                                   ("target", "young"),
                                   ("evidence", "Tempo on tarkoitettu startup-yrityksille.")))
    region = Reason("region_in_text", (("region", "Pohjois-Savo"), ("allowed", "Lappi,Kainuu"),
                                       ("evidence", "Lapin ELY-keskuksen alueella toimiville")))
    with app.test_request_context(), force_locale("fi"):
        size_text = reasons.text(size)
        region_text = reasons.text(region)
        ok_text = reasons.text(Reason("size_in_text_ok", (("size", "small"),
                                                          ("target", "sme"))))
    assert size_text == ("Haun teksti rajaa sen startup- ja nuoriin yrityksiin; yritys on "
                         f"{reasons_size_fi(app)}. Haussa sanotaan: ”Tempo on tarkoitettu "
                         "startup-yrityksille.”")
    assert region_text.startswith("Haun teksti rajaa sen alueelle Lappi, Kainuu; yritys on "
                                  "alueella Pohjois-Savo.")
    assert "pk-yrityksiin" in ok_text
    with app.test_request_context(), force_locale("en"):
        assert reasons.text(size).startswith("The call's text limits it to start-ups and young "
                                             "companies; the company is a midcap.")


def reasons_size_fi(app) -> str:
    with app.test_request_context(), force_locale("fi"):
        return reasons._size("midcap")


def test_staff_age_and_de_minimis_reasons_in_finnish_swedish_and_english(app):
    """The second round of text conditions, as shown in "why" and "why not"."""
    from datetime import date

    from matching import CallProfile, CompanyProfile, check

    what = CallProfile(
        id="k", language="fi", status="open", applicant_types=("company",), countries=(),
        regions=(), title="Yritystuki",
        description=("Tuki on tarkoitettu yrityksille, joilla on enintään 10 työntekijää. "
                     "Hakijan on oltava perustettu alle 5 vuotta sitten. "
                     "Avustus on de minimis -muotoista tukea."))
    big = CompanyProfile(id="c", employees=60)
    small = CompanyProfile(id="d", employees=4)
    failed = check(big, what, date(2026, 11, 28))[1]
    passed = check(small, what, date(2026, 11, 28))[0]
    shown = {}
    for lang in ("fi", "sv", "en"):
        with app.test_request_context(), force_locale(lang):
            shown[lang] = (reasons.texts(failed), reasons.texts(passed))
    fi_failed, fi_passed = shown["fi"]
    assert any("yrityksiin, joissa on enintään 10 henkilöä" in t
               and "”Tuki on tarkoitettu yrityksille" in t for t in fi_failed)
    assert any("enintään 5 vuoden ikäisiin yrityksiin" in t for t in fi_passed)
    assert any("de minimis -tukena" in t and "300 000 euroa" in t for t in fi_passed)
    sv_failed, sv_passed = shown["sv"]
    assert any("företag med högst 10 anställda" in t for t in sv_failed)
    assert any("högst 5 år gamla" in t for t in sv_passed)
    assert any("de minimis-stöd" in t for t in sv_passed)
    en_failed, en_passed = shown["en"]
    assert any("companies with at most 10 people on staff" in t for t in en_failed)
    assert any("up to 5 years old" in t for t in en_passed)
    assert any("granted as de minimis aid" in t for t in en_passed)
