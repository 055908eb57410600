//===--- ClockAnalysis.h - elapsed times computed from clock reads -------===//
//
// Finds, in an expression, the elapsed times it computes when it is
// evaluated: a clock read minus an earlier time, or a call to a helper whose
// body does that subtraction with a time it is given.
//
//   std::chrono::steady_clock::now() - start      // a difference
//   seconds_since(start)                          // a helper call
//   std::chrono::steady_clock::now()              // a clock read: neither
//
//===----------------------------------------------------------------------===//

#ifndef DEFER_TIDY_CLOCKANALYSIS_H
#define DEFER_TIDY_CLOCKANALYSIS_H

#include "CheckSupport.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang::tidy::defer {

/// Functions that read a clock: the standard clocks, the C and POSIX
/// calls, Abseil's and Chromium's.
inline constexpr llvm::StringLiteral DefaultClockFunctions =
    "::std::chrono::system_clock::now;::std::chrono::steady_clock::now;"
    "::std::chrono::high_resolution_clock::now;::std::chrono::utc_clock::now;"
    "::std::chrono::tai_clock::now;::std::chrono::gps_clock::now;"
    "::std::chrono::file_clock::now;::time;::clock_gettime;::gettimeofday;"
    "::absl::Now;::base::TimeTicks::Now;::base::Time::Now";

/// An elapsed time an expression computes when it is evaluated.
struct ElapsedTime {
  /// The subtraction (or `difftime` call), or the call to a helper.
  const Expr *Computation = nullptr;
  /// The helper called, for a helper call.
  const FunctionDecl *Helper = nullptr;
  /// The earlier time: the subtrahend, or the helper's argument.
  const Expr *Since = nullptr;
};

/// True if \p D is declared in namespace std or one nested in it
/// (std::chrono), or in a class of those.
bool isWithinStd(const Decl &D);

/// Recognises clock reads from a configurable list of function names, and
/// elapsed-time computations built on them.
class ClockAnalysis {
public:
  /// \p ClockFunctions are qualified names as in the checks' other lists:
  /// "::std::chrono::steady_clock::now", "::time", "::absl::Now".
  explicit ClockAnalysis(std::vector<std::string> ClockFunctions);

  /// The elapsed times \p E computes when it is evaluated, outermost first.
  /// Lambda bodies inside \p E run later and are not searched; their
  /// init-captures are.
  void findElapsedTimes(const Expr *E, ASTContext &Context,
                        llvm::SmallVectorImpl<ElapsedTime> &Out);

  bool isClockFunction(const FunctionDecl &Function, ASTContext &Context);

  /// Forgets cached answers (they hold AST pointers of one translation unit).
  void reset() {
    Clocks.reset();
    HelperCache.clear();
  }

private:
  /// Parameters of \p Function from which its body computes an elapsed
  /// time, by index.
  llvm::ArrayRef<unsigned> sinceParameters(const FunctionDecl &Function,
                                           ASTContext &Context, int Depth);
  bool containsClockRead(const Stmt *S, ASTContext &Context);

  FunctionNameList Clocks;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<unsigned, 1>>
      HelperCache;
};

} // namespace clang::tidy::defer

#endif // DEFER_TIDY_CLOCKANALYSIS_H
