// REQUIRES: absl
// RUN: %check_clang_tidy %s defer-stale-capture %t
//
// Against Debian's Abseil: absl::Cleanup by CTAD and absl::MakeCleanup.

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"

#include <cstdio>

void Record(const absl::Status &status);
absl::Status Pull();

void Bug() {
  absl::Status status;
  absl::Cleanup record = [status] { Record(status); };
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: scope guard 'record' captures 'status' by value, but 'status' is modified before the guard runs [defer-stale-capture]
  // CHECK-MESSAGES: :[[@LINE+2]]:3: note: 'status' is modified here
  // CHECK-FIXES: absl::Cleanup record = [&status] { Record(status); };
  status = Pull();
}

void BugFactory() {
  absl::Status status;
  auto record = absl::MakeCleanup([=] { Record(status); });
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: scope guard 'record' captures 'status' by value
  // CHECK-FIXES: auto record = absl::MakeCleanup([=, &status] { Record(status); });
  status.Update(Pull());
}

// The header's own example: a handle captured by value is correct.
bool CopyFile(const char *from) {
  std::FILE *source_file = std::fopen(from, "r");
  if (source_file == nullptr)
    return false;
  absl::Cleanup source_closer = [source_file] { std::fclose(source_file); };
  return std::fgetc(source_file) != EOF;
}

void Cancelled() {
  absl::Status status;
  absl::Cleanup record = [status] { Record(status); };
  std::move(record).Cancel();
  status = Pull();
}
