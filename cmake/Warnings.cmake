# One INTERFACE target carries the warning flags; every painlog target links it.
add_library(painlog_warnings INTERFACE)
target_compile_options(painlog_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(PAINLOG_WERROR)
  target_compile_options(painlog_warnings INTERFACE -Werror)
endif()
