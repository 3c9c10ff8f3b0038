# One bad CSV import case through the partnet binary:
#   cmake -DPARTNET=... -DCASE=<class> -DTESTS_DIR=... -DWORK_DIR=... [-DBAD_DIR=bad/csv]
#         -P run_bad_csv_case.cmake
# Runs `partnet import -o WORK_DIR/out bad/csv/<class>` (a directory of sheets) from tests/
# and checks exit status 1, standard error == bad/csv/<class>.err, that neither the network
# directory nor its temporary directory exists, and that nothing went to standard output.
if(NOT BAD_DIR)
  set(BAD_DIR bad/csv)
endif()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${PARTNET} import -o ${WORK_DIR}/out ${BAD_DIR}/${CASE}
  WORKING_DIRECTORY ${TESTS_DIR}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(failed FALSE)
if(NOT rc STREQUAL "1")
  message(SEND_ERROR "exit status ${rc}, expected 1\nstderr:\n${err}")
  set(failed TRUE)
endif()
file(READ ${TESTS_DIR}/${BAD_DIR}/${CASE}.err want)
if(NOT err STREQUAL want)
  file(WRITE ${WORK_DIR}/got_stderr "${err}")
  execute_process(COMMAND diff -u ${TESTS_DIR}/${BAD_DIR}/${CASE}.err ${WORK_DIR}/got_stderr
    OUTPUT_VARIABLE d)
  message(SEND_ERROR "stderr differs:\n${d}")
  set(failed TRUE)
endif()
file(GLOB left ${WORK_DIR}/out*)
if(left)
  message(SEND_ERROR "output left behind for invalid input: ${left}")
  set(failed TRUE)
endif()
if(NOT out STREQUAL "")
  message(SEND_ERROR "unexpected standard output:\n${out}")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "bad CSV case ${CASE} failed")
endif()
