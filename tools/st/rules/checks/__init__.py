"""Built-in rules, one module per rule, named after the pattern it finds."""
