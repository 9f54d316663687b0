"""Language features beyond diagnostics, one module per feature family."""
