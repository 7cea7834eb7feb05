"""Calls in the console: screen-pop on an incoming call, and the controller that records calls."""
