// A guard that copies the error code before the work sets it.
#include "finally.h"

#include <system_error>

std::error_code reconcile() { return {}; }
void observe(std::error_code) {}

int main() {
  std::error_code ec;
  Finally report([ec] { observe(ec); });
  ec = reconcile();
  return 0;
}
