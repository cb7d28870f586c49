"""Named, provenance-aware questions, written once over the store interface."""
