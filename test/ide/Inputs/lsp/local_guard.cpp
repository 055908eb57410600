// The project's guard class is defined in the file itself.
#include <system_error>

template <class F> class Finally {
public:
  explicit Finally(F Fn) : Fn(Fn) {}
  ~Finally() { Fn(); }

private:
  F Fn;
};

std::error_code reconcile();
void observe(std::error_code ec);

void handle() {
  std::error_code ec;
  Finally report([ec] { observe(ec); });
  ec = reconcile();
}
