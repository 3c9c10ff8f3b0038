# Fuzzing (issue 13). The targets' inputs replayed without libFuzzer, in every build: the
# seed corpus and each regression file (a crasher once found, kept in regressions/).
pkg_check_modules(XML2 REQUIRED IMPORTED_TARGET libxml-2.0)
foreach(t load label)
  add_executable(fuzz_${t}_replay fuzz/fuzz_${t}.c fuzz/replay_main.c)
  target_compile_options(fuzz_${t}_replay PRIVATE ${PN_WARNINGS})
  target_link_libraries(fuzz_${t}_replay PRIVATE partnet_core PkgConfig::XML2)
endforeach()
add_test(NAME fuzz_replay_load
  COMMAND fuzz_load_replay ${PN_TEST_DIR}/fuzz/regressions/load ${PN_TEST_DIR}/bad
          ${PN_TEST_DIR}/data/format ${PN_SOURCE_DIR}/networks/lorraine)
add_test(NAME fuzz_replay_label
  COMMAND fuzz_label_replay ${PN_TEST_DIR}/fuzz/regressions/label ${PN_TEST_DIR}/fuzz/seeds/label)

# A short libFuzzer run of each target under ASan+UBSan (about 2 minutes with the build):
# skipped (77) without clang and libFuzzer.
add_test(NAME fuzz_smoke
  COMMAND ${PN_TEST_DIR}/fuzz/smoke.sh ${PN_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/fuzz-smoke 30)
set_tests_properties(fuzz_smoke PROPERTIES LABELS heavy SKIP_RETURN_CODE 77 TIMEOUT 900)
