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
