"""One router per resource: reports, claims, entities, search, graph, cypher."""
