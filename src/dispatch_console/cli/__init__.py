"""The admin command-line tool, `dispatch-admin` (see admin.py)."""
