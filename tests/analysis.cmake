# graph + analysis rooms: unit tests (cmocka) and the NetworkX cross-checks.
pn_cmocka_test(test_graph unit/test_graph.c)
pn_cmocka_test(test_analysis unit/test_analysis.c)

add_executable(xcheck_dump xcheck/xcheck_dump.c)
target_compile_options(xcheck_dump PRIVATE ${PN_WARNINGS})
target_link_libraries(xcheck_dump PRIVATE partnet_core)

set(PN_XCHECK ${PYTHON3} ${PN_TEST_DIR}/xcheck/xcheck.py $<TARGET_FILE:xcheck_dump>)
function(pn_xcheck name)
  add_test(NAME xcheck_${name} COMMAND ${PN_XCHECK} ${ARGN})
  set_tests_properties(xcheck_${name} PROPERTIES LABELS xcheck)
endfunction()

# the fixtures are exactly what the generator writes from networkx
add_test(NAME xcheck_fixtures COMMAND ${PYTHON3} ${PN_TEST_DIR}/xcheck/gen_classic.py --check)

pn_xcheck(karate karate)
pn_xcheck(florentine florentine)
pn_xcheck(lesmis lesmis)
pn_xcheck(davis davis)
pn_xcheck(davis_proj_count davis --projection institutions)
pn_xcheck(davis_proj_newman davis --projection institutions --newman)
pn_xcheck(davis_proj_groups davis --projection groups)
foreach(algo leiden infomap label-propagation walktrap)
  pn_xcheck(karate_${algo} karate --algo ${algo})
  pn_xcheck(lesmis_${algo} lesmis --algo ${algo})
endforeach()
pn_xcheck(karate_leiden-cpm karate --algo leiden-cpm --resolution 0.5)
pn_xcheck(lesmis_leiden_res2 lesmis --algo leiden --resolution 2)
pn_xcheck(karate_runs karate --runs 8)
pn_xcheck(lesmis_runs lesmis --runs 8 --algo leiden)
pn_xcheck(karate_walktrap_runs karate --runs 3 --algo walktrap)
pn_xcheck(lesmis_runs_lp lesmis --runs 6 --algo label-propagation)

# seeded synthetic networks from bench/gen.py: the graph is rebuilt
# independently from the YAML by the rules of docs/analysis.md, then compared
function(pn_xcheck_synth name n seed)
  add_test(NAME xcheck_synth_${name}
    COMMAND ${PYTHON3} ${PN_TEST_DIR}/xcheck/xcheck_synth.py $<TARGET_FILE:xcheck_dump> ${n} ${seed} ${ARGN})
  set_tests_properties(xcheck_synth_${name} PROPERTIES LABELS xcheck)
endfunction()
pn_xcheck_synth(plain 150 11)
pn_xcheck_synth(at 150 11 --at 2012)
pn_xcheck_synth(theme 150 11 --theme energy)
pn_xcheck_synth(focus 150 11 --focus @hub --radius 2)
pn_xcheck_synth(directed 150 11 --directed)
pn_xcheck_synth(proj_count 60 5 --projection institutions)
pn_xcheck_synth(proj_newman 60 5 --projection institutions --newman)
pn_xcheck_synth(proj_groups 60 5 --projection groups)

# approximate betweenness (paths up to a length): python-igraph is the reference
pn_xcheck(lesmis_cutoff lesmis --cutoff 0.5)
pn_xcheck(karate_cutoff karate --cutoff 1)
