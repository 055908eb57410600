// A use after move (a warning with a note) and a stale guard capture. The
// comment before the use holds two-byte characters and one outside the Basic
// Multilingual Plane, so that bytes, code points and UTF-16 units differ.
#include "common.h"
#include <string>
#include <utility>

void use(std::string);

void consume() {
  std::string s = "naïve café";
  std::string t = std::move(s);
  use(/* «s» 𝑠 */ s);
}

void handle() {
  std::error_code ec;
  Finally report([ec] { observe(ec); });
  ec = reconcile();
}
