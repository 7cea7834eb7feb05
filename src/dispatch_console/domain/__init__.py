"""Pure rules and data. No I/O, no Qt, no SQL: everything here is testable with plain values."""
