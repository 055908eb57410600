//===--- GuardAnalysis.h - recognising scope-exit guards -----------------===//
//
// Finds the local variables that are scope-exit guards and the callables
// each one runs when it dies, and tracks how the guard's life can end
// early (dismissed, moved from, returned) or escape the scope.
//
//   auto report = llvm::make_scope_exit([ec] { observe(ec); });
//        ^~~~~~ guard                   ^~~~~~~~~~~~~~~~~~~~ its callable
//
//===----------------------------------------------------------------------===//

#ifndef DEFER_TIDY_GUARDANALYSIS_H
#define DEFER_TIDY_GUARDANALYSIS_H

#include "CheckSupport.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::defer {

class FunctionFlow;

/// Guard class templates of the catalogued libraries. Names without a
/// leading "::" match in any namespace.
inline constexpr llvm::StringLiteral DefaultGuardClasses =
    "::llvm::detail::scope_exit;::llvm::scope_exit;"
    "::absl::Cleanup;::gsl::final_action;"
    "::folly::detail::ScopeGuardImpl;"
    "::folly::detail::ScopeGuardForNewException;"
    "::boost::scope::scope_exit;::boost::scope::scope_fail;"
    "::boost::scope::scope_success;::boost::scope::defer_guard;"
    "::std::experimental::scope_exit;::std::experimental::scope_fail;"
    "::std::experimental::scope_success;QScopeGuard;"
    "::sg::detail::scope_guard;::mozilla::ScopeExit;::WTF::ScopeExit;"
    "::wil::details::lambda_call;::wil::details::lambda_call_log;"
    "::tensorflow::gtl::Cleanup;::tsl::gtl::Cleanup;"
    "::AK::ScopeGuard;::AK::ArmedScopeGuard;BasicScopeGuard;"
    "::Envoy::Cleanup;::seastar::deferred_action;::kj::_::Deferred;"
    "::rocksdb::Defer;::scope_guard::detail::scope_guard;"
    "::NPrivate::TScopeGuard;::ScopeExitSupport::TScopeGuard;"
    "::BloombergLP::bdlb::ScopeExit;::BloombergLP::bdlb::ScopeExitAny;"
    "::base::ScopedClosureRunner;::mongo::ScopeGuard;"
    "::rcpputils::scope_exit;::nonstd::scope_exit;::nonstd::scope_fail;"
    "::nonstd::scope_success;::sr::scope_exit;::beman::scope::scope_exit;"
    "::boost::scope_exit::aux::guard";

/// Functions that return a guard.
inline constexpr llvm::StringLiteral DefaultGuardFactories =
    "::llvm::make_scope_exit;::absl::MakeCleanup;::gsl::finally;"
    "::folly::makeGuard;::folly::makeDismissedGuard;qScopeGuard;"
    "::sg::make_scope_guard;::mozilla::MakeScopeExit;makeScopeExit;"
    "::wil::scope_exit;::wil::scope_exit_log;::tensorflow::gtl::MakeCleanup;"
    "::tsl::gtl::MakeCleanup;make_scope_guard;::seastar::defer;::kj::defer;"
    "::scope_guard::make_scope_exit;::scope_guard::make_scope_fail;"
    "::scope_guard::make_scope_success;::boost::scope::make_scope_exit;"
    "::boost::scope::make_scope_fail;::boost::scope::make_scope_success;"
    "::rcpputils::make_scope_exit;::nonstd::make_scope_exit;"
    "::nonstd::make_scope_fail;::nonstd::make_scope_success;"
    "::BloombergLP::bdlb::ScopeExitUtil::makeScopeExit;"
    "::arangodb::scopeGuard";

/// Functions that copy their arguments into the callable they return, or
/// (Loki, wxWidgets) into the guard itself.
inline constexpr llvm::StringLiteral DefaultBindFunctions =
    "::std::bind;::std::bind_front;::std::bind_back;::boost::bind;"
    "::absl::bind_front;::Loki::MakeGuard;::Loki::MakeObjGuard;"
    "::wxMakeGuard;::wxMakeObjGuard;::base::BindOnce;::base::BindRepeating";

/// Member functions after which a guard no longer runs with later values.
inline constexpr llvm::StringLiteral DefaultDismissMethods =
    "dismiss;Dismiss;release;Release;Cancel;cancel;disarm;"
    "set_active(false)";

/// Member functions that run the guard's callable at once, with the copies
/// it holds then: absl::Cleanup's Invoke, Chromium's RunAndReset,
/// unique_ptr's reset.
inline constexpr llvm::StringLiteral DefaultRunMethods =
    "Invoke;RunAndReset;reset";

/// A lambda that a guard runs, and the variable it was first stored in
/// when it was not written directly in the guard's initializer.
struct GuardCallable {
  const LambdaExpr *Lambda = nullptr;
  const VarDecl *StoredIn = nullptr;
};

/// How a binding API holds its arguments, which decides the fix-it.
enum class BinderKind {
  /// std::bind, boost::bind: copies, and unwraps a reference_wrapper.
  UnwrapsReference,
  /// std::bind_front, std::bind_back, absl::bind_front: copies, and passes
  /// a reference_wrapper through to the callee.
  PassesReference,
  /// Loki's MakeGuard and MakeObjGuard: copies; Loki::ByRef keeps a
  /// reference.
  Loki,
  /// wxWidgets' wxMakeGuard and wxMakeObjGuard: copies, no reference holder.
  NoReferenceHolder,
  /// Chromium's base::BindOnce and base::BindRepeating.
  Chromium,
  /// BOOST_SCOPE_EXIT's capture list: a name without `&` is copied.
  BoostScopeExit,
  /// A name from the BindFunctions option the check knows nothing else of.
  Other,
};

/// An argument a binding API copies when the guard is built, as Go's
/// `defer f(err)` evaluates `err`.
struct BoundArgument {
  const Expr *Arg = nullptr;
  /// The binding call whose evaluation makes the copy.
  const CallExpr *Binder = nullptr;
  BinderKind Kind = BinderKind::Other;
  /// The function the binder will call, when it is known.
  const FunctionDecl *Callee = nullptr;
  /// The callee's parameter that receives the argument, when known.
  const ParmVarDecl *CalleeParam = nullptr;
  /// The argument is the object a member function is called on.
  bool IsObject = false;
  /// The local the binding was stored in before it was handed to the
  /// guard (`auto b = std::bind(f, err); auto g = gsl::finally(b);`).
  const VarDecl *StoredIn = nullptr;
};

/// An argument of a call to a function that returns a guard whose callable
/// copies the parameter the argument initializes:
///
///   auto observe_on_exit(Status s) { return make_scope_exit([s] {...}); }
///   auto g = observe_on_exit(st);      // st is copied here
struct HelperArgument {
  const Expr *Arg = nullptr;
  const CallExpr *Call = nullptr;
  const ParmVarDecl *Param = nullptr;
  /// Where the helper's guard copies the parameter (a capture or a bound
  /// argument), for a note.
  SourceLocation CopyLoc;
};

/// An argument that a constructor copies into a member which the
/// destructor reads: an RAII recorder that reports the copy when it dies.
///
///   LatencyRecorder rec("pull", s);   // keeps a copy of s in status_
struct RecordedArgument {
  const Expr *Arg = nullptr;
  const CXXConstructExpr *Construct = nullptr;
  const FieldDecl *Member = nullptr;
  const CXXDestructorDecl *Destructor = nullptr;
};

/// A local variable that runs callables when it is destroyed.
struct Guard {
  const VarDecl *Var = nullptr;
  /// The variable whose destruction ends the guard: Var itself, except for
  /// macros such as BOOST_SCOPE_EXIT that keep the copies in one variable
  /// and run them from another.
  const VarDecl *LifetimeVar = nullptr;
  llvm::SmallVector<GuardCallable, 2> Callables;
  llvm::SmallVector<BoundArgument, 2> BoundArguments;
  llvm::SmallVector<HelperArgument, 2> HelperArguments;
  llvm::SmallVector<RecordedArgument, 1> RecordedArguments;
};

/// Recognises guards from configurable class and factory names, and
/// project-specific guard classes from their shape: a class that stores a
/// callable and calls it from its destructor.
class GuardRecognizer {
public:
  GuardRecognizer(std::vector<std::string> ClassNames,
                  std::vector<std::string> FactoryNames,
                  std::vector<std::string> BindNames = {});

  std::optional<Guard> recognize(const VarDecl &Var, ASTContext &Context);

  /// Listed, or detected by shape. Cached.
  bool isGuardClass(const CXXRecordDecl *Record, ASTContext &Context);

  /// Adds the lambdas assigned to a guard after its declaration
  /// (`guard = [=] {...};`, as BOOST_SCOPE_EXIT_ALL expands).
  void addAssignedCallables(Guard &G, const FunctionFlow &Flow);

  /// Forgets cached answers (they hold AST pointers of one translation unit).
  void reset() {
    ClassCache.clear();
    Factories.reset();
    Binders.reset();
  }

private:
  bool isListedClass(const CXXRecordDecl &Record, ASTContext &Context) const;
  bool isFactory(const FunctionDecl &Function, ASTContext &Context);
  bool isBinder(const FunctionDecl &Function, ASTContext &Context);
  /// Collects the callables and bound arguments a guard's initializer
  /// holds, without looking into any callable's body.
  void collect(const Expr *E, ASTContext &Context, int Depth, Guard &Out);
  void addBoundArguments(const CallExpr &Binder, ASTContext &Context,
                         Guard &Out);
  void addHelperArguments(const CallExpr &Call, ASTContext &Context,
                          Guard &Out);
  bool recognizeBoostScopeExit(const VarDecl &Var, Guard &Out);
  void addRecordedArguments(const VarDecl &Var, const CXXRecordDecl &Record,
                            Guard &Out);

  std::vector<std::string> ClassNames;
  FunctionNameList Factories;
  FunctionNameList Binders;
  llvm::DenseMap<const CXXRecordDecl *, bool> ClassCache;
};

/// True if \p Record's destructor calls a callable it stores (a template
/// parameter type, a closure, a std::function), directly or through member
/// functions of the class.
bool destructorInvokesStoredCallable(const CXXRecordDecl &Record);

/// How the guard's life can end before its scope does, and whether a
/// reference captured by its callable could outlive the referenced object.
struct GuardLifetime {
  /// Dismiss calls: after one, the guard does not run its callable.
  llvm::SmallVector<const Stmt *, 2> Dismissals;
  /// Calls that run the callable at once; after one, it does not run again.
  llvm::SmallVector<const Stmt *, 2> RunsNow;
  /// Moves and returns: the callable, with its copies, runs later
  /// elsewhere.
  llvm::SmallVector<const Stmt *, 2> Transfers;
  /// Why a by-reference capture could dangle, or empty.
  std::string EscapeReason;
};

/// \p DismissMethods and \p RunMethods are method names; an entry
/// "name(false)" matches only calls whose single argument is the literal
/// false. A call made inside another lambda is not known to run: it is
/// neither a dismissal nor a run.
GuardLifetime analyzeLifetime(const VarDecl &GuardVar, const FunctionFlow &Flow,
                              llvm::ArrayRef<std::string> DismissMethods,
                              llvm::ArrayRef<std::string> RunMethods = {});

/// True if \p Loc comes from text the user wrote in the arguments of the
/// outermost macro invocation around it (not from a macro's definition,
/// nor from a token the preprocessor pasted).
bool isWrittenInMacroArguments(SourceLocation Loc, const SourceManager &SM);

/// The outermost macro whose expansion produced \p Loc, or empty.
llvm::StringRef outermostMacroName(SourceLocation Loc, const SourceManager &SM,
                                   const LangOptions &LangOpts);

} // namespace clang::tidy::defer

#endif // DEFER_TIDY_GUARDANALYSIS_H
