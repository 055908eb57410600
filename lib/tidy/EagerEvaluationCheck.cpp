//===--- EagerEvaluationCheck.cpp - defer-eager-evaluation ----------------===//
//
// For each local guard: the expressions evaluated when it is built (its
// lambdas' init-captures, the arguments its binders copy, the arguments of
// a helper returning it), the elapsed times they compute, less the
// snapshots an init-capture takes on purpose, and a fix-it that moves an
// init-capture's computation into the lambda's body when that is a local,
// certain edit.
//
//===----------------------------------------------------------------------===//

#include "EagerEvaluationCheck.h"

#include "CheckSupport.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <functional>

namespace clang::tidy::defer {

using namespace ast_matchers;

namespace {

/// The earlier time when it is a variable or a chain of data members, as
/// written: `start`, `req.enqueued_at`, `begin_` (of `this`); null for
/// anything else. Conversions and copies around it are looked through.
const Expr *timeRead(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 1 ? timeRead(Construct->getArg(0))
                                        : nullptr;
  for (const Expr *Part = E; Part;) {
    if (isa<DeclRefExpr>(Part) || (isa<CXXThisExpr>(Part) && Part != E))
      return E;
    const auto *Member = dyn_cast<MemberExpr>(Part);
    if (!Member || !isa<FieldDecl>(Member->getMemberDecl()))
      return nullptr;
    Part = Member->getBase()->IgnoreParenImpCasts();
  }
  return nullptr;
}

/// How the diagnostic names a time read: its text without spaces, or the
/// name of the variable or member when the text is not in the file.
std::string timeReadName(const Expr &Read, const SourceManager &SM,
                         const LangOptions &LangOpts) {
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Read.getSourceRange()), SM, LangOpts);
  std::string Name;
  for (char C : Lexer::getSourceText(Range, SM, LangOpts))
    if (!llvm::isSpace(C))
      Name += C;
  if (!Name.empty())
    return Name;
  if (const auto *Member = dyn_cast<MemberExpr>(&Read))
    return Member->getMemberDecl()->getNameAsString();
  return cast<DeclRefExpr>(Read).getDecl()->getNameAsString();
}

/// Do \p A and \p B read the same variable or chain of data members?
bool isSameRead(const Expr *A, const Expr *B) {
  A = A->IgnoreParenImpCasts();
  B = B->IgnoreParenImpCasts();
  if (const auto *RefA = dyn_cast<DeclRefExpr>(A)) {
    const auto *RefB = dyn_cast<DeclRefExpr>(B);
    return RefB && RefA->getDecl() == RefB->getDecl();
  }
  if (isa<CXXThisExpr>(A))
    return isa<CXXThisExpr>(B);
  const auto *MemberA = dyn_cast<MemberExpr>(A);
  const auto *MemberB = dyn_cast<MemberExpr>(B);
  return MemberA && MemberB &&
         MemberA->getMemberDecl() == MemberB->getMemberDecl() &&
         isSameRead(MemberA->getBase(), MemberB->getBase());
}

/// Does \p S contain a read of the same time as \p Read?
bool containsRead(const Stmt *S, const Expr &Read) {
  if (!S)
    return false;
  if ((isa<DeclRefExpr>(S) || isa<MemberExpr>(S)) &&
      isSameRead(cast<Expr>(S), &Read))
    return true;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return containsRead(Child, Read);
  });
}

/// Does \p E read a time taken in \p Function: one of its local variables,
/// not a parameter, a static, or a reference to a time kept elsewhere?
bool readsTimeTakenIn(const Stmt *E, const Decl *Function) {
  if (!E)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
           !Var->getType()->isReferenceType() &&
           dyn_cast_or_null<Decl>(Var->getParentFunctionOrMethod()) == Function;
  }
  return llvm::any_of(E->children(), [&](const Stmt *Child) {
    return readsTimeTakenIn(Child, Function);
  });
}

/// An init-capture's elapsed time that is meant to be taken when the guard
/// is created, as defer-stale-capture takes `[&v, n = v.size()]` for a
/// deliberate snapshot:
///
///   [setup = Clock::now() - start, start] { log(setup, Clock::now() - start);
///   } [queue_delay = Clock::now() - req.enqueued_at] { log(queue_delay); }
///
/// The lambda also reads the earlier time when it runs, so it records a
/// phase up to the guard besides the whole scope; or the earlier time was
/// not taken in \p Function, which creates the guard, so the time up to the
/// guard's creation measures something that began before the function ran.
bool isDeliberateSnapshot(const LambdaExpr &Lambda, const ElapsedTime &Elapsed,
                          const Decl *Function) {
  if (const Expr *Read = timeRead(Elapsed.Since))
    if (containsRead(Lambda.getBody(), *Read))
      return true;
  return Function && !readsTimeTakenIn(Elapsed.Since, Function);
}

/// The local variable at the root of a chain of data members read by
/// value or through a pointer (`job.enqueued_at`, `p->times.start`), or
/// null.
const VarDecl *localMemberChainRoot(const MemberExpr &Member) {
  const Expr *E = &Member;
  while (const auto *Part = dyn_cast<MemberExpr>(E)) {
    if (!isa<FieldDecl>(Part->getMemberDecl()))
      return nullptr;
    E = Part->getBase()->IgnoreParenImpCasts();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasLocalStorage() ? Var : nullptr;
}

/// How \p Lambda captures \p Var, if it does.
std::optional<LambdaCaptureKind> capturedAs(const LambdaExpr &Lambda,
                                            const VarDecl &Var) {
  for (const LambdaCapture &C : Lambda.captures())
    if (C.capturesVariable() && C.getCapturedVar() == &Var)
      return C.getCaptureKind();
  return std::nullopt;
}

/// A value a lambda may hold a copy of: a time, a small plain struct. Not
/// an array (which an init-capture would turn into a pointer), nor an
/// object that is not trivially copyable (which may not be copyable at
/// all, and is more than the time the guard needs).
bool isCheapCopy(QualType T, const ASTContext &Context) {
  T = T.getNonReferenceType();
  return !T->isArrayType() && T.isTriviallyCopyableType(Context);
}

/// Does \p S name a declaration called \p Name, other than \p Except: a
/// variable or function, or a data member of `this` named without `this->`?
bool usesName(const Stmt *S, llvm::StringRef Name, const VarDecl &Except) {
  if (!S)
    return false;
  const NamedDecl *Named = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    Named = Ref->getDecl();
  else if (const auto *Member = dyn_cast<MemberExpr>(S))
    if (Member->isImplicitAccess())
      Named = Member->getMemberDecl();
  if (Named && Named != &Except && Named->getIdentifier() &&
      Named->getName() == Name)
    return true;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return usesName(Child, Name, Except);
  });
}

/// Does \p S declare a variable named \p Name?
bool declaresName(const Stmt *S, llvm::StringRef Name) {
  if (!S)
    return false;
  if (const auto *Decls = dyn_cast<DeclStmt>(S))
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        if (Var->getIdentifier() && Var->getName() == Name)
          return true;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return declaresName(Child, Name);
  });
}

/// Does a variable declared in \p Body hide a name that \p Moved reads, so
/// that the expression would mean something else there?
bool hidesNameOf(const Stmt *Body, const Stmt *Moved) {
  if (!Moved)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(Moved))
    if (Ref->getDecl()->getIdentifier() &&
        declaresName(Body, Ref->getDecl()->getName()))
      return true;
  return llvm::any_of(Moved->children(), [&](const Stmt *Child) {
    return hidesNameOf(Body, Child);
  });
}

/// How the diagnostic names the guard.
std::string guardName(const VarDecl &Var, const SourceManager &SM,
                      const LangOptions &LangOpts) {
  if (!Var.getLocation().isMacroID() && Var.getIdentifier())
    return "scope guard '" + Var.getNameAsString() + "'";
  return "the scope guard of macro '" +
         outermostMacroName(Var.getLocation(), SM, LangOpts).str() + "'";
}

/// The references to \p Var in \p S, and whether any sits in a nested
/// lambda (which would have to capture the moved expression's variables).
void usesOf(const Stmt *S, const VarDecl *Var, bool InNestedLambda,
            llvm::SmallVectorImpl<const DeclRefExpr *> &Out, bool &Nested) {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (Ref->getDecl() == Var) {
      Out.push_back(Ref);
      Nested |= InNestedLambda;
    }
  bool Inner = InNestedLambda || isa<LambdaExpr>(S);
  for (const Stmt *Child : S->children())
    usesOf(Child, Var, Inner, Out, Nested);
}

/// Does the moved expression need parentheses where \p Use stands? Not as
/// a whole call argument, nor when it is a call itself.
bool needsParentheses(const Expr &Moved, const DeclRefExpr &Use,
                      ASTContext &Context) {
  const Expr *Core = Moved.IgnoreImplicit();
  if (isa<CallExpr>(Core) && !isa<CXXOperatorCallExpr>(Core))
    return false;
  const Expr *Outer = &Use;
  while (true) {
    auto Parents = Context.getParents(*Outer);
    const Expr *Parent = Parents.size() == 1 ? Parents[0].get<Expr>() : nullptr;
    if (!Parent)
      return true;
    const auto *Construct = dyn_cast<CXXConstructExpr>(Parent);
    if (isa<ImplicitCastExpr>(Parent) ||
        isa<MaterializeTemporaryExpr>(Parent) ||
        isa<CXXBindTemporaryExpr>(Parent) ||
        (Construct && Construct->getNumArgs() == 1)) {
      Outer = Parent;
      continue;
    }
    const auto *Call = dyn_cast<CallExpr>(Parent);
    return !Call || isa<CXXOperatorCallExpr>(Call) ||
           !llvm::is_contained(Call->arguments(), Outer);
  }
}

/// `auto cb = std::bind(...)` keeps a callable to call later, not a guard:
/// only Loki's and wxWidgets' binders build guards themselves.
bool isCallableForLater(const Guard &G) {
  if (!G.Callables.empty() || G.BoundArguments.empty())
    return false;
  const Expr *Init = stripWrappers(G.Var->getInit());
  return llvm::all_of(G.BoundArguments, [&](const BoundArgument &Bound) {
    return Bound.Binder == Init && Bound.Kind != BinderKind::Loki &&
           Bound.Kind != BinderKind::NoReferenceHolder;
  });
}

} // namespace

EagerEvaluationCheck::EagerEvaluationCheck(llvm::StringRef Name,
                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawClockFunctions(Options.get("ClockFunctions", DefaultClockFunctions)),
      RawGuardClasses(Options.get("GuardClasses", DefaultGuardClasses)),
      RawGuardFactories(Options.get("GuardFactories", DefaultGuardFactories)),
      RawBindFunctions(Options.get("BindFunctions", DefaultBindFunctions)),
      Clocks(parseOptionList(RawClockFunctions)),
      Guards(parseOptionList(RawGuardClasses),
             parseOptionList(RawGuardFactories),
             parseOptionList(RawBindFunctions)) {}

void EagerEvaluationCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ClockFunctions", RawClockFunctions);
  Options.store(Opts, "GuardClasses", RawGuardClasses);
  Options.store(Opts, "GuardFactories", RawGuardFactories);
  Options.store(Opts, "BindFunctions", RawBindFunctions);
}

void EagerEvaluationCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(guardCandidates(), this);
}

void EagerEvaluationCheck::onEndOfTranslationUnit() {
  Reported.clear();
  Guards.reset();
  Clocks.reset();
  Flows.clear();
}

void EagerEvaluationCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Var = Result.Nodes.getNodeAs<VarDecl>("guard");
  if (!Var || Var->isInvalidDecl())
    return;
  ASTContext &Context = *Result.Context;
  std::optional<Guard> G = Guards.recognize(*Var, Context);
  if (!G || isCallableForLater(*G))
    return;
  // BOOST_SCOPE_EXIT_ALL declares its guard, then assigns it the lambda.
  const auto *Function =
      dyn_cast_or_null<Decl>(Var->getParentFunctionOrMethod());
  if (G->Callables.empty() && G->BoundArguments.empty() && Function)
    if (const FunctionFlow *Flow = Flows.get(*Function, Context))
      Guards.addAssignedCallables(*G, *Flow);
  llvm::SmallVector<ElapsedTime, 2> Found;

  // Init-captures are evaluated with the lambda, before the guard exists.
  // A fix-it only when one computation of the lambda is moved: two moves
  // would each add the same captures.
  for (const GuardCallable &Callable : G->Callables) {
    llvm::SmallVector<std::pair<const VarDecl *, ElapsedTime>, 2> InLambda;
    for (const LambdaCapture &C : Callable.Lambda->captures()) {
      const auto *Capture = C.capturesVariable()
                                ? dyn_cast<VarDecl>(C.getCapturedVar())
                                : nullptr;
      if (!Capture || !Capture->isInitCapture() || !Capture->getInit())
        continue;
      Found.clear();
      Clocks.findElapsedTimes(Capture->getInit(), Context, Found);
      for (const ElapsedTime &Elapsed : Found)
        if (!isDeliberateSnapshot(*Callable.Lambda, Elapsed, Function))
          InLambda.push_back({Capture, Elapsed});
    }
    for (const auto &[Capture, Elapsed] : InLambda) {
      std::optional<llvm::SmallVector<FixItHint, 2>> Fix;
      if (InLambda.size() == 1)
        Fix = moveIntoBody(*Callable.Lambda, *Capture, Elapsed, Context);
      report(Elapsed, *G, std::move(Fix), Context);
    }
  }

  // Arguments copied by a binder, or handed to a helper that returns the
  // guard: no local rewrite turns them into code that runs at scope exit.
  llvm::SmallVector<const Expr *, 4> Arguments;
  for (const BoundArgument &Bound : G->BoundArguments)
    Arguments.push_back(Bound.Arg);
  for (const HelperArgument &Helper : G->HelperArguments)
    Arguments.push_back(Helper.Arg);
  for (const Expr *Arg : Arguments) {
    Found.clear();
    Clocks.findElapsedTimes(Arg, Context, Found);
    for (const ElapsedTime &Elapsed : Found)
      report(Elapsed, *G, std::nullopt, Context);
  }
}

bool EagerEvaluationCheck::collectMovedReads(const LambdaExpr &Lambda,
                                             const VarDecl &Capture,
                                             const ElapsedTime &Elapsed,
                                             ASTContext &Context,
                                             MovedReads &Out) {
  bool Movable = true;
  std::function<void(const Stmt *)> Inspect = [&](const Stmt *S) {
    if (!S || !Movable)
      return;
    if (isa<CXXThisExpr>(S) || isa<LambdaExpr>(S)) {
      Movable = false;
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      Movable = Callee && (Callee == Elapsed.Helper || isWithinStd(*Callee) ||
                           Callee->isOverloadedOperator() ||
                           Clocks.isClockFunction(*Callee, Context));
    }
    // `job.enqueued_at`: the lambda gets a copy of the time, under the
    // member's name, and not the object it is read from.
    if (const auto *Member = dyn_cast<MemberExpr>(S))
      if (localMemberChainRoot(*Member)) {
        Movable = isCheapCopy(Member->getType(), Context) &&
                  Member->getMemberDecl()->getIdentifier() &&
                  Member->getBeginLoc().isFileID() &&
                  Member->getEndLoc().isFileID();
        Out.Members.push_back(Member);
        return;
      }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
      const ValueDecl *D = Ref->getDecl();
      const auto *Var = dyn_cast<VarDecl>(D);
      if (Var && Var->hasLocalStorage()) {
        // A reference would be read when the guard runs, and could dangle;
        // a copy the lambda holds already serves; anything else is copied
        // explicitly, or by a `=` default.
        std::optional<LambdaCaptureKind> Kind = capturedAs(Lambda, *Var);
        if (Kind)
          Movable = *Kind == LCK_ByCopy;
        else
          Movable = isCheapCopy(Var->getType(), Context);
        if (!Kind && Lambda.getCaptureDefault() != LCD_ByCopy &&
            !llvm::is_contained(Out.Variables, Var))
          Out.Variables.push_back(Var);
      } else if (Var) {
        // A global read when the guard runs must read the same value.
        Movable = Var->getType().isConstQualified();
      } else if (!isa<FunctionDecl>(D) && !isa<EnumConstantDecl>(D)) {
        Movable = false;
      }
    }
    for (const Stmt *Child : S->children())
      Inspect(Child);
  };
  Inspect(Capture.getInit());
  if (!Movable || hidesNameOf(Lambda.getBody(), Capture.getInit()))
    return false;

  // A member's name becomes a capture: it must not hide a name the moved
  // expression or the body uses, nor repeat another capture's.
  llvm::SmallVector<llvm::StringRef, 4> Names;
  for (const LambdaCapture &C : Lambda.captures())
    if (C.capturesVariable() && C.getCapturedVar() != &Capture)
      Names.push_back(C.getCapturedVar()->getName());
  for (const VarDecl *Var : Out.Variables)
    Names.push_back(Var->getName());
  for (const MemberExpr *Member : Out.Members) {
    if (llvm::any_of(Out.MemberCaptures, [&](const MemberExpr *Other) {
          return isSameRead(Member, Other);
        }))
      continue;
    llvm::StringRef Name = Member->getMemberDecl()->getName();
    if (llvm::is_contained(Names, Name) ||
        usesName(Capture.getInit(), Name, Capture) ||
        usesName(Lambda.getBody(), Name, Capture))
      return false;
    Names.push_back(Name);
    Out.MemberCaptures.push_back(Member);
  }
  return true;
}

std::optional<llvm::SmallVector<FixItHint, 2>>
EagerEvaluationCheck::moveIntoBody(const LambdaExpr &Lambda,
                                   const VarDecl &Capture,
                                   const ElapsedTime &Elapsed,
                                   ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  const Expr *Init = Capture.getInit();
  const LambdaCapture *Written = nullptr;
  for (const LambdaCapture &C : Lambda.captures())
    if (C.capturesVariable() && C.getCapturedVar() == &Capture)
      Written = &C;
  if (!Written || Written->getCaptureKind() != LCK_ByCopy ||
      Written->isPackExpansion() || Capture.getInitStyle() != VarDecl::CInit ||
      Lambda.isMutable() || Lambda.getBeginLoc().isMacroID() ||
      Init->getBeginLoc().isMacroID() || Init->getEndLoc().isMacroID())
    return std::nullopt;

  // Exactly one use, in the body itself, written in the file.
  llvm::SmallVector<const DeclRefExpr *, 2> Uses;
  bool InNestedLambda = false;
  usesOf(Lambda.getBody(), &Capture, false, Uses, InNestedLambda);
  if (Uses.size() != 1 || InNestedLambda || Uses[0]->getBeginLoc().isMacroID())
    return std::nullopt;

  MovedReads Reads;
  if (!collectMovedReads(Lambda, Capture, Elapsed, Context, Reads))
    return std::nullopt;

  // The capture becomes what the expression reads: `start`, and
  // `enqueued_at = job.enqueued_at` for a data member.
  auto TextOf = [&](const Expr &E) {
    return Lexer::getSourceText(
        CharSourceRange::getTokenRange(E.getSourceRange()), SM, LangOpts);
  };
  CharSourceRange CaptureRange =
      CharSourceRange::getTokenRange(Written->getLocation(), Init->getEndLoc());
  llvm::SmallVector<std::string, 2> NewCaptures;
  for (const VarDecl *Var : Reads.Variables)
    NewCaptures.push_back(Var->getNameAsString());
  for (const MemberExpr *Member : Reads.MemberCaptures)
    NewCaptures.push_back(
        (Member->getMemberDecl()->getName() + " = " + TextOf(*Member)).str());
  if (NewCaptures.empty()) {
    // Nothing to capture: the capture goes, with the comma before it.
    const LambdaCapture *Previous = nullptr;
    for (const LambdaCapture &C : Lambda.explicit_captures()) {
      if (&C == Written)
        break;
      Previous = &C;
    }
    SourceLocation PreviousEnd;
    if (Previous && Previous->capturesVariable() &&
        cast<VarDecl>(Previous->getCapturedVar())->isInitCapture())
      PreviousEnd =
          cast<VarDecl>(Previous->getCapturedVar())->getInit()->getEndLoc();
    else if (Previous)
      PreviousEnd = Previous->getLocation();
    else if (Lambda.getCaptureDefault() != LCD_None)
      PreviousEnd = Lambda.getCaptureDefaultLoc();
    else if (Lambda.explicit_capture_end() - Lambda.explicit_capture_begin() !=
             1)
      return std::nullopt; // The comma follows; not worth the lexing.
    if (PreviousEnd.isValid())
      CaptureRange.setBegin(
          Lexer::getLocForEndOfToken(PreviousEnd, 0, SM, LangOpts));
  }

  // The use becomes the initializer, with each data member read replaced
  // by the name of its capture.
  llvm::StringRef Text = TextOf(*Init);
  if (Text.empty())
    return std::nullopt;
  unsigned InitBegin = SM.getFileOffset(Init->getBeginLoc());
  llvm::SmallVector<const MemberExpr *, 2> Members(Reads.Members);
  llvm::sort(Members, [&](const MemberExpr *A, const MemberExpr *B) {
    return SM.getFileOffset(A->getBeginLoc()) <
           SM.getFileOffset(B->getBeginLoc());
  });
  std::string Moved;
  unsigned Copied = 0;
  for (const MemberExpr *Member : Members) {
    unsigned Begin = SM.getFileOffset(Member->getBeginLoc()) - InitBegin;
    Moved += Text.slice(Copied, Begin);
    Moved += Member->getMemberDecl()->getName();
    Copied = Begin + TextOf(*Member).size();
  }
  Moved += Text.substr(Copied);
  if (needsParentheses(*Init, *Uses[0], Context))
    Moved = "(" + Moved + ")";

  llvm::SmallVector<FixItHint, 2> Fix;
  Fix.push_back(FixItHint::CreateReplacement(CaptureRange,
                                             llvm::join(NewCaptures, ", ")));
  Fix.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Uses[0]->getSourceRange()), Moved));
  return Fix;
}

void EagerEvaluationCheck::report(
    const ElapsedTime &Elapsed, const Guard &G,
    std::optional<llvm::SmallVector<FixItHint, 2>> Fix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  SourceLocation Loc = SM.getFileLoc(Elapsed.Computation->getBeginLoc());
  if (!Reported.insert(Loc.getRawEncoding()).second)
    return;

  std::string GuardText = guardName(*G.Var, SM, getLangOpts());
  const Expr *Since = timeRead(Elapsed.Since);
  {
    const char *Message;
    if (Elapsed.Helper)
      Message = Since ? "%0 computes the elapsed time since %2 when %1 is "
                        "created, not when it runs at scope exit"
                      : "%0 computes an elapsed time when %1 is created, not "
                        "when it runs at scope exit";
    else
      Message = Since ? "the elapsed time since %2 is computed when %1 is "
                        "created, not when it runs at scope exit"
                      : "this elapsed time is computed when %1 is created, "
                        "not when it runs at scope exit";
    DiagnosticBuilder Diag = diag(Loc, Message);
    if (Elapsed.Helper)
      Diag << Elapsed.Helper;
    else
      Diag << "";
    Diag << GuardText;
    if (Since)
      Diag << ("'" + timeReadName(*Since, SM, getLangOpts()) + "'");
    Diag << Elapsed.Computation->getSourceRange();
    if (Fix)
      for (const FixItHint &Hint : *Fix)
        Diag << Hint;
  }
  // The note goes out after the warning's builder is gone.
  diag(SM.getFileLoc(G.Var->getLocation()), "%0 is created here",
       DiagnosticIDs::Note)
      << GuardText;
}

} // namespace clang::tidy::defer
