//===--- GuardAnalysis.cpp - recognising scope-exit guards ---------------===//
//
// Guard classes come from a configurable list (the libraries' own names)
// or are detected by shape; their callables are found by looking through
// the wrappers of the initializer, never into a callable's body.
//
//===----------------------------------------------------------------------===//

#include "GuardAnalysis.h"

#include "CheckSupport.h"

#include "ModificationAnalysis.h"
#include "Precision.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <functional>

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

/// Does the class, or one of its bases, declare an `operator()`, plain or a
/// template (std::bind's result has only the template)?
bool hasCallOperator(const CXXRecordDecl &Record) {
  const CXXRecordDecl *Def = Record.getDefinition();
  if (!Def)
    return false;
  DeclarationName Call =
      Def->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  if (!Def->lookup(Call).empty())
    return true;
  return llvm::any_of(Def->bases(), [](const CXXBaseSpecifier &Base) {
    const CXXRecordDecl *BaseRecord = Base.getType()->getAsCXXRecordDecl();
    return BaseRecord && hasCallOperator(*BaseRecord);
  });
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
  return hasCallOperator(*RD);
}

/// `this->field` (written or implicit) naming a callable field.
bool isStoredCallable(const Expr *E) {
  const auto *Member = dyn_cast_or_null<MemberExpr>(ignoreMoves(E));
  if (!Member || !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return false;
  const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
  return Field && isCallableField(*Field);
}

/// A call of a base class's `operator()` on this object: `F::operator()()`,
/// `(*this)()` or `static_cast<F &>(*this)()` in a guard that derives from
/// its callable instead of storing it in a member (mpd's ScopeExitGuard).
bool callsCallableBase(const CXXMethodDecl *Method, const Expr *Object) {
  if (!Method || !Object || Method->getOverloadedOperator() != OO_Call)
    return false;
  const Expr *E = Object->IgnoreParenCasts();
  if (const auto *Deref = dyn_cast<UnaryOperator>(E))
    if (Deref->getOpcode() == UO_Deref)
      E = Deref->getSubExpr()->IgnoreParenCasts();
  const auto *This = dyn_cast<CXXThisExpr>(E);
  if (!This)
    return false;
  const CXXRecordDecl *Self = This->getType()->getPointeeCXXRecordDecl();
  const CXXRecordDecl *Owner = Method->getParent();
  return Self && Owner && Self->hasDefinition() &&
         Self->getCanonicalDecl() != Owner->getCanonicalDecl() &&
         Self->isDerivedFrom(Owner);
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
        (isStoredCallable(Op->getArg(0)) ||
         callsCallableBase(
             dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee()),
             Op->getArg(0))))
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
      if (callsCallableBase(MemberCall->getMethodDecl(),
                            MemberCall->getImplicitObjectArgument()))
        return true;
      const Expr *Object = MemberCall->getImplicitObjectArgument();
      Object = Object ? Object->IgnoreParenImpCasts() : nullptr;
      bool OnThisOrField =
          Object &&
          (isa<CXXThisExpr>(Object) ||
           (isa<MemberExpr>(Object) &&
            isa<CXXThisExpr>(
                cast<MemberExpr>(Object)->getBase()->IgnoreParenImpCasts())));
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
                                 std::vector<std::string> FactoryNames,
                                 std::vector<std::string> BindNames)
    : ClassNames(std::move(ClassNames)), Factories(std::move(FactoryNames)),
      Binders(std::move(BindNames)) {}

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
  return Factories.contains(Function, Context);
}

bool GuardRecognizer::isBinder(const FunctionDecl &Function,
                               ASTContext &Context) {
  return Binders.contains(Function, Context);
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

static BinderKind binderKind(const FunctionDecl &Binder) {
  std::string Name = plainQualifiedName(Binder);
  if (Name == "std::bind" || Name == "boost::bind")
    return BinderKind::UnwrapsReference;
  if (Name == "std::bind_front" || Name == "std::bind_back" ||
      Name == "absl::bind_front")
    return BinderKind::PassesReference;
  if (Name == "Loki::MakeGuard" || Name == "Loki::MakeObjGuard")
    return BinderKind::Loki;
  if (Name == "wxMakeGuard" || Name == "wxMakeObjGuard")
    return BinderKind::NoReferenceHolder;
  if (Name == "base::BindOnce" || Name == "base::BindRepeating")
    return BinderKind::Chromium;
  return BinderKind::Other;
}

/// The function a callable argument names: `f`, `&f`, `&Class::method`.
static const FunctionDecl *namedFunction(const Expr *E) {
  E = stripWrappers(E);
  if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(E))
    if (Unary->getOpcode() == UO_AddrOf)
      E = stripWrappers(Unary->getSubExpr());
  if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E))
    return dyn_cast<FunctionDecl>(Ref->getDecl());
  return nullptr;
}

void GuardRecognizer::addBoundArguments(const CallExpr &Binder,
                                        ASTContext &Context, Guard &Out) {
  const FunctionDecl *BinderDecl = Binder.getDirectCallee();
  if (!BinderDecl || Binder.getNumArgs() == 0)
    return;
  BinderKind Kind = binderKind(*BinderDecl);
  llvm::StringRef Name =
      BinderDecl->getIdentifier() ? BinderDecl->getName() : "";

  // Which argument is the callable, and where the copied arguments start.
  // MakeObjGuard(obj, &C::f, args...) and MakeGuard(&C::f, obj, args...)
  // hold the object by reference; std::bind(&C::f, obj, args) copies it.
  unsigned CallableIndex = 0, First = 1;
  bool ObjectByReference = false;
  if (Kind == BinderKind::Loki || Kind == BinderKind::NoReferenceHolder) {
    if (Name.ends_with("ObjGuard")) {
      CallableIndex = 1;
      First = 2;
      ObjectByReference = true;
    } else if (Binder.getArg(0)->getType()->isMemberPointerType()) {
      First = 2;
      ObjectByReference = true;
    }
  }
  if (CallableIndex >= Binder.getNumArgs())
    return;
  const Expr *CallableArg = Binder.getArg(CallableIndex);
  collect(CallableArg, Context, 1, Out); // A lambda bound to arguments.

  const FunctionDecl *Callee = namedFunction(CallableArg);
  bool MemberCallee = isa_and_nonnull<CXXMethodDecl>(Callee) &&
                      !cast<CXXMethodDecl>(Callee)->isStatic();
  for (unsigned I = First; I < Binder.getNumArgs(); ++I) {
    BoundArgument Bound;
    Bound.Arg = Binder.getArg(I);
    Bound.Binder = &Binder;
    Bound.Kind = Kind;
    Bound.Callee = Callee;
    // The object of a member function takes the first bound slot, except
    // where the binder holds it by reference.
    int ParamIndex = static_cast<int>(I - First) -
                     (MemberCallee && !ObjectByReference ? 1 : 0);
    if (Callee && ParamIndex >= 0 &&
        ParamIndex < static_cast<int>(Callee->getNumParams()))
      Bound.CalleeParam = Callee->getParamDecl(ParamIndex);
    Bound.IsObject = MemberCallee && !ObjectByReference && ParamIndex == -1;
    Out.BoundArguments.push_back(Bound);
  }
}

void GuardRecognizer::collect(const Expr *E, ASTContext &Context, int Depth,
                              Guard &Out) {
  if (!E || Depth > 8)
    return;
  E = ignoreMoves(E);
  if (!E)
    return;

  if (const auto *Lambda = dyn_cast<LambdaExpr>(E)) {
    Out.Callables.push_back({Lambda, nullptr});
    return;
  }
  // A lambda stored in a local first: its captures were copied there.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType() ||
        !Var->getInit())
      return;
    const Expr *Init = ignoreMoves(Var->getInit());
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Init))
      Out.Callables.push_back({Lambda, Var});
    // `auto b = std::bind(f, err); auto g = gsl::finally(b);`
    if (const auto *Binder = dyn_cast<CallExpr>(Init))
      if (Binder->getDirectCallee() &&
          isBinder(*Binder->getDirectCallee(), Context)) {
        size_t First = Out.BoundArguments.size();
        addBoundArguments(*Binder, Context, Out);
        for (size_t I = First; I < Out.BoundArguments.size(); ++I)
          Out.BoundArguments[I].StoredIn = Var;
      }
    return;
  }
  // Guard constructors, std::function, copies of closures.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    for (const Expr *Arg : Construct->arguments())
      collect(Arg, Context, Depth + 1, Out);
    return;
  }
  if (const auto *List = dyn_cast<InitListExpr>(E)) {
    for (const Expr *Init : List->inits())
      collect(Init, Context, Depth + 1, Out);
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return;
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Callee && isBinder(*Callee, Context)) {
    addBoundArguments(*Call, Context, Out);
    return;
  }
  // Factories, and calls that return a guard (folly's `OnExit() + lambda`,
  // a project's `defer_func(lambda)`).
  bool ReturnsGuard =
      isGuardClass(Call->getType()->getAsCXXRecordDecl(), Context);
  if ((Callee && isFactory(*Callee, Context)) || ReturnsGuard)
    for (const Expr *Arg : Call->arguments())
      collect(Arg, Context, Depth + 1, Out);
}

/// Calls `Visit` on the return statements of \p Body, not those of nested
/// lambdas.
static void forEachReturn(const Stmt *S,
                          llvm::function_ref<void(const ReturnStmt &)> Visit) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *Return = dyn_cast<ReturnStmt>(S))
    Visit(*Return);
  for (const Stmt *Child : S->children())
    forEachReturn(Child, Visit);
}

void GuardRecognizer::addHelperArguments(const CallExpr &Call,
                                         ASTContext &Context, Guard &Out) {
  const FunctionDecl *Helper = Call.getDirectCallee();
  if (!Helper || isFactory(*Helper, Context) || isBinder(*Helper, Context))
    return;
  const Stmt *Body = bodyOf(Helper);
  if (!Body)
    return;

  // Where the guards the helper returns copy each by-value parameter.
  llvm::DenseMap<const ParmVarDecl *, SourceLocation> Copied;
  auto Note = [&](const ValueDecl *D, SourceLocation Loc) {
    // A by-value parameter is a copy already; a reference parameter is
    // copied into the guard when the helper runs, which is the call.
    const auto *Param = dyn_cast_or_null<ParmVarDecl>(D);
    if (Param && !Param->getType()->isPointerType())
      Copied.try_emplace(Param, Loc);
  };
  forEachReturn(Body, [&](const ReturnStmt &Return) {
    Guard Inner;
    collect(Return.getRetValue(), Context, 0, Inner);
    for (const GuardCallable &Callable : Inner.Callables)
      for (const LambdaCapture &C : Callable.Lambda->captures()) {
        if (!C.capturesVariable())
          continue;
        const auto *Captured = dyn_cast<VarDecl>(C.getCapturedVar());
        if (!Captured)
          continue;
        if (Captured->isInitCapture()) {
          for (const ParmVarDecl *Param : Helper->parameters())
            if (const Expr *Ref = firstUse(Captured->getInit(), Param))
              Note(Param, Ref->getExprLoc());
          continue;
        }
        if (C.getCaptureKind() != LCK_ByCopy)
          continue;
        SourceLocation Loc = C.getLocation();
        if (C.isImplicit())
          if (const Expr *Ref = firstUse(Callable.Lambda->getBody(), Captured))
            Loc = Ref->getExprLoc();
        Note(Captured, Loc);
      }
    for (const BoundArgument &Bound : Inner.BoundArguments)
      if (const auto *Ref =
              dyn_cast_or_null<DeclRefExpr>(ignoreMoves(Bound.Arg)))
        Note(Ref->getDecl(), Ref->getLocation());
  });

  // `observer(st)` calls a member operator(): argument 0 is the object.
  const auto *Method = dyn_cast<CXXMethodDecl>(Helper);
  unsigned Shift =
      isa<CXXOperatorCallExpr>(Call) && Method && !Method->isStatic() ? 1 : 0;
  for (unsigned I = Shift;
       I < Call.getNumArgs() && I - Shift < Helper->getNumParams(); ++I) {
    const ParmVarDecl *Param = Helper->getParamDecl(I - Shift);
    auto It = Copied.find(Param);
    if (It == Copied.end())
      continue;
    // In an instantiated helper the parameters are the instantiation's.
    Out.HelperArguments.push_back({Call.getArg(I), &Call, Param, It->second});
  }
}

/// BOOST_SCOPE_EXIT(err, &start) keeps its captures in a local
/// `boost_se_params_<id>` built from `deref(err, val_tag)` calls (a copy)
/// and `deref(&start, ref_tag)` (a reference); a `boost_se_guard_<id>`
/// declared after it runs the body when it is destroyed.
bool GuardRecognizer::recognizeBoostScopeExit(const VarDecl &Var, Guard &Out) {
  if (!Var.getIdentifier())
    return false;
  llvm::StringRef Name = Var.getName();
  if (!Name.consume_front("boost_se_params_"))
    return false;
  const auto *Function =
      dyn_cast_or_null<FunctionDecl>(Var.getParentFunctionOrMethod());
  if (!Function)
    return false;
  // The first guard of that name declared after it: BOOST_SCOPE_EXIT_ID
  // can reuse one id in sibling blocks, so the name alone is not enough.
  std::string GuardName = ("boost_se_guard_" + Name).str();
  bool After = false;
  for (const Decl *D : Function->decls()) {
    if (D == &Var)
      After = true;
    const auto *Candidate = dyn_cast<VarDecl>(D);
    if (After && Candidate && Candidate->getIdentifier() &&
        Candidate->getName() == GuardName) {
      Out.LifetimeVar = Candidate;
      break;
    }
  }
  if (!Out.LifetimeVar)
    return false;

  std::function<void(const Stmt *)> Find = [&](const Stmt *S) {
    if (!S)
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && Callee->getIdentifier() && Callee->getName() == "deref" &&
          Call->getNumArgs() == 2 && Callee->getNumParams() == 2) {
        // deref(T &, val_tag) copies; deref(T *, ref_tag) refers.
        if (!Callee->getParamDecl(0)->getType()->isPointerType()) {
          BoundArgument Bound;
          Bound.Arg = Call->getArg(0);
          Bound.Binder = Call;
          Bound.Kind = BinderKind::BoostScopeExit;
          Out.BoundArguments.push_back(Bound);
        }
        return;
      }
    }
    for (const Stmt *Child : S->children())
      Find(Child);
  };
  Find(Var.getInit());
  return true;
}

void GuardRecognizer::addAssignedCallables(Guard &G, const FunctionFlow &Flow) {
  for (const Expr *Use : Flow.usesOf(G.Var)) {
    const Stmt *Parent = Flow.parents().getParent(Use);
    while (isa_and_nonnull<ImplicitCastExpr>(Parent) ||
           isa_and_nonnull<ParenExpr>(Parent))
      Parent = Flow.parents().getParent(Parent);
    const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(Parent);
    if (Assign && Assign->getOperator() == OO_Equal &&
        Assign->getNumArgs() == 2 &&
        ignoreTransparent(Assign->getArg(0)) == Use)
      collect(Assign->getArg(1), Flow.context(), 0, G);
  }
}

/// `this->Field` (written or implicit).
static const FieldDecl *thisMember(const Expr *E) {
  const auto *Member = dyn_cast_or_null<MemberExpr>(stripWrappers(E));
  if (!Member || !isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(Member->getMemberDecl());
}

/// The parameter an initializer copies: `p`, `std::move(p)`, `T(p)`.
static const ParmVarDecl *copiedParameter(const Expr *E) {
  E = ignoreMoves(E);
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1)
      E = ignoreMoves(Construct->getArg(0));
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  return Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
}

/// True if \p S, or a member function of the object it calls (two levels
/// deep), names \p Field: `~Recorder() { flush(); }` reads what flush does.
static bool readsMember(const Stmt *S, const FieldDecl *Field, int Depth) {
  if (!S)
    return false;
  if (mentions(S, Field))
    return true;
  if (Depth >= 2)
    return false;
  std::function<bool(const Stmt *)> Calls = [&](const Stmt *N) {
    if (!N)
      return false;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(N)) {
      const Expr *Object = Call->getImplicitObjectArgument();
      if (Object && isa<CXXThisExpr>(Object->IgnoreParenImpCasts()) &&
          readsMember(bodyOf(Call->getMethodDecl()), Field, Depth + 1))
        return true;
    }
    for (const Stmt *Child : N->children())
      if (Calls(Child))
        return true;
    return false;
  };
  return Calls(S);
}

void GuardRecognizer::addRecordedArguments(const VarDecl &Var,
                                           const CXXRecordDecl &Record,
                                           Guard &Out) {
  const CXXRecordDecl *Def = Record.getDefinition();
  if (!Def || Def->isLambda() || Def->isInStdNamespace())
    return;
  const auto *Construct =
      dyn_cast_or_null<CXXConstructExpr>(stripWrappers(Var.getInit()));
  if (!Construct || Construct->getNumArgs() == 0)
    return;
  const FunctionDecl *CtorDef = nullptr;
  if (!Construct->getConstructor()->hasBody(CtorDef))
    return;
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(CtorDef);
  const CXXDestructorDecl *Dtor = Def->getDestructor();
  const Stmt *DtorBody = Dtor && !Dtor->isImplicit() ? bodyOf(Dtor) : nullptr;
  if (!Ctor || !DtorBody || Ctor->isCopyOrMoveConstructor())
    return;

  // Members the constructor fills from its parameters: copies, and
  // references or pointers to the caller's variable.
  llvm::SmallVector<std::pair<const FieldDecl *, const ParmVarDecl *>, 4>
      Copies, Live;
  auto Note = [&](const FieldDecl *Field, const Expr *Init) {
    if (!Field)
      return;
    QualType T = Field->getType();
    if (T->isReferenceType() || T->isPointerType()) {
      const Expr *E = stripWrappers(Init);
      if (const auto *Unary = dyn_cast_or_null<UnaryOperator>(E))
        if (Unary->getOpcode() == UO_AddrOf)
          E = Unary->getSubExpr();
      if (const ParmVarDecl *Param = copiedParameter(E))
        Live.push_back({Field, Param});
      return;
    }
    if (const ParmVarDecl *Param = copiedParameter(Init))
      Copies.push_back({Field, Param});
  };
  for (const CXXCtorInitializer *Init : Ctor->inits())
    if (Init->isMemberInitializer() && Init->isWritten())
      Note(Init->getMember(), Init->getInit());
  if (const auto *Body = dyn_cast_or_null<CompoundStmt>(Ctor->getBody()))
    for (const Stmt *S : Body->body()) {
      const auto *E = dyn_cast<Expr>(S);
      E = E ? stripWrappers(E) : nullptr;
      if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(E)) {
        if (Assign->getOpcode() == BO_Assign)
          Note(thisMember(Assign->getLHS()), Assign->getRHS());
      } else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(E)) {
        if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
          Note(thisMember(Op->getArg(0)), Op->getArg(1));
      }
    }

  for (const auto &[Field, Param] : Copies) {
    unsigned Index = Param->getFunctionScopeIndex();
    if (Index >= Construct->getNumArgs() || !readsMember(DtorBody, Field, 0))
      continue;
    // SaveAndRestore, QScopedValueRollback, a change logger: a class that
    // also keeps a reference to the variable the copy came from keeps the
    // copy on purpose, to put it back or to compare with it.
    if (llvm::any_of(Live, [&, Param = Param](const auto &L) {
          return L.second == Param;
        }))
      continue;
    Out.RecordedArguments.push_back(
        {Construct->getArg(Index), Construct, Field, Dtor});
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
    bool Null = Pointer &&
                Pointer->isNullPointerConstant(
                    Var.getASTContext(), Expr::NPC_ValueDependentIsNotNull) !=
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
  Result.LifetimeVar = &Var;
  if (recognizeBoostScopeExit(Var, Result))
    return Result.BoundArguments.empty() ? std::nullopt
                                         : std::optional<Guard>(Result);

  QualType Type = Var.getType().getNonReferenceType();
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  const auto *InitCall = dyn_cast_or_null<CallExpr>(ignoreMoves(Var.getInit()));
  const FunctionDecl *InitCallee =
      InitCall ? InitCall->getDirectCallee() : nullptr;
  bool IsGuardClass = false;

  if (Record && !Record->isLambda()) {
    if (const Expr *Deleter = smartPointerDeleter(Var, *Record)) {
      collect(Deleter, Context, 0, Result);
    } else if (isGuardClass(Record, Context)) {
      IsGuardClass = true;
      collect(Var.getInit(), Context, 0, Result);
      // A helper returning a guard built from its by-value parameters.
      if (InitCall && Result.Callables.empty() && Result.BoundArguments.empty())
        addHelperArguments(*InitCall, Context, Result);
    }
  }
  // A factory whose result type is not known as a guard class, or a Loki
  // or wxWidgets guard held through a reference to its base. Other binders
  // (`auto cb = std::bind(f, x);`) make a callable, not a guard.
  bool GuardBinder = InitCallee && isBinder(*InitCallee, Context) &&
                     (binderKind(*InitCallee) == BinderKind::Loki ||
                      binderKind(*InitCallee) == BinderKind::NoReferenceHolder);
  if (Result.Callables.empty() && Result.BoundArguments.empty() && InitCallee &&
      (isFactory(*InitCallee, Context) || GuardBinder))
    collect(InitCall, Context, 0, Result);

  if (Record && !IsGuardClass && Result.Callables.empty() &&
      Result.BoundArguments.empty())
    addRecordedArguments(Var, *Record, Result);

  if (Result.Callables.empty() && Result.BoundArguments.empty() &&
      Result.HelperArguments.empty() && Result.RecordedArguments.empty() &&
      !IsGuardClass)
    return std::nullopt;
  return Result;
}

/// Does the call name a method of \p Methods (DismissMethods, RunMethods)?
static bool callsListedMethod(const CXXMemberCallExpr &Call,
                              llvm::ArrayRef<std::string> Methods) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (!Method || !Method->getIdentifier())
    return false;
  llvm::StringRef Name = Method->getName();
  for (llvm::StringRef Entry : Methods) {
    Entry = Entry.trim();
    if (Entry.consume_back("(false)")) {
      if (Entry != Name || Call.getNumArgs() != 1)
        continue;
      const auto *Literal =
          dyn_cast<CXXBoolLiteralExpr>(Call.getArg(0)->IgnoreParenImpCasts());
      if (Literal && !Literal->getValue())
        return true;
      continue;
    }
    if (Entry == Name)
      return true;
  }
  return false;
}

/// `reset()`, `reset(nullptr)`: no new object to guard afterwards.
static bool takesOnlyNull(const CXXMemberCallExpr &Call) {
  for (const Expr *Arg : Call.arguments())
    if (!isa<CXXDefaultArgExpr>(Arg) &&
        !Arg->IgnoreParenCasts()->isNullPointerConstant(
            Call.getMethodDecl()->getASTContext(),
            Expr::NPC_ValueDependentIsNotNull))
      return false;
  return true;
}

/// A run method of a project's own guard whose body can be read and calls
/// no stored callable (`void reset() { armed_ = false; }`).
static bool disarmsWithoutRunning(const CXXMemberCallExpr &Call) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (!Method || Method->getParent()->isInStdNamespace())
    return false;
  const Stmt *Body = bodyOf(Method);
  return Body && !callsStoredCallable(Body, 0);
}

/// A member call that can hand the guard's callable to someone else:
/// `g.swap(other)`, `saved = g.get_deleter()`, anything returning a
/// reference into the guard. `g.get()` or `g.active()` cannot.
static bool handsOutCallable(const CXXMemberCallExpr &Call,
                             const VarDecl &GuardVar) {
  const CXXMethodDecl *Method = Call.getMethodDecl();
  if (!Method)
    return true;
  if (Method->getReturnType()->isLValueReferenceType() ||
      Method->getReturnType()->isRValueReferenceType())
    return true;
  const CXXRecordDecl *Own =
      GuardVar.getType().getNonReferenceType()->getAsCXXRecordDecl();
  return llvm::any_of(Call.arguments(), [&](const Expr *Arg) {
    const CXXRecordDecl *ArgType =
        Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
    return Own && ArgType &&
           ArgType->getCanonicalDecl() == Own->getCanonicalDecl();
  });
}

GuardLifetime analyzeLifetime(const VarDecl &GuardVar, const FunctionFlow &Flow,
                              llvm::ArrayRef<std::string> DismissMethods,
                              llvm::ArrayRef<std::string> RunMethods) {
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

  const SourceManager &SM = Flow.context().getSourceManager();
  for (const Expr *Use : Flow.usesOf(&GuardVar)) {
    // A macro that declares a guard may mark it used (wxON_BLOCK_EXIT's
    // wxPrivateUse); only what the user wrote can pass the guard on.
    if (Use->getBeginLoc().isMacroID() &&
        !isWrittenInMacroArguments(Use->getBeginLoc(), SM))
      continue;
    // A use inside a nested lambda: the guard is captured by it, and what
    // the lambda does to it happens only if and when the lambda is called.
    bool InLambda = false;
    for (const Stmt *S = Parents.getParent(Use); S; S = Parents.getParent(S))
      if (isa<LambdaExpr>(S))
        InLambda = true;
    if (InLambda) {
      SetEscape("the guard is captured by another lambda");
      continue;
    }

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
      if (Call && callsListedMethod(*Call, DismissMethods))
        Result.Dismissals.push_back(Call);
      else if (Call && callsListedMethod(*Call, RunMethods)) {
        // A project's `reset()` whose visible body never calls the
        // callable disarms the guard; `u.reset(p)` runs the deleter and
        // arms the guard again, so it still runs at scope exit.
        if (disarmsWithoutRunning(*Call))
          Result.Dismissals.push_back(Call);
        else if (takesOnlyNull(*Call))
          Result.RunsNow.push_back(Call);
      } else if (Moved)
        Result.Transfers.push_back(Object);
      else if (!Call || handsOutCallable(*Call, GuardVar))
        SetEscape("the guard is passed on");
      continue;
    }
    if (Moved) {
      Result.Transfers.push_back(Object);
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
      Result.Transfers.push_back(Outer);
      SetEscape("the guard is returned");
      continue;
    }
    if (const auto *Cast = dyn_cast_or_null<CStyleCastExpr>(Parent))
      if (Cast->getType()->isVoidType())
        continue;
    // `guard = [=] {...};` gives the guard its callable.
    if (const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(Parent))
      if (Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2 &&
          ignoreTransparent(Assign->getArg(0)) == Use)
        continue;
    SetEscape("the guard is passed on");
  }
  return Result;
}

bool isWrittenInMacroArguments(SourceLocation Loc, const SourceManager &SM) {
  if (!Loc.isMacroID())
    return false;
  SourceLocation Spelling = SM.getSpellingLoc(Loc);
  if (!Spelling.isFileID() || SM.isWrittenInScratchSpace(Spelling))
    return false;
  CharSourceRange Invocation = SM.getExpansionRange(Loc);
  return SM.getFileID(Spelling) == SM.getFileID(Invocation.getBegin()) &&
         SM.isBeforeInTranslationUnit(Invocation.getBegin(), Spelling) &&
         !SM.isBeforeInTranslationUnit(Invocation.getEnd(), Spelling);
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
