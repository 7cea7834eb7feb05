"""Routing rules, edited by supervisors in the console: no code, checked by the server."""
