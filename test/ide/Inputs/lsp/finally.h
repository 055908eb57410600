// A project's own guard: stores a callable and calls it when destroyed.
#ifndef FINALLY_H
#define FINALLY_H

template <class F> class Finally {
public:
  explicit Finally(F Fn) : Fn(Fn) {}
  ~Finally() { Fn(); }

private:
  F Fn;
};

#endif
