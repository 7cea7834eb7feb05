"""Delivering customers' notifications: the SMTP and SMS-gateway adapters and the sender loop
that drains the outbox (run inside dispatch-server, or alone by `dispatch-admin notify run`)."""
