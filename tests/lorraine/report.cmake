# The main job on the default network, end to end:
#   cmake -DPARTNET=... -DXMLLINT=... -DNET=.../networks/lorraine -DWORK_DIR=... -P report.cmake
# Runs `partnet report` twice into two directories and checks: exit 0, the four
# files, a well-formed SVG with one node element per entity, the headline figures
# in report.md (one component, 99 nodes), and byte-identical reruns.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
foreach(run a b)
  execute_process(COMMAND ${PARTNET} report --quiet -o ${WORK_DIR}/${run} ${NET}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "partnet report (${run}) exited ${rc}\n${err}")
  endif()
  foreach(f map.svg metrics.csv summary.json report.md portfolio.csv portfolio.svg)
    if(NOT EXISTS ${WORK_DIR}/${run}/${f})
      message(FATAL_ERROR "missing ${run}/${f}")
    endif()
  endforeach()
endforeach()

execute_process(COMMAND ${XMLLINT} --noout ${WORK_DIR}/a/map.svg
  ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "map.svg is not well-formed XML:\n${err}")
endif()

# One Graphviz node group per entity (99 in the network).
file(READ ${WORK_DIR}/a/map.svg svg)
string(REGEX MATCHALL "class=\"node (institution|alliance|network)[ \"]" nodes "${svg}")
list(LENGTH nodes n_nodes)
if(NOT n_nodes EQUAL 99)
  message(FATAL_ERROR "map.svg has ${n_nodes} node groups, expected 99")
endif()

file(READ ${WORK_DIR}/a/report.md md)
foreach(want "| Components | 1 |" "| Nodes analysed | 99 |" "| Alliances | 2 |"
             "Université de Lorraine (`univ-lorraine`)"
             "## Partner portfolio" "| UIR (`uir-rabat`) | outside Europe | R T - |")
  string(FIND "${md}" "${want}" pos)
  if(pos EQUAL -1)
    message(FATAL_ERROR "report.md lacks '${want}'")
  endif()
endforeach()

# metrics.csv: a header and one row per entity.
file(READ ${WORK_DIR}/a/metrics.csv csv)
string(REGEX MATCHALL "\n" rows "${csv}")
list(LENGTH rows n_rows)
if(NOT n_rows EQUAL 100)
  message(FATAL_ERROR "metrics.csv has ${n_rows} lines, expected 100")
endif()

foreach(f map.svg metrics.csv summary.json report.md portfolio.csv portfolio.svg)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
    ${WORK_DIR}/a/${f} ${WORK_DIR}/b/${f} RESULT_VARIABLE diff)
  if(NOT diff EQUAL 0)
    message(FATAL_ERROR "${f} differs between two runs with the same seed")
  endif()
endforeach()
