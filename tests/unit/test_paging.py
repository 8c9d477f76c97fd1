import pytest

from app.presentation.paging import page_numbers, per_page_arg


@pytest.mark.parametrize(("current", "pages", "expected"), [
    (1, 1, [1]),
    (1, 5, [1, 2, 3, 4, 5]),
    (1, 20, [1, 2, 3, None, 20]),
    (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
    (20, 20, [1, None, 18, 19, 20]),
    (4, 20, [1, 2, 3, 4, 5, 6, None, 20]),  # a gap of one page shows the page, not "…"
])
def test_page_numbers_keep_ends_and_neighbours(current, pages, expected):
    assert page_numbers(current, pages) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("50", 50), ("100", 100), (None, 25), ("", 25), ("7", 25), ("100000", 25), ("-50", 25),
    ("5O", 25)])
def test_rows_per_page_is_one_of_the_offered_sizes(value, expected):
    assert per_page_arg(value) == expected

