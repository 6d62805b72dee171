"""The tambon coordinator (ผู้ประสานงานระดับตำบล): a network book of many funds' backups.

`db` opens the network book (a SQLite file, or a PostgreSQL URL for a district or
province office) and applies its own migrations; `service` imports verified backup
files; `dashboard` reads the figures per village; `report` writes the consolidated
tambon report (PDF, CSV, XLSX). Nothing here touches a fund file.
"""
