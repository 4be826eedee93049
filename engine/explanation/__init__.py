"""From a recorded evaluation to the explained result: why, why not, and what is missing.

* ``required``: the rules that hold, each with every condition, its value and test, and nested
  ``because`` reasons for derived facts and decisions it relies on (a proof tree);
* ``not_required``: the closest rules (fewest failed conditions) and which conditions failed;
* ``undetermined``: the rules that could still hold and exactly the missing facts they need.

``context`` holds what one explanation reads; ``texts`` the Chinese texts that depend on the plan
alone (made once per plan); ``lines`` a rule's conditions as lines; ``reasons`` the reasons;
``details`` the decisions' details; ``outcomes`` the result's decisions, missing facts and warnings.
"""
