"""Talking to dispatch-server: the wire format both sides share, and the console's client."""
