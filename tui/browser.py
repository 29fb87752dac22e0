"""Opening an address in a browser, where there is one to open it in.

Over SSH a "local" browser would start on the far machine (or a text browser would take over
the terminal the reader is drawing on): there it is only tried when the user named one in
`$BROWSER`. Elsewhere Python's `webbrowser` says whether it knows one; a text browser it
finds by itself (lynx on a console) is not one, as it would draw over the reader.
"""

from __future__ import annotations

import os
import webbrowser
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widget import Widget


def over_ssh(env: Mapping[str, str]) -> bool:
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))


def takes_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """A browser run in the foreground (a text browser, or a `$BROWSER` command): it needs the terminal."""
    return isinstance(browser, webbrowser.GenericBrowser) and not isinstance(browser, webbrowser.BackgroundBrowser)


def find_browser(env: Mapping[str, str] | None = None) -> webbrowser.BaseBrowser | None:
    """The browser to open addresses in: `$BROWSER` if set, else (not over SSH) a graphical one
    `webbrowser` finds; None when there is none to try."""
    env = os.environ if env is None else env
    try:
        if env.get("BROWSER"):
            return webbrowser.get(env["BROWSER"])
        if over_ssh(env):
            return None
        found = webbrowser.get()
    except webbrowser.Error:
        return None
    return None if takes_terminal(found) else found


def offer(widget: Widget, address: str | None) -> None:
    """What `open_address` does in the reader: the browser where there is one, else the address
    copied (OSC 52) with a word on why."""
    if address is None:
        widget.notify("This reference has no address to open (only official keys and web addresses have one).",
                      markup=False)  # fmt: skip
        return
    browser = find_browser()
    if browser is None:
        widget.app.copy_to_clipboard(address)
        why = "over SSH, and $BROWSER is not set" if over_ssh(os.environ) else "no browser found"
        widget.notify(f"Not opened ({why}); copied: {address}", markup=False)
        return
    from textual.app import SuspendNotSupported

    widget.notify(f"Opening {address}", markup=False)
    if takes_terminal(browser):  # it runs in this terminal: the reader steps aside until it ends
        try:
            with widget.app.suspend():
                browser.open(address)
            return
        except SuspendNotSupported:  # no terminal of ours to lend (headless): run it beside
            pass
    # A graphical browser may take a moment to start: not on the event loop.
    widget.run_worker(lambda: browser.open(address, new=2), thread=True, group="browser", exit_on_error=False)
