"""Settings dialog (connection, telephony, map, language), the first-start connection dialog and
the sign-in dialog. What "test connection" does is passed in (Probes): the UI never opens a
database or a PBX socket itself."""
