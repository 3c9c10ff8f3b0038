# Render room (issues 2 and 5): unit tests through the API, and whole maps
# through the CLI checked for structure (xmllint, check_svg.py: one node group
# per node with its id as <title>, escaped labels, no label overlaps, legend
# clear of the map) and byte-identical reruns, on a hostile-names fixture, the
# default network (every layout and view) and a synthetic 2,000-node network.
pn_cmocka_test(test_render map/test_render.c)

set(pn_render_work ${CMAKE_CURRENT_BINARY_DIR}/render-work)
file(MAKE_DIRECTORY ${pn_render_work}) # fresh build trees have no such directory
set(pn_nasty ${PN_TEST_DIR}/map/nasty.yaml)
set(pn_lorraine ${PN_SOURCE_DIR}/networks/lorraine)
set(pn_syn2000 ${pn_render_work}/syn2000.yaml)

# pn_render_case(NAME INPUT ARGS CHECK [FILTER]): lists joined with '|'
function(pn_render_case name input args check)
  set(filter "${ARGN}")
  add_test(NAME render_${name}
    COMMAND ${CMAKE_COMMAND} -DPARTNET=$<TARGET_FILE:partnet> -DINPUT=${input}
            -DOUT=${pn_render_work}/${name} "-DARGS=${args}" "-DCHECK=${check}"
            "-DFILTER=${filter}" -DPYTHON3=${PYTHON3} -DXMLLINT=${XMLLINT}
            -DCHECKER=${PN_TEST_DIR}/map/check_svg.py
            -P ${PN_TEST_DIR}/map/render_case.cmake)
  if(input STREQUAL pn_syn2000 OR input MATCHES "syn2000")
    set_tests_properties(render_${name} PROPERTIES FIXTURES_REQUIRED render_syn2000)
  endif()
endfunction()

# hostile names: every text must come out as text
set(pn_nasty_texts "--text|<b>bold</b> & Co|--text|Emoji 🚀🌍 Institute|--text|جامعة القاضي عياض|--text|Quotes \"double\"")
pn_render_case(nasty_full ${pn_nasty} "--labels|all" "--nodes|12|--no-overlap|${pn_nasty_texts}")
pn_render_case(nasty_dark ${pn_nasty} "--style|dark|--links" "--nodes|12|--no-overlap")
pn_render_case(nasty_print ${pn_nasty} "--style|print|--color-by|country" "--nodes|12|--no-overlap")
pn_render_case(nasty_theme ${pn_nasty} "--color-by|theme|--font|DejaVu Sans" "--nodes|12")
pn_render_case(nasty_geo ${pn_nasty} "--view|geo" "--nodes|12|--no-overlap")
pn_render_case(nasty_change ${pn_nasty} "--since-year|2015|--at|2020" "--nodes|12|--no-overlap")
pn_render_case(nasty_years ${pn_nasty} "--years|2010,2015,2020,2025" "--panels|4|--no-overlap")
# --compare OLD NEW: the union of both versions (12 + 'gone'), new and ended marked
pn_render_case(nasty_compare ${pn_nasty} "--compare|${PN_TEST_DIR}/map/nasty-old.yaml"
  "--nodes|13|--no-overlap|--text|Gone & Forgotten|--class|new|--class|ended|--class|rank-rose")
pn_render_case(nasty_change_classes ${pn_nasty} "--since-year|2015|--at|2020"
  "--class|new|--class|ended|--class|rank-fell")

# the default network: every layout engine, every view
foreach(layout neato fdp sfdp circo twopi dot geo)
  pn_render_case(lorraine_${layout} ${pn_lorraine} "--layout|${layout}" "--nodes|auto|--no-overlap")
endforeach()
pn_render_case(lorraine_ego ${pn_lorraine} "--view|ego" "--nodes|auto|--no-overlap"
  "--focus|univ-lorraine|--radius|1")
pn_render_case(lorraine_community ${pn_lorraine} "--view|community" "--no-overlap")
pn_render_case(lorraine_alliance ${pn_lorraine} "--view|alliance" "--nodes|auto|--no-overlap")
pn_render_case(lorraine_geo_view ${pn_lorraine} "--view|geo|--color-by|country" "--nodes|auto|--no-overlap")
pn_render_case(lorraine_years ${pn_lorraine} "--years|2010,2015,2020,2025" "--panels|4|--no-overlap")
pn_render_case(lorraine_change ${pn_lorraine} "--since-year|2018" "--nodes|auto|--no-overlap")
pn_render_case(lorraine_kind_print ${pn_lorraine} "--color-by|kind|--style|print|--labels|top:20"
  "--nodes|auto|--no-overlap")

# a synthetic 2,000-institution network from the bench generator (seeded):
# loaded and analysed once by test_render_matrix, drawn with every layout and
# view; each map checked like the ones above
add_test(NAME render_syn2000_gen
  COMMAND ${PYTHON3} ${PN_SOURCE_DIR}/bench/gen.py 2000 --seed 11 -o ${pn_syn2000})
set_tests_properties(render_syn2000_gen PROPERTIES FIXTURES_SETUP render_syn2000)
add_executable(test_render_matrix map/test_render_matrix.c)
target_compile_options(test_render_matrix PRIVATE ${PN_WARNINGS})
target_link_libraries(test_render_matrix PRIVATE partnet_core)
function(pn_render_matrix name network focus)
  add_test(NAME render_matrix_${name}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:test_render_matrix> -DNETWORK=${network}
            -DOUTDIR=${pn_render_work}/matrix-${name} -DFOCUS=${focus} -DPYTHON3=${PYTHON3}
            -DXMLLINT=${XMLLINT} -DCHECKER=${PN_TEST_DIR}/map/check_svg.py
            -P ${PN_TEST_DIR}/map/matrix.cmake)
endfunction()
pn_render_matrix(syn2000 ${pn_syn2000} -)
set_tests_properties(render_matrix_syn2000 PROPERTIES FIXTURES_REQUIRED render_syn2000)
pn_render_matrix(lorraine ${pn_lorraine} univ-lorraine)

# failures: an unknown layout is a usage error and writes nothing
add_test(NAME render_unknown_layout
  COMMAND ${CMAKE_COMMAND} -DPARTNET=$<TARGET_FILE:partnet> -DINPUT=${pn_nasty}
          -DOUT=${pn_render_work}/unknown "-DARGS=--layout|spring" -DEXPECT_RC=2
          "-DEXPECT_ERR=spring" -P ${PN_TEST_DIR}/map/render_case.cmake)
# the overlap checker itself catches overlapping labels
add_test(NAME render_checker_catches_overlap
  COMMAND ${PYTHON3} ${PN_TEST_DIR}/map/check_svg.py ${PN_TEST_DIR}/map/overlap-bad.svg --no-overlap)
set_tests_properties(render_checker_catches_overlap PROPERTIES
  PASS_REGULAR_EXPRESSION "FAIL: 1 label overlaps, first: node-a")


# Maps opened in a real slide program (LibreOffice), skipped where it is absent.
foreach(case lorraine tiny)
  if(case STREQUAL "lorraine")
    set(net ${PN_SOURCE_DIR}/networks/lorraine)
    set(texts "Université de Lorraine: partnership network" "Colour: community"
              "EURECA-PRO" "UniGR" "Shape" "Size: PageRank")
  else()
    set(net ${PN_TEST_DIR}/data/report/tiny.yaml)
    # (no semicolon in these strings: CMake would split them)
    set(texts "Tiny <network> & friends" "Alpha <University> &" "جامعة غاما" "Delta, Comma")
  endif()
  add_test(NAME slides_soffice_${case}
    COMMAND ${PN_TEST_DIR}/map/slides/soffice_import.sh $<TARGET_FILE:partnet>
            ${CMAKE_CURRENT_BINARY_DIR}/slides-${case} ${net} ${texts})
  set_tests_properties(slides_soffice_${case} PROPERTIES SKIP_RETURN_CODE 77 LABELS heavy
    RUN_SERIAL TRUE)
endforeach()

# One community numbering in the report, the legend, the tooltips and the community map
# (issue 9); the checker fails on a report whose legend numbers communities by rank.
add_test(NAME map_communities_numbering
  COMMAND sh -c "\"$1\" report --quiet -o \"$2\" \"$3\" && ${PYTHON3} \"$4\" \"$2\""
    sh $<TARGET_FILE:partnet> ${pn_render_work}/communities-report ${pn_lorraine}
    ${PN_TEST_DIR}/map/check_communities.py)
add_test(NAME map_communities_checker_fails
  COMMAND ${PYTHON3} ${PN_TEST_DIR}/map/check_communities.py ${PN_TEST_DIR}/map/communities-bad)
set_tests_properties(map_communities_checker_fails PROPERTIES
  PASS_REGULAR_EXPRESSION "FAIL: map.svg legend: community 1 has 1 members, tooltips say 2")

# The size legend in words an audience reads: what the metric means, rounded values,
# percentages for shares, no exponent (issue 9); the checker fails on the old raw values.
foreach(m pagerank eigenvector degree)
  set(head_pagerank "Size: PageRank (influence)")
  set(head_eigenvector "Size: Eigenvector centrality")
  set(head_degree "Size: Degree (partners)")
  add_test(NAME map_size_legend_${m}
    COMMAND sh -c "\"$1\" render --quiet --size-by ${m} -o \"$2\" \"$3\" && ${PYTHON3} \"$4\" \"$2\" \"$5\""
      sh $<TARGET_FILE:partnet> ${pn_render_work}/size-legend-${m}.svg ${pn_lorraine}
      ${PN_TEST_DIR}/map/check_size_legend.py "${head_${m}}")
endforeach()
add_test(NAME map_size_legend_checker_fails
  COMMAND ${PYTHON3} ${PN_TEST_DIR}/map/check_size_legend.py ${PN_TEST_DIR}/map/size-legend-bad.svg)
set_tests_properties(map_size_legend_checker_fails PROPERTIES
  PASS_REGULAR_EXPRESSION "FAIL: reference '7.468e-05 \\(lowest\\)' is not a rounded value")

# User text reaches the SVG as written: no \N, \G, \E... expansion, no entity decoding,
# no internal name in the legend (issue 13).
add_test(NAME render_gv_escapes
  COMMAND ${PN_TEST_DIR}/map/gv_escapes.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/gv-escapes ${PYTHON3})
