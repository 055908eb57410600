// The same guard class, defined in a header that clangd puts in a preamble.
#include "finally.h"
#include <system_error>

std::error_code reconcile();
void observe(std::error_code ec);

void handle() {
  std::error_code ec;
  Finally report([ec] { observe(ec); });
  ec = reconcile();
}
