// Entry point of defer-clangd: Debian's clangd with the defer-* clang-tidy
// checks linked in, so editors show them (and their fix-its) as you type.
//
// The checks register themselves through clang-tidy's module registry when
// their objects are linked; clangd then offers them like its built-in checks.

namespace clang {
namespace clangd {
int clangdMain(int Argc, char *Argv[]);
} // namespace clangd
} // namespace clang

int main(int Argc, char *Argv[]) {
  return clang::clangd::clangdMain(Argc, Argv);
}
