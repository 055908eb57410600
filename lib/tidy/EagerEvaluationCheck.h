//===--- EagerEvaluationCheck.h - defer-eager-evaluation ------------------===//
//
// Finds elapsed times that a scope guard computes when it is created, so
// they measure nothing, as Go's vet flags `defer f(time.Since(start))`:
//
//   auto report = absl::MakeCleanup(
//       std::bind(&record, std::chrono::steady_clock::now() - start));
//
//===----------------------------------------------------------------------===//

#ifndef DEFER_TIDY_EAGEREVALUATIONCHECK_H
#define DEFER_TIDY_EAGEREVALUATIONCHECK_H

#include "ClockAnalysis.h"
#include "GuardAnalysis.h"
#include "ModificationAnalysis.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>

namespace clang::tidy::defer {

/// Warns where an argument a guard copies when it is built (a bound
/// argument, an init-capture of its lambda, an argument of a helper that
/// returns a guard) computes an elapsed time from a clock read.
///
/// For the user-facing documentation of this check, see
/// docs/checks/defer-eager-evaluation.md.
class EagerEvaluationCheck : public ClangTidyCheck {
public:
  EagerEvaluationCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void report(const ElapsedTime &Elapsed, const Guard &G,
              std::optional<llvm::SmallVector<FixItHint, 2>> Fix,
              ASTContext &Context);
  std::optional<llvm::SmallVector<FixItHint, 2>>
  moveIntoBody(const LambdaExpr &Lambda, const VarDecl &Capture,
               const ElapsedTime &Elapsed, ASTContext &Context);

  /// What an init-capture's initializer reads that its lambda must hold
  /// once the initializer is moved into the body.
  struct MovedReads {
    /// Variables to capture by copy: `start`.
    llvm::SmallVector<const VarDecl *, 2> Variables;
    /// Every read of a data member of a local variable or parameter
    /// (`job.enqueued_at`), each replaced by the member's name in the
    /// moved text.
    llvm::SmallVector<const MemberExpr *, 2> Members;
    /// One read of each member, to capture under the member's name:
    /// `enqueued_at = job.enqueued_at`.
    llvm::SmallVector<const MemberExpr *, 2> MemberCaptures;
  };
  /// False if the initializer cannot move: it calls a function that is not
  /// a clock, a standard one or the helper found, reads `this` or a global
  /// that may change, reads a variable that the lambda holds by reference
  /// or that is not cheap to copy, or a member's name would hide another.
  bool collectMovedReads(const LambdaExpr &Lambda, const VarDecl &Capture,
                         const ElapsedTime &Elapsed, ASTContext &Context,
                         MovedReads &Out);

  const std::string RawClockFunctions;
  const std::string RawGuardClasses;
  const std::string RawGuardFactories;
  const std::string RawBindFunctions;

  ClockAnalysis Clocks;
  GuardRecognizer Guards;
  FunctionFlowCache Flows;

  /// Diagnosed locations: templates are analysed once per instantiation
  /// but reported once per source location.
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::defer

#endif // DEFER_TIDY_EAGEREVALUATIONCHECK_H
