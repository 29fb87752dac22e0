"""The README's configuration example works as written: read from README.md, loaded as the
reader loads config.toml, built into the key map with no problems."""

from __future__ import annotations

import re
from pathlib import Path

from tui.config import load_config
from tui.keymap import build_keymap

README = Path(__file__).resolve().parents[2] / "README.md"


def _examples() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_the_readme_configuration_example_gives_no_problems(tmp_path):
    examples = [text for text in _examples() if "[keys]" in text]
    assert examples, "README.md has no configuration example"
    for text in examples:
        (tmp_path / "config.toml").write_text(text, encoding="utf-8")
        config = load_config(tmp_path)
        assert config.problems == ()
        keymap = build_keymap(config.keymap, config.keys, tmp_path)
        assert keymap.problems == (), keymap.problems
        for action, keys in config.keys.items():  # what it sets is in force
            wanted = [keys] if isinstance(keys, str) else keys
            assert set(wanted) <= set(keymap.keys[action])
