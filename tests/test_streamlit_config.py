"""The production settings of .streamlit/config.toml: present, with the intended values, and every key one that
Streamlit knows (a misspelt option would be ignored silently)."""

from __future__ import annotations

import tomllib

from streamlit import config

from dashboard.config import PROJECT_ROOT

SETTINGS = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_production_settings():
    assert SETTINGS["client"]["showErrorDetails"] == "none"  # no traceback, path or SQL in a browser
    assert SETTINGS["server"]["maxUploadSize"] == 50
    assert SETTINGS["server"]["maxMessageSize"] == 50  # the ceiling of what one chart or table sends
    assert SETTINGS["server"]["enableXsrfProtection"] is True
    assert SETTINGS["server"]["headless"] is True
    assert SETTINGS["browser"]["gatherUsageStats"] is False
    assert SETTINGS["server"]["fileWatcherType"] == "none"  # a server does not watch its source files
    assert SETTINGS["runner"]["postScriptGC"] is False  # no full garbage collection after every page load


def test_every_setting_is_a_streamlit_option():
    known = set(config._config_options_template)
    unknown = [
        f"{section}.{key}"
        for section, values in SETTINGS.items()
        for key in values
        if f"{section}.{key}" not in known and not isinstance(values[key], dict)
    ]
    assert unknown == []
