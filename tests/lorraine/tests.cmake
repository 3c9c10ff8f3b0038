# The default network, networks/lorraine (issue 3), owned by the Lorraine room.
# test_lorraine: loads it with pn_loader_load and checks, from the data, the
# partners the issue lists, provenance of every tie and membership, and the
# structural facts the seed documents state.
pn_cmocka_test(test_lorraine ${PN_TEST_DIR}/lorraine/test_lorraine.c)

# The command line accepts it as it is: exit 0 and the one-line summary.
add_test(NAME lorraine_validate
  COMMAND partnet validate ${PN_SOURCE_DIR}/networks/lorraine)
set_tests_properties(lorraine_validate PROPERTIES
  PASS_REGULAR_EXPRESSION "networks/lorraine: ok: [0-9]+ institutions, 2 alliances, [0-9]+ networks")

# The main job on it, end to end: four files, well-formed SVG with one node per
# entity, headline figures, byte-identical reruns.
add_test(NAME lorraine_report
  COMMAND ${CMAKE_COMMAND} -DPARTNET=$<TARGET_FILE:partnet> -DXMLLINT=${XMLLINT}
    -DNET=${PN_SOURCE_DIR}/networks/lorraine
    -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/lorraine_report
    -P ${PN_TEST_DIR}/lorraine/report.cmake)

# partnet's metrics and network figures on the default network, recomputed
# with NetworkX from the GraphML export (parallel ties merged, 1/weight distances).
add_test(NAME lorraine_xcheck
  COMMAND ${PYTHON3} ${PN_TEST_DIR}/lorraine/xcheck.py $<TARGET_FILE:partnet>
    ${PN_SOURCE_DIR}/networks/lorraine ${CMAKE_CURRENT_BINARY_DIR}/lorraine_xcheck)

# The partner portfolio (issue 14) reproduces the strategy page's partnerships row by row.
pn_cmocka_test(test_lorraine_portfolio ${PN_TEST_DIR}/lorraine/test_lorraine_portfolio.c)

# Its chart: exact canvas, one node per partner, legend, no overlaps.
add_test(NAME lorraine_portfolio_chart
  COMMAND ${CMAKE_COMMAND} -E env sh -c "$<TARGET_FILE:partnet> portfolio --quiet -o /dev/null --chart ${CMAKE_CURRENT_BINARY_DIR}/lorraine_portfolio.svg ${PN_SOURCE_DIR}/networks/lorraine && ${PYTHON3} ${PN_TEST_DIR}/map/check_svg.py ${CMAKE_CURRENT_BINARY_DIR}/lorraine_portfolio.svg --no-overlap && grep -q '<svg width=\"1920pt\" height=\"1080pt\"' ${CMAKE_CURRENT_BINARY_DIR}/lorraine_portfolio.svg")
