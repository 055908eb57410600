// Counts the exceptions in flight on the calling thread, as
// std::uncaught_exceptions() does, at a fraction of its cost.
//
// A scoped observation reads the count twice. libstdc++'s
// std::uncaught_exceptions() reaches it through three calls, the last into
// the dynamic linker for the address of the runtime's thread-local exception
// state (__tls_get_addr): about 7 ns on an x86-64 virtual machine, where the
// whole hand-written observation takes about 85 ns. That address never
// changes for the life of a thread, so it is asked for once per thread and
// kept in a thread-local variable of the caller's code; in an executable the
// thread pointer reaches that variable in one instruction. The count is read
// where the Itanium C++ ABI puts it (__cxa_eh_globals: the caught-exception
// stack, then the unsigned count). Other C++ runtimes get the standard call.
//
// The code is inline on purpose: the state asked for is that of the C++
// runtime the caller is linked with, which need not be the one this
// library's binary was linked with (a plugin carrying its own static
// libstdc++, say), and the variable takes the caller's thread-local model,
// so a shared object that is loaded late does not need static TLS space.
// For the same reason the function, and every inline function of the
// library that calls it, is hidden: an unoptimised plugin calls such
// functions rather than inlining them, and the dynamic linker would bind
// those calls to the copies of a host that exports its own.
#ifndef DEFER_METRICS_DETAIL_EXCEPTION_COUNT_H
#define DEFER_METRICS_DETAIL_EXCEPTION_COUNT_H

#include <cstddef>
#include <exception>

#if defined(__GLIBCXX__) && __has_include(<cxxabi.h>)
#include <cxxabi.h>
#define DEFER_METRICS_EXCEPTION_COUNT_FROM_ABI 1
#endif

/// Marks an inline function that reads the count, or calls one that does, as
/// the calling shared object's own: it stays out of the dynamic symbol table,
/// so no other object's copy, bound to another C++ runtime, stands in for it.
#if defined(__GNUC__)
#define DEFER_METRICS_RUNTIME_LOCAL [[gnu::visibility("hidden")]]
#else
#define DEFER_METRICS_RUNTIME_LOCAL
#endif

namespace defer::metrics::detail {

#ifdef DEFER_METRICS_EXCEPTION_COUNT_FROM_ABI

/// The start of the Itanium C++ ABI's per-thread exception state.
struct AbiExceptionGlobals {
  void *caughtExceptions;
  unsigned int uncaughtExceptions;
};

/// What std::uncaught_exceptions() returns. Each shared object keeps its own
/// variable, bound to its own C++ runtime.
DEFER_METRICS_RUNTIME_LOCAL inline int uncaughtExceptions() noexcept {
  static thread_local const unsigned int *count = nullptr;
  const unsigned int *threadCount = count;
  if (__builtin_expect(threadCount == nullptr, 0)) {
    const char *globals =
        reinterpret_cast<const char *>(abi::__cxa_get_globals());
    threadCount = reinterpret_cast<const unsigned int *>(
        globals + offsetof(AbiExceptionGlobals, uncaughtExceptions));
    count = threadCount;
  }
  return static_cast<int>(*threadCount);
}

#else

/// What std::uncaught_exceptions() returns.
inline int uncaughtExceptions() noexcept { return std::uncaught_exceptions(); }

#endif

} // namespace defer::metrics::detail

#endif // DEFER_METRICS_DETAIL_EXCEPTION_COUNT_H
