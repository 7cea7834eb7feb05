"""The PySide6 desktop console. Nothing outside ui/ and app.py imports Qt."""
