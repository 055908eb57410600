//===--- ClockAnalysis.cpp - elapsed times computed from clock reads -----===//
//
// A subtraction is an elapsed time when its minuend reads a clock and its
// subtrahend is an earlier time of the same kind (a time point, not a
// duration) held in a variable; a helper computes one when its body does
// such a subtraction with one of its parameters.
//
//===----------------------------------------------------------------------===//

#include "ClockAnalysis.h"

#include "ModificationAnalysis.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::defer {

namespace {

/// Helpers calling helpers are followed this deep.
constexpr int MaxHelperDepth = 3;

/// Calls \p Visit on \p S and the expressions below it that are evaluated
/// with it, pre-order, while \p Visit returns true. Lambda bodies run later
/// and are skipped (their init-captures are not); so are unevaluated
/// operands such as sizeof's.
template <typename Callback>
void forEachEvaluated(const Stmt *S, const Callback &Visit) {
  if (!S || !Visit(S))
    return;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : Lambda->capture_inits())
      forEachEvaluated(Init, Visit);
    return;
  }
  if (isa<UnaryExprOrTypeTraitExpr>(S) || isa<CXXTypeidExpr>(S) ||
      isa<CXXNoexceptExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    forEachEvaluated(Child, Visit);
}

/// `Later - Earlier`, built in or overloaded, or `difftime(Later, Earlier)`.
bool subtractionOperands(const Expr *E, const Expr *&Later,
                         const Expr *&Earlier) {
  if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
    if (Binary->getOpcode() != BO_Sub)
      return false;
    Later = Binary->getLHS();
    Earlier = Binary->getRHS();
    return true;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() != OO_Minus || Op->getNumArgs() != 2)
      return false;
    Later = Op->getArg(0);
    Earlier = Op->getArg(1);
    return true;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier() ||
        Callee->getName() != "difftime" || Call->getNumArgs() != 2)
      return false;
    Later = Call->getArg(0);
    Earlier = Call->getArg(1);
    return true;
  }
  return false;
}

/// A variable whose value can change at run time: not constexpr, not a
/// const initialized with a constant.
bool isVariableTime(const ValueDecl *D) {
  if (isa<FieldDecl>(D))
    return true;
  const auto *Var = dyn_cast<VarDecl>(D);
  if (!Var || Var->isConstexpr())
    return false;
  if (Var->getType().isConstQualified() && Var->getInit() &&
      !Var->getInit()->isValueDependent() &&
      Var->getInit()->isEvaluatable(Var->getASTContext()))
    return false;
  return true;
}

/// Does \p E read a time held in a variable or a data member? A literal,
/// a constant or a default-constructed epoch is not an earlier time.
bool readsVariableTime(const Expr *E) {
  bool Found = false;
  forEachEvaluated(E, [&](const Stmt *S) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      Found |= isVariableTime(Ref->getDecl());
    else if (const auto *Member = dyn_cast<MemberExpr>(S))
      Found |= isa<FieldDecl>(Member->getMemberDecl());
    return !Found;
  });
  return Found;
}

/// The class, or the class template, a value of type \p T is an instance
/// of: `time_point` for every `std::chrono::time_point<C, D>`.
const Decl *kindOfValue(QualType T) {
  const CXXRecordDecl *Record = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!Record)
    return nullptr;
  if (const auto *Specialization =
          dyn_cast<ClassTemplateSpecializationDecl>(Record))
    return Specialization->getSpecializedTemplate()->getCanonicalDecl();
  return Record->getCanonicalDecl();
}

/// An elapsed time is the difference of two times of one kind: two
/// `time_point`s (whatever their durations), two `absl::Time`s. A time
/// point minus a duration is a time point again (a deadline in the past),
/// not an elapsed time. With class types that shows in the operands'
/// types; arithmetic ones (`time_t`) cannot tell.
bool isDifferenceOfTimes(const Expr *Later, const Expr *Earlier) {
  const Decl *LaterKind = kindOfValue(Later->getType());
  const Decl *EarlierKind = kindOfValue(Earlier->getType());
  if (!LaterKind && !EarlierKind)
    return true;
  return LaterKind == EarlierKind;
}

} // namespace

bool isWithinStd(const Decl &D) {
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

ClockAnalysis::ClockAnalysis(std::vector<std::string> ClockFunctions)
    : Clocks(std::move(ClockFunctions)) {}

bool ClockAnalysis::isClockFunction(const FunctionDecl &Function,
                                    ASTContext &Context) {
  return Clocks.contains(Function, Context);
}

bool ClockAnalysis::containsClockRead(const Stmt *S, ASTContext &Context) {
  bool Found = false;
  forEachEvaluated(S, [&](const Stmt *Node) {
    if (const auto *Call = dyn_cast<CallExpr>(Node))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        Found |= isClockFunction(*Callee, Context);
    return !Found;
  });
  return Found;
}

llvm::ArrayRef<unsigned>
ClockAnalysis::sinceParameters(const FunctionDecl &Function,
                               ASTContext &Context, int Depth) {
  const FunctionDecl *Key = Function.getCanonicalDecl();
  auto Found = HelperCache.find(Key);
  if (Found != HelperCache.end())
    return Found->second;
  // Inserted empty first, so recursion through a cycle ends.
  HelperCache[Key];

  const FunctionDecl *Definition = nullptr;
  if (Depth > MaxHelperDepth || isWithinStd(Function) ||
      isClockFunction(Function, Context) || !Function.hasBody(Definition) ||
      Definition->getNumParams() == 0)
    return HelperCache[Key];
  const Stmt *Body = Definition->getBody();

  // Locals that hold a clock read: initialized or assigned from one, or
  // filled by one through a pointer (gettimeofday(&now, nullptr)).
  llvm::SmallPtrSet<const ValueDecl *, 4> ClockLocals;
  auto IsClockValue = [&](const Expr *E) {
    if (containsClockRead(E, Context))
      return true;
    bool Found = false;
    forEachEvaluated(E, [&](const Stmt *S) {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
        Found |= ClockLocals.contains(Ref->getDecl());
      return !Found;
    });
    return Found;
  };
  forEachEvaluated(Body, [&](const Stmt *S) {
    if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
      for (const clang::Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (Var->getInit() && IsClockValue(Var->getInit()))
            ClockLocals.insert(Var);
    } else if (const auto *Assign = dyn_cast<BinaryOperator>(S)) {
      if (Assign->isAssignmentOp() && IsClockValue(Assign->getRHS()))
        if (const auto *Ref =
                dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
          ClockLocals.insert(Ref->getDecl());
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && isClockFunction(*Callee, Context))
        for (const Expr *Arg : Call->arguments()) {
          const Expr *Target = Arg->IgnoreParenImpCasts();
          if (const auto *AddrOf = dyn_cast<UnaryOperator>(Target))
            if (AddrOf->getOpcode() == UO_AddrOf)
              Target = AddrOf->getSubExpr()->IgnoreParenImpCasts();
          if (const auto *Ref = dyn_cast<DeclRefExpr>(Target))
            ClockLocals.insert(Ref->getDecl());
        }
    }
    return true;
  });

  llvm::SmallVector<unsigned, 1> Result;
  auto AddParametersIn = [&](const Expr *E) {
    for (unsigned I = 0; I < Definition->getNumParams(); ++I)
      if (!llvm::is_contained(Result, I) &&
          mentions(E, Definition->getParamDecl(I)))
        Result.push_back(I);
  };
  forEachEvaluated(Body, [&](const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    if (!E || E->isInstantiationDependent())
      return true;
    const Expr *Later = nullptr, *Earlier = nullptr;
    if (subtractionOperands(E, Later, Earlier)) {
      if (IsClockValue(Later) && !containsClockRead(Earlier, Context) &&
          isDifferenceOfTimes(Later, Earlier))
        AddParametersIn(Earlier);
      return true;
    }
    // A helper handing the parameter on to another helper.
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        if (Callee->getCanonicalDecl() != Key)
          for (unsigned I : sinceParameters(*Callee, Context, Depth + 1))
            if (I < Call->getNumArgs())
              AddParametersIn(Call->getArg(I));
    return true;
  });
  llvm::sort(Result);
  HelperCache[Key] = Result;
  return HelperCache[Key];
}

void ClockAnalysis::findElapsedTimes(const Expr *E, ASTContext &Context,
                                     llvm::SmallVectorImpl<ElapsedTime> &Out) {
  forEachEvaluated(E, [&](const Stmt *S) {
    const auto *Node = dyn_cast<Expr>(S);
    if (!Node || Node->isInstantiationDependent())
      return true;

    const Expr *Later = nullptr, *Earlier = nullptr;
    if (subtractionOperands(Node, Later, Earlier) &&
        containsClockRead(Later, Context) &&
        !containsClockRead(Earlier, Context) && readsVariableTime(Earlier) &&
        isDifferenceOfTimes(Later, Earlier)) {
      Out.push_back({Node, nullptr, Earlier});
      return false;
    }

    const auto *Call = dyn_cast<CallExpr>(Node);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee)
      return true;
    // Member calls number their arguments from the object on.
    unsigned Shift = isa<CXXOperatorCallExpr>(Call) &&
                             isa<CXXMethodDecl>(Callee) &&
                             !cast<CXXMethodDecl>(Callee)->isStatic()
                         ? 1
                         : 0;
    for (unsigned I : sinceParameters(*Callee, Context, 0))
      if (I + Shift < Call->getNumArgs() &&
          readsVariableTime(Call->getArg(I + Shift))) {
        Out.push_back({Call, Callee, Call->getArg(I + Shift)});
        break;
      }
    return true;
  });
}

} // namespace clang::tidy::defer
