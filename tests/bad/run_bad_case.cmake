# One bad-input case through the partnet binary:
#   cmake -DPARTNET=... -DCASE=<class> -DTESTS_DIR=... -DWORK_DIR=...
#         [-DKIND=yaml|csv] [-DBAD_DIR=...] -P run_bad_case.cmake
# KIND yaml (the default): runs `partnet report -o WORK_DIR/out BAD_DIR/<class>.yaml`
# (BAD_DIR default bad); KIND csv: `partnet import -o WORK_DIR/out BAD_DIR/<class>`, a
# directory of sheets (BAD_DIR default bad/csv). Both from tests/, and both check exit
# status 1, standard error == BAD_DIR/<class>.err, nothing on standard output, and that
# neither the output nor its temporary sibling (.out.XXXXXX) exists.
if(NOT KIND)
  set(KIND yaml)
endif()
if(KIND STREQUAL "yaml")
  if(NOT BAD_DIR)
    set(BAD_DIR bad)
  endif()
  set(cmd ${PARTNET} report --quiet -o ${WORK_DIR}/out ${BAD_DIR}/${CASE}.yaml)
elseif(KIND STREQUAL "csv")
  if(NOT BAD_DIR)
    set(BAD_DIR bad/csv)
  endif()
  set(cmd ${PARTNET} import -o ${WORK_DIR}/out ${BAD_DIR}/${CASE})
else()
  message(FATAL_ERROR "KIND must be yaml or csv, not '${KIND}'")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${cmd}
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
file(GLOB left ${WORK_DIR}/out* ${WORK_DIR}/.out*)
if(left)
  message(SEND_ERROR "output left behind for invalid input: ${left}")
  set(failed TRUE)
endif()
if(NOT out STREQUAL "")
  message(SEND_ERROR "unexpected standard output:\n${out}")
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "bad ${KIND} case ${CASE} failed")
endif()
