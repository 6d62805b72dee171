"""Kongtun (กองทุน): offline bookkeeping for Thai village funds."""

__version__ = "0.1.0"
