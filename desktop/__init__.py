"""Sổ CĐS: offline desktop app for a school's digital-transformation self-assessment and reports."""

__version__ = "0.1.0"
APP_NAME = "Sổ CĐS"
