//===--- Precision.h - which copied values are worth a warning -----------===//
//
// Most by-value captures in scope guards are correct: handles to release,
// snapshots to restore. These predicates decide which copied variables look
// like an outcome that is filled in later (an error or status, a placeholder)
// and which are cursors that legitimately move on.
//
//===----------------------------------------------------------------------===//

#ifndef DEFER_TIDY_PRECISION_H
#define DEFER_TIDY_PRECISION_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <string>
#include <vector>

namespace clang::tidy::defer {

/// The qualified name of a declaration without inline or anonymous
/// namespaces and without a leading "::", e.g. "std::error_code".
std::string plainQualifiedName(const NamedDecl &D);

/// Splits an identifier into lowercase words at underscores, digits and
/// camelCase boundaries: "lastHTTPError_code" -> last, http, error, code.
std::vector<std::string> identifierWords(llvm::StringRef Name);

/// Decides whether a variable looks like an error or status.
class ErrorLikeness {
public:
  /// \p TypePatterns are regular expressions matched against the whole
  /// qualified name of the variable's type or of any typedef or alias it is
  /// spelled through. \p Names are matched case-insensitively against the
  /// whole identifier and each of its words, for bool, integer and enum
  /// variables.
  ErrorLikeness(llvm::ArrayRef<std::string> TypePatterns,
                llvm::ArrayRef<std::string> Names);

  bool isErrorLike(const ValueDecl &D) const;
  bool hasErrorType(QualType T, const ASTContext &Ctx) const;
  bool hasErrorName(llvm::StringRef Identifier) const;

private:
  llvm::Regex TypeRegex;
  bool HasTypePatterns = false;
  std::vector<std::string> Names;
};

/// Pointers, iterators and views: variables whose stepping (++, +=,
/// p = p->next, std::advance) is their normal use.
bool isCursorLike(QualType T);

/// True if \p V is default-initialized, uninitialized, or initialized with a
/// constant such as nullptr, false, a literal or an enumerator.
bool hasPlaceholderInitializer(const VarDecl &V);

} // namespace clang::tidy::defer

#endif // DEFER_TIDY_PRECISION_H
