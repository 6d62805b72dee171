"""Use cases: one function per thing a user does, over a SQLAlchemy session.

Services take a session (the unit of work, opened by the caller through
`FundDb.write()` / `FundDb.read()`) and keyword-only plain values, and return
plain frozen dataclasses. They never import Qt.
"""
