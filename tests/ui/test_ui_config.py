"""App settings: defaults, round trip, relocation by KONGTUN_CONFIG_DIR, a broken file."""

from __future__ import annotations

import json
from pathlib import Path

from app import config


def test_defaults_when_nothing_is_saved(_config_dir) -> None:
    cfg = config.load_config()
    assert (cfg.language, cfg.font_size, cfg.last_fund) == ("th", 14, None)
    assert cfg.fund_folder_path() == config.default_fund_folder()


def test_round_trip_in_the_relocated_folder(_config_dir, tmp_path) -> None:
    fund = tmp_path / "a.kongtun"
    fund.write_bytes(b"x")
    path = config.save_config(config.AppConfig(last_fund=str(fund), language="en", font_size=18))
    assert path.parent == _config_dir
    cfg = config.load_config()
    assert (cfg.language, cfg.font_size, cfg.last_fund_path()) == ("en", 18, fund)
    assert config.log_dir().parent == _config_dir


def test_a_missing_last_fund_is_not_offered(_config_dir, tmp_path) -> None:
    config.save_config(config.AppConfig(last_fund=str(tmp_path / "gone.kongtun")))
    assert config.load_config().last_fund_path() is None


def test_bad_values_fall_back_and_a_broken_file_is_kept_aside(_config_dir) -> None:
    _config_dir.mkdir(parents=True)
    (_config_dir / "config.json").write_text(json.dumps(
        {"language": "fr", "font_size": 99, "last_fund": 3}), encoding="utf-8")
    cfg = config.load_config()
    assert (cfg.language, cfg.font_size, cfg.last_fund) == ("th", config.MAX_FONT_SIZE, None)
    (_config_dir / "config.json").write_text("{not json", encoding="utf-8")
    assert config.load_config() == config.AppConfig()
    assert (_config_dir / "config.json.broken").read_text(encoding="utf-8") == "{not json"


def test_config_has_no_qt() -> None:
    import subprocess
    import sys

    code = "import sys, app.config; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(config.__file__).parents[1])
    assert out.stdout.strip() == "False"
