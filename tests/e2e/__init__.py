"""End-to-end tests: the command line, the code location, the UI, operations and crash safety."""
