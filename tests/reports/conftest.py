"""Fixtures of the report tests: the story fund (see story.py), open for reading."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.db import FundDb, open_fund
from tests.reports.story import post_story


@pytest.fixture
def story_path(fund_path: Path) -> Path:
    post_story(fund_path)
    return fund_path


@pytest.fixture
def story(story_path: Path) -> Iterator[FundDb]:
    db = open_fund(story_path)
    yield db
    db.close()
