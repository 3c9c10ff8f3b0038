# The base room (strbuf, diag, outfile) and the start-up of every executable.
pn_cmocka_test(test_base base/test_base.c)


# No library thread pool at start-up (issue 15): partnet runs on the reference BLAS whatever
# libblas.so.3 the machine selected, and caps OpenMP; strace counts the threads.
add_executable(thread_probe base/thread_probe.c)
target_compile_options(thread_probe PRIVATE ${PN_WARNINGS})
target_link_libraries(thread_probe PRIVATE PkgConfig::IGRAPH)
add_test(NAME no_threads
  COMMAND ${PN_TEST_DIR}/base/no_threads.sh $<TARGET_FILE:partnet> $<TARGET_FILE:thread_probe>
          ${PN_SOURCE_DIR}/networks/lorraine)

# Fresh temp files that never follow a planted link nor clobber a file (issue 13).
add_test(NAME outfile_temp_files
  COMMAND ${PN_TEST_DIR}/base/temp_files.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/temp-files ${PN_SOURCE_DIR}/networks/lorraine)

# A full disk (issue 13): exit 3 with a message, earlier outputs intact, no temp left.
# Mounts a small tmpfs: skipped (77) where that is not allowed (not root).
add_test(NAME outfile_disk_full
  COMMAND ${PN_TEST_DIR}/base/disk_full.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/disk-full ${PN_SOURCE_DIR}/networks/lorraine
          render analyse export export-graphml report)
set_tests_properties(outfile_disk_full PROPERTIES SKIP_RETURN_CODE 77 LABELS heavy)

# Memory limits (issue 13): under ulimit -v, render and report succeed or exit 3 with
# "out of memory", never crash. Skipped (77) under a sanitizer.
add_test(NAME memory_limit
  COMMAND ${PN_TEST_DIR}/base/memory_limit.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/memory-limit ${PN_SOURCE_DIR}/networks/lorraine)
set_tests_properties(memory_limit PROPERTIES SKIP_RETURN_CODE 77)

# The guard (issue 13): a library's crash in the child becomes a message and exit 3 under
# a memory limit; SIGKILL of the child leaves no temp; signals are passed on.
add_test(NAME guard
  COMMAND ${PN_TEST_DIR}/base/guard.sh $<TARGET_FILE:partnet>
          ${CMAKE_CURRENT_BINARY_DIR}/guard ${PN_SOURCE_DIR}/networks/lorraine)

# The fault loop (issue 13): report with the k-th allocation or write of partnet's own
# code failing (an LD_PRELOAD shim). Skipped (77) under ASan, which must come first.
add_library(fault_shim MODULE base/fault_shim.c)
target_compile_options(fault_shim PRIVATE -Wall -Wextra)
target_link_libraries(fault_shim PRIVATE dl)
add_test(NAME fault_loop
  COMMAND ${PN_TEST_DIR}/base/fault_loop.sh $<TARGET_FILE:partnet> $<TARGET_FILE:fault_shim>
          ${CMAKE_CURRENT_BINARY_DIR}/fault-loop ${PN_TEST_DIR}/data/format/basic.yaml
          ${PN_SOURCE_DIR}/networks/lorraine 40 60)
set_tests_properties(fault_loop PROPERTIES LABELS heavy SKIP_RETURN_CODE 77)
# The same with libyaml's and igraph's allocations failing too (PN_FAULT_LIBS): libyaml's
# "out of memory" exited 1, the code for invalid input, before the loader said 3; igraph
# 0.10.4 itself crashes or asserts after some failed allocations (tests/base/fault_shim.c),
# which the guard (src/base/guard.c) turns into "out of memory" and exit 3.
add_test(NAME fault_loop_libs
  COMMAND ${CMAKE_COMMAND} -E env PN_FAULT_LIBS=yaml,igraph
          ${PN_TEST_DIR}/base/fault_loop.sh $<TARGET_FILE:partnet> $<TARGET_FILE:fault_shim>
          ${CMAKE_CURRENT_BINARY_DIR}/fault-loop-libs ${PN_TEST_DIR}/data/format/basic.yaml
          ${PN_SOURCE_DIR}/networks/lorraine 40 60)
set_tests_properties(fault_loop_libs PROPERTIES LABELS heavy SKIP_RETURN_CODE 77)

# A temp file or folder created just before an allocation fails is still removed (issue
# 13; the every-k fault loop found a report's temp folder left at k=595).
add_test(NAME fault_after_temp
  COMMAND ${PN_TEST_DIR}/base/fault_after_temp.sh $<TARGET_FILE:partnet>
          $<TARGET_FILE:fault_shim> ${CMAKE_CURRENT_BINARY_DIR}/fault-after-temp
          ${PN_SOURCE_DIR}/networks/lorraine)
set_tests_properties(fault_after_temp PROPERTIES SKIP_RETURN_CODE 77)
