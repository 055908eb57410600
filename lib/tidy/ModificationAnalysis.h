//===--- ModificationAnalysis.h - writes to a variable, in flow order ----===//
//
// For one function body: which uses of a variable (or of a member of *this)
// modify it, and which of those can run between two points of the
// function's control flow graph. The CFG is built with implicit destructors,
// so a walk stops where a scope guard dies; within a block, elements are
// ordered as they are evaluated.
//
//===----------------------------------------------------------------------===//

#ifndef DEFER_TIDY_MODIFICATIONANALYSIS_H
#define DEFER_TIDY_MODIFICATIONANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <optional>

namespace clang::tidy::defer {

/// How a use writes to the variable it names.
enum class WriteKind {
  Assign,              ///< v = x
  CompoundAssign,      ///< v += x
  IncrementDecrement,  ///< ++v, v--
  NonConstRefArgument, ///< f(v) where f takes T&
  NonConstPtrArgument, ///< f(&v) where f takes T*
  NonConstMemberCall,  ///< v.reset(), v.remove_prefix(1)
};

/// One write to a variable.
struct Write {
  /// The expression that names the variable.
  const Expr *Use;
  /// The expression that performs the write: the assignment, the increment
  /// or the call.
  const Expr *Site;
  WriteKind Kind;
  /// The write also reads the variable: the right-hand side of an
  /// assignment names it (p = p->next), or another argument of the same
  /// call does (strtol(p, &p, 10)).
  bool AlsoReads;
  /// The called function, for argument and member-call writes.
  const FunctionDecl *Callee;
  /// The callee's parameter index, for argument writes.
  unsigned ArgIndex = 0;
};

/// Control flow and uses of one function, lambda or block body.
class FunctionFlow {
public:
  /// Returns null when no CFG can be built (invalid or unusual code).
  static std::unique_ptr<FunctionFlow> build(const Decl &Function,
                                             ASTContext &Context);
  /// Only the uses and parents, for a body whose CFG cannot be built (a
  /// template's dependent range-for): enough to see how a variable is
  /// used, not to walk the flow. Null when there is no body.
  static std::unique_ptr<FunctionFlow> buildUsesOnly(const Decl &Function,
                                                     ASTContext &Context);

  const Stmt *body() const { return Body; }
  const ParentMap &parents() const { return *Parents; }
  ASTContext &context() const { return Context; }

  /// Every expression in the body, nested lambdas included, that names
  /// \p D: DeclRefExprs for variables, `this->m` MemberExprs for fields.
  llvm::ArrayRef<const Expr *> usesOf(const ValueDecl *D) const;

  /// The writes among usesOf(D).
  llvm::SmallVector<Write, 4> writesOf(const ValueDecl *D) const;

  /// Classifies a single use; std::nullopt if it does not write.
  std::optional<Write> classify(const Expr *Use) const;

  /// True if \p Inner is \p Outer or lies inside it.
  bool isWithin(const Stmt *Inner, const Stmt *Outer) const;

  /// The innermost CFG element (or ancestor of \p S that is one).
  struct Position {
    const CFGBlock *Block = nullptr;
    unsigned Index = 0;
  };
  std::optional<Position> positionOf(const Stmt *S) const;

  /// Which exceptions a walk follows into handlers: only `throw`
  /// expressions, as the CFG links them, or also any call, so that every
  /// block inside a try block may continue in its handlers.
  enum class Throws { Explicit, AnyCall };

  /// Visits the elements that can run after \p From, in breadth-first
  /// order. \p Visit returns false to stop walking along that path.
  void walkForward(Position From,
                   llvm::function_ref<bool(const CFGElement &)> Visit,
                   Throws Followed = Throws::AnyCall) const;
  /// What a forward walk that follows only the CFG's own edges meets
  /// first: \p Classify returns 1 for an element the walk is looking for,
  /// -1 for one that stops it, 0 to go on. The answer for every block
  /// entry at once, so that many walks cost one pass over the graph.
  class FirstEvents {
  public:
    /// Does a walk from just after \p From meet a 1 before a -1?
    bool reachesFrom(Position From) const;

  private:
    friend class FunctionFlow;
    llvm::function_ref<int(const CFGElement &)> Classify;
    llvm::DenseMap<const CFGBlock *, bool> Entry;
  };
  FirstEvents
  firstEvents(llvm::function_ref<int(const CFGElement &)> Classify) const;

  /// The same, against the flow: elements that can run before \p From.
  void walkBackward(Position From,
                    llvm::function_ref<bool(const CFGElement &)> Visit) const;

  /// True if \p E ends the life of the local \p Var, which is alive just
  /// before it: its implicit destructor call, a `throw` that leaves the
  /// function (the stack unwinds through \p Var), or the start of a
  /// handler of a try block that declares \p Var.
  bool endsLifeOf(const CFGElement &E, const VarDecl &Var) const;

  /// The CFG element statement that stands for \p S in walks, or null.
  const Stmt *anchorOf(const Stmt *S) const;

  /// Where a write can happen in the flow of this function. A write inside
  /// a nested lambda happens where the lambda may run: where it is written
  /// when it is passed on directly, or at each use of the local variable it
  /// is stored in (none, if that variable is never used).
  llvm::SmallVector<const Stmt *, 2> writeAnchors(const Write &W) const;

private:
  FunctionFlow(ASTContext &Context) : Context(Context) {}
  void indexUses(const Stmt *S);
  void addThrowEdges();

  ASTContext &Context;
  const Stmt *Body = nullptr;
  std::unique_ptr<CFG> Graph;
  std::unique_ptr<ParentMap> Parents;
  llvm::DenseMap<const Stmt *, Position> ElementPositions;
  /// The edges from blocks inside try blocks to their handlers' dispatch
  /// blocks, and back.
  llvm::DenseMap<const CFGBlock *, llvm::SmallVector<const CFGBlock *, 1>>
      ThrowSuccessors, ThrowPredecessors;
  /// The declaration statement of each local declared in the body.
  llvm::DenseMap<const VarDecl *, const DeclStmt *> Declarations;
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<const Expr *, 4>> Uses;
};

/// The flows of the functions a check looks at, each built when it is first
/// asked for and kept until the end of the translation unit.
class FunctionFlowCache {
public:
  /// Null when no CFG can be built for \p Function.
  const FunctionFlow *get(const Decl &Function, ASTContext &Context);

  /// Forgets the flows (they hold AST pointers of one translation unit).
  void clear() { Flows.clear(); }

private:
  llvm::DenseMap<const Decl *, std::unique_ptr<FunctionFlow>> Flows;
};

/// The statement of a CFG element, or null for destructors and the like.
const Stmt *elementStmt(const CFGElement &E);

/// Strips parentheses and implicit casts that neither read nor copy.
const Expr *ignoreTransparent(const Expr *E);

/// Strips what an initializer wraps around a value: cleanups, temporaries,
/// implicit and functional casts, parentheses.
const Expr *stripWrappers(const Expr *E);

/// The first expression in \p S, in source order, that names \p D (a
/// DeclRefExpr, or `this->D` for a field), or null.
const Expr *firstUse(const Stmt *S, const ValueDecl *D);

/// True if \p S names \p D anywhere inside it.
bool mentions(const Stmt *S, const ValueDecl *D);

} // namespace clang::tidy::defer

#endif // DEFER_TIDY_MODIFICATIONANALYSIS_H
