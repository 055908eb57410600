//===--- StaleCaptureCheck.cpp - defer-stale-capture ----------------------===//
//
// For each local guard: the by-value copies its lambdas make, the writes to
// the copied variables that can run while the copy is held (CFG walk from
// the lambda to the guard's death), the precision gates, and the
// diagnostic with its fix-it or the reason there is none.
//
//===----------------------------------------------------------------------===//

#include "StaleCaptureCheck.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"

#include <functional>

namespace clang::tidy::defer {

using namespace ast_matchers;

namespace {

constexpr llvm::StringLiteral DefaultErrorTypes =
    "std::error_code;std::error_condition;"
    "std::(__exception_ptr::)?exception_ptr;"
    "boost::system::error_code;boost::system::error_condition;"
    "absl::Status;absl::StatusOr;grpc::Status;rocksdb::Status;"
    "leveldb::Status;arrow::Status;arrow::Result;HRESULT;NTSTATUS;"
    "std::expected;tl::expected;folly::exception_wrapper;llvm::ErrorOr;"
    "llvm::Error;llvm::Expected";

constexpr llvm::StringLiteral DefaultErrorNames =
    "err;error;errno;errc;ec;rc;ret;retval;rv;hr;status;ok;success;"
    "succeeded;failed;failure;fail;result;res;outcome;code;retcode;"
    "errcode;errorcode;exitcode;returncode;statuscode";

/// Boolean options are read as text: the templated OptionsView accessors
/// are mangled differently by GCC and Clang, so a plugin built with one
/// cannot always find them in a clang-tidy built with the other.
bool parseBool(llvm::StringRef Value) {
  Value = Value.trim();
  return Value.equals_insensitive("true") || Value == "1" ||
         Value.equals_insensitive("on") || Value.equals_insensitive("yes");
}

/// Fields read through `this` in a lambda body, in order of first use.
void fieldsUsed(const Stmt *S, llvm::SmallVectorImpl<const FieldDecl *> &Out) {
  if (!S)
    return;
  if (const auto *Member = dyn_cast<MemberExpr>(S))
    if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
        if (!llvm::is_contained(Out, Field))
          Out.push_back(Field);
  for (const Stmt *Child : S->children())
    fieldsUsed(Child, Out);
}

void declRefsIn(const Stmt *S,
                llvm::SmallVectorImpl<const DeclRefExpr *> &Out) {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    Out.push_back(Ref);
  for (const Stmt *Child : S->children())
    declRefsIn(Child, Out);
}

bool capturesByReference(const LambdaExpr &Lambda, const ValueDecl *D) {
  for (const LambdaCapture &C : Lambda.captures())
    if (C.capturesVariable() && C.getCapturedVar() == D &&
        C.getCaptureKind() == LCK_ByRef)
      return true;
  return false;
}

/// An init-capture that only copies or moves a variable (`[e = err]`,
/// `[old = std::move(x)]`) is a deliberate snapshot.
bool isPlainCopyOfVariable(const Expr *Init) {
  const Expr *E = stripWrappers(Init);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      E = stripWrappers(Construct->getArg(0));
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (Callee->isInStdNamespace() && Callee->getIdentifier() &&
          Callee->getName() == "move" && Call->getNumArgs() == 1)
        E = stripWrappers(Call->getArg(0));
  return isa_and_nonnull<DeclRefExpr>(E);
}

bool isSteppingFunction(const FunctionDecl *F) {
  if (!F || !F->getIdentifier())
    return false;
  llvm::StringRef Name = F->getName();
  return F->isInStdNamespace() &&
         (Name == "advance" || Name == "next" || Name == "prev");
}

/// Does a write change what a cursor-like variable (pointer, iterator,
/// view) refers to, rather than step it along?
bool isRealWrite(const Write &W, QualType T) {
  if (!isCursorLike(T))
    return true;
  switch (W.Kind) {
  case WriteKind::Assign:
    return !W.AlsoReads;
  case WriteKind::NonConstPtrArgument:
  case WriteKind::NonConstRefArgument:
    return !W.AlsoReads && !isSteppingFunction(W.Callee);
  case WriteKind::CompoundAssign:
  case WriteKind::IncrementDecrement:
  case WriteKind::NonConstMemberCall:
    return false;
  }
  return false;
}

/// Is the local Var declared after the guard variable, so that it is
/// destroyed first? Parameters and outer variables outlive every local.
bool isDeclaredAfter(const ValueDecl &Var, const VarDecl &GuardVar,
                     const SourceManager &SM) {
  const auto *Local = dyn_cast<VarDecl>(&Var);
  if (!Local || isa<ParmVarDecl>(Local) || !Local->hasLocalStorage() ||
      Local->getDeclContext() != GuardVar.getDeclContext())
    return false;
  return SM.isBeforeInTranslationUnit(
      SM.getExpansionLoc(GuardVar.getBeginLoc()),
      SM.getExpansionLoc(Local->getBeginLoc()));
}

/// Through how many macro arguments the text at \p Loc was passed: 1 for
/// `GUARD(v)`, 2 for `WATCH(v)` expanding to `WATCH_IMPL(v)`.
unsigned macroArgumentLevels(SourceLocation Loc, const SourceManager &SM) {
  unsigned Levels = 0;
  for (SourceLocation L = Loc; L.isMacroID(); L = SM.getImmediateSpellingLoc(L))
    if (SM.isMacroArgExpansion(L))
      ++Levels;
  return Levels;
}

bool isOutParameterFill(const Write &W) {
  return (W.Kind == WriteKind::NonConstPtrArgument ||
          W.Kind == WriteKind::NonConstRefArgument) &&
         !W.AlsoReads;
}

} // namespace

struct StaleCaptureCheck::Copy {
  enum FormKind {
    Explicit,      ///< [err]
    Implicit,      ///< [=] ... err ...
    Computed,      ///< [code = err.value()]
    StarThis,      ///< [*this] ... member ...
    Bound,         ///< std::bind(f, err), BOOST_SCOPE_EXIT(err)
    BoundComputed, ///< std::bind(f, err.value())
    Helper,        ///< make_observer(err), which returns a guard copying it
    Recorded,      ///< Recorder rec(err), which keeps a copy in a member
  };
  const ValueDecl *Var = nullptr;
  /// Where the warning goes: the capture, the use or the argument.
  SourceLocation Loc;
  FormKind Form = Explicit;
  /// The expression whose evaluation makes the copy.
  const Stmt *CopyPoint = nullptr;
  /// The argument expression naming Var, for argument forms.
  const Expr *Ref = nullptr;
  /// The argument is `std::move(Var)`.
  bool Moved = false;
  const VarDecl *InitCapture = nullptr;
  const GuardCallable *Callable = nullptr;
  const BoundArgument *BoundArg = nullptr;
  const HelperArgument *HelperArg = nullptr;
  const RecordedArgument *RecordedArg = nullptr;
};

struct StaleCaptureCheck::Finding {
  Copy C;
  std::optional<Write> FirstWrite;
  std::string NoFixReason;
  llvm::SmallVector<FixItHint, 3> Fixes;
};

StaleCaptureCheck::StaleCaptureCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawGuardClasses(Options.get("GuardClasses", DefaultGuardClasses)),
      RawGuardFactories(Options.get("GuardFactories", DefaultGuardFactories)),
      RawBindFunctions(Options.get("BindFunctions", DefaultBindFunctions)),
      RawDismissMethods(Options.get("DismissMethods", DefaultDismissMethods)),
      RawRunMethods(Options.get("RunMethods", DefaultRunMethods)),
      RawErrorTypes(Options.get("ErrorTypes", DefaultErrorTypes)),
      RawErrorNames(Options.get("ErrorNames", DefaultErrorNames)),
      AllVariables(parseBool(Options.get("AllVariables", "false"))),
      DismissMethods(parseOptionList(RawDismissMethods)),
      RunMethods(parseOptionList(RawRunMethods)),
      Guards(parseOptionList(RawGuardClasses),
             parseOptionList(RawGuardFactories),
             parseOptionList(RawBindFunctions)),
      Likeness(parseOptionList(RawErrorTypes), parseOptionList(RawErrorNames)),
      Includes(utils::IncludeSorter::IS_LLVM, areDiagsSelfContained()) {}

void StaleCaptureCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "GuardClasses", RawGuardClasses);
  Options.store(Opts, "GuardFactories", RawGuardFactories);
  Options.store(Opts, "BindFunctions", RawBindFunctions);
  Options.store(Opts, "DismissMethods", RawDismissMethods);
  Options.store(Opts, "RunMethods", RawRunMethods);
  Options.store(Opts, "ErrorTypes", RawErrorTypes);
  Options.store(Opts, "ErrorNames", RawErrorNames);
  Options.store(Opts, "AllVariables", AllVariables ? "true" : "false");
}

void StaleCaptureCheck::registerPPCallbacks(const SourceManager &SM,
                                            Preprocessor *PP,
                                            Preprocessor *ModuleExpanderPP) {
  Includes.registerPreprocessor(PP);
  this->PP = PP;
}

void StaleCaptureCheck::registerMatchers(MatchFinder *Finder) {
  // The recognizer rejects most candidates cheaply by their type.
  Finder->addMatcher(guardCandidates(), this);
}

void StaleCaptureCheck::onEndOfTranslationUnit() {
  Flows.clear();
  Reported.clear();
  Guards.reset();
}

void StaleCaptureCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Var = Result.Nodes.getNodeAs<VarDecl>("guard");
  if (!Var || Var->isInvalidDecl())
    return;
  std::optional<Guard> G = Guards.recognize(*Var, *Result.Context);
  if (!G)
    return;
  const auto *Function =
      dyn_cast_or_null<Decl>(Var->getParentFunctionOrMethod());
  if (!Function)
    return;
  const FunctionFlow *Flow = Flows.get(*Function, *Result.Context);
  if (!Flow)
    return;
  if (G->Callables.empty() && G->BoundArguments.empty())
    Guards.addAssignedCallables(*G, *Flow);
  checkGuard(*G, *Flow, *Result.SourceManager, getLangOpts());
}

/// True if an argument keeps a reference rather than a copy: std::ref,
/// std::cref, boost::ref, Loki::ByRef, std::addressof, base::Unretained and
/// the like.
static bool isReferenceHolder(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  std::string Name = plainQualifiedName(*Callee);
  return Name == "std::ref" || Name == "std::cref" || Name == "boost::ref" ||
         Name == "boost::cref" || Name == "Loki::ByRef" ||
         Name == "std::addressof" || Name == "base::Unretained" ||
         Name == "base::Owned" || Name == "base::OwnedRef" ||
         Name == "base::RetainedRef";
}

/// Is E a `std::reference_wrapper` (or `boost::reference_wrapper`) built
/// directly, as `std::reference_wrapper<T>(x)`?
static bool isReferenceWrapperConstruction(const Expr *E) {
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E);
  if (!Construct || Construct->getConstructor()->isCopyOrMoveConstructor())
    return false;
  const CXXRecordDecl *Record = Construct->getConstructor()->getParent();
  std::string Name = plainQualifiedName(*Record);
  return Name == "std::reference_wrapper" || Name == "boost::reference_wrapper";
}

/// Does the argument reach Var as it is when the guard runs: its address,
/// a reference holder of it, a lambda capturing it by reference, or Var
/// itself bound to a reference parameter?
static bool reachesLive(const Expr *Arg, const ValueDecl *Var,
                        const ParmVarDecl *Param) {
  const Expr *E = stripWrappers(Arg);
  if (!E)
    return false;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    return Unary->getOpcode() == UO_AddrOf && mentions(Unary, Var);
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return isReferenceHolder(*Call) && mentions(Call, Var);
  if (isReferenceWrapperConstruction(E))
    return mentions(E, Var);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return capturesByReference(*Lambda, Var);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl() == Var && Param &&
           Param->getType()->isReferenceType() &&
           !Param->getType().getNonReferenceType().isConstQualified();
  return false;
}

/// Does any part of \p E reach \p Var live (`&err` inside
/// `not_null<Status *>(&err)`, `std::cref(err)` inside a call)?
static bool reachesLiveWithin(const Stmt *S, const ValueDecl *Var) {
  if (!S)
    return false;
  if (const auto *E = dyn_cast<Expr>(S))
    if (reachesLive(E, Var, nullptr))
      return true;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return reachesLiveWithin(Child, Var);
  });
}

/// Does the lambda also reach \p Var as it is when it runs: a by-reference
/// capture, or an init-capture that holds its address or a reference to it
/// (`[p = &rc, rc] { *p = rc; }` restores what it copied)?
static bool lambdaReachesLive(const LambdaExpr &Lambda, const ValueDecl *Var) {
  if (capturesByReference(Lambda, Var))
    return true;
  for (const LambdaCapture &C : Lambda.captures()) {
    if (!C.capturesVariable())
      continue;
    const auto *Init = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!Init || !Init->isInitCapture() || !Init->getInit())
      continue;
    if (Init->getType()->isReferenceType() && mentions(Init->getInit(), Var))
      return true;
    if (reachesLiveWithin(Init->getInit(), Var))
      return true;
  }
  return false;
}

/// The copies a lambda makes when it is created.
static void copiesMadeBy(const GuardCallable &Callable,
                         llvm::SmallVectorImpl<StaleCaptureCheck::Copy> &Out) {
  using Copy = StaleCaptureCheck::Copy;
  const LambdaExpr &Lambda = *Callable.Lambda;
  auto Add = [&](const ValueDecl *Var, SourceLocation Loc, Copy::FormKind Form,
                 const VarDecl *InitCapture = nullptr) {
    Copy C;
    C.Var = Var;
    C.Loc = Loc;
    C.Form = Form;
    C.CopyPoint = &Lambda;
    C.InitCapture = InitCapture;
    C.Callable = &Callable;
    Out.push_back(C);
  };
  for (const LambdaCapture &C : Lambda.captures()) {
    if (C.getCaptureKind() == LCK_StarThis) {
      llvm::SmallVector<const FieldDecl *, 4> Fields;
      fieldsUsed(Lambda.getBody(), Fields);
      for (const FieldDecl *Field : Fields)
        if (const Expr *Use = firstUse(Lambda.getBody(), Field))
          Add(Field, Use->getExprLoc(), Copy::StarThis);
      continue;
    }
    if (!C.capturesVariable() || C.isPackExpansion())
      continue;
    const auto *Captured = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!Captured)
      continue;

    if (Captured->isInitCapture()) {
      // `[code = err.value()]` runs now; `[e = err]` is a chosen snapshot;
      // `[p = &err]`, `[r = std::cref(err)]`, `[&e = err]` read it live.
      if (isPlainCopyOfVariable(Captured->getInit()) ||
          Captured->getType()->isReferenceType())
        continue;
      llvm::SmallVector<const DeclRefExpr *, 4> Refs;
      declRefsIn(Captured->getInit(), Refs);
      for (const DeclRefExpr *Ref : Refs) {
        const auto *Source = dyn_cast<VarDecl>(Ref->getDecl());
        if (!Source || !Source->hasLocalStorage() ||
            lambdaReachesLive(Lambda, Source) ||
            reachesLiveWithin(Captured->getInit(), Source) ||
            llvm::any_of(Out, [&](const Copy &Other) {
              return Other.Var == Source && Other.Callable == &Callable;
            }))
          continue;
        Add(Source, Ref->getLocation(), Copy::Computed, Captured);
      }
      continue;
    }
    if (C.getCaptureKind() != LCK_ByCopy || lambdaReachesLive(Lambda, Captured))
      continue;
    if (!C.isImplicit()) {
      Add(Captured, C.getLocation(), Copy::Explicit);
      continue;
    }
    // An implicit capture is made by its first use in the body.
    if (const Expr *Use = firstUse(Lambda.getBody(), Captured))
      Add(Captured, Use->getExprLoc(), Copy::Implicit);
  }
}

/// The local variables an argument copies. Returns true if the argument
/// is the variable itself (`err`), false if it computes from it or holds it
/// by reference or pointer.
static bool copiedVariables(
    const Expr *Arg,
    llvm::SmallVectorImpl<std::pair<const VarDecl *, const DeclRefExpr *>> &Out,
    bool &Moved) {
  Moved = false;
  const Expr *E = stripWrappers(Arg);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      E = stripWrappers(Construct->getArg(0));
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
    if (isReferenceHolder(*Call))
      return false;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        Callee->getName() == "move" && Call->getNumArgs() == 1) {
      E = stripWrappers(Call->getArg(0));
      Moved = true;
    }
  }
  if (!E || isReferenceWrapperConstruction(E))
    return false;
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    if (Unary->getOpcode() == UO_AddrOf)
      return false; // A pointer reads the variable when it runs.
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
    // A lambda argument copies what it captures by value, and nothing else.
    for (const LambdaCapture &C : Lambda->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByCopy)
        if (const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar()))
          if (Var->hasLocalStorage() && !Var->isInitCapture())
            if (const Expr *Use = firstUse(Lambda->getBody(), Var))
              if (const auto *Ref = dyn_cast<DeclRefExpr>(Use))
                Out.push_back({Var, Ref});
    return false;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    // An array decays to a pointer to the live buffer.
    if (Var && Var->hasLocalStorage() && !Var->getType()->isArrayType())
      Out.push_back({Var, Ref});
    return true;
  }
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
  declRefsIn(E, Refs);
  for (const DeclRefExpr *Ref : Refs) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->hasLocalStorage() && !reachesLiveWithin(E, Var) &&
        llvm::none_of(Out, [&](const auto &P) { return P.first == Var; }))
      Out.push_back({Var, Ref});
  }
  return false;
}

static llvm::SmallVector<StaleCaptureCheck::Copy, 4>
copiesMadeBy(const Guard &G) {
  using Copy = StaleCaptureCheck::Copy;
  llvm::SmallVector<Copy, 4> Copies;
  for (const GuardCallable &Callable : G.Callables)
    copiesMadeBy(Callable, Copies);

  auto AddArgument = [&](const Expr *Arg, const Stmt *CopyPoint,
                         Copy::FormKind Plain, Copy::FormKind Computed,
                         auto Fill) {
    llvm::SmallVector<std::pair<const VarDecl *, const DeclRefExpr *>, 2> Vars;
    bool Moved = false;
    bool IsPlain = copiedVariables(Arg, Vars, Moved);
    for (const auto &[Var, Ref] : Vars) {
      Copy C;
      C.Moved = Moved;
      C.Var = Var;
      C.Loc = Ref->getLocation();
      C.Form = IsPlain ? Plain : Computed;
      C.CopyPoint = CopyPoint;
      C.Ref = Ref;
      Fill(C);
      Copies.push_back(C);
    }
  };
  for (const BoundArgument &Bound : G.BoundArguments)
    AddArgument(Bound.Arg, Bound.Binder, Copy::Bound, Copy::BoundComputed,
                [&](Copy &C) { C.BoundArg = &Bound; });
  for (const HelperArgument &Helper : G.HelperArguments)
    AddArgument(Helper.Arg, Helper.Call, Copy::Helper, Copy::Helper,
                [&](Copy &C) { C.HelperArg = &Helper; });
  for (const RecordedArgument &Recorded : G.RecordedArguments)
    AddArgument(Recorded.Arg, Recorded.Construct, Copy::Recorded,
                Copy::Recorded, [&](Copy &C) { C.RecordedArg = &Recorded; });
  // `Check c(&rc, rc)`, `std::bind(&set, &rc, rc)`, `restore(rc, rc)`: one
  // call reaches the variable live and keeps a snapshot to compare with or
  // to restore: a deliberate copy, like `[&v, n = v.size()]`.
  llvm::erase_if(Copies, [](const Copy &C) {
    if (C.RecordedArg)
      return llvm::any_of(
          C.RecordedArg->Construct->arguments(), [&](const Expr *Other) {
            return Other != C.RecordedArg->Arg && mentions(Other, C.Var);
          });
    if (C.BoundArg)
      return llvm::any_of(C.BoundArg->Binder->arguments(),
                          [&](const Expr *Other) {
                            return Other != C.BoundArg->Arg &&
                                   reachesLive(Other, C.Var, nullptr);
                          });
    if (C.HelperArg) {
      const CallExpr &Call = *C.HelperArg->Call;
      const FunctionDecl *Helper = Call.getDirectCallee();
      const auto *Method = dyn_cast<CXXMethodDecl>(Helper);
      unsigned Shift =
          isa<CXXOperatorCallExpr>(Call) && Method && !Method->isStatic() ? 1
                                                                          : 0;
      for (unsigned I = 0; I < Call.getNumArgs(); ++I) {
        const Expr *Other = Call.getArg(I);
        const ParmVarDecl *Param =
            I >= Shift && I - Shift < Helper->getNumParams()
                ? Helper->getParamDecl(I - Shift)
                : nullptr;
        if (Other != C.HelperArg->Arg && reachesLive(Other, C.Var, Param))
          return true;
      }
    }
    return false;
  });
  return Copies;
}

bool StaleCaptureCheck::isReportable(const Copy &C, const Guard &G,
                                     const FunctionFlow &Flow,
                                     const GuardEvents &Events,
                                     std::optional<Write> &FirstWrite) {
  // Writes inside the guard's own callables do not count.
  llvm::SmallVector<Write, 4> Writes;
  for (const Write &W : Flow.writesOf(C.Var))
    if (llvm::none_of(G.Callables, [&](const GuardCallable &Own) {
          return Flow.isWithin(W.Use, Own.Lambda);
        }))
      Writes.push_back(W);
  if (Writes.empty())
    return false;

  std::optional<FunctionFlow::Position> Start = Flow.positionOf(C.CopyPoint);
  if (!Start)
    return false;

  // Walk from the copy to the guard's death, collecting writes on the way.
  llvm::DenseMap<const Stmt *, llvm::SmallVector<const Write *, 1>> ByAnchor;
  for (const Write &W : Writes)
    for (const Stmt *Anchor : Flow.writeAnchors(W))
      ByAnchor[Anchor].push_back(&W);
  llvm::SmallVector<const Write *, 4> Reachable;
  Flow.walkForward(*Start, [&](const CFGElement &E) {
    if (G.LifetimeVar && Flow.endsLifeOf(E, *G.LifetimeVar))
      return false;
    const Stmt *S = elementStmt(E);
    if (!S)
      return true;
    auto It = ByAnchor.find(S);
    if (It != ByAnchor.end())
      for (const Write *W : It->second)
        if (!llvm::is_contained(Reachable, W))
          Reachable.push_back(W);
    return !llvm::is_contained(Events.Dismissals, S) &&
           !llvm::is_contained(Events.RunsNow, S);
  });

  // A write matters only if the guard can still run after it: some path
  // reaches the guard's destruction (at its scope's end or by a `throw`),
  // or a move or return that hands it on, without a dismiss call first.
  // That any call might throw is not enough: `ec = f(); g.release();`
  // dismisses the guard on every path a reader sees.
  // One pass over the graph answers for every write.
  auto GuardEvent = [&](const CFGElement &E) {
    const Stmt *S = elementStmt(E);
    if ((G.LifetimeVar && Flow.endsLifeOf(E, *G.LifetimeVar)) ||
        (S && (llvm::is_contained(Events.Transfers, S) ||
               llvm::is_contained(Events.RunsNow, S))))
      return 1;
    return S && llvm::is_contained(Events.Dismissals, S) ? -1 : 0;
  };
  std::optional<FunctionFlow::FirstEvents> Runs;
  auto GuardRunsAfter = [&](const Write &W) {
    for (const Stmt *Anchor : Flow.writeAnchors(W)) {
      std::optional<FunctionFlow::Position> From = Flow.positionOf(Anchor);
      if (!From)
        return true;
      if (!Runs)
        Runs = Flow.firstEvents(GuardEvent);
      if (Runs->reachesFrom(*From))
        return true;
    }
    return false;
  };
  llvm::erase_if(Reachable,
                 [&](const Write *W) { return !GuardRunsAfter(*W); });

  QualType Type = C.Var->getType();
  llvm::erase_if(Reachable, [&](const Write *W) {
    return !isRealWrite(*W, Type) || !calleeMayWrite(*W, Flow.context());
  });
  if (Reachable.empty())
    return false;

  // Report the earliest write that follows the copy in the source.
  const SourceManager &SM = Flow.context().getSourceManager();
  llvm::sort(Reachable, [&](const Write *A, const Write *B) {
    return SM.isBeforeInTranslationUnit(A->Use->getBeginLoc(),
                                        B->Use->getBeginLoc());
  });
  FirstWrite = *Reachable.front();
  for (const Write *W : Reachable)
    if (SM.isBeforeInTranslationUnit(C.CopyPoint->getBeginLoc(),
                                     W->Use->getBeginLoc())) {
      FirstWrite = *W;
      break;
    }

  // The precision gates.
  if (AllVariables || Likeness.isErrorLike(*C.Var))
    return true;
  // The others need the copy to hold the value the variable had before
  // anything wrote it: a handle refilled after a first guard is a new
  // handle, and its first guard rightly keeps the old one.
  bool WrittenBefore = false;
  const auto *Local = dyn_cast<VarDecl>(C.Var);
  Flow.walkBackward(*Start, [&](const CFGElement &E) {
    const Stmt *S = elementStmt(E);
    if (const auto *Decl = dyn_cast_or_null<DeclStmt>(S))
      if (Decl->isSingleDecl() && Decl->getSingleDecl() == Local)
        return false;
    if (S && ByAnchor.count(S))
      WrittenBefore = true;
    return !WrittenBefore;
  });
  if (WrittenBefore)
    return false;
  // A parameter, or a reference, already holds a value from elsewhere:
  // passing it on to a non-const reference is not filling it in.
  bool OwnValue =
      Local && !isa<ParmVarDecl>(Local) && !Local->getType()->isReferenceType();
  if (OwnValue && llvm::any_of(Reachable, [](const Write *W) {
        return isOutParameterFill(*W);
      }))
    return true;
  return Local && hasPlaceholderInitializer(*Local);
}

/// A non-const reference parameter whose visible body never writes it is
/// read only: `void log(std::error_code &ec) { print(ec.message()); }`.
bool StaleCaptureCheck::calleeMayWrite(const Write &W, ASTContext &Context) {
  if (W.Kind != WriteKind::NonConstRefArgument || !W.Callee)
    return true;
  const FunctionDecl *Definition = nullptr;
  if (!W.Callee->hasBody(Definition) ||
      W.ArgIndex >= Definition->getNumParams())
    return true;
  const FunctionFlow *CalleeFlow = Flows.get(*Definition, Context);
  if (!CalleeFlow)
    return true;
  return !CalleeFlow->writesOf(Definition->getParamDecl(W.ArgIndex)).empty();
}

/// Where an edit of \p Loc must go: the location itself, or the user's
/// spelling when a macro pastes it from its arguments and an edit there
/// changes nothing else. Invalid when no safe place exists.
SourceLocation StaleCaptureCheck::editableLocation(SourceLocation Loc,
                                                   const SourceManager &SM,
                                                   bool AnyMacroUse) const {
  if (Loc.isFileID())
    return Loc;
  if (!isWrittenInMacroArguments(Loc, SM))
    return {};
  SourceLocation Spelling = SM.getSpellingLoc(Loc);
  if (AnyMacroUse)
    return Spelling;
  // `WATCH(v)` handing `v` on to `WATCH_IMPL(v)`: only the outer macro's
  // definition is read, so an argument passed on is not edited.
  if (macroArgumentLevels(Loc, SM) == 1 && isPastedOnce(Loc, SM))
    return Spelling;
  return {};
}

/// Why no edit is offered for text that a macro expands.
std::string StaleCaptureCheck::macroReason(SourceLocation Loc,
                                           const SourceManager &SM,
                                           llvm::StringRef What) const {
  std::string Macro = outermostMacroName(Loc, SM, getLangOpts()).str();
  if (macroArgumentLevels(Loc, SM) > 1)
    return "macro '" + Macro + "' passes the " + What.str() +
           " on to another macro";
  if (isWrittenInMacroArguments(Loc, SM))
    return "macro '" + Macro + "' uses the " + What.str() +
           " in more than one place";
  return "the " + What.str() + " is written inside macro '" + Macro + "'";
}

/// True if the macro argument at \p Loc appears exactly once in the
/// definition of the macro the user wrote, neither stringized nor
/// token-pasted: `Y_SCOPE_EXIT(err)` pastes `err` into a capture list only,
/// while `GUARD(v)` that also declares `g_##v` must not be edited.
bool StaleCaptureCheck::isPastedOnce(SourceLocation Loc,
                                     const SourceManager &SM) const {
  if (!PP)
    return false;
  CharSourceRange Invocation = SM.getExpansionRange(Loc);
  SourceLocation Spelling = SM.getSpellingLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Text =
      Lexer::getSourceText(Invocation, SM, getLangOpts(), &Invalid);
  if (Invalid || SM.getFileID(Spelling) != SM.getFileID(Invocation.getBegin()))
    return false;
  unsigned Begin = SM.getFileOffset(Invocation.getBegin());
  unsigned Offset = SM.getFileOffset(Spelling);
  if (Offset < Begin || Offset >= Begin + Text.size())
    return false;

  size_t NameEnd = 0;
  while (NameEnd < Text.size() &&
         (llvm::isAlnum(Text[NameEnd]) || Text[NameEnd] == '_'))
    ++NameEnd;
  size_t Open = Text.find('(', NameEnd);
  if (NameEnd == 0 || Open == llvm::StringRef::npos || Open > Offset - Begin)
    return false;
  // Which argument: commas at parenthesis depth zero before the spelling.
  unsigned Index = 0;
  int Depth = 0;
  for (size_t I = Open + 1; I < Offset - Begin; ++I) {
    char C = Text[I];
    if (C == '(')
      ++Depth;
    else if (C == ')')
      --Depth;
    else if (C == ',' && Depth == 0)
      ++Index;
  }

  const IdentifierInfo *Name = PP->getIdentifierInfo(Text.take_front(NameEnd));
  const MacroInfo *Macro =
      PP->getMacroDefinitionAtLoc(Name, Invocation.getBegin()).getMacroInfo();
  if (!Macro || !Macro->isFunctionLike() || Macro->getNumParams() == 0)
    return false;
  unsigned NumParams = Macro->getNumParams();
  if (Index >= NumParams - 1 && Macro->isVariadic())
    Index = NumParams - 1;
  if (Index >= NumParams)
    return false;
  const IdentifierInfo *Param = Macro->params()[Index];

  unsigned Count = 0;
  llvm::ArrayRef<Token> Tokens = Macro->tokens();
  for (size_t I = 0; I < Tokens.size(); ++I) {
    if (Tokens[I].getIdentifierInfo() != Param)
      continue;
    ++Count;
    if (I > 0 && Tokens[I - 1].isOneOf(tok::hash, tok::hashhash))
      return false;
    if (I + 1 < Tokens.size() && Tokens[I + 1].is(tok::hashhash))
      return false;
  }
  return Count == 1;
}

/// Removes the explicit capture at \p Name together with the comma before
/// it: `[&, a, rc]` becomes `[&, a]`.
void StaleCaptureCheck::addCaptureRemoval(Finding &F, SourceLocation Name,
                                          const SourceManager &SM,
                                          const LangOptions &LangOpts) {
  bool Invalid = false;
  const char *Text = SM.getCharacterData(Name, &Invalid);
  if (Invalid)
    return;
  unsigned Back = 0;
  const char *BufferStart =
      SM.getBufferData(SM.getFileID(Name), &Invalid).data();
  while (!Invalid && Text - Back > BufferStart &&
         llvm::isSpace(*(Text - Back - 1)))
    ++Back;
  if (Invalid || Text - Back <= BufferStart || *(Text - Back - 1) != ',') {
    F.NoFixReason = "the capture list could not be edited";
    return;
  }
  SourceLocation Comma = Name.getLocWithOffset(-static_cast<int>(Back) - 1);
  SourceLocation End = Lexer::getLocForEndOfToken(Name, 0, SM, LangOpts);
  F.Fixes.push_back(
      FixItHint::CreateRemoval(CharSourceRange::getCharRange(Comma, End)));
}

/// True if \p Callee's declaration is not the same in every instantiation
/// of the template around the call: a member of a class template
/// specialization, or a function template specialization.
static bool dependsOnTemplateArguments(const FunctionDecl &Callee) {
  return Callee.getTemplateSpecializationInfo() ||
         isa<ClassTemplateSpecializationDecl>(Callee.getDeclContext());
}

/// In an instantiation, was the binding call's callable (its argument 0)
/// dependent in the template (`&Sink::Record` with `Sink` a parameter), so
/// that it names another function in each instantiation?
static bool callableDependsOnTemplate(const CallExpr &Binder,
                                      const FunctionDecl &Instantiation) {
  const FunctionDecl *Pattern = Instantiation.getTemplateInstantiationPattern();
  if (!Pattern || Pattern == &Instantiation || !Pattern->getBody() ||
      Binder.getNumArgs() == 0)
    return false;
  SourceLocation Loc = Binder.getBeginLoc();
  std::function<const CallExpr *(const Stmt *)> Find =
      [&](const Stmt *S) -> const CallExpr * {
    if (!S)
      return nullptr;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (Call->getBeginLoc() == Loc)
        return Call;
    for (const Stmt *Child : S->children())
      if (const CallExpr *Found = Find(Child))
        return Found;
    return nullptr;
  };
  const CallExpr *InPattern = Find(Pattern->getBody());
  if (!InPattern)
    return true; // Not found: assume the worst.
  const Expr *Callable =
      InPattern->getNumArgs() ? InPattern->getArg(0) : InPattern->getCallee();
  return Callable->isTypeDependent() || Callable->isValueDependent();
}

void StaleCaptureCheck::addArgumentFix(Finding &F, const SourceManager &SM,
                                       const LangOptions &LangOpts,
                                       bool InInstantiation) {
  const BoundArgument &Bound = *F.C.BoundArg;
  std::string VarName = F.C.Var->getNameAsString();
  // BOOST_SCOPE_EXIT's capture list is made to take `&name`, and
  // wxON_BLOCK_EXIT1 hands its arguments on to wxMakeGuard once; a
  // project's macro around them may use the name elsewhere too (`#v`).
  bool Boost = Bound.Kind == BinderKind::BoostScopeExit;
  // The text to wrap: the variable, or all of an explicit copy such as
  // `std::error_code(err)`, which would copy the wrapper's referent again.
  const Expr *Written = Bound.Arg->IgnoreImplicit()->IgnoreParens();
  const Expr *Target =
      F.C.Moved || !isa<DeclRefExpr>(Written) ? Bound.Arg : F.C.Ref;
  llvm::StringRef Outermost =
      Target->getBeginLoc().isMacroID()
          ? outermostMacroName(Target->getBeginLoc(), SM, LangOpts)
          : llvm::StringRef();
  bool LibraryMacro = (Boost && Outermost.starts_with("BOOST_SCOPE_EXIT")) ||
                      (Bound.Kind == BinderKind::NoReferenceHolder &&
                       Outermost.starts_with("wxON_BLOCK_EXIT"));
  SourceLocation Begin =
      editableLocation(Target->getBeginLoc(), SM, LibraryMacro);
  SourceLocation End = editableLocation(Target->getEndLoc(), SM, LibraryMacro);
  if (Begin.isInvalid() || End.isInvalid()) {
    F.NoFixReason = macroReason(Target->getBeginLoc(), SM, "argument");
    return;
  }
  if (Boost) {
    F.Fixes.push_back(FixItHint::CreateInsertion(Begin, "&"));
    return;
  }

  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(F.C.Var->getParentFunctionOrMethod());
  bool CalleeFromTemplate = InInstantiation && Function && Bound.Binder &&
                            callableDependsOnTemplate(*Bound.Binder, *Function);

  auto Wrap = [&](llvm::StringRef Holder) {
    F.Fixes.push_back(
        FixItHint::CreateReplacement(CharSourceRange::getTokenRange(Begin, End),
                                     (Holder + "(" + VarName + ")").str()));
  };
  // std::ref where the callee writes through its parameter (or calls a
  // non-const member on the object), else std::cref.
  auto Writes = [&]() -> std::optional<bool> {
    if (!Bound.Callee)
      return std::nullopt;
    if (InInstantiation &&
        (dependsOnTemplateArguments(*Bound.Callee) || CalleeFromTemplate))
      return std::nullopt;
    if (Bound.IsObject)
      return !cast<CXXMethodDecl>(Bound.Callee)->isConst();
    if (!Bound.CalleeParam)
      return std::nullopt;
    QualType Param = Bound.CalleeParam->getType();
    return Param->isLValueReferenceType() &&
           !Param.getNonReferenceType().isConstQualified();
  }();
  if (!Writes) {
    F.NoFixReason =
        Bound.Callee && InInstantiation &&
                (dependsOnTemplateArguments(*Bound.Callee) ||
                 CalleeFromTemplate)
            ? "the bound function depends on template arguments, so neither "
              "std::ref nor std::cref is right for every instantiation"
            : "the bound function is not known, so neither std::ref nor "
              "std::cref is certain to compile";
    return;
  }
  // A wrapper handed to the callee as it is (bind_front, Loki) converts
  // only to a reference to its own type, or to a copy of it.
  auto ReceivesOwnType = [&]() {
    if (Bound.IsObject)
      return true;
    QualType Param = Bound.CalleeParam->getType()
                         .getNonReferenceType()
                         .getCanonicalType()
                         .getUnqualifiedType();
    QualType Arg = F.C.Var->getType()
                       .getNonReferenceType()
                       .getCanonicalType()
                       .getUnqualifiedType();
    if (Param == Arg)
      return true;
    F.NoFixReason = "the bound function takes a '" +
                    Bound.CalleeParam->getType().getAsString() +
                    "', which a reference wrapper does not convert to";
    return false;
  };
  auto AddFunctionalInclude = [&] {
    if (std::optional<FixItHint> Include = Includes.createIncludeInsertion(
            SM.getFileID(Begin), "<functional>"))
      F.Fixes.push_back(*Include);
  };

  switch (Bound.Kind) {
  case BinderKind::UnwrapsReference: {
    bool BoostBind =
        plainQualifiedName(*Bound.Binder->getDirectCallee()) == "boost::bind";
    Wrap(BoostBind ? (*Writes ? "boost::ref" : "boost::cref")
                   : (*Writes ? "std::ref" : "std::cref"));
    if (!BoostBind)
      AddFunctionalInclude();
    return;
  }
  case BinderKind::NoReferenceHolder:
    // wxWidgets has no holder of its own, but keeps a std::reference_wrapper
    // like any value and hands it to the callee as bind_front does.
    if (!LangOpts.CPlusPlus11) {
      F.NoFixReason = "wxWidgets guards have no reference holder before "
                      "C++11; pass a pointer to '" +
                      VarName + "' instead";
      return;
    }
    [[fallthrough]];
  case BinderKind::PassesReference:
    // The wrapper reaches the callee itself; only a non-template callee
    // is sure to convert it back to a reference.
    if (Bound.Callee->getTemplatedKind() != FunctionDecl::TK_NonTemplate) {
      F.NoFixReason = "the bound function is a template, which would receive "
                      "the std::reference_wrapper itself";
      return;
    }
    if (!ReceivesOwnType())
      return;
    Wrap(*Writes ? "std::ref" : "std::cref");
    AddFunctionalInclude();
    return;
  case BinderKind::Loki:
    if (ReceivesOwnType())
      Wrap("Loki::ByRef");
    return;
  case BinderKind::Chromium:
    F.NoFixReason = "bind a pointer to '" + VarName +
                    "', or use a lambda that captures it by reference";
    return;
  case BinderKind::BoostScopeExit:
  case BinderKind::Other:
    F.NoFixReason = "bind a reference to '" + VarName + "' instead";
    return;
  }
}

/// The local variable declared at \p Loc in \p S.
static const VarDecl *localDeclaredAt(const Stmt *S, SourceLocation Loc) {
  if (!S)
    return nullptr;
  if (const auto *Decl = dyn_cast<DeclStmt>(S))
    for (const clang::Decl *D : Decl->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        if (Var->getLocation() == Loc)
          return Var;
  for (const Stmt *Child : S->children())
    if (const VarDecl *Found = localDeclaredAt(Child, Loc))
      return Found;
  return nullptr;
}

std::string StaleCaptureCheck::templateEscapeReason(const VarDecl &GuardVar,
                                                    const FunctionFlow &Flow) {
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(GuardVar.getParentFunctionOrMethod());
  const FunctionDecl *Pattern =
      Function ? Function->getTemplateInstantiationPattern() : nullptr;
  if (!Pattern || Pattern == Function)
    return {};
  // How the guard is used needs no CFG, which a dependent range-for in the
  // template prevents.
  const FunctionFlow *PatternFlow = Flows.get(*Pattern, Flow.context());
  std::unique_ptr<FunctionFlow> UsesOnly;
  if (!PatternFlow) {
    UsesOnly = FunctionFlow::buildUsesOnly(*Pattern, Flow.context());
    PatternFlow = UsesOnly.get();
  }
  if (!PatternFlow)
    return "the guard is in a template that could not be analysed";
  const VarDecl *PatternVar =
      localDeclaredAt(PatternFlow->body(), GuardVar.getLocation());
  if (!PatternVar)
    return {};
  return analyzeLifetime(*PatternVar, *PatternFlow, DismissMethods)
      .EscapeReason;
}

void StaleCaptureCheck::checkGuard(const Guard &G, const FunctionFlow &Flow,
                                   const SourceManager &SM,
                                   const LangOptions &LangOpts) {
  llvm::SmallVector<Copy, 4> Copies = copiesMadeBy(G);
  if (Copies.empty())
    return;
  GuardLifetime Lifetime =
      analyzeLifetime(*G.LifetimeVar, Flow, DismissMethods, RunMethods);
  // One fix-it serves every instantiation of a template: decide it on the
  // template itself, where every `if constexpr` branch is visible.
  if (Lifetime.EscapeReason.empty())
    Lifetime.EscapeReason = templateEscapeReason(*G.LifetimeVar, Flow);
  bool InCoroutine = isa<CoroutineBodyStmt>(Flow.body());
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(G.Var->getParentFunctionOrMethod());
  bool InInstantiation =
      Function && Function->getTemplateInstantiationPattern() &&
      Function->getTemplateInstantiationPattern() != Function;
  GuardEvents Events;
  for (const Stmt *End : Lifetime.Dismissals)
    if (const Stmt *Anchor = Flow.anchorOf(End))
      Events.Dismissals.push_back(Anchor);
  for (const Stmt *End : Lifetime.RunsNow)
    if (const Stmt *Anchor = Flow.anchorOf(End))
      Events.RunsNow.push_back(Anchor);
  for (const Stmt *End : Lifetime.Transfers)
    if (const Stmt *Anchor = Flow.anchorOf(End))
      Events.Transfers.push_back(Anchor);

  for (const Copy &C : Copies) {
    QualType T = C.Var->getType();
    if (T.isConstQualified() ||
        (T->isReferenceType() && T.getNonReferenceType().isConstQualified()))
      continue;
    if (const auto *Local = dyn_cast<VarDecl>(C.Var))
      if (!Local->hasLocalStorage())
        continue;
    std::optional<Write> FirstWrite;
    if (!isReportable(C, G, Flow, Events, FirstWrite))
      continue;

    Finding F;
    F.C = C;
    F.FirstWrite = FirstWrite;
    // Why a reference would be wrong, shared by every form that could
    // otherwise be fixed.
    if (!Lifetime.EscapeReason.empty())
      F.NoFixReason =
          "capturing by reference could dangle: " + Lifetime.EscapeReason;
    else if (const VarDecl *Stored = C.Callable   ? C.Callable->StoredIn
                                     : C.BoundArg ? C.BoundArg->StoredIn
                                                  : nullptr;
             Stored && Flow.usesOf(Stored).size() > 1)
      F.NoFixReason = std::string("capturing by reference could dangle: ") +
                      (C.Callable ? "the lambda '" : "the binding '") +
                      Stored->getNameAsString() + "' is also used elsewhere";
    else if (isDeclaredAfter(*C.Var, *G.LifetimeVar, SM))
      // `Defer d; Status st; d = [st] {...};`: locals die in reverse
      // order, so `st` is gone when `d` runs.
      F.NoFixReason = "capturing by reference would dangle: '" +
                      C.Var->getNameAsString() +
                      "' is declared after the guard and destroyed before it "
                      "runs";

    // The coroutine's frame can outlive what a reference refers to, and a
    // variable of an enclosing lambda is its closure's copy, which dies
    // with the closure.
    if (F.NoFixReason.empty() && InCoroutine &&
        C.Var->getType()->isReferenceType())
      F.NoFixReason = "in a coroutine, the object '" +
                      C.Var->getNameAsString() +
                      "' refers to may be gone when the guard runs";
    else if (F.NoFixReason.empty() && InCoroutine &&
             C.Var->getDeclContext() != G.Var->getDeclContext())
      F.NoFixReason = "in a coroutine, '" + C.Var->getNameAsString() +
                      "' belongs to the enclosing lambda's closure, which "
                      "may be gone when the guard runs";

    if (C.Form == Copy::Explicit || C.Form == Copy::Implicit) {
      const LambdaExpr &Lambda = *C.Callable->Lambda;
      bool BodyWritesCopy =
          llvm::any_of(Flow.writesOf(C.Var), [&](const Write &W) {
            return Flow.isWithin(W.Use, &Lambda);
          });
      if (F.NoFixReason.empty() && BodyWritesCopy)
        F.NoFixReason = "the guard's body modifies its own copy";
      SourceLocation Written =
          C.Form == Copy::Explicit ? C.Loc : Lambda.getCaptureDefaultLoc();
      // BOOST_SCOPE_EXIT_ALL(=) hands its list through inner macros that
      // are made to take `=, &err`.
      bool BoostMacro =
          Written.isMacroID() && outermostMacroName(Written, SM, LangOpts)
                                     .starts_with("BOOST_SCOPE_EXIT");
      SourceLocation Where = editableLocation(Written, SM, BoostMacro);
      if (Where.isInvalid() && F.NoFixReason.empty())
        F.NoFixReason = macroReason(Written, SM, "capture");
      if (F.NoFixReason.empty()) {
        if (C.Form == Copy::Explicit && Lambda.getCaptureDefault() == LCD_ByRef)
          // `[&, rc]`: dropping the copy leaves the `&` default to capture
          // it; `[&, &rc]` would not compile.
          addCaptureRemoval(F, Where, SM, LangOpts);
        else if (C.Form == Copy::Explicit)
          F.Fixes.push_back(FixItHint::CreateInsertion(Where, "&"));
        else // `[=]` becomes `[=, &a]`; several such edits combine.
          F.Fixes.push_back(FixItHint::CreateInsertion(
              Lexer::getLocForEndOfToken(Where, 0, SM, LangOpts),
              ", &" + C.Var->getNameAsString()));
      }
    } else if (C.Form == Copy::Bound && F.NoFixReason.empty()) {
      addArgumentFix(F, SM, LangOpts, InInstantiation);
    }
    report(F, G, SM);
  }
}

void StaleCaptureCheck::report(const Finding &F, const Guard &G,
                               const SourceManager &SM) {
  SourceLocation Loc = SM.getFileLoc(F.C.Loc);
  if (!Reported.insert({Loc.getRawEncoding(), F.C.Var->getIdentifier()}).second)
    return;

  std::string GuardName;
  const VarDecl *Named = G.Var;
  SourceLocation NameLoc = Named->getLocation();
  bool NameWrittenByMacro =
      NameLoc.isMacroID() && !isWrittenInMacroArguments(NameLoc, SM);
  if (NameWrittenByMacro || !Named->getIdentifier())
    GuardName =
        "the scope guard of macro '" +
        outermostMacroName(Named->getLocation(), SM, getLangOpts()).str() + "'";
  else if (F.C.Form == Copy::Recorded)
    GuardName = "'" + Named->getNameAsString() + "'";
  else
    GuardName = "scope guard '" + Named->getNameAsString() + "'";

  bool Boost = F.C.BoundArg && F.C.BoundArg->Kind == BinderKind::BoostScopeExit;
  std::string Reason =
      F.NoFixReason.empty() ? std::string() : "; " + F.NoFixReason;
  {
    const char *Message = nullptr;
    switch (F.C.Form) {
    case Copy::Computed:
      Message = "%0 captures %1, computed from %2 when the guard is created, "
                "but %2 is modified before the guard runs; compute it in the "
                "guard's body from a by-reference capture of %2";
      break;
    case Copy::StarThis:
      Message = "%0 captures a copy of '*this', but member %2 is modified "
                "before the guard runs; capture 'this' if the object "
                "outlives the guard";
      break;
    case Copy::Explicit:
    case Copy::Implicit:
      Message = "%0 captures %2 by value, but %2 is modified before the "
                "guard runs%1";
      break;
    case Copy::Bound:
      Message = Boost ? "%0 captures %2 by value, but %2 is modified before "
                        "the guard runs%1"
                      : "%0 binds a copy of %2, but %2 is modified before the "
                        "guard runs%1";
      break;
    case Copy::BoundComputed:
      Message = "%0 binds a value computed from %2 when the guard is created, "
                "but %2 is modified before the guard runs; bind a reference "
                "to %2 and compute the value when the guard runs";
      break;
    case Copy::Helper:
      Message = "%0 is built by %1, whose guard copies %2 here, but %2 is "
                "modified before the guard runs; pass %2 by reference, or "
                "build the guard in this scope";
      break;
    case Copy::Recorded:
      Message = "%0 keeps a copy of %2 in a member that its destructor "
                "reads, but %2 is modified while %0 lives";
      break;
    }
    DiagnosticBuilder Diag = diag(Loc, Message);
    Diag << GuardName;
    if (F.C.Form == Copy::Computed)
      Diag << F.C.InitCapture;
    else if (F.C.Form == Copy::Helper)
      Diag << F.C.HelperArg->Call->getDirectCallee();
    else
      Diag << Reason;
    Diag << F.C.Var;
    for (const FixItHint &Fix : F.Fixes)
      Diag << Fix;
  }
  // Notes go out after the warning's builder is gone.
  if (F.C.Form == Copy::Recorded)
    diag(F.C.RecordedArg->Member->getLocation(),
         "%0 holds the copy that %1 reads; make it a reference or a pointer "
         "so that the destructor reads the final value",
         DiagnosticIDs::Note)
        << F.C.RecordedArg->Member << F.C.RecordedArg->Destructor;
  if (F.C.Form == Copy::Helper)
    diag(F.C.HelperArg->CopyLoc, "%0 is copied into the guard here",
         DiagnosticIDs::Note)
        << F.C.HelperArg->Param;
  if (F.FirstWrite)
    diag(F.FirstWrite->Use->getExprLoc(), "%0 is modified here",
         DiagnosticIDs::Note)
        << F.C.Var << F.FirstWrite->Site->getSourceRange();
  if (F.C.Callable && F.C.Callable->StoredIn)
    diag(G.Var->getLocation(), "the lambda stored in %0 becomes %1 here",
         DiagnosticIDs::Note)
        << F.C.Callable->StoredIn << GuardName;
}

} // namespace clang::tidy::defer
