"""Use cases: the only code that changes the domain. Each checks permission, performs the
change and writes its audit event in one transaction, and queues work on commit."""
