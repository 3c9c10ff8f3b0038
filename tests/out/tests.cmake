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

# The DOT export carries every attribute (issue 13).
add_test(NAME export_dot_attributes
  COMMAND ${PN_TEST_DIR}/out/dot_attributes.sh $<TARGET_FILE:partnet>
          ${PN_TEST_DIR}/data/format/basic.yaml)
