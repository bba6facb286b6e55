"""Sub-commands of the ``vanban`` CLI, one module each."""
