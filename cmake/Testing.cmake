# painlog_add_test(NAME SOURCES... LIBS ...): a doctest executable whose test cases
# ctest discovers one by one. Every test target links the warnings target and the
# shared doctest main (tests/test_main.cpp).
include(doctest)

if(NOT TARGET painlog_test_main)
  add_library(painlog_test_main OBJECT ${PROJECT_SOURCE_DIR}/tests/test_main.cpp)
  target_link_libraries(painlog_test_main PUBLIC doctest::doctest)
endif()

function(painlog_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE painlog_warnings painlog_test_main doctest::doctest ${ARG_LIBS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE PAINLOG_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  doctest_discover_tests(${name} TEST_PREFIX "${name}: ")
endfunction()
