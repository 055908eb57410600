# Installs the metrics component of BUILD_DIR on its own, the way a user
# gets it, and builds and runs the consumer project against it:
#   MODE=prefix  `cmake --install --component metrics` into a prefix; then
#                the tools component alone into another prefix;
#   MODE=deb     the metrics Debian package, built with cpack and unpacked
#                into a folder.
# Each time, a project that asks for the plugin of an LLVM major that is not
# installed must fail with a message naming that major and the installed
# ones, and, with the tools alone, one asking for metrics must say that
# component is missing.
# Run with cmake -DMODE=... -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -P.
foreach(_var MODE BUILD_DIR SOURCE_DIR WORK_DIR)
  if(NOT ${_var})
    message(FATAL_ERROR "${_var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
set(_consumer "${SOURCE_DIR}/test/metrics/consumer")
set(_plugin_consumer "${SOURCE_DIR}/test/metrics/plugin_consumer")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _status)
  if(NOT _status EQUAL 0)
    message(FATAL_ERROR "failed (${_status}): ${ARGN}")
  endif()
endfunction()

# Builds and runs the consumer against the package found under `prefix`.
function(use_metrics prefix)
  set(_build "${WORK_DIR}/consumer-build")
  file(REMOVE_RECURSE "${_build}")
  run("${CMAKE_COMMAND}" -S "${_consumer}" -B "${_build}"
    "-DCMAKE_PREFIX_PATH=${prefix}")
  run("${CMAKE_COMMAND}" --build "${_build}")
  run("${_build}/consumer")
endfunction()

# Configures `project` against `prefix` with the given cache entries; it
# must fail, with an error that matches `pattern` once its lines are joined.
function(expect_refusal prefix project pattern)
  set(_build "${WORK_DIR}/refused-build")
  file(REMOVE_RECURSE "${_build}")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${project}" -B "${_build}"
      "-DCMAKE_PREFIX_PATH=${prefix}" ${ARGN}
    RESULT_VARIABLE _status OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  string(REGEX REPLACE "[ \t\r\n]+" " " _joined "${_out}")
  if(_status EQUAL 0 OR NOT _joined MATCHES "${pattern}")
    message(FATAL_ERROR "configuring ${project} ${ARGN} against ${prefix} "
      "should fail with \"${pattern}\"; it gave (${_status}):\n${_out}")
  endif()
endfunction()

# Stands in for an installed plugin package of LLVM `major`: its entry in
# the package configuration and a file where the plugin would be.
function(add_plugin_entry prefix major)
  file(GLOB _cmake_dir LIST_DIRECTORIES true "${prefix}/lib*/cmake/DeferTidy"
    "${prefix}/lib/*/cmake/DeferTidy")
  set(LLVM_VERSION_MAJOR ${major})
  set(_defer_cmake_to_plugin "../../defer-tidy")
  set(_defer_plugin_name "defer-tidy-llvm${major}.so")
  configure_file("${SOURCE_DIR}/cmake/packaging/DeferTidyPlugin.cmake.in"
    "${_cmake_dir}/DeferTidyPlugin-llvm${major}.cmake" @ONLY)
  file(MAKE_DIRECTORY "${_cmake_dir}/${_defer_cmake_to_plugin}")
  file(TOUCH "${_cmake_dir}/${_defer_cmake_to_plugin}/${_defer_plugin_name}")
endfunction()

# The checks common to both modes, on a prefix holding the metrics component
# and no plugin.
function(check_metrics_alone prefix)
  use_metrics("${prefix}")
  expect_refusal("${prefix}" "${_plugin_consumer}"
    "no defer-tidy plugin is installed")
  add_plugin_entry("${prefix}" 19)
  expect_refusal("${prefix}" "${_plugin_consumer}"
    "plugin for LLVM 98 is not installed \\(installed: LLVM 19\\)"
    -DDeferTidy_LLVM_MAJOR=98)
endfunction()

if(MODE STREQUAL "prefix")
  set(_prefix "${WORK_DIR}/metrics-prefix")
  run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${_prefix}"
    --component metrics)
  check_metrics_alone("${_prefix}")

  # The tools beside it carry the same configuration under the other name.
  run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${_prefix}"
    --component tools)
  use_metrics("${_prefix}")

  set(_tools_prefix "${WORK_DIR}/tools-prefix")
  run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${_tools_prefix}"
    --component tools)
  add_plugin_entry("${_tools_prefix}" 19)
  expect_refusal("${_tools_prefix}" "${_plugin_consumer}"
    "plugin for LLVM 98 is not installed \\(installed: LLVM 19\\)"
    -DDeferTidy_LLVM_MAJOR=98)
  expect_refusal("${_tools_prefix}" "${_consumer}"
    "the metrics component is not installed")
elseif(MODE STREQUAL "deb")
  find_program(_dpkg_deb dpkg-deb REQUIRED)
  run("${CMAKE_CPACK_COMMAND}" -G DEB
    --config "${BUILD_DIR}/CPackConfig.cmake" -B "${WORK_DIR}/packages"
    -D CPACK_COMPONENTS_ALL=metrics)
  file(GLOB _debs "${WORK_DIR}/packages/*.deb")
  list(LENGTH _debs _count)
  if(NOT _count EQUAL 1 OR NOT _debs MATCHES "/libdefer-metrics-dev_")
    message(FATAL_ERROR "expected the libdefer-metrics-dev package: ${_debs}")
  endif()

  # It must stand on its own: nothing of defer-tidy's tools is needed.
  execute_process(COMMAND "${_dpkg_deb}" --field "${_debs}" Depends
    OUTPUT_VARIABLE _depends COMMAND_ERROR_IS_FATAL ANY)
  if(_depends MATCHES "defer-tidy")
    message(FATAL_ERROR "libdefer-metrics-dev depends on ${_depends}")
  endif()

  set(_root "${WORK_DIR}/root")
  run("${_dpkg_deb}" --extract "${_debs}" "${_root}")
  check_metrics_alone("${_root}/usr")
else()
  message(FATAL_ERROR "MODE is prefix or deb, not ${MODE}")
endif()
