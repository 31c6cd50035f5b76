"""Card payments taken exactly once: the local outbox and the steps around the terminal. Qt-free."""
