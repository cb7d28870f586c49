"""Exporters over the store interface: RDF (graph/rdf), GraphML and CSV tables.

The entry point is :func:`graph.exporters.export.export_graph`. This package file
imports nothing, so ``graph.rdf`` can use the selection module without a cycle.
"""
