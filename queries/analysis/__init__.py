"""Graph analysis for researchers: the actor network, its measures, and source dependency.

Everything here reads the store through the one store interface, projects what the
claims say onto a small network of actors, and hands that network to networkx. Every
measure lists the evidence counts (claims, reports, independent origins) it rests on.
"""
