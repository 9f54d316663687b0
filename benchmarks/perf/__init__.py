"""Performance benchmarks: scripts that time werk's tools and print their results."""
