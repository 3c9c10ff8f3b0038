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
