"""The ticket queue and the ticket detail."""
