# Maps opened in a real slide program (LibreOffice), skipped where it is absent.
foreach(case lorraine tiny)
  if(case STREQUAL "lorraine")
    set(net ${PN_SOURCE_DIR}/networks/lorraine)
    set(texts "Université de Lorraine: partnership network" "Colour: community"
              "EURECA-PRO" "UniGR" "Shape" "Size: PageRank")
  else()
    set(net ${PN_TEST_DIR}/data/report/tiny.yaml)
    # (no semicolon in these strings: CMake would split them)
    set(texts "Tiny <network> & friends" "Alpha <University> &" "جامعة غاما" "Delta, Comma")
  endif()
  add_test(NAME slides_soffice_${case}
    COMMAND ${PN_TEST_DIR}/slides/soffice_import.sh $<TARGET_FILE:partnet>
            ${CMAKE_CURRENT_BINARY_DIR}/slides-${case} ${net} ${texts})
  set_tests_properties(slides_soffice_${case} PROPERTIES SKIP_RETURN_CODE 77 LABELS heavy
    RUN_SERIAL TRUE)
endforeach()
