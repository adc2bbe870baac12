"""Hotspot analysis (热点分析) of cases: keywords at intake, groups and surges over the last 90 days,
near-duplicates, and common problems (共性问题) answered together."""

from petitions.hotspots import models  # noqa: F401  (the tables, wherever petitions is imported)
