# Command-line cases: one CTest per directory under tests/cli/.
file(GLOB pn_cli_cases LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/cli/*)
foreach(case_dir IN LISTS pn_cli_cases)
  if(IS_DIRECTORY ${case_dir} AND EXISTS ${case_dir}/args)
    get_filename_component(case ${case_dir} NAME)
    add_test(NAME cli_${case}
      COMMAND ${CMAKE_COMMAND} -DPARTNET=$<TARGET_FILE:partnet> -DCASE_DIR=${case_dir}
              -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/cli-work/${case} -P
              ${CMAKE_CURRENT_SOURCE_DIR}/cli/run_cli_case.cmake)
  endif()
endforeach()

# A report folder is one unit (issue 13): a kill -9 loop never leaves a mixed folder,
# the user's files survive, SIGTERM leaves no temp folder.
add_test(NAME report_one_unit
  COMMAND ${PN_TEST_DIR}/cli/report_one_unit.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/report-one-unit ${PN_TEST_DIR}/data/format/basic.yaml
          ${PN_SOURCE_DIR}/networks/lorraine 20)
set_tests_properties(report_one_unit PROPERTIES LABELS heavy)
