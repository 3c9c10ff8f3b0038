# scenario commands (whatif, rank-removals, evolution, themes) and diff:
# unit tests on hand-worked networks, CLI runs with expected outputs, and the
# global efficiency cross-check against NetworkX.
pn_cmocka_test(test_scenario unit/test_scenario.c)
pn_cmocka_test(test_diff unit/test_diff.c)

# Command-line cases (same runner as tests/cli/): args, expected exit status,
# stdout, stderr, files present / absent.
set(pn_scen_cases
  whatif-unknown-id whatif-missing-remove whatif-radius whatif-focus-removed whatif-empty-id
  whatif-rank-removals whatif-bridge diff-one-path diff-table evolution-missing-years
  evolution-bad-years evolution-at evolution-counts evolution-unwritable themes-csv themes-unknown
  help-whatif help-diff help-evolution help-themes)
foreach(case IN LISTS pn_scen_cases)
  add_test(NAME scen_cli_${case}
    COMMAND ${CMAKE_COMMAND} -DPARTNET=$<TARGET_FILE:partnet>
            -DCASE_DIR=${PN_TEST_DIR}/data/scenarios/cli/${case}
            -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/scen-work/${case} -P
            ${PN_TEST_DIR}/run_cli_case.cmake)
endforeach()

# --help names every option of the command
foreach(pair "whatif;--rank-removals" "whatif;--remove" "evolution;--chart" "evolution;--step"
             "evolution;--ranks" "themes;--top" "diff;--format")
  list(GET pair 0 cmd)
  list(GET pair 1 opt)
  add_test(NAME scen_help_${cmd}${opt}
    COMMAND sh -c "\"$1\" $2 --help | grep -q -e \"$3\"" sh $<TARGET_FILE:partnet> ${cmd} ${opt})
endforeach()

# The evolution chart: valid SVG (xmllint), escaped names, byte-identical reruns.
add_test(NAME scen_chart_svg
  COMMAND sh ${PN_TEST_DIR}/data/scenarios/check_chart.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/scen-work/chart ${PN_TEST_DIR}/data/scenarios/evolution.yaml
          ${XMLLINT})

# Global efficiency and removal damage against NetworkX on classic networks.
foreach(net karate florentine lesmis)
  add_test(NAME scen_xcheck_efficiency_${net}
    COMMAND ${PYTHON3} ${PN_TEST_DIR}/data/scenarios/xcheck_efficiency.py
            $<TARGET_FILE:partnet> ${PN_TEST_DIR}/data/classic/${net}.yaml ${net})
endforeach()
