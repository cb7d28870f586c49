"""Loaders: read a report (any format), extract what it says, build its graph batch.

Data flows one way: ``readers`` turn a file into a :class:`~loaders.document.Document`,
``extract`` turns a document into an :class:`~loaders.extraction.Extraction`, and
``build`` stamps it into a graph batch. Loaders never import ``api`` or ``queries``.
"""
