"""The derivative table: every built-in operation, one family a module."""
