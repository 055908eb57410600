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
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::defer {

using namespace ast_matchers;

namespace {

// The catalogue of guard libraries (docs/checks/defer-stale-capture.md
// lists them). Names without a leading "::" match in any namespace.
constexpr llvm::StringLiteral DefaultGuardClasses =
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
    "::nonstd::scope_success;::sr::scope_exit;::beman::scope::scope_exit";

constexpr llvm::StringLiteral DefaultGuardFactories =
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

constexpr llvm::StringLiteral DefaultDismissMethods =
    "dismiss;Dismiss;release;Release;Cancel;cancel;disarm;"
    "set_active(false);Invoke;RunAndReset;reset";

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
    "succeeded;failed;failure;fail;result;res;outcome;code";

std::vector<std::string> parseList(llvm::StringRef Raw) {
  std::vector<std::string> Result;
  for (llvm::StringRef Item : utils::options::parseStringList(Raw))
    if (!Item.trim().empty())
      Result.push_back(Item.trim().str());
  return Result;
}

/// Boolean options are read as text: the templated OptionsView accessors
/// are mangled differently by GCC and Clang, so a plugin built with one
/// cannot always find them in a clang-tidy built with the other.
bool parseBool(llvm::StringRef Value) {
  Value = Value.trim();
  return Value.equals_insensitive("true") || Value == "1" ||
         Value.equals_insensitive("on") || Value.equals_insensitive("yes");
}

/// The first expression in \p Body, in source order, that names \p D.
const Expr *firstUse(const Stmt *S, const ValueDecl *D) {
  if (!S)
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (Ref->getDecl() == D)
      return Ref;
  if (const auto *Member = dyn_cast<MemberExpr>(S))
    if (Member->getMemberDecl() == D &&
        isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
      return Member;
  for (const Stmt *Child : S->children())
    if (const Expr *Found = firstUse(Child, D))
      return Found;
  return nullptr;
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

void declRefsIn(const Stmt *S, llvm::SmallVectorImpl<const DeclRefExpr *> &Out) {
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

bool isOutParameterFill(const Write &W) {
  return (W.Kind == WriteKind::NonConstPtrArgument ||
          W.Kind == WriteKind::NonConstRefArgument) &&
         !W.AlsoReads;
}

} // namespace

struct StaleCaptureCheck::Copy {
  enum FormKind { Explicit, Implicit, Computed, StarThis };
  const ValueDecl *Var = nullptr;
  /// The expression or capture that makes the copy.
  SourceLocation Loc;
  FormKind Form = Explicit;
  /// The init-capture that holds a value computed from Var.
  const VarDecl *InitCapture = nullptr;
};

struct StaleCaptureCheck::Finding {
  Copy C;
  const GuardCallable *Callable = nullptr;
  std::optional<Write> FirstWrite;
  std::string NoFixReason;
  std::optional<FixItHint> Fix;
};

StaleCaptureCheck::StaleCaptureCheck(llvm::StringRef Name,
                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawGuardClasses(Options.get("GuardClasses", DefaultGuardClasses)),
      RawGuardFactories(Options.get("GuardFactories", DefaultGuardFactories)),
      RawDismissMethods(Options.get("DismissMethods", DefaultDismissMethods)),
      RawErrorTypes(Options.get("ErrorTypes", DefaultErrorTypes)),
      RawErrorNames(Options.get("ErrorNames", DefaultErrorNames)),
      AllVariables(parseBool(Options.get("AllVariables", "false"))),
      DismissMethods(parseList(RawDismissMethods)),
      Guards(parseList(RawGuardClasses), parseList(RawGuardFactories)),
      Likeness(parseList(RawErrorTypes), parseList(RawErrorNames)) {}

void StaleCaptureCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "GuardClasses", RawGuardClasses);
  Options.store(Opts, "GuardFactories", RawGuardFactories);
  Options.store(Opts, "DismissMethods", RawDismissMethods);
  Options.store(Opts, "ErrorTypes", RawErrorTypes);
  Options.store(Opts, "ErrorNames", RawErrorNames);
  Options.store(Opts, "AllVariables", AllVariables ? "true" : "false");
}

void StaleCaptureCheck::registerMatchers(MatchFinder *Finder) {
  // Every local variable with an initializer is a guard candidate; the
  // recognizer rejects the rest cheaply by type. Instantiations are
  // traversed: in a template a guard's type is usually dependent.
  Finder->addMatcher(varDecl(hasLocalStorage(), unless(parmVarDecl()),
                             hasInitializer(expr()),
                             unless(isExpansionInSystemHeader()))
                         .bind("guard"),
                     this);
}

void StaleCaptureCheck::onEndOfTranslationUnit() {
  Flows.clear();
  Reported.clear();
  Guards.reset();
}

const FunctionFlow *StaleCaptureCheck::flowFor(const Decl &Function,
                                               ASTContext &Context) {
  auto [It, Inserted] = Flows.try_emplace(&Function);
  if (Inserted)
    It->second = FunctionFlow::build(Function, Context);
  return It->second.get();
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
  const FunctionFlow *Flow = flowFor(*Function, *Result.Context);
  if (!Flow)
    return;
  checkGuard(*G, *Flow, *Result.SourceManager, getLangOpts());
}

/// The copies a lambda makes when it is created.
static llvm::SmallVector<StaleCaptureCheck::Copy, 4>
copiesMadeBy(const LambdaExpr &Lambda) {
  using Copy = StaleCaptureCheck::Copy;
  llvm::SmallVector<Copy, 4> Copies;
  for (const LambdaCapture &C : Lambda.captures()) {
    if (C.getCaptureKind() == LCK_StarThis) {
      llvm::SmallVector<const FieldDecl *, 4> Fields;
      fieldsUsed(Lambda.getBody(), Fields);
      for (const FieldDecl *Field : Fields)
        if (const Expr *Use = firstUse(Lambda.getBody(), Field))
          Copies.push_back({Field, Use->getExprLoc(), Copy::StarThis});
      continue;
    }
    if (!C.capturesVariable() || C.isPackExpansion())
      continue;
    const auto *Captured = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!Captured)
      continue;

    if (Captured->isInitCapture()) {
      // `[code = err.value()]` runs now; `[e = err]` is a chosen snapshot.
      if (isPlainCopyOfVariable(Captured->getInit()))
        continue;
      llvm::SmallVector<const DeclRefExpr *, 4> Refs;
      declRefsIn(Captured->getInit(), Refs);
      for (const DeclRefExpr *Ref : Refs) {
        const auto *Source = dyn_cast<VarDecl>(Ref->getDecl());
        if (!Source || !Source->hasLocalStorage() ||
            capturesByReference(Lambda, Source) ||
            llvm::any_of(Copies, [&](const Copy &Other) {
              return Other.Var == Source;
            }))
          continue;
        Copies.push_back({Source, Ref->getLocation(), Copy::Computed,
                          Captured});
      }
      continue;
    }
    if (C.getCaptureKind() != LCK_ByCopy)
      continue;
    if (!C.isImplicit()) {
      Copies.push_back({Captured, C.getLocation(), Copy::Explicit});
      continue;
    }
    // An implicit capture is made by its first use in the body.
    if (const Expr *Use = firstUse(Lambda.getBody(), Captured))
      Copies.push_back({Captured, Use->getExprLoc(), Copy::Implicit});
  }
  return Copies;
}

bool StaleCaptureCheck::isReportable(const Copy &C, const Guard &G,
                                     const GuardCallable &Callable,
                                     const FunctionFlow &Flow,
                                     llvm::ArrayRef<const Stmt *> EndAnchors,
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

  std::optional<FunctionFlow::Position> Start =
      Flow.positionOf(Callable.Lambda);
  if (!Start)
    return false;

  // Walk from the copy to the guard's death, collecting writes on the way.
  llvm::DenseMap<const Stmt *, llvm::SmallVector<const Write *, 1>> ByAnchor;
  for (const Write &W : Writes)
    if (const Stmt *Anchor = Flow.anchorOf(W.Site))
      ByAnchor[Anchor].push_back(&W);
  llvm::SmallVector<const Write *, 4> Reachable;
  Flow.walkForward(*Start, [&](const CFGElement &E) {
    if (auto Dtor = E.getAs<CFGAutomaticObjDtor>())
      return Dtor->getVarDecl() != G.Var;
    const Stmt *S = elementStmt(E);
    if (!S)
      return true;
    auto It = ByAnchor.find(S);
    if (It != ByAnchor.end())
      for (const Write *W : It->second)
        if (!llvm::is_contained(Reachable, W))
          Reachable.push_back(W);
    return !llvm::is_contained(EndAnchors, S);
  });

  QualType Type = C.Var->getType();
  llvm::erase_if(Reachable,
                 [&](const Write *W) { return !isRealWrite(*W, Type); });
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
    if (SM.isBeforeInTranslationUnit(Callable.Lambda->getBeginLoc(),
                                     W->Use->getBeginLoc())) {
      FirstWrite = *W;
      break;
    }

  // The precision gates.
  if (AllVariables || Likeness.isErrorLike(*C.Var))
    return true;
  if (llvm::any_of(Reachable,
                   [](const Write *W) { return isOutParameterFill(*W); }))
    return true;
  const auto *Local = dyn_cast<VarDecl>(C.Var);
  if (!Local || !hasPlaceholderInitializer(*Local))
    return false;
  // A placeholder: nothing assigned it between its declaration and the copy.
  bool WrittenBefore = false;
  Flow.walkBackward(*Start, [&](const CFGElement &E) {
    const Stmt *S = elementStmt(E);
    if (const auto *Decl = dyn_cast_or_null<DeclStmt>(S))
      if (Decl->isSingleDecl() && Decl->getSingleDecl() == Local)
        return false;
    if (S && ByAnchor.count(S))
      WrittenBefore = true;
    return !WrittenBefore;
  });
  return !WrittenBefore;
}

void StaleCaptureCheck::checkGuard(const Guard &G, const FunctionFlow &Flow,
                                   const SourceManager &SM,
                                   const LangOptions &LangOpts) {
  GuardLifetime Lifetime = analyzeLifetime(*G.Var, Flow, DismissMethods);
  llvm::SmallVector<const Stmt *, 2> EndAnchors;
  for (const Stmt *End : Lifetime.Ends)
    if (const Stmt *Anchor = Flow.anchorOf(End))
      EndAnchors.push_back(Anchor);

  for (const GuardCallable &Callable : G.Callables) {
    const LambdaExpr &Lambda = *Callable.Lambda;
    llvm::SmallVector<Finding, 4> Findings;
    for (const Copy &C : copiesMadeBy(Lambda)) {
      QualType T = C.Var->getType();
      if (T.isConstQualified() ||
          (T->isReferenceType() &&
           T.getNonReferenceType().isConstQualified()))
        continue;
      if (const auto *Local = dyn_cast<VarDecl>(C.Var))
        if (!Local->hasLocalStorage())
          continue;
      std::optional<Write> FirstWrite;
      if (!isReportable(C, G, Callable, Flow, EndAnchors, FirstWrite))
        continue;
      Finding F;
      F.C = C;
      F.Callable = &Callable;
      F.FirstWrite = FirstWrite;
      Findings.push_back(std::move(F));
    }
    if (Findings.empty())
      continue;

    // Why a by-reference capture would be wrong, shared by all findings.
    std::string SharedReason;
    if (!Lifetime.EscapeReason.empty())
      SharedReason = "capturing by reference could dangle: " +
                     Lifetime.EscapeReason;
    else if (Callable.StoredIn && Flow.usesOf(Callable.StoredIn).size() > 1)
      SharedReason = "capturing by reference could dangle: the lambda '" +
                     Callable.StoredIn->getNameAsString() +
                     "' is also used elsewhere";

    for (Finding &F : Findings) {
      F.NoFixReason = SharedReason;
      if (F.C.Form == Copy::Computed || F.C.Form == Copy::StarThis)
        continue;
      bool BodyWritesCopy = llvm::any_of(
          Flow.writesOf(F.C.Var),
          [&](const Write &W) { return Flow.isWithin(W.Use, &Lambda); });
      if (F.NoFixReason.empty() && BodyWritesCopy)
        F.NoFixReason = "the guard's body modifies its own copy";

      SourceLocation Where = F.C.Form == Copy::Explicit
                                 ? F.C.Loc
                                 : Lambda.getCaptureDefaultLoc();
      if (Where.isMacroID()) {
        if (SM.isMacroArgExpansion(Where) &&
            SM.getSpellingLoc(Where).isFileID())
          Where = SM.getSpellingLoc(Where);
        else if (F.NoFixReason.empty())
          F.NoFixReason = "the capture is written inside macro '" +
                          outermostMacroName(Where, SM, LangOpts).str() + "'";
      }
      if (!F.NoFixReason.empty() || Where.isMacroID())
        continue;
      if (F.C.Form == Copy::Explicit) {
        F.Fix = FixItHint::CreateInsertion(Where, "&");
        continue;
      }
      // `[=]` becomes `[=, &a]`; several such edits at one place combine.
      F.Fix = FixItHint::CreateInsertion(
          Lexer::getLocForEndOfToken(Where, 0, SM, LangOpts),
          ", &" + F.C.Var->getNameAsString());
    }
    for (const Finding &F : Findings)
      report(F, G, SM);
  }
}

void StaleCaptureCheck::report(const Finding &F, const Guard &G,
                               const SourceManager &SM) {
  SourceLocation Loc = SM.getFileLoc(F.C.Loc);
  if (!Reported.insert({Loc.getRawEncoding(), F.C.Var->getIdentifier()})
           .second)
    return;

  std::string GuardName;
  if (G.Var->getLocation().isMacroID() || !G.Var->getIdentifier())
    GuardName = "the scope guard of macro '" +
                outermostMacroName(G.Var->getLocation(), SM, getLangOpts())
                    .str() +
                "'";
  else
    GuardName = "scope guard '" + G.Var->getNameAsString() + "'";

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
      Message = F.NoFixReason.empty()
                    ? "%0 captures %2 by value, but %2 is modified before the "
                      "guard runs"
                    : "%0 captures %2 by value, but %2 is modified before the "
                      "guard runs; %1";
      break;
    }
    DiagnosticBuilder Diag = diag(Loc, Message);
    Diag << GuardName;
    if (F.C.Form == Copy::Computed)
      Diag << F.C.InitCapture;
    else
      Diag << F.NoFixReason;
    Diag << F.C.Var;
    if (F.Fix)
      Diag << *F.Fix;
  }
  // Notes go out after the warning's builder is gone.
  if (F.FirstWrite)
    diag(F.FirstWrite->Use->getExprLoc(), "%0 is modified here",
         DiagnosticIDs::Note)
        << F.C.Var << F.FirstWrite->Site->getSourceRange();
  if (F.Callable->StoredIn)
    diag(G.Var->getLocation(), "the lambda stored in %0 becomes %1 here",
         DiagnosticIDs::Note)
        << F.Callable->StoredIn << GuardName;
}

} // namespace clang::tidy::defer
