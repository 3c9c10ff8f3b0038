# One bad-input case through the partnet binary:
#   cmake -DPARTNET=... -DCASE=<class> -DTESTS_DIR=... -DWORK_DIR=... -P run_bad_case.cmake
# Runs `partnet report -o WORK_DIR/out bad/<class>.yaml` from tests/ and checks
# exit status 1, standard error == bad/<class>.err, and that no output exists.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${PARTNET} report --quiet -o ${WORK_DIR}/out bad/${CASE}.yaml
  WORKING_DIRECTORY ${TESTS_DIR}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(failed FALSE)
if(NOT rc STREQUAL "1")
  message(SEND_ERROR "exit status ${rc}, expected 1\nstderr:\n${err}")
  set(failed TRUE)
endif()
file(READ ${TESTS_DIR}/bad/${CASE}.err want)
if(NOT err STREQUAL want)
  file(WRITE ${WORK_DIR}/got_stderr "${err}")
  execute_process(COMMAND diff -u ${TESTS_DIR}/bad/${CASE}.err ${WORK_DIR}/got_stderr
    OUTPUT_VARIABLE d)
  message(SEND_ERROR "stderr differs:\n${d}")
  set(failed TRUE)
endif()
if(EXISTS ${WORK_DIR}/out)
  message(SEND_ERROR "output directory ${WORK_DIR}/out was created for invalid input")
  set(failed TRUE)
endif()
if(NOT out STREQUAL "")
  message(SEND_ERROR "unexpected standard output:\n${out}")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "bad-input case ${CASE} failed")
endif()
