# A map checked by a checker of its own (issue 9: check_groups.py, check_geo.py):
# render INPUT with ARGS ('|'-separated) to OUT.svg, then run CHECKER OUT.svg with
# CHECK ('|'-separated; the word NETWORK stands for INPUT). With PLANT set, the SVG is
# first changed by tests/map/plant.py PLANT (a planted defect) and the checker must fail,
# with EXPECT set printing a line that matches that regular expression.
string(REPLACE "|" ";" args "${ARGS}")
string(REPLACE "|" ";" check "${CHECK}")
list(TRANSFORM check REPLACE "^NETWORK$" "${INPUT}")
get_filename_component(dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${dir}")
execute_process(COMMAND "${PARTNET}" render --quiet ${args} -o "${OUT}.svg" "${INPUT}"
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "partnet render failed (${rc}): ${err}")
endif()
set(svg "${OUT}.svg")
if(DEFINED PLANT)
  string(REPLACE "|" ";" plant "${PLANT}")
  execute_process(COMMAND "${PYTHON3}" "${PLANTER}" ${plant} "${svg}" "${OUT}-planted.svg"
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "plant.py failed")
  endif()
  set(svg "${OUT}-planted.svg")
endif()
execute_process(COMMAND "${PYTHON3}" "${CHECKER}" "${svg}" ${check}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(DEFINED PLANT AND rc EQUAL 0)
  message(FATAL_ERROR "the checker passed a planted defect (${PLANT})")
elseif(NOT DEFINED PLANT AND NOT rc EQUAL 0)
  message(FATAL_ERROR "checker failed")
elseif(DEFINED EXPECT AND NOT "${out}${err}" MATCHES "${EXPECT}")
  message(FATAL_ERROR "the checker failed, but not with '${EXPECT}'")
endif()
