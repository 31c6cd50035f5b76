"""Qt-free services shared by every channel: models, rules, documents, backend client.

Nothing under this package imports Qt, pyscard or cups.
"""
