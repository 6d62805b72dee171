"""Named users with roles, and the audit log of every change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

ROLE_BOOKKEEPER = "bookkeeper"
ROLE_CHAIR = "chair"
ROLE_AUDITOR = "auditor"
ROLE_COORDINATOR = "coordinator"
ROLES = (ROLE_BOOKKEEPER, ROLE_CHAIR, ROLE_AUDITOR, ROLE_COORDINATOR)


class User(Base):
    """A person who works on the fund: bookkeeper, chair, auditor or coordinator."""

    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(
            "role IN ('bookkeeper', 'chair', 'auditor', 'coordinator')", name="role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEvent(Base):
    """One recorded change: who did what, when, to what."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
