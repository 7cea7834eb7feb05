"""Callbacks (回访): the agents' queue and work panel, the supervisors' review and dashboard."""
