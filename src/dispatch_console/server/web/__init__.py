"""The web pages dispatch-server serves to people without the console: customers (the QR report
and status pages) and, later, technicians. Rendered on the server, usable without JavaScript."""
