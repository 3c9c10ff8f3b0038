# Loader and model tests (owned by the loader room).
# test_loader: good fixtures field by field, limits, includes, and every
# tests/bad/<class>.yaml against its .err through the library.
pn_cmocka_test(test_loader ${PN_TEST_DIR}/model/test_loader.c)

# The same bad inputs through the binary: exact stderr, exit status 1, no output.
file(GLOB pn_bad_cases ${CMAKE_CURRENT_SOURCE_DIR}/bad/*.yaml)
foreach(case_file IN LISTS pn_bad_cases)
  get_filename_component(case ${case_file} NAME_WE)
  add_test(NAME loader_bad_${case}
    COMMAND ${CMAKE_COMMAND} -DPARTNET=$<TARGET_FILE:partnet> -DCASE=${case}
            -DTESTS_DIR=${CMAKE_CURRENT_SOURCE_DIR}
            -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/bad-work/${case}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/bad/run_bad_case.cmake)
endforeach()
