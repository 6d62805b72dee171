"""App-level settings (not per fund): last fund, language, font size, fund folder,
the coordinator's last network book.

Kept as a small JSON file in the platform's user config folder (platformdirs), so
they survive a new fund file or a restore. The environment variable
`KONGTUN_CONFIG_DIR` moves that folder (tests point it at a temporary folder); the
log folder then moves with it, so nothing a test does touches the user's own files.
Per-fund settings (the fund's rules, the working date) live in the fund file instead.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Kongtun"
ENV_CONFIG_DIR = "KONGTUN_CONFIG_DIR"
CONFIG_FILE = "config.json"
LANGUAGES = ("th", "en")
#: Large by default: the bookkeepers are often 55–65 years old.
DEFAULT_FONT_SIZE = 14
MIN_FONT_SIZE = 10
MAX_FONT_SIZE = 28


@dataclass
class AppConfig:
    """What the program remembers between runs."""

    last_fund: str | None = None
    language: str = "th"
    font_size: int = DEFAULT_FONT_SIZE
    fund_folder: str | None = None  # None: the platform's user data folder
    last_network: str | None = None  # the coordinator's last network book: a file or a URL

    def last_fund_path(self) -> Path | None:
        """The last fund opened, if its file still exists."""
        if not self.last_fund:
            return None
        path = Path(self.last_fund)
        return path if path.is_file() else None

    def last_network_target(self) -> str | None:
        """The network book the coordinator opened last: a URL, or a file still there."""
        target = self.last_network
        if not target:
            return None
        if "://" in target:
            return target
        return target if Path(target).is_file() else None

    def fund_folder_path(self) -> Path:
        """Where new funds (and the sample fund) are created."""
        return Path(self.fund_folder) if self.fund_folder else default_fund_folder()


def config_dir() -> Path:
    """The folder of the settings file (KONGTUN_CONFIG_DIR, else the platform's)."""
    override = os.environ.get(ENV_CONFIG_DIR)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


def log_dir() -> Path:
    """Where error logs go: beside the settings when relocated, else the platform's log folder."""
    override = os.environ.get(ENV_CONFIG_DIR)
    return Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME))


def default_fund_folder() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def _clean(raw: dict) -> AppConfig:
    """Keep only known keys with sensible values; anything else falls back to the default."""
    cfg = AppConfig()
    if isinstance(raw.get("last_fund"), str) and raw["last_fund"]:
        cfg.last_fund = raw["last_fund"]
    if raw.get("language") in LANGUAGES:
        cfg.language = raw["language"]
    size = raw.get("font_size")
    if isinstance(size, int) and not isinstance(size, bool):
        cfg.font_size = min(max(size, MIN_FONT_SIZE), MAX_FONT_SIZE)
    if isinstance(raw.get("fund_folder"), str) and raw["fund_folder"]:
        cfg.fund_folder = raw["fund_folder"]
    if isinstance(raw.get("last_network"), str) and raw["last_network"]:
        cfg.last_network = raw["last_network"]
    return cfg


def load_config() -> AppConfig:
    """The saved settings, or the defaults when there are none yet.

    A file that cannot be read as JSON is set aside as `config.json.broken` (so the
    user's old settings are not lost silently) and the defaults are used.
    """
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AppConfig()
    try:
        raw = json.loads(text)
    except json.JSONDecodeError:
        os.replace(path, path.with_name(path.name + ".broken"))
        return AppConfig()
    return _clean(raw) if isinstance(raw, dict) else AppConfig()


def save_config(cfg: AppConfig) -> Path:
    """Write the settings atomically (a crash never leaves half a file)."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(cfg)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path
