"""Which page numbers a pager shows: enough to jump, never a hundred links."""

from __future__ import annotations

PAGE_SIZES = (25, 50, 100)


def page_numbers(current: int, pages: int, *, around: int = 2) -> list[int | None]:
    """The first and last page, ``around`` pages either side of the current one, and ``None``
    where pages are left out (shown as an ellipsis). A gap of one page is shown, not elided."""
    wanted = {1, pages, *range(current - around, current + around + 1)}
    shown = sorted(n for n in wanted if 1 <= n <= pages)
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] == 2:  # type: ignore[operator]
            out.append(n - 1)
        elif out and n - out[-1] > 2:  # type: ignore[operator]
            out.append(None)
        out.append(n)
    return out


def per_page_arg(value: str | None, default: int = PAGE_SIZES[0],
                 sizes: tuple[int, ...] = PAGE_SIZES) -> int:
    """The ``?per_page=`` of a list: one of the offered sizes, anything else the default."""
    return int(value) if value and value.isdigit() and int(value) in sizes else default
