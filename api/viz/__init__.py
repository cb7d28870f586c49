"""Drawing the graph: pyvis networks in self-contained, offline, escaped HTML pages."""
