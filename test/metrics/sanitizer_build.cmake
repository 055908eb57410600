# Configures the metrics library and its unit tests alone in WORK_DIR with
# -fsanitize=SANITIZE, builds them and runs the unit tests.
# Run with cmake -DSOURCE_DIR=... -DWORK_DIR=... -DSANITIZE=... -P.
foreach(_var SOURCE_DIR WORK_DIR SANITIZE CXX_COMPILER)
  if(NOT ${_var})
    message(FATAL_ERROR "${_var} is not set")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _status)
  if(NOT _status EQUAL 0)
    message(FATAL_ERROR "failed (${_status}): ${ARGN}")
  endif()
endfunction()

set(_flags "-fsanitize=${SANITIZE} -fno-omit-frame-pointer -g -O1")
if(SANITIZE MATCHES "undefined")
  string(APPEND _flags " -fno-sanitize-recover=all")
endif()
run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${WORK_DIR}" -G Ninja
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  -DCMAKE_BUILD_TYPE=Debug
  "-DCMAKE_CXX_FLAGS=${_flags}"
  "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${SANITIZE}"
  -DDEFER_TIDY_BUILD_PLUGIN=OFF)
run("${CMAKE_COMMAND}" --build "${WORK_DIR}" --target defer_metrics_tests)

set(ENV{TSAN_OPTIONS} "halt_on_error=1 second_deadlock_stack=1")
set(ENV{ASAN_OPTIONS} "detect_leaks=1 abort_on_error=0")
set(ENV{UBSAN_OPTIONS} "print_stacktrace=1 halt_on_error=1")
run("${WORK_DIR}/test/metrics/defer_metrics_tests")
