"""The ``i18n_env`` fixture: isolated settings and cache, and English restored after every test (the
translators are process-wide, and other UI tests expect English).

Imported by the i18n test modules; deliberately not a conftest.py, whose module name would shadow
tests/conftest.py for ``from conftest import ...``."""

from __future__ import annotations

import pytest


@pytest.fixture
def i18n_env(qapp, tmp_path, monkeypatch):
    """explorer.ui.i18n with settings in tmp_path/settings.ini, the cache in tmp_path/cache, no environment
    override; English is installed again afterwards."""
    from PySide6.QtCore import QSettings

    from explorer.ui import i18n

    ini = tmp_path / "settings.ini"
    monkeypatch.setattr(i18n, "settings", lambda: QSettings(str(ini), QSettings.Format.IniFormat))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    yield i18n
    i18n.install(qapp, "en")
