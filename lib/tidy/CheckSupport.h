//===--- CheckSupport.h - pieces every defer check uses ------------------===//
//
// Reading list options, matching declarations against a list of names, and
// the matcher that finds guard candidates.
//
//===----------------------------------------------------------------------===//

#ifndef DEFER_TIDY_CHECKSUPPORT_H
#define DEFER_TIDY_CHECKSUPPORT_H

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang::tidy::defer {

/// The non-empty, trimmed entries of a `;`-separated option value.
std::vector<std::string> parseOptionList(llvm::StringRef Raw);

/// Functions named in an option ("::absl::Now", or "now" in any
/// namespace), with the answer cached per declaration.
class FunctionNameList {
public:
  explicit FunctionNameList(std::vector<std::string> Names);

  bool contains(const FunctionDecl &Function, ASTContext &Context);

  /// Forgets cached answers (they hold AST pointers of one translation unit).
  void reset() { Cache.clear(); }

private:
  std::vector<std::string> Names;
  llvm::DenseMap<const FunctionDecl *, bool> Cache;
};

/// Local variables with an initializer, outside system headers: every guard
/// is one. Template instantiations are traversed, since in a template a
/// guard's type is usually dependent.
ast_matchers::DeclarationMatcher guardCandidates();

} // namespace clang::tidy::defer

#endif // DEFER_TIDY_CHECKSUPPORT_H
