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

/// A lambda that a guard runs, and the variable it was first stored in
/// when it was not written directly in the guard's initializer.
struct GuardCallable {
  const LambdaExpr *Lambda = nullptr;
  const VarDecl *StoredIn = nullptr;
};

/// A local variable that runs callables when it is destroyed.
struct Guard {
  const VarDecl *Var = nullptr;
  llvm::SmallVector<GuardCallable, 2> Callables;
};

/// Recognises guards from configurable class and factory names, and
/// project-specific guard classes from their shape: a class that stores a
/// callable and calls it from its destructor.
class GuardRecognizer {
public:
  GuardRecognizer(std::vector<std::string> ClassNames,
                  std::vector<std::string> FactoryNames);

  std::optional<Guard> recognize(const VarDecl &Var, ASTContext &Context);

  /// Listed, or detected by shape. Cached.
  bool isGuardClass(const CXXRecordDecl *Record, ASTContext &Context);

  /// Forgets cached answers (they hold AST pointers of one translation unit).
  void reset() {
    ClassCache.clear();
    FactoryCache.clear();
  }

private:
  bool isListedClass(const CXXRecordDecl &Record, ASTContext &Context) const;
  bool isFactory(const FunctionDecl &Function, ASTContext &Context);
  void collectCallables(const Expr *E, ASTContext &Context, int Depth,
                        llvm::SmallVectorImpl<GuardCallable> &Out);

  std::vector<std::string> ClassNames;
  std::vector<std::string> FactoryNames;
  llvm::DenseMap<const CXXRecordDecl *, bool> ClassCache;
  llvm::DenseMap<const FunctionDecl *, bool> FactoryCache;
};

/// True if \p Record's destructor calls a callable it stores (a template
/// parameter type, a closure, a std::function), directly or through member
/// functions of the class.
bool destructorInvokesStoredCallable(const CXXRecordDecl &Record);

/// How the guard's life can end before its scope does, and whether a
/// reference captured by its callable could outlive the referenced object.
struct GuardLifetime {
  /// Statements after which the guard no longer runs its callable with a
  /// value modified later: dismiss calls, moves, returns.
  llvm::SmallVector<const Stmt *, 2> Ends;
  /// Why a by-reference capture could dangle, or empty.
  std::string EscapeReason;
};

/// \p DismissMethods are method names; an entry "name(false)" matches only
/// calls whose single argument is the literal false.
GuardLifetime analyzeLifetime(const VarDecl &GuardVar, const FunctionFlow &Flow,
                              llvm::ArrayRef<std::string> DismissMethods);

/// The outermost macro whose expansion produced \p Loc, or empty.
llvm::StringRef outermostMacroName(SourceLocation Loc, const SourceManager &SM,
                                   const LangOptions &LangOpts);

} // namespace clang::tidy::defer

#endif // DEFER_TIDY_GUARDANALYSIS_H
