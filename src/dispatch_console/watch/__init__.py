"""Background duties of a server (or dispatch-admin): the SLA escalation scan."""
