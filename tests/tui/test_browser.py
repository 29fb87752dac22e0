"""Official addresses as hyperlinks, and `O` opening one in a browser where there is one:
never over SSH unless `$BROWSER` names one."""

from __future__ import annotations

import asyncio
import sys
import time
import webbrowser

from tests.tui.conftest import SIZE_LARGE, notifications, open_document, reading_view, settle
from tui.browser import find_browser, over_ssh


def test_over_ssh_no_browser_is_tried_unless_browser_is_set(monkeypatch):
    monkeypatch.setattr(webbrowser, "get", lambda using=None: (_ for _ in ()).throw(AssertionError("tried")))
    assert over_ssh({"SSH_TTY": "/dev/pts/3"}) and over_ssh({"SSH_CONNECTION": "1 2 3 4"})
    assert find_browser({"SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"}) is None


def test_browser_set_is_used_even_over_ssh(tmp_path):
    browser = find_browser({"SSH_TTY": "/dev/pts/3", "BROWSER": f"{sys.executable} -c pass %s"})
    assert browser is not None


def _focus_first_kamerstuk(app) -> str:
    view = reading_view(app)
    display = view.display_doc
    for i, link in enumerate(display.links):
        ref = display.doc.references[link.reference] if link.reference is not None else None
        if ref is not None and ref.key and ref.key.startswith("kst-"):
            view.go_to(link.block, link=i)
            return ref.key
    raise AssertionError("no Kamerstuk cited")


def _play(app, scenario):
    async def main():
        async with app.run_test(size=SIZE_LARGE, notifications=True) as pilot:
            await settle(pilot)
            await scenario(pilot)

    asyncio.run(main())


def test_o_over_ssh_copies_the_address_and_says_why(make_app, seed_ids, monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    monkeypatch.delenv("BROWSER", raising=False)
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["003"])
        key = _focus_first_kamerstuk(app)
        await pilot.press("O")
        said = notifications(app)[-1]
        assert "over SSH" in said and f"zoek.officielebekendmakingen.nl/{key}" in said

    _play(app, scenario)


def test_o_opens_the_address_with_the_browser_named_in_browser(make_app, seed_ids, monkeypatch, tmp_path):
    got = tmp_path / "opened.txt"
    script = tmp_path / "browser.py"
    script.write_text(f"import sys, pathlib\npathlib.Path({str(got)!r}).write_text(sys.argv[1])\n")
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    monkeypatch.setenv("BROWSER", f"{sys.executable} {script} %s")
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["003"])
        key = _focus_first_kamerstuk(app)
        await pilot.press("O")
        for _ in range(50):
            if got.exists():
                break
            time.sleep(0.05)
        assert got.read_text() == f"https://zoek.officielebekendmakingen.nl/{key}.html"

    _play(app, scenario)


def test_an_official_address_in_the_text_is_a_hyperlink(make_app, seed_ids):
    app = make_app()

    async def scenario(pilot):
        await open_document(pilot, seed_ids["003"])
        key = _focus_first_kamerstuk(app)
        await pilot.pause()
        view = reading_view(app)
        links = {
            seg.style.link
            for y in range(view.size.height)
            for seg in view.render_line(y)
            if seg.style is not None and seg.style.link
        }
        assert f"https://zoek.officielebekendmakingen.nl/{key}.html" in links

    _play(app, scenario)
