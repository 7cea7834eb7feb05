"""QR labels for devices: the sheet (PDF) and the dialog that picks what to print."""
