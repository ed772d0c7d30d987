# Writes OUTPUT, the completion script for SHELL_NAME that PAINLOG (the painlog just
# built) prints for `painlog --completions SHELL_NAME`. Run by the build.
get_filename_component(directory "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${directory}")
execute_process(
  COMMAND "${PAINLOG}" --completions "${SHELL_NAME}"
  OUTPUT_FILE "${OUTPUT}.tmp"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "'${PAINLOG} --completions ${SHELL_NAME}' failed: ${status}")
endif()
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
