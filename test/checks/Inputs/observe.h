// Functions the guard tests call: an observer of outcomes and the work
// whose outcome it observes.
#pragma once

#include <string>
#include <system_error>

void observe(std::error_code ec, long start);
void observeCode(int code);
void observeFlag(bool ok);
void observeText(const std::string &text);
void observePointer(const void *p);
std::error_code reconcile();
int work();
bool tryOnce();
long now();
void fillCode(std::error_code &ec);
void fillCodePtr(std::error_code *ec);
void fillInt(int *out);
void release(char *buffer);
