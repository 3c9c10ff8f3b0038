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

# partnet init (issue 11): validate accepts the starter network without a warning, report
# draws it, and a non-empty directory or a file is refused untouched.
add_test(NAME cli_init_starter
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/init_starter.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/cli-work/init-starter)

# The man page and the bash completion (issue 11), both generated from the help texts at
# build time (cmake/help_docs.sh): `cmake --install` into a fresh prefix, `man` finds and
# renders the page with every help line (and fails on a planted page without a section);
# the completion, sourced in bash, gives the right COMPREPLY (and fails on a planted stub).
add_test(NAME cli_man_page
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/cli/man_page.sh $<TARGET_FILE:partnet>
          ${PROJECT_BINARY_DIR} ${CMAKE_COMMAND} ${CMAKE_CURRENT_BINARY_DIR}/cli-work/man-page)
set_tests_properties(cli_man_page PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME cli_completion
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/completion.sh ${PROJECT_BINARY_DIR}/partnet.bash
          ${CMAKE_CURRENT_BINARY_DIR}/cli-work/completion)
add_test(NAME cli_completion_checker_fails
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/completion.sh
          ${CMAKE_CURRENT_SOURCE_DIR}/cli/completion-bad.bash
          ${CMAKE_CURRENT_BINARY_DIR}/cli-work/completion-bad)
set_tests_properties(cli_completion_checker_fails PROPERTIES
  PASS_REGULAR_EXPRESSION "FAILED: .partnet render --view . completes to .*[0-9]+ wrong completion")
# A report folder is one unit (issue 13): a kill -9 loop never leaves a mixed folder,
# the user's files survive, SIGTERM leaves no temp folder.
add_test(NAME report_one_unit
  COMMAND ${PN_TEST_DIR}/cli/report_one_unit.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/report-one-unit ${PN_TEST_DIR}/data/format/basic.yaml
          ${PN_SOURCE_DIR}/networks/lorraine 20)
set_tests_properties(report_one_unit PROPERTIES LABELS heavy)
# ... and the next report removes the temp folders a kill -9 left, and nothing else.
add_test(NAME report_stale_temp
  COMMAND ${PN_TEST_DIR}/cli/report_stale_temp.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/report-stale-temp ${PN_TEST_DIR}/data/format/basic.yaml)
