//===--- CheckSupport.cpp - pieces every defer check uses ----------------===//
//
// Option lists, name lists and the guard-candidate matcher.
//
//===----------------------------------------------------------------------===//

#include "CheckSupport.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace clang::tidy::defer {

using namespace ast_matchers;

std::vector<std::string> parseOptionList(llvm::StringRef Raw) {
  std::vector<std::string> Entries;
  for (llvm::StringRef Entry : utils::options::parseStringList(Raw))
    if (!Entry.trim().empty())
      Entries.push_back(Entry.trim().str());
  return Entries;
}

FunctionNameList::FunctionNameList(std::vector<std::string> Names)
    : Names(std::move(Names)) {}

bool FunctionNameList::contains(const FunctionDecl &Function,
                                ASTContext &Context) {
  const FunctionDecl *Key = Function.getCanonicalDecl();
  auto [It, Inserted] = Cache.try_emplace(Key, false);
  if (!Inserted || Names.empty())
    return It->second;
  std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
  bool Found =
      !match(functionDecl(hasAnyName(Refs)).bind("f"), Function, Context)
           .empty();
  Cache[Key] = Found;
  return Found;
}

DeclarationMatcher guardCandidates() {
  return varDecl(hasLocalStorage(), unless(parmVarDecl()),
                 hasInitializer(expr()), unless(isExpansionInSystemHeader()))
      .bind("guard");
}

} // namespace clang::tidy::defer
