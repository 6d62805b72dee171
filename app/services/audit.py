"""The audit log: every change is recorded with who, when and what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import PermissionDenied
from app.models.users import AuditEvent, User


def now() -> dt.datetime:
    """The computer clock, to the second (for created_at and the audit log only)."""
    return dt.datetime.now().replace(microsecond=0)


def record(session: Session, *, user: str, action: str, target: str = "", detail: str = "") -> None:
    session.add(AuditEvent(at=now(), username=user, action=action, target=target, detail=detail))


def require_role(session: Session, user: str, *roles: str) -> User:
    """The active user named `user`, if they hold one of `roles`; else PermissionDenied."""
    u = session.scalar(select(User).where(User.username == user))
    if u is None or not u.active:
        raise PermissionDenied("Unknown user {user}.", user=user)
    if roles and u.role not in roles:
        raise PermissionDenied(role=u.role)
    return u


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    user: str
    action: str
    target: str
    detail: str


def recent(session: Session, *, limit: int = 200) -> list[AuditRow]:
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    return [AuditRow(e.at, e.username, e.action, e.target, e.detail) for e in session.scalars(q)]
