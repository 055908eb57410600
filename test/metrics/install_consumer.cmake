# Installs the metrics component of BUILD_DIR, and the tools component that
# holds the package configuration, into WORK_DIR/prefix; then configures,
# builds and runs the consumer project against that prefix.
# Run with cmake -DBUILD_DIR=... -DWORK_DIR=... -DCONSUMER_DIR=... -P.
foreach(_var BUILD_DIR WORK_DIR CONSUMER_DIR)
  if(NOT ${_var})
    message(FATAL_ERROR "${_var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
set(_prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _status)
  if(NOT _status EQUAL 0)
    message(FATAL_ERROR "failed (${_status}): ${ARGN}")
  endif()
endfunction()

foreach(_component metrics tools)
  run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${_prefix}"
    --component ${_component})
endforeach()
run("${CMAKE_COMMAND}" -S "${CONSUMER_DIR}" -B "${WORK_DIR}/build"
  "-DCMAKE_PREFIX_PATH=${_prefix}")
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
