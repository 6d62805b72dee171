"""The Qt desktop shell: the only layer of Kongtun that imports PySide6.

Widgets reach the fund only through services (`app.services`), reading in short
`FundDb.read()` sessions and writing through the ops runner (`app.ui.ops`), which
runs every write on one background worker. Screens receive plain dataclasses and
only format them; every figure comes from the ledger through a service.
"""
