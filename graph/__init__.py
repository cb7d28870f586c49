"""The graph: schema, model, provenance stamping, stores and exporters."""
