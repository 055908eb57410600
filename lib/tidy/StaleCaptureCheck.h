//===--- StaleCaptureCheck.h - defer-stale-capture ------------------------===//
//
// Finds scope-exit guards whose callable holds a copy of a local variable
// that is modified after the copy is made and before the guard runs:
//
//   std::error_code ec;
//   auto report = llvm::make_scope_exit([ec] { observe(ec); });
//   ec = reconcile();          // the guard still observes the empty code
//
//===----------------------------------------------------------------------===//

#ifndef DEFER_TIDY_STALECAPTURECHECK_H
#define DEFER_TIDY_STALECAPTURECHECK_H

#include "GuardAnalysis.h"
#include "ModificationAnalysis.h"
#include "Precision.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::defer {

/// Warns where a scope guard's lambda captures by value a variable that is
/// modified while the guard is alive, so the guard reports a stale value.
///
/// For the user-facing documentation of this check, see
/// docs/checks/defer-stale-capture.md.
class StaleCaptureCheck : public ClangTidyCheck {
public:
  StaleCaptureCheck(llvm::StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  /// C++03 too: Loki, wxWidgets, boost::bind and BOOST_SCOPE_EXIT copy
  /// values without any lambda.
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus;
  }
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  /// One by-value copy a guard's lambda makes.
  struct Copy;
  /// Where, in the flow, a guard is dismissed or handed on.
  struct GuardEvents {
    llvm::SmallVector<const Stmt *, 2> Dismissals;
    llvm::SmallVector<const Stmt *, 2> RunsNow;
    llvm::SmallVector<const Stmt *, 2> Transfers;
  };
  /// A copy that is stale, with what the diagnostic needs.
  struct Finding;

private:
  void checkGuard(const Guard &G, const FunctionFlow &Flow,
                  const SourceManager &SM, const LangOptions &LangOpts);
  bool isReportable(const Copy &C, const Guard &G, const FunctionFlow &Flow,
                    const GuardEvents &Events,
                    std::optional<Write> &FirstWrite);
  void addArgumentFix(Finding &F, const SourceManager &SM,
                      const LangOptions &LangOpts, bool InInstantiation);
  void addCaptureRemoval(Finding &F, SourceLocation Name,
                         const SourceManager &SM, const LangOptions &LangOpts);
  SourceLocation editableLocation(SourceLocation Loc, const SourceManager &SM,
                                  bool AnyMacroUse) const;
  std::string macroReason(SourceLocation Loc, const SourceManager &SM,
                          llvm::StringRef What) const;
  bool isPastedOnce(SourceLocation Loc, const SourceManager &SM) const;
  bool calleeMayWrite(const Write &W, ASTContext &Context);
  std::string templateEscapeReason(const VarDecl &GuardVar,
                                   const FunctionFlow &Flow);
  void report(const Finding &F, const Guard &G, const SourceManager &SM);

  const std::string RawGuardClasses;
  const std::string RawGuardFactories;
  const std::string RawBindFunctions;
  const std::string RawDismissMethods;
  const std::string RawRunMethods;
  const std::string RawErrorTypes;
  const std::string RawErrorNames;
  const bool AllVariables;

  std::vector<std::string> DismissMethods;
  std::vector<std::string> RunMethods;
  GuardRecognizer Guards;
  ErrorLikeness Likeness;
  utils::IncludeInserter Includes;
  Preprocessor *PP = nullptr;

  FunctionFlowCache Flows;
  /// Diagnosed (location, variable) pairs: templates are analysed once per
  /// instantiation but reported once per source location.
  llvm::DenseSet<std::pair<unsigned, const IdentifierInfo *>> Reported;
};

} // namespace clang::tidy::defer

#endif // DEFER_TIDY_STALECAPTURECHECK_H
