"""The outside of conflictkg: the HTTP service, the pages that draw the graph, the CLI.

Only this package wires loaders, stores and queries together.
"""
