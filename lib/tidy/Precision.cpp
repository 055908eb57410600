//===--- Precision.cpp - which copied values are worth a warning ---------===//
//
// Type and name heuristics behind the checks' precision rules.
//
//===----------------------------------------------------------------------===//

#include "Precision.h"
#include "ModificationAnalysis.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"

namespace clang::tidy::defer {

std::string plainQualifiedName(const NamedDecl &D) {
  llvm::SmallVector<std::string, 4> Parts;
  Parts.push_back(D.getNameAsString());
  for (const DeclContext *DC = D.getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getNameAsString());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      Parts.push_back(RD->getNameAsString());
    } else if (isa<FunctionDecl>(DC)) {
      break;
    }
  }
  std::string Result;
  for (const std::string &Part : llvm::reverse(Parts)) {
    if (!Result.empty())
      Result += "::";
    Result += Part;
  }
  return Result;
}

std::vector<std::string> identifierWords(llvm::StringRef Name) {
  std::vector<std::string> Words;
  std::string Current;
  auto Flush = [&] {
    if (!Current.empty())
      Words.push_back(llvm::StringRef(Current).lower());
    Current.clear();
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (!llvm::isAlpha(C)) {
      Flush();
      continue;
    }
    bool Upper = llvm::isUpper(C);
    if (Upper && !Current.empty()) {
      bool PrevLower = llvm::isLower(Current.back());
      bool NextLower = I + 1 < Name.size() && llvm::isLower(Name[I + 1]);
      // "fooBar" splits before B; "HTTPError" splits before E.
      if (PrevLower || (llvm::isUpper(Current.back()) && NextLower))
        Flush();
    }
    Current.push_back(C);
  }
  Flush();
  return Words;
}

static std::string anchoredAlternation(llvm::ArrayRef<std::string> Patterns) {
  std::string Joined;
  for (const std::string &P : Patterns) {
    llvm::StringRef Pattern = llvm::StringRef(P).trim();
    if (Pattern.empty())
      continue;
    Pattern.consume_front("::");
    if (!Joined.empty())
      Joined += "|";
    Joined += "(" + Pattern.str() + ")";
  }
  return "^(" + Joined + ")$";
}

ErrorLikeness::ErrorLikeness(llvm::ArrayRef<std::string> TypePatterns,
                             llvm::ArrayRef<std::string> NameList)
    : TypeRegex(anchoredAlternation(TypePatterns)),
      HasTypePatterns(llvm::any_of(TypePatterns, [](const std::string &P) {
        return !llvm::StringRef(P).trim().empty();
      })) {
  for (const std::string &N : NameList)
    if (!llvm::StringRef(N).trim().empty())
      Names.push_back(llvm::StringRef(N).trim().lower());
}

bool ErrorLikeness::hasErrorType(QualType T, const ASTContext &Ctx) const {
  if (!HasTypePatterns || T.isNull())
    return false;
  T = T.getNonReferenceType();
  // Walk the sugar: HRESULT is a typedef of long, std::exception_ptr is a
  // using-declaration of std::__exception_ptr::exception_ptr.
  for (int Steps = 0; Steps < 16; ++Steps) {
    const NamedDecl *Named = nullptr;
    if (const auto *TT = T->getAs<TypedefType>())
      Named = TT->getDecl();
    if (const auto *UT = dyn_cast<UsingType>(T.getTypePtr()))
#if LLVM_VERSION_MAJOR >= 22
      Named = UT->getDecl();
#else
      Named = UT->getFoundDecl();
#endif
    if (Named && TypeRegex.match(plainQualifiedName(*Named)))
      return true;
    QualType Next = T.getSingleStepDesugaredType(Ctx);
    if (Next == T)
      break;
    T = Next;
  }
  if (const auto *RD = T->getAsRecordDecl()) {
    if (TypeRegex.match(plainQualifiedName(*RD)))
      return true;
    // std::optional<absl::Status> is as much a status as what it holds.
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    std::string Name = plainQualifiedName(*RD);
    if (Spec &&
        (Name == "std::optional" || Name == "absl::optional" ||
         Name == "boost::optional") &&
        Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      return hasErrorType(Spec->getTemplateArgs()[0].getAsType(), Ctx);
    return false;
  }
  if (const auto *ET = T->getAs<EnumType>())
    return TypeRegex.match(plainQualifiedName(*ET->getDecl()));
  return false;
}

bool ErrorLikeness::hasErrorName(llvm::StringRef Identifier) const {
  std::string Whole = Identifier.lower();
  std::vector<std::string> Words = identifierWords(Identifier);
  return llvm::any_of(Names, [&](const std::string &N) {
    return N == Whole || llvm::is_contained(Words, N);
  });
}

bool ErrorLikeness::isErrorLike(const ValueDecl &D) const {
  QualType T = D.getType().getNonReferenceType();
  if (hasErrorType(T, D.getASTContext()))
    return true;
  if (!T->isIntegralOrEnumerationType())
    return false;
  return D.getIdentifier() && hasErrorName(D.getName());
}

bool isCursorLike(QualType T) {
  T = T.getNonReferenceType().getCanonicalType();
  if (T->isPointerType() || T->isMemberPointerType() || T->isBlockPointerType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  llvm::StringRef Name = RD->getName();
  if (Name.ends_with_insensitive("iterator") || Name.ends_with("_iter") ||
      Name.ends_with_insensitive("view") || Name == "span" ||
      Name == "StringRef" || Name == "ArrayRef" || Name == "MutableArrayRef" ||
      Name == "ArrayPtr" || Name == "StringPtr" || Name == "QStringView" ||
      Name == "Span")
    return true;
  // Anything with both ++ and unary * walks like an iterator.
  if (!RD->hasDefinition())
    return false;
  bool HasIncrement = false, HasDeref = false;
  for (const CXXMethodDecl *M : RD->methods()) {
    OverloadedOperatorKind Op = M->getOverloadedOperator();
    HasIncrement |= Op == OO_PlusPlus;
    HasDeref |= Op == OO_Star && M->getNumParams() == 0;
  }
  return HasIncrement && HasDeref;
}

static bool isConstantValue(const Expr *E) {
  E = stripWrappers(E);
  if (!E)
    return true;
  if (isa<IntegerLiteral, FloatingLiteral, CXXBoolLiteralExpr, CharacterLiteral,
          StringLiteral, CXXNullPtrLiteralExpr, GNUNullExpr,
          ImplicitValueInitExpr, CXXScalarValueInitExpr>(E))
    return true;
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    return (UO->getOpcode() == UO_Minus || UO->getOpcode() == UO_Plus ||
            UO->getOpcode() == UO_Not || UO->getOpcode() == UO_LNot) &&
           isConstantValue(UO->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return isa<EnumConstantDecl>(DRE->getDecl());
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    // Default construction, or construction from constants only; a copy of
    // another object is not a placeholder.
    if (CE->getConstructor()->isCopyOrMoveConstructor())
      return false;
    return llvm::all_of(CE->arguments(), isConstantValue);
  }
  if (const auto *IL = dyn_cast<InitListExpr>(E))
    return llvm::all_of(IL->inits(), isConstantValue);
  if (const auto *PL = dyn_cast<ParenListExpr>(E))
    return llvm::all_of(const_cast<ParenListExpr *>(PL)->exprs(),
                        isConstantValue);
  return false;
}

bool hasPlaceholderInitializer(const VarDecl &V) {
  if (isa<ParmVarDecl>(V) || V.getType()->isReferenceType())
    return false;
  if (!V.hasInit())
    return true; // Uninitialized until it is given its value.
  return isConstantValue(V.getInit());
}

} // namespace clang::tidy::defer
