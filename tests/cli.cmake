# Command-line cases: one CTest per directory under tests/cli/.
file(GLOB pn_cli_cases LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/cli/*)
foreach(case_dir IN LISTS pn_cli_cases)
  if(IS_DIRECTORY ${case_dir} AND EXISTS ${case_dir}/args)
    get_filename_component(case ${case_dir} NAME)
    add_test(NAME cli_${case}
      COMMAND ${CMAKE_COMMAND} -DPARTNET=$<TARGET_FILE:partnet> -DCASE_DIR=${case_dir}
              -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/cli-work/${case} -P
              ${CMAKE_CURRENT_SOURCE_DIR}/run_cli_case.cmake)
  endif()
endforeach()

# Exports read back by independent readers (NetworkX), with names that need escaping.
set(pn_tiny ${CMAKE_CURRENT_SOURCE_DIR}/data/report/tiny.yaml)
foreach(fmt graphml gml json)
  add_test(NAME export_${fmt}_readback
    COMMAND sh -c "\"$1\" export --quiet --to ${fmt} -o \"$2\" \"$3\" && ${PYTHON3} \"$4\" ${fmt} \"$2\" 6 7 \"$5\" \"$6\""
      sh $<TARGET_FILE:partnet> ${CMAKE_CURRENT_BINARY_DIR}/tiny.${fmt} ${pn_tiny}
      ${CMAKE_CURRENT_SOURCE_DIR}/export/check_export.py
      "alpha=Alpha <University> & Co" "beta=Beta \"quoted\" Institute 🚀")
endforeach()
