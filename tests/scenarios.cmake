# scenario commands (whatif, rank-removals, evolution, themes) and diff:
# unit tests on hand-worked networks, CLI runs with expected outputs, and the
# global efficiency cross-check against NetworkX.
pn_cmocka_test(test_scenario unit/test_scenario.c)
pn_cmocka_test(test_diff unit/test_diff.c)
