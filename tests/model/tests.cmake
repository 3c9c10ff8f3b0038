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

# partnet import (model/import_csv.c): one directory of CSV sheets per input-error class in
# tests/bad/csv/, each pinned by its .err (file:row:column, "did you mean"), exit status 1
# and no directory left behind. The runner fails on a good input (import_bad_runner_fails).
file(GLOB pn_bad_csv_cases LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/bad/csv/*)
foreach(case_dir IN LISTS pn_bad_csv_cases)
  if(IS_DIRECTORY ${case_dir})
    get_filename_component(case ${case_dir} NAME)
    add_test(NAME import_bad_${case}
      COMMAND ${CMAKE_COMMAND} -DPARTNET=$<TARGET_FILE:partnet> -DCASE=${case}
              -DTESTS_DIR=${CMAKE_CURRENT_SOURCE_DIR}
              -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/import-bad/${case}
              -DKIND=csv -P ${CMAKE_CURRENT_SOURCE_DIR}/bad/run_bad_case.cmake)
  endif()
endforeach()
add_test(NAME import_bad_runner_fails
  COMMAND ${CMAKE_COMMAND} -DPARTNET=$<TARGET_FILE:partnet> -DCASE=kumu -DBAD_DIR=data/import
          -DTESTS_DIR=${CMAKE_CURRENT_SOURCE_DIR}
          -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/import-bad/runner-fails
          -DKIND=csv -P ${CMAKE_CURRENT_SOURCE_DIR}/bad/run_bad_case.cmake)
set_tests_properties(import_bad_runner_fails PROPERTIES WILL_FAIL TRUE)
# Kumu's Elements/Connections, with a BOM, ';', decimal commas, quoted fields holding ';'
# and '"', multi-valued Tags, ids made from labels: the YAML written, file by file.
add_test(NAME import_kumu
  COMMAND sh -c "rm -rf \"$2\" && \"$1\" import --quiet -o \"$2\" \"$3\" && diff -r \"$4\" \"$2\""
    sh $<TARGET_FILE:partnet> ${CMAKE_CURRENT_BINARY_DIR}/import-kumu
    ${CMAKE_CURRENT_SOURCE_DIR}/data/import/kumu ${CMAKE_CURRENT_SOURCE_DIR}/data/import/kumu.expected)
# The round trip export --to csv | import: diff finds nothing, the JSON exports agree
# (tests/model/import_roundtrip.py), on the default network, the tiny one and (heavy) the
# synthetic 2,000; the planted case changes a weight in the sheets and must be caught.
set(pn_rt ${CMAKE_CURRENT_SOURCE_DIR}/model/import_roundtrip.py)
add_test(NAME import_roundtrip_lorraine
  COMMAND ${PYTHON3} ${pn_rt} $<TARGET_FILE:partnet> ${PN_SOURCE_DIR}/networks/lorraine
          ${CMAKE_CURRENT_BINARY_DIR}/import-rt/lorraine)
add_test(NAME import_roundtrip_tiny
  COMMAND ${PYTHON3} ${pn_rt} $<TARGET_FILE:partnet> ${CMAKE_CURRENT_SOURCE_DIR}/data/report/tiny.yaml
          ${CMAKE_CURRENT_BINARY_DIR}/import-rt/tiny)
add_test(NAME import_roundtrip_formula
  COMMAND ${PYTHON3} ${pn_rt} $<TARGET_FILE:partnet> ${CMAKE_CURRENT_SOURCE_DIR}/data/import/formula.yaml
          ${CMAKE_CURRENT_BINARY_DIR}/import-rt/formula)
add_test(NAME import_roundtrip_planted
  COMMAND ${PYTHON3} ${pn_rt} $<TARGET_FILE:partnet> ${PN_SOURCE_DIR}/networks/lorraine
          ${CMAKE_CURRENT_BINARY_DIR}/import-rt/planted --plant)
add_test(NAME import_roundtrip_syn2000
  COMMAND ${PYTHON3} ${pn_rt} $<TARGET_FILE:partnet> ${CMAKE_CURRENT_BINARY_DIR}/out-syn2000.yaml
          ${CMAKE_CURRENT_BINARY_DIR}/import-rt/syn2000 --one)
set_tests_properties(import_roundtrip_syn2000 PROPERTIES LABELS heavy
  FIXTURES_REQUIRED out_syn2000)
# A 50 MB scalar is refused while it is read, not after (issue 13).
add_test(NAME loader_big_scalar
  COMMAND ${PYTHON3} ${PN_TEST_DIR}/model/big_scalar.py $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/big-scalar)

# The model of a generated network (bench/gen.py 2000, 1 MB of YAML) within 3x the YAML's size,
# measured with mallinfo2 (issue 12); the planted run holds 3x the YAML more and must fail.
add_test(NAME model_mem_gen
  COMMAND ${PYTHON3} ${PN_SOURCE_DIR}/bench/gen.py 2000 --seed 11
          -o ${CMAKE_CURRENT_BINARY_DIR}/model-mem-syn2000.yaml)
set_tests_properties(model_mem_gen PROPERTIES FIXTURES_SETUP model_mem_syn2000)
add_executable(test_model_mem ${PN_TEST_DIR}/model/test_model_mem.c)
target_compile_options(test_model_mem PRIVATE ${PN_WARNINGS})
target_include_directories(test_model_mem PRIVATE ${PN_TEST_DIR})
target_link_libraries(test_model_mem PRIVATE partnet_core PkgConfig::CMOCKA)
add_test(NAME test_model_mem
  COMMAND test_model_mem ${CMAKE_CURRENT_BINARY_DIR}/model-mem-syn2000.yaml)
add_test(NAME model_mem_planted
  COMMAND test_model_mem ${CMAKE_CURRENT_BINARY_DIR}/model-mem-syn2000.yaml --plant)
set_tests_properties(test_model_mem model_mem_planted PROPERTIES SKIP_RETURN_CODE 77
  FIXTURES_REQUIRED model_mem_syn2000)
set_tests_properties(model_mem_planted PROPERTIES WILL_FAIL TRUE)

# A directory's files read and parsed ahead in threads (model/yaml_ahead.c) load as in line:
# --jobs 2 and 3 against --jobs 1 on a generated network, the default one and every bad input
# as the middle of three files; a planted one-column shift must compare different (issue 12).
add_test(NAME loader_ahead_same
  COMMAND ${PN_TEST_DIR}/model/ahead_same.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/ahead-same ${PN_TEST_DIR} ${PN_SOURCE_DIR} ${PYTHON3})
# the files-ahead parser alone under ThreadSanitizer (not in the Asan build: the sanitizers
# exclude each other): 3 threads give what 1 gives, and no data race
if(NOT CMAKE_BUILD_TYPE STREQUAL "Asan")
  add_executable(yaml_ahead_tsan model/yaml_ahead_tsan.c ${PN_SOURCE_DIR}/src/model/yaml_ahead.c)
  target_include_directories(yaml_ahead_tsan PRIVATE ${PN_SOURCE_DIR}/src)
  target_compile_definitions(yaml_ahead_tsan PRIVATE _POSIX_C_SOURCE=200809L)
  target_compile_options(yaml_ahead_tsan PRIVATE ${PN_WARNINGS} -fsanitize=thread -O1 -g)
  target_link_options(yaml_ahead_tsan PRIVATE -fsanitize=thread)
  target_link_libraries(yaml_ahead_tsan PRIVATE PkgConfig::YAML Threads::Threads)
  add_test(NAME yaml_ahead_tsan COMMAND yaml_ahead_tsan)
  set_tests_properties(yaml_ahead_tsan PROPERTIES ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1")
endif()
