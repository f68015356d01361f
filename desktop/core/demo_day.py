"""The demo school's fixed calendar: its school year and the day it lives on (the dashboard and `socds calendar`
count deadlines from it), apart from desktop.core.demo so reading them does not import the demo builders."""

from datetime import date

DEMO_YEAR = 2025  # school year 2025-2026
DEMO_TODAY = date(2026, 4, 15)
