// A guard from a library header copies the error code before it is set.
#include "llvm/ADT/ScopeExit.h"
#include <system_error>

std::error_code reconcile();
void observe(std::error_code ec, long start);
long now();

void handle() {
  std::error_code ec;
  long start = now();
  auto report = llvm::make_scope_exit([ec, start] { observe(ec, start); });
  ec = reconcile();
}
