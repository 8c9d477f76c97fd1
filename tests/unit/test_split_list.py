from app.web.forms import split_list


def test_split_list_takes_text_or_the_rows_own_list():
    assert split_list("robotiikka, vety\nmetsä,") == ("robotiikka", "vety", "metsä")
    assert split_list(["robotiikka", " vety "]) == ("robotiikka", "vety")  # field not posted
    assert split_list(None) == ()
