# libFuzzer targets (issue 13), with -DPARTNET_FUZZ=ON and clang (tests/fuzz/smoke.sh
# configures such a build): partnet_core is instrumented for coverage, each target links
# libFuzzer. Use with CMAKE_BUILD_TYPE=Asan for ASan+UBSan.
if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "PARTNET_FUZZ needs clang (CC=clang)")
endif()
pkg_check_modules(XML2 REQUIRED IMPORTED_TARGET libxml-2.0)
target_compile_options(partnet_core PRIVATE -fsanitize=fuzzer-no-link)
foreach(t load label)
  add_executable(fuzz_${t} ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${t}.c)
  target_compile_options(fuzz_${t} PRIVATE ${PN_WARNINGS} -fsanitize=fuzzer)
  target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_${t} PRIVATE partnet_core PkgConfig::XML2)
endforeach()
