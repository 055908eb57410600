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
    return LangOpts.CPlusPlus11;
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
