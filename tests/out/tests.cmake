# The out room: report and export writers.
# Exports read back by independent readers (NetworkX), with names that need escaping.
set(pn_tiny ${CMAKE_CURRENT_SOURCE_DIR}/data/report/tiny.yaml)
foreach(fmt graphml gml json)
  add_test(NAME export_${fmt}_readback
    COMMAND sh -c "\"$1\" export --quiet --to ${fmt} -o \"$2\" \"$3\" && ${PYTHON3} \"$4\" ${fmt} \"$2\" 6 7 \"$5\" \"$6\""
      sh $<TARGET_FILE:partnet> ${CMAKE_CURRENT_BINARY_DIR}/tiny.${fmt} ${pn_tiny}
      ${CMAKE_CURRENT_SOURCE_DIR}/out/check_export.py
      "alpha=Alpha <University> & Co" "beta=Beta \"quoted\" Institute 🚀")
endforeach()

# Every export (GraphML, GEXF, GML, CSV ',' and ';' with decimal commas) read back by
# python-igraph, graph-tool and NetworkX (and GEXF by xmllint against the 1.3 schema) and
# compared with the JSON export (the default network, tiny.yaml's names to escape, and
# formula.yaml's texts a spreadsheet would run as formulas) on node ids, edge count, direction and every attribute with
# its type (tests/out/readback.py). The planted case corrupts each export (a directed tie
# reversed, an integer written as a real) and passes only if every check catches it.
set(pn_out_work ${CMAKE_CURRENT_BINARY_DIR}/out-readback)
set(pn_readback ${CMAKE_CURRENT_SOURCE_DIR}/out/readback.py)
foreach(case lorraine tiny formula)
  if(case STREQUAL lorraine)
    set(net ${PN_SOURCE_DIR}/networks/lorraine)
  elseif(case STREQUAL formula)
    set(net ${CMAKE_CURRENT_SOURCE_DIR}/data/import/formula.yaml)
  else()
    set(net ${pn_tiny})
  endif()
  add_test(NAME export_readback_${case}
    COMMAND ${PYTHON3} ${pn_readback} $<TARGET_FILE:partnet> ${net} ${pn_out_work}/${case})
  set_tests_properties(export_readback_${case} PROPERTIES LABELS xcheck)
endforeach()
add_test(NAME export_readback_planted
  COMMAND ${PYTHON3} ${pn_readback} $<TARGET_FILE:partnet> ${PN_SOURCE_DIR}/networks/lorraine
          ${pn_out_work}/planted --plant)
set_tests_properties(export_readback_planted PROPERTIES LABELS xcheck)
add_test(NAME export_readback_syn2000_gen
  COMMAND ${PYTHON3} ${PN_SOURCE_DIR}/bench/gen.py 2000 --seed 11 -o ${CMAKE_CURRENT_BINARY_DIR}/out-syn2000.yaml)
set_tests_properties(export_readback_syn2000_gen PROPERTIES FIXTURES_SETUP out_syn2000)
add_test(NAME export_readback_syn2000
  COMMAND ${PYTHON3} ${pn_readback} $<TARGET_FILE:partnet> ${CMAKE_CURRENT_BINARY_DIR}/out-syn2000.yaml
          ${pn_out_work}/syn2000)
set_tests_properties(export_readback_syn2000 PROPERTIES LABELS "heavy;xcheck"
  FIXTURES_REQUIRED out_syn2000)
# The DOT export carries every attribute (issue 13).
add_test(NAME export_dot_attributes
  COMMAND ${PN_TEST_DIR}/out/dot_attributes.sh $<TARGET_FILE:partnet>
          ${PN_TEST_DIR}/data/format/basic.yaml)
