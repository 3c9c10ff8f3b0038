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

# A FIFO on the command line and a directory's symlink to outside the network (issue 13).
add_test(NAME loader_special_inputs
  COMMAND ${PN_TEST_DIR}/model/special_inputs.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/special-inputs ${PN_TEST_DIR}/data/format/basic.yaml)

# A 50 MB scalar is refused while it is read, not after (issue 13).
add_test(NAME loader_big_scalar
  COMMAND ${PYTHON3} ${PN_TEST_DIR}/model/big_scalar.py $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/big-scalar)
