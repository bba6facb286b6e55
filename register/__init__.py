"""The corpus as a register: tasks across documents (``vanban tasks``, ``vanban agencies``)
and the citation graph (``vanban graph``, ``vanban cites``, ``vanban missing``), read from
the corpus store through queries (``store/register.py``), never by loading every JSON."""
