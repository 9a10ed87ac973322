"""Landing files into raw.* tables: discovery, readers, typing, quarantine and accounting."""
