# Locates the LLVM and Clang development files that the clang-tidy plugin is
# compiled against, and the matching clang-tidy tools.
#
# Any installed LLVM works through LLVM_DIR and Clang_DIR; without them the
# Debian layout /usr/lib/llvm-<DEFER_TIDY_LLVM_MAJOR> is searched. Sets:
#   DEFER_TIDY_LLVM_MAJOR   the LLVM major the plugin is built for
#   DEFER_TIDY_LLVM_BINDIR  where clang-tidy, FileCheck and friends live
#   DEFER_TIDY_CLANG_TIDY   the clang-tidy executable of that major
#   DEFER_TIDY_LIT          the lit command (a list) of that major

set(DEFER_TIDY_LLVM_MAJOR 19 CACHE STRING
  "LLVM major to build the plugin for when LLVM_DIR is not given")

set(_defer_llvm_prefix "/usr/lib/llvm-${DEFER_TIDY_LLVM_MAJOR}")
find_package(LLVM CONFIG REQUIRED
  HINTS "${_defer_llvm_prefix}/lib/cmake/llvm")
# Debian's ClangTargets.cmake of recent majors names gRPC targets of clangd's
# remote index; they only need to exist when clangd itself is linked.
if(DEFER_TIDY_BUILD_CLANGD AND LLVM_VERSION_MAJOR GREATER_EQUAL 20)
  find_package(gRPC CONFIG QUIET)
endif()
find_package(Clang CONFIG REQUIRED
  HINTS "${LLVM_INSTALL_PREFIX}/lib/cmake/clang"
        "${_defer_llvm_prefix}/lib/cmake/clang")

# LLVM_DIR may point at another major than the cache default: trust LLVM.
set(DEFER_TIDY_LLVM_MAJOR "${LLVM_VERSION_MAJOR}" CACHE STRING "" FORCE)
set(DEFER_TIDY_LLVM_BINDIR "${LLVM_TOOLS_BINARY_DIR}")

if(NOT EXISTS "${LLVM_INCLUDE_DIRS}/clang-tidy/ClangTidyCheck.h")
  message(FATAL_ERROR
    "clang-tidy headers not found under ${LLVM_INCLUDE_DIRS}/clang-tidy; "
    "on Debian install libclang-${LLVM_VERSION_MAJOR}-dev")
endif()

find_program(DEFER_TIDY_CLANG_TIDY NAMES clang-tidy
  HINTS "${DEFER_TIDY_LLVM_BINDIR}" NO_DEFAULT_PATH)
if(NOT DEFER_TIDY_CLANG_TIDY)
  message(FATAL_ERROR
    "clang-tidy ${LLVM_VERSION_MAJOR} not found in ${DEFER_TIDY_LLVM_BINDIR}; "
    "on Debian install clang-tidy-${LLVM_VERSION_MAJOR}")
endif()

if(EXISTS "${DEFER_TIDY_LLVM_BINDIR}/lit")
  set(DEFER_TIDY_LIT "${DEFER_TIDY_LLVM_BINDIR}/lit")
elseif(EXISTS "${LLVM_INSTALL_PREFIX}/build/utils/lit/lit.py")
  set(DEFER_TIDY_LIT "${Python3_EXECUTABLE}"
    "${LLVM_INSTALL_PREFIX}/build/utils/lit/lit.py")
endif()

message(STATUS "defer-tidy: building the plugin for LLVM ${LLVM_PACKAGE_VERSION}"
  " (${LLVM_INSTALL_PREFIX})")
