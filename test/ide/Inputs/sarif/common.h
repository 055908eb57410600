// Shared by two translation units, so clang-tidy reports its findings twice.
#ifndef COMMON_H
#define COMMON_H

#include "finally.h"

#include <system_error>

std::error_code reconcile();
void observe(std::error_code ec);

inline int isMissing(int *p) { return p == 0; }

inline void syncInHeader() {
  std::error_code ec;
  Finally report([ec] { observe(ec); });
  ec = reconcile();
}

#endif
