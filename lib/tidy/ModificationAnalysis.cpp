//===--- ModificationAnalysis.cpp - writes to a variable, in flow order --===//
//
// Builds the CFG and a use index for a function body, classifies uses as
// writes, and walks the CFG between two points.
//
//===----------------------------------------------------------------------===//

#include "ModificationAnalysis.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"

#include <deque>

namespace clang::tidy::defer {

const Stmt *elementStmt(const CFGElement &E) {
  if (auto S = E.getAs<CFGStmt>())
    return S->getStmt();
  return nullptr;
}

const Expr *ignoreTransparent(const Expr *E) {
  while (E) {
    if (const auto *P = dyn_cast<ParenExpr>(E)) {
      E = P->getSubExpr();
      continue;
    }
    if (const auto *C = dyn_cast<ImplicitCastExpr>(E)) {
      switch (C->getCastKind()) {
      case CK_NoOp:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
        E = C->getSubExpr();
        continue;
      default:
        return E;
      }
    }
    return E;
  }
  return E;
}

const Expr *stripWrappers(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
      E = EWC->getSubExpr();
    else if (const auto *CE = dyn_cast<ConstantExpr>(E))
      E = CE->getSubExpr();
    else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BT->getSubExpr();
    else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MT->getSubExpr();
    else if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    else
      return E;
  }
  return E;
}

static const ValueDecl *namedDecl(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return ME->getMemberDecl();
  return nullptr;
}

const Expr *firstUse(const Stmt *S, const ValueDecl *D) {
  if (!S)
    return nullptr;
  if (const auto *E = dyn_cast<Expr>(S))
    if (namedDecl(E) == D)
      return E;
  for (const Stmt *Child : S->children())
    if (const Expr *Found = firstUse(Child, D))
      return Found;
  return nullptr;
}

bool mentions(const Stmt *S, const ValueDecl *D) {
  return firstUse(S, D) != nullptr;
}

std::unique_ptr<FunctionFlow> FunctionFlow::build(const Decl &Function,
                                                  ASTContext &Context) {
  std::unique_ptr<FunctionFlow> Flow = buildUsesOnly(Function, Context);
  if (!Flow)
    return nullptr;

  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.AddTemporaryDtors = false;
  Options.setAllAlwaysAdd();
  Flow->Graph = CFG::buildCFG(&Function, const_cast<Stmt *>(Flow->Body),
                              &Context, Options);
  if (!Flow->Graph)
    return nullptr;

  for (const CFGBlock *Block : *Flow->Graph) {
    unsigned Index = 0;
    for (const CFGElement &Element : *Block) {
      if (const Stmt *S = elementStmt(Element))
        Flow->ElementPositions.try_emplace(S, Position{Block, Index});
      ++Index;
    }
  }
  Flow->addThrowEdges();
  return Flow;
}

std::unique_ptr<FunctionFlow> FunctionFlow::buildUsesOnly(const Decl &Function,
                                                          ASTContext &Context) {
  const Stmt *Body = Function.getBody();
  if (!Body)
    return nullptr;
  std::unique_ptr<FunctionFlow> Flow(new FunctionFlow(Context));
  Flow->Body = Body;
  Flow->Parents = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
  Flow->indexUses(Body);
  return Flow;
}

const FunctionFlow *FunctionFlowCache::get(const Decl &Function,
                                           ASTContext &Context) {
  auto [It, Inserted] = Flows.try_emplace(&Function);
  if (Inserted)
    It->second = FunctionFlow::build(Function, Context);
  return It->second.get();
}

void FunctionFlow::addThrowEdges() {
  auto Within = [&](const CFGBlock &Block, const Stmt *Scope) {
    if (const Stmt *Terminator = Block.getTerminatorStmt())
      if (isWithin(Terminator, Scope))
        return true;
    return llvm::any_of(Block, [&](const CFGElement &E) {
      const Stmt *S = elementStmt(E);
      return S && isWithin(S, Scope);
    });
  };
  for (const CFGBlock *Dispatch : *Graph) {
    const auto *Try =
        dyn_cast_or_null<CXXTryStmt>(Dispatch->getTerminatorStmt());
    if (!Try)
      continue;
    for (const CFGBlock *Block : *Graph)
      if (Block != Dispatch && Within(*Block, Try->getTryBlock())) {
        ThrowSuccessors[Block].push_back(Dispatch);
        ThrowPredecessors[Dispatch].push_back(Block);
      }
  }
}

bool FunctionFlow::endsLifeOf(const CFGElement &E, const VarDecl &Var) const {
  if (auto Dtor = E.getAs<CFGAutomaticObjDtor>())
    return Dtor->getVarDecl() == &Var;
  const Stmt *S = elementStmt(E);
  if (const auto *Catch = dyn_cast_or_null<CXXCatchStmt>(S)) {
    const auto *Try = dyn_cast_or_null<CXXTryStmt>(Parents->getParent(Catch));
    const DeclStmt *Declaration = Declarations.lookup(&Var);
    return Try && Declaration && isWithin(Declaration, Try->getTryBlock());
  }
  if (isa_and_nonnull<CXXThrowExpr>(S)) {
    std::optional<Position> At = positionOf(S);
    return At &&
           llvm::any_of(At->Block->succs(),
                        [&](const CFGBlock::AdjacentBlock &Succ) {
                          return Succ.getReachableBlock() == &Graph->getExit();
                        });
  }
  return false;
}

void FunctionFlow::indexUses(const Stmt *S) {
  if (!S)
    return;
  if (const auto *Declaration = dyn_cast<DeclStmt>(S))
    for (const Decl *D : Declaration->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        Declarations.try_emplace(Var, Declaration);
  if (const auto *E = dyn_cast<Expr>(S))
    if (const ValueDecl *D = namedDecl(E))
      Uses[D].push_back(E);
  for (const Stmt *Child : S->children())
    indexUses(Child);
}

llvm::ArrayRef<const Expr *> FunctionFlow::usesOf(const ValueDecl *D) const {
  auto It = Uses.find(D);
  if (It == Uses.end())
    return {};
  return It->second;
}

bool FunctionFlow::isWithin(const Stmt *Inner, const Stmt *Outer) const {
  for (const Stmt *S = Inner; S; S = Parents->getParent(S))
    if (S == Outer)
      return true;
  return false;
}

const Stmt *FunctionFlow::anchorOf(const Stmt *S) const {
  for (; S; S = Parents->getParent(S))
    if (ElementPositions.count(S))
      return S;
  return nullptr;
}

llvm::SmallVector<const Stmt *, 2>
FunctionFlow::writeAnchors(const Write &W) const {
  const LambdaExpr *Outermost = nullptr;
  for (const Stmt *S = Parents->getParent(W.Site); S; S = Parents->getParent(S))
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
      Outermost = Lambda;
  llvm::SmallVector<const Stmt *, 2> Anchors;
  if (!Outermost) {
    if (const Stmt *Anchor = anchorOf(W.Site))
      Anchors.push_back(Anchor);
    return Anchors;
  }
  // `auto set = [&] { rc = f(); };` writes where `set` is used.
  const Stmt *Holder = Parents->getParent(Outermost);
  while (Holder &&
         (isa<ImplicitCastExpr>(Holder) ||
          isa<MaterializeTemporaryExpr>(Holder) ||
          isa<CXXBindTemporaryExpr>(Holder) || isa<ExprWithCleanups>(Holder) ||
          isa<CXXConstructExpr>(Holder)))
    Holder = Parents->getParent(Holder);
  if (const auto *Decl = dyn_cast_or_null<DeclStmt>(Holder))
    if (Decl->isSingleDecl())
      if (const auto *Var = dyn_cast<VarDecl>(Decl->getSingleDecl())) {
        for (const Expr *Use : usesOf(Var))
          if (const Stmt *Anchor = anchorOf(Use))
            Anchors.push_back(Anchor);
        return Anchors;
      }
  if (const Stmt *Anchor = anchorOf(Outermost))
    Anchors.push_back(Anchor);
  return Anchors;
}

std::optional<FunctionFlow::Position>
FunctionFlow::positionOf(const Stmt *S) const {
  const Stmt *Anchor = anchorOf(S);
  if (!Anchor)
    return std::nullopt;
  return ElementPositions.lookup(Anchor);
}

/// The declared type of parameter \p Index of the callee, and whether the
/// callee's template declared it as a forwarding reference (T&&), which
/// binds lvalues without meaning to write through them.
static std::optional<QualType> parameterType(const FunctionDecl *Callee,
                                             const FunctionProtoType *Proto,
                                             unsigned Index, bool &Forwarding) {
  Forwarding = false;
  if (Callee) {
    if (Index >= Callee->getNumParams())
      return std::nullopt;
    if (const FunctionDecl *Pattern =
            Callee->getTemplateInstantiationPattern()) {
      // A pack (`Args &&...args`) in the template stands for every
      // parameter from its position on.
      const ParmVarDecl *PatternParam = nullptr;
      for (unsigned I = 0; I < Pattern->getNumParams(); ++I) {
        const ParmVarDecl *P = Pattern->getParamDecl(I);
        if (I == Index || P->isParameterPack()) {
          PatternParam = P;
          break;
        }
      }
      if (PatternParam) {
        QualType PT = PatternParam->getType();
        if (const auto *Pack = PT->getAs<PackExpansionType>())
          PT = Pack->getPattern();
        if (const auto *RRef = PT->getAs<RValueReferenceType>())
          Forwarding = RRef->getPointeeType()->isTemplateTypeParmType() &&
                       !RRef->getPointeeType().hasQualifiers();
      }
    }
    return Callee->getParamDecl(Index)->getType();
  }
  if (Proto && Index < Proto->getNumParams())
    return Proto->getParamType(Index);
  return std::nullopt;
}

static const FunctionProtoType *calleeProto(const CallExpr *Call) {
  QualType T = Call->getCallee()->getType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  else if (const auto *RT = T->getAs<ReferenceType>())
    T = RT->getPointeeType();
  return T->getAs<FunctionProtoType>();
}

static bool isNonConstLValueRef(QualType T) {
  const auto *Ref = T->getAs<LValueReferenceType>();
  return Ref && !Ref->getPointeeType().isConstQualified() &&
         !Ref->getPointeeType()->isFunctionType();
}

/// A `void *` is not counted: it is as often a context pointer handed to a
/// callback (`pthread_create(..., &ctx)`) that is only read.
static bool isPointerToNonConst(QualType T) {
  const auto *Ptr = T->getAs<PointerType>();
  return Ptr && !Ptr->getPointeeType().isConstQualified() &&
         !Ptr->getPointeeType()->isVoidType();
}

static bool isCompoundAssignOperator(OverloadedOperatorKind Kind) {
  switch (Kind) {
  case OO_PlusEqual:
  case OO_MinusEqual:
  case OO_StarEqual:
  case OO_SlashEqual:
  case OO_PercentEqual:
  case OO_CaretEqual:
  case OO_AmpEqual:
  case OO_PipeEqual:
  case OO_LessLessEqual:
  case OO_GreaterGreaterEqual:
    return true;
  default:
    return false;
  }
}

/// Does Method's class also declare a const member function of the same
/// name and parameter types? Then Method is the non-const half of an
/// accessor pair (`T &value() &` beside `const T &value() const &`).
static bool hasConstOverload(const CXXMethodDecl &Method) {
  const CXXRecordDecl *Record = Method.getParent();
  if (!Record)
    return false;
  for (const NamedDecl *Found : Record->lookup(Method.getDeclName())) {
    const auto *Other = dyn_cast<CXXMethodDecl>(Found->getUnderlyingDecl());
    if (!Other || Other == &Method || !Other->isConst() ||
        Other->getNumParams() != Method.getNumParams())
      continue;
    bool SameParams = true;
    for (unsigned I = 0; I < Method.getNumParams() && SameParams; ++I)
      SameParams = Other->getParamDecl(I)->getType().getCanonicalType() ==
                   Method.getParamDecl(I)->getType().getCanonicalType();
    if (SameParams)
      return true;
  }
  return false;
}

std::optional<Write> FunctionFlow::classify(const Expr *Use) const {
  const ValueDecl *Target = namedDecl(Use);
  if (!Target)
    return std::nullopt;
  // Nothing in sizeof, alignof, noexcept or a non-polymorphic typeid runs.
  for (const Stmt *S = Parents->getParent(Use); S; S = Parents->getParent(S)) {
    if (isa<UnaryExprOrTypeTraitExpr>(S) || isa<CXXNoexceptExpr>(S))
      return std::nullopt;
    if (const auto *TypeId = dyn_cast<CXXTypeidExpr>(S))
      if (!TypeId->isPotentiallyEvaluated())
        return std::nullopt;
    if (isa<LambdaExpr>(S))
      break;
  }
  const Expr *Current = Use;
  bool AddressTaken = false;

  auto OtherArgsMention = [&](const Expr *Call, const Expr *Skip) {
    for (const Stmt *Child : Call->children())
      if (Child != Skip && !isWithin(Skip, Child) && mentions(Child, Target))
        return true;
    return false;
  };

  // Parentheses around the use do not change what it names: `(rc) = 1`.
  auto IsCurrent = [&](const Expr *E) {
    return ignoreTransparent(E) == ignoreTransparent(Current);
  };

  // Walks outwards from the use until something reads it, writes it, or
  // takes its address for a call.
  for (int Depth = 0; Depth < 16; ++Depth) {
    const Stmt *Parent = Parents->getParent(Current);
    if (!Parent)
      return std::nullopt;

    if (isa<ParenExpr>(Parent)) {
      Current = cast<Expr>(Parent);
      continue;
    }
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Parent)) {
      if (ignoreTransparent(Cast) != Cast || Cast->getCastKind() == CK_NoOp) {
        Current = Cast;
        continue;
      }
      // Array-to-pointer decay of an array passed to a T* out-parameter.
      if (Cast->getCastKind() == CK_ArrayToPointerDecay) {
        AddressTaken = true;
        Current = Cast;
        continue;
      }
      return std::nullopt; // A read.
    }

    if (const auto *Member = dyn_cast<MemberExpr>(Parent)) {
      if (!IsCurrent(Member->getBase()))
        return std::nullopt;
      if (Member->isArrow() || AddressTaken)
        return std::nullopt; // Writes through a pointer leave it alone.
      if (const auto *Method =
              dyn_cast<CXXMethodDecl>(Member->getMemberDecl())) {
        const auto *Call =
            dyn_cast_or_null<CXXMemberCallExpr>(Parents->getParent(Member));
        if (!Call || Method->isStatic() || Method->isConst())
          return std::nullopt;
        if (hasConstOverload(*Method)) {
          // `r.value()`, `opt.get()`: the non-const overload of an accessor
          // writes only if what it returns is then written.
          Current = Call;
          continue;
        }
        return Write{Use, Call, WriteKind::NonConstMemberCall,
                     OtherArgsMention(Call, Member), Method};
      }
      Current = Member; // Writing a field writes the whole.
      continue;
    }

    if (const auto *BO = dyn_cast<BinaryOperator>(Parent)) {
      if (!BO->isAssignmentOp() || !IsCurrent(BO->getLHS()) || AddressTaken)
        return std::nullopt;
      bool Compound = BO->isCompoundAssignmentOp();
      return Write{Use, BO,
                   Compound ? WriteKind::CompoundAssign : WriteKind::Assign,
                   Compound || mentions(BO->getRHS(), Target), nullptr};
    }

    if (const auto *UO = dyn_cast<UnaryOperator>(Parent)) {
      if (UO->isIncrementDecrementOp() && !AddressTaken)
        return Write{Use, UO, WriteKind::IncrementDecrement, true, nullptr};
      if (UO->getOpcode() == UO_AddrOf && !AddressTaken) {
        AddressTaken = true;
        Current = UO;
        continue;
      }
      return std::nullopt;
    }

    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent)) {
      const auto *Method =
          dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      if (Op->getNumArgs() > 0 && IsCurrent(Op->getArg(0)) && !AddressTaken &&
          (Method || Op->isAssignmentOp())) {
        OverloadedOperatorKind Kind = Op->getOperator();
        if (Kind == OO_Equal)
          return Write{Use, Op, WriteKind::Assign,
                       Op->getNumArgs() > 1 && mentions(Op->getArg(1), Target),
                       Op->getDirectCallee()};
        if (isCompoundAssignOperator(Kind) || Kind == OO_PlusPlus ||
            Kind == OO_MinusMinus)
          return Write{Use, Op,
                       Kind == OO_PlusPlus || Kind == OO_MinusMinus
                           ? WriteKind::IncrementDecrement
                           : WriteKind::CompoundAssign,
                       true, Op->getDirectCallee()};
        // `*opt = x`, `v[0] = x`: the non-const twin of an access operator
        // writes only if what it returns is written.
        if (Method && !Method->isConst() &&
            (Kind == OO_Star || Kind == OO_Subscript) &&
            hasConstOverload(*Method)) {
          Current = Op;
          continue;
        }
        // Access operators ([], (), *, ->) of a non-const object read it.
        if (Method && !Method->isConst() && Kind != OO_Subscript &&
            Kind != OO_Call && Kind != OO_Star && Kind != OO_Arrow &&
            Kind != OO_EqualEqual && Kind != OO_ExclaimEqual)
          return Write{Use, Op, WriteKind::NonConstMemberCall,
                       OtherArgsMention(Op, Op->getArg(0)), Method};
        return std::nullopt;
      }
      // Otherwise an argument of the operator, handled as a call below.
    }

    if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
      if (IsCurrent(Call->getCallee()))
        return std::nullopt;
      unsigned Shift = 0;
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
        if (isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()))
          Shift = 1; // Argument 0 is the object.
      for (unsigned I = Shift; I < Call->getNumArgs(); ++I) {
        if (!IsCurrent(Call->getArg(I)))
          continue;
        bool Forwarding = false;
        std::optional<QualType> Param = parameterType(
            Call->getDirectCallee(), calleeProto(Call), I - Shift, Forwarding);
        if (!Param || Forwarding)
          return std::nullopt;
        bool Others = OtherArgsMention(Call, Call->getArg(I));
        if (AddressTaken && isPointerToNonConst(*Param))
          return Write{Use,
                       Call,
                       WriteKind::NonConstPtrArgument,
                       Others,
                       Call->getDirectCallee(),
                       I - Shift};
        if (!AddressTaken && isNonConstLValueRef(*Param))
          return Write{Use,
                       Call,
                       WriteKind::NonConstRefArgument,
                       Others,
                       Call->getDirectCallee(),
                       I - Shift};
        return std::nullopt;
      }
      return std::nullopt;
    }

    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Parent)) {
      const CXXConstructorDecl *Ctor = Construct->getConstructor();
      for (unsigned I = 0; I < Construct->getNumArgs(); ++I) {
        if (!IsCurrent(Construct->getArg(I)))
          continue;
        bool Forwarding = false;
        std::optional<QualType> Param =
            parameterType(Ctor, nullptr, I, Forwarding);
        if (!Param || Forwarding || Ctor->isCopyOrMoveConstructor())
          return std::nullopt;
        bool Others = OtherArgsMention(Construct, Construct->getArg(I));
        if (AddressTaken && isPointerToNonConst(*Param))
          return Write{Use,    Construct, WriteKind::NonConstPtrArgument,
                       Others, Ctor,      I};
        if (!AddressTaken && isNonConstLValueRef(*Param))
          return Write{Use,    Construct, WriteKind::NonConstRefArgument,
                       Others, Ctor,      I};
        return std::nullopt;
      }
      return std::nullopt;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

llvm::SmallVector<Write, 4> FunctionFlow::writesOf(const ValueDecl *D) const {
  llvm::SmallVector<Write, 4> Result;
  for (const Expr *Use : usesOf(D))
    if (std::optional<Write> W = classify(Use))
      Result.push_back(*W);
  return Result;
}

void FunctionFlow::walkForward(
    Position From, llvm::function_ref<bool(const CFGElement &)> Visit,
    Throws Followed) const {
  std::deque<const CFGBlock *> Queue;
  llvm::DenseSet<const CFGBlock *> Seen;

  auto VisitRange = [&](const CFGBlock *Block, unsigned Begin) {
    for (unsigned I = Begin; I < Block->size(); ++I)
      if (!Visit((*Block)[I]))
        return false;
    return true;
  };
  auto Enqueue = [&](const CFGBlock *Block) {
    for (const CFGBlock::AdjacentBlock &Succ : Block->succs())
      if (const CFGBlock *Next = Succ.getReachableBlock())
        if (Seen.insert(Next).second)
          Queue.push_back(Next);
    if (Followed == Throws::Explicit)
      return;
    auto Handlers = ThrowSuccessors.find(Block);
    if (Handlers != ThrowSuccessors.end())
      for (const CFGBlock *Next : Handlers->second)
        if (Seen.insert(Next).second)
          Queue.push_back(Next);
  };

  if (VisitRange(From.Block, From.Index + 1))
    Enqueue(From.Block);
  while (!Queue.empty()) {
    const CFGBlock *Block = Queue.front();
    Queue.pop_front();
    if (VisitRange(Block, 0))
      Enqueue(Block);
  }
}

/// The first decisive event of a block from element \p Begin on: 1, -1,
/// or 0 when there is none.
static int firstEventIn(const CFGBlock &Block, unsigned Begin,
                        llvm::function_ref<int(const CFGElement &)> Classify) {
  for (unsigned I = Begin; I < Block.size(); ++I)
    if (int Event = Classify(Block[I]))
      return Event;
  return 0;
}

FunctionFlow::FirstEvents FunctionFlow::firstEvents(
    llvm::function_ref<int(const CFGElement &)> Classify) const {
  FirstEvents Result;
  Result.Classify = Classify;
  llvm::DenseMap<const CFGBlock *, int> First;
  for (const CFGBlock *Block : *Graph) {
    int Event = firstEventIn(*Block, 0, Classify);
    First[Block] = Event;
    Result.Entry[Block] = Event == 1;
  }
  // A block without an event of its own reaches what a successor reaches;
  // grow the set until nothing changes.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const CFGBlock *Block : *Graph) {
      if (First[Block] != 0 || Result.Entry[Block])
        continue;
      for (const CFGBlock::AdjacentBlock &Succ : Block->succs()) {
        const CFGBlock *Next = Succ.getReachableBlock();
        if (Next && Result.Entry.lookup(Next)) {
          Result.Entry[Block] = Changed = true;
          break;
        }
      }
    }
  }
  return Result;
}

bool FunctionFlow::FirstEvents::reachesFrom(Position From) const {
  if (int Event = firstEventIn(*From.Block, From.Index + 1, Classify))
    return Event == 1;
  return llvm::any_of(From.Block->succs(),
                      [&](const CFGBlock::AdjacentBlock &Succ) {
                        const CFGBlock *Next = Succ.getReachableBlock();
                        return Next && Entry.lookup(Next);
                      });
}

void FunctionFlow::walkBackward(
    Position From, llvm::function_ref<bool(const CFGElement &)> Visit) const {
  std::deque<const CFGBlock *> Queue;
  llvm::DenseSet<const CFGBlock *> Seen;

  auto VisitRange = [&](const CFGBlock *Block, unsigned End) {
    for (unsigned I = End; I > 0; --I)
      if (!Visit((*Block)[I - 1]))
        return false;
    return true;
  };
  auto Enqueue = [&](const CFGBlock *Block) {
    for (const CFGBlock::AdjacentBlock &Pred : Block->preds())
      if (const CFGBlock *Prev = Pred.getReachableBlock())
        if (Seen.insert(Prev).second)
          Queue.push_back(Prev);
    auto Callers = ThrowPredecessors.find(Block);
    if (Callers != ThrowPredecessors.end())
      for (const CFGBlock *Prev : Callers->second)
        if (Seen.insert(Prev).second)
          Queue.push_back(Prev);
  };

  if (VisitRange(From.Block, From.Index))
    Enqueue(From.Block);
  while (!Queue.empty()) {
    const CFGBlock *Block = Queue.front();
    Queue.pop_front();
    if (VisitRange(Block, Block->size()))
      Enqueue(Block);
  }
}

} // namespace clang::tidy::defer
