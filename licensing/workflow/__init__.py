"""The workflow's rulebook: every rule of DESIGN.md's transition tables, in one place.

- states.py: the states of the shipment request and the licence;
- transitions.py: one entry per transition (FSM method, API slug, words, who may take it,
  guards, inputs, messages); the models' FSM declarations are made from it;
- guards.py: what must hold before a transition, as sentences for the user;
- facts.py: what the guards read about a case; holds.py: which halts reach a request;
- engine.py: what a user is offered now (page and API) and taking a transition (services);
- diagram.py: the README's state diagrams, drawn from the FSM.
Who may do what outside the transitions is `accounts/policy.py`. See docs/architecture.md.
"""
