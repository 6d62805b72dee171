"""Reusable input and table widgets: BE date edit, money edit, large-text table."""
