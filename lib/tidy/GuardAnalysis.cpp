//===--- GuardAnalysis.cpp - recognising scope-exit guards ---------------===//
//
// Guard classes come from a configurable list (the libraries' own names)
// or are detected by shape; their callables are found by looking through
// the wrappers of the initializer, never into a callable's body.
//
//===----------------------------------------------------------------------===//

#include "GuardAnalysis.h"

#include "ModificationAnalysis.h"
#include "Precision.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::defer {

using namespace ast_matchers;

namespace {

std::vector<llvm::StringRef> asRefs(const std::vector<std::string> &Names) {
  std::vector<llvm::StringRef> Refs;
  for (const std::string &N : Names)
    if (!N.empty())
      Refs.push_back(N);
  return Refs;
}

bool isStdMoveOrForward(const CallExpr &Call) {
  const FunctionDecl *Callee = Call.getDirectCallee();
  if (!Callee || Call.getNumArgs() != 1 || !Callee->getIdentifier())
    return false;
  llvm::StringRef Name = Callee->getName();
  return (Name == "move" || Name == "forward") && Callee->isInStdNamespace();
}

/// Looks through std::move and std::forward.
const Expr *ignoreMoves(const Expr *E) {
  E = stripWrappers(E);
  while (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
    if (!isStdMoveOrForward(*Call))
      break;
    E = stripWrappers(Call->getArg(0));
  }
  return E;
}

/// A field that holds something callable: a template parameter, a closure,
/// a type-erased function wrapper, a function pointer.
bool isCallableField(const FieldDecl &Field) {
  QualType T = Field.getType().getNonReferenceType();
  if (T->isDependentType() || T->isFunctionPointerType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (RD->isLambda())
    return true;
  if (!RD->hasDefinition())
    return false;
  return llvm::any_of(RD->methods(), [](const CXXMethodDecl *M) {
    return M->getOverloadedOperator() == OO_Call;
  });
}

/// `this->field` (written or implicit) naming a callable field.
bool isStoredCallable(const Expr *E) {
  const auto *Member = dyn_cast_or_null<MemberExpr>(ignoreMoves(E));
  if (!Member || !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return false;
  const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
  return Field && isCallableField(*Field);
}

const Stmt *bodyOf(const FunctionDecl *F) {
  if (!F)
    return nullptr;
  if (const Stmt *Body = F->getBody())
    return Body;
  if (const FunctionDecl *Pattern = F->getTemplateInstantiationPattern())
    return Pattern->getBody();
  return nullptr;
}

/// Does \p S call a stored callable, directly or through a member function
/// of the object (folly's execute(), absl's storage_.InvokeCallback())?
bool callsStoredCallable(const Stmt *S, int Depth) {
  if (!S)
    return false;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Op->getOperator() == OO_Call && Op->getNumArgs() > 0 &&
        isStoredCallable(Op->getArg(0)))
      return true;
  } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (isStoredCallable(Call->getCallee()))
      return true;
    // std::invoke(f_), std::__invoke(f_)
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (Callee->isInStdNamespace() && Callee->getIdentifier() &&
          Callee->getName().contains("invoke") && Call->getNumArgs() > 0 &&
          isStoredCallable(Call->getArg(0)))
        return true;
    if (const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Call)) {
      const Expr *Object = MemberCall->getImplicitObjectArgument();
      Object = Object ? Object->IgnoreParenImpCasts() : nullptr;
      bool OnThisOrField =
          Object && (isa<CXXThisExpr>(Object) ||
                     (isa<MemberExpr>(Object) &&
                      isa<CXXThisExpr>(cast<MemberExpr>(Object)
                                           ->getBase()
                                           ->IgnoreParenImpCasts())));
      if (OnThisOrField && Depth < 3 &&
          callsStoredCallable(bodyOf(MemberCall->getMethodDecl()), Depth + 1))
        return true;
    }
  }
  for (const Stmt *Child : S->children())
    if (callsStoredCallable(Child, Depth))
      return true;
  return false;
}

} // namespace

bool destructorInvokesStoredCallable(const CXXRecordDecl &Record) {
  const CXXRecordDecl *Def = Record.getDefinition();
  if (!Def || Def->isLambda() || Def->isInStdNamespace())
    return false;
  const CXXDestructorDecl *Dtor = Def->getDestructor();
  const Stmt *Body = Dtor && !Dtor->isImplicit() ? bodyOf(Dtor) : nullptr;
  if (!Body)
    if (const CXXRecordDecl *Pattern = Def->getTemplateInstantiationPattern())
      if (const CXXDestructorDecl *PD = Pattern->getDestructor())
        Body = PD->isImplicit() ? nullptr : bodyOf(PD);
  return callsStoredCallable(Body, 0);
}

GuardRecognizer::GuardRecognizer(std::vector<std::string> ClassNames,
                                 std::vector<std::string> FactoryNames)
    : ClassNames(std::move(ClassNames)),
      FactoryNames(std::move(FactoryNames)) {}

bool GuardRecognizer::isListedClass(const CXXRecordDecl &Record,
                                    ASTContext &Context) const {
  std::vector<llvm::StringRef> Names = asRefs(ClassNames);
  if (Names.empty())
    return false;
  return !match(cxxRecordDecl(hasAnyName(Names)).bind("r"), Record, Context)
              .empty();
}

bool GuardRecognizer::isFactory(const FunctionDecl &Function,
                                ASTContext &Context) {
  const FunctionDecl *Key = Function.getCanonicalDecl();
  auto [It, Inserted] = FactoryCache.try_emplace(Key, false);
  if (!Inserted)
    return It->second;
  std::vector<llvm::StringRef> Names = asRefs(FactoryNames);
  bool Result =
      !Names.empty() &&
      !match(functionDecl(hasAnyName(Names)).bind("f"), Function, Context)
           .empty();
  FactoryCache[Key] = Result;
  return Result;
}

bool GuardRecognizer::isGuardClass(const CXXRecordDecl *Record,
                                   ASTContext &Context) {
  if (!Record)
    return false;
  Record = Record->getCanonicalDecl();
  auto [It, Inserted] = ClassCache.try_emplace(Record, false);
  if (!Inserted)
    return It->second;
  bool Result = isListedClass(*Record, Context) ||
                destructorInvokesStoredCallable(*Record);
  ClassCache[Record] = Result;
  return Result;
}

void GuardRecognizer::collectCallables(
    const Expr *E, ASTContext &Context, int Depth,
    llvm::SmallVectorImpl<GuardCallable> &Out) {
  if (!E || Depth > 8)
    return;
  E = ignoreMoves(E);
  if (!E)
    return;

  if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
    Out.push_back({Lambda, nullptr});
    return;
  }
  // A lambda stored in a local first: its captures were copied there.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
        Var->getInit())
      if (const auto *Lambda =
              dyn_cast<LambdaExpr>(ignoreMoves(Var->getInit())))
        Out.push_back({Lambda, Var});
    return;
  }
  // Guard constructors, std::function, copies of closures.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    for (const Expr *Arg : Construct->arguments())
      collectCallables(Arg, Context, Depth + 1, Out);
    return;
  }
  if (const auto *List = dyn_cast<InitListExpr>(E)) {
    for (const Expr *Init : List->inits())
      collectCallables(Init, Context, Depth + 1, Out);
    return;
  }
  // Factories, and calls that return a guard (folly's `OnExit() + lambda`,
  // a project's `defer_func(lambda)`).
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    bool ReturnsGuard =
        isGuardClass(Call->getType()->getAsCXXRecordDecl(), Context);
    if ((Callee && isFactory(*Callee, Context)) || ReturnsGuard)
      for (const Expr *Arg : Call->arguments())
        collectCallables(Arg, Context, Depth + 1, Out);
  }
}

/// The ctor arguments of std::unique_ptr<T, Deleter> or of the
/// std::shared_ptr<void>(nullptr, deleter) idiom that hold the deleter.
static const Expr *smartPointerDeleter(const VarDecl &Var,
                                       const CXXRecordDecl &Record) {
  llvm::StringRef Name = Record.getName();
  if (!Record.isInStdNamespace() ||
      (Name != "unique_ptr" && Name != "shared_ptr"))
    return nullptr;
  const auto *Construct =
      dyn_cast_or_null<CXXConstructExpr>(stripWrappers(Var.getInit()));
  if (!Construct || Construct->getNumArgs() < 2)
    return nullptr;
  if (Name == "shared_ptr") {
    const Expr *Pointer = stripWrappers(Construct->getArg(0));
    bool Null = Pointer && Pointer->isNullPointerConstant(
                               Var.getASTContext(),
                               Expr::NPC_ValueDependentIsNotNull) !=
                               Expr::NPCK_NotNull;
    if (!Null)
      return nullptr;
  }
  return Construct->getArg(1);
}

std::optional<Guard> GuardRecognizer::recognize(const VarDecl &Var,
                                                ASTContext &Context) {
  if (!Var.hasLocalStorage() || isa<ParmVarDecl>(Var) || !Var.getInit())
    return std::nullopt;
  Guard Result;
  Result.Var = &Var;

  QualType Type = Var.getType().getNonReferenceType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (Record && !Record->isLambda()) {
    if (const Expr *Deleter = smartPointerDeleter(Var, *Record))
      collectCallables(Deleter, Context, 0, Result.Callables);
    else if (isGuardClass(Record, Context))
      collectCallables(Var.getInit(), Context, 0, Result.Callables);
  }
  if (Result.Callables.empty()) {
    // A factory whose result type is not known as a guard class.
    const auto *Call = dyn_cast_or_null<CallExpr>(ignoreMoves(Var.getInit()));
    if (Call && Call->getDirectCallee() &&
        isFactory(*Call->getDirectCallee(), Context))
      collectCallables(Call, Context, 0, Result.Callables);
  }
  if (Result.Callables.empty())
    return std::nullopt;
  return Result;
}

static bool isDismissCall(const CXXMemberCallExpr &Call,
                          llvm::ArrayRef<std::string> DismissMethods) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (!Method || !Method->getIdentifier())
    return false;
  llvm::StringRef Name = Method->getName();
  for (llvm::StringRef Entry : DismissMethods) {
    Entry = Entry.trim();
    if (Entry.consume_back("(false)")) {
      if (Entry != Name || Call.getNumArgs() != 1)
        continue;
      const auto *Literal = dyn_cast<CXXBoolLiteralExpr>(
          Call.getArg(0)->IgnoreParenImpCasts());
      if (Literal && !Literal->getValue())
        return true;
      continue;
    }
    if (Entry == Name)
      return true;
  }
  return false;
}

GuardLifetime analyzeLifetime(const VarDecl &GuardVar, const FunctionFlow &Flow,
                              llvm::ArrayRef<std::string> DismissMethods) {
  GuardLifetime Result;
  const ParentMap &Parents = Flow.parents();
  auto SetEscape = [&](const char *Reason) {
    if (Result.EscapeReason.empty())
      Result.EscapeReason = Reason;
  };
  auto ParentOf = [&](const Stmt *S) {
    const Stmt *P = Parents.getParent(S);
    while (P && (isa<ParenExpr>(P) || isa<ImplicitCastExpr>(P)))
      P = Parents.getParent(P);
    return P;
  };

  for (const Expr *Use : Flow.usesOf(&GuardVar)) {
    // A use inside a nested lambda: the guard is captured by it.
    for (const Stmt *S = Parents.getParent(Use); S; S = Parents.getParent(S))
      if (isa<LambdaExpr>(S))
        SetEscape("the guard is captured by another lambda");

    const Stmt *Parent = ParentOf(Use);
    const Stmt *Object = Use;
    bool Moved = false;
    if (const auto *Call = dyn_cast_or_null<CallExpr>(Parent))
      if (isStdMoveOrForward(*Call)) {
        Moved = true;
        Object = Call;
        Parent = ParentOf(Call);
      }

    if (const auto *Member = dyn_cast_or_null<MemberExpr>(Parent)) {
      const auto *Call =
          dyn_cast_or_null<CXXMemberCallExpr>(Parents.getParent(Member));
      if (Call && isDismissCall(*Call, DismissMethods))
        Result.Ends.push_back(Call);
      else if (Moved)
        Result.Ends.push_back(Object); // std::move(g).Invoke() and the like.
      continue;
    }
    if (Moved) {
      Result.Ends.push_back(Object);
      SetEscape("the guard is moved from");
      continue;
    }
    // `return guard;` may pass through an implicit move constructor.
    const Stmt *Outer = Parent;
    while (isa_and_nonnull<CXXConstructExpr>(Outer) ||
           isa_and_nonnull<ExprWithCleanups>(Outer) ||
           isa_and_nonnull<CXXBindTemporaryExpr>(Outer))
      Outer = ParentOf(Outer);
    if (isa_and_nonnull<ReturnStmt>(Outer)) {
      Result.Ends.push_back(Outer);
      SetEscape("the guard is returned");
      continue;
    }
    if (const auto *Cast = dyn_cast_or_null<CStyleCastExpr>(Parent))
      if (Cast->getType()->isVoidType())
        continue;
    SetEscape("the guard is passed on");
  }
  return Result;
}

llvm::StringRef outermostMacroName(SourceLocation Loc, const SourceManager &SM,
                                   const LangOptions &LangOpts) {
  llvm::StringRef Name;
  while (Loc.isMacroID()) {
    Name = Lexer::getImmediateMacroName(Loc, SM, LangOpts);
    Loc = SM.getImmediateExpansionRange(Loc).getBegin();
  }
  return Name;
}

} // namespace clang::tidy::defer
