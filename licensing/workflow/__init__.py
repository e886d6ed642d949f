"""Who may take each transition (permissions.py) and what must be true first (guards.py).

The models declare the state machines with django-fsm and point here, so every rule of
DESIGN.md's transition tables lives in these two modules and nowhere else."""
