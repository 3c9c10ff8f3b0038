# One render case (tests/render.cmake): render INPUT with ARGS ('|'-separated)
# to OUT.svg, then: xmllint --noout, check_svg.py with CHECK ('|'-separated;
# "--nodes auto" counts the nodes with `partnet analyse` under FILTER), a second
# run must give a byte-identical file. With EXPECT_RC set: the run must exit
# with that code and leave no file.
string(REPLACE "|" ";" args "${ARGS}")
string(REPLACE "|" ";" check "${CHECK}")
string(REPLACE "|" ";" filter "${FILTER}")
get_filename_component(dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
file(REMOVE "${OUT}.svg" "${OUT}.svg.tmp" "${OUT}-2.svg")

execute_process(COMMAND "${PARTNET}" render --quiet ${args} ${filter} -o "${OUT}.svg" "${INPUT}"
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(DEFINED EXPECT_RC)
  if(NOT rc EQUAL EXPECT_RC)
    message(FATAL_ERROR "exit ${rc}, expected ${EXPECT_RC}: ${err}")
  endif()
  get_filename_component(base "${OUT}" NAME)
  file(GLOB temps "${dir}/.${base}.svg.*.tmp")
  if(EXISTS "${OUT}.svg" OR temps)
    message(FATAL_ERROR "a failed render left a file")
  endif()
  if(DEFINED EXPECT_ERR AND NOT err MATCHES "${EXPECT_ERR}")
    message(FATAL_ERROR "stderr does not match '${EXPECT_ERR}': ${err}")
  endif()
  return()
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "partnet render failed (${rc}): ${err}")
endif()
execute_process(COMMAND "${XMLLINT}" --noout "${OUT}.svg" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "xmllint: ${err}")
endif()

list(FIND check "auto" auto)
if(auto GREATER -1)
  if(filter STREQUAL "")
    # "ok: 10 institutions, 1 alliance, 1 network, ..." counts every node
    execute_process(COMMAND "${PARTNET}" validate "${INPUT}"
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    string(REGEX MATCHALL "[0-9]+ (institution|alliance|network)" parts "${out}${err}")
    set(n 0)
    foreach(p IN LISTS parts)
      string(REGEX MATCH "^[0-9]+" k "${p}")
      math(EXPR n "${n} + ${k}")
    endforeach()
  else()
    execute_process(COMMAND "${PARTNET}" analyse --quiet --format csv ${filter} "${INPUT}"
      RESULT_VARIABLE rc OUTPUT_VARIABLE csv ERROR_VARIABLE err)
    string(REGEX MATCHALL "\n" lines "${csv}")
    list(LENGTH lines n)
    math(EXPR n "${n} - 1")
  endif()
  if(NOT rc EQUAL 0 OR n LESS 1)
    message(FATAL_ERROR "cannot count the nodes: ${err}")
  endif()
  list(REMOVE_AT check ${auto})
  list(INSERT check ${auto} ${n})
endif()
execute_process(COMMAND "${PYTHON3}" "${CHECKER}" "${OUT}.svg" ${check}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_svg failed")
endif()

execute_process(COMMAND "${PARTNET}" render --quiet ${args} ${filter} -o "${OUT}-2.svg" "${INPUT}"
  RESULT_VARIABLE rc ERROR_VARIABLE err)
file(SHA256 "${OUT}.svg" h1)
file(SHA256 "${OUT}-2.svg" h2)
if(NOT rc EQUAL 0 OR NOT h1 STREQUAL h2)
  # what differs, for the log: render_lorraine_fdp differed about 1 run in 75 on some days
  # (each time another file), none in 1,600 on others; the cause is not found yet
  execute_process(COMMAND diff "${OUT}.svg" "${OUT}-2.svg" OUTPUT_VARIABLE d)
  string(SUBSTRING "${d}" 0 3000 d)
  message(FATAL_ERROR "second run differs (byte-identical output expected):\n${d}")
endif()
