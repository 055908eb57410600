// A use after move (a warning with a note) and a stale guard capture.
#include "common.h"
#include <string>
#include <utility>

void use(std::string);

void consume() {
  std::string s = "naïve café";
  std::string t = std::move(s);
  use(/* «s» */ s);
}

void handle() {
  std::error_code ec;
  Finally report([ec] { observe(ec); });
  ec = reconcile();
}
