// How a scoped observation reads success or failure from an outcome value,
// and the customisation point for outcome types of your own.
//
//   struct HttpReply { int status; };
//   template <> struct defer::metrics::OutcomeTraits<HttpReply> {
//     static bool succeeded(const HttpReply &reply) noexcept {
//       return reply.status < 400;
//     }
//   };
#ifndef DEFER_METRICS_OUTCOME_H
#define DEFER_METRICS_OUTCOME_H

#include <exception>
#include <system_error>
#include <type_traits>
#include <utility>

namespace defer::metrics {

template <typename T, typename = void> struct OutcomeTraits;

namespace detail {
template <typename> inline constexpr bool AlwaysFalse = false;

template <typename T, typename = void> struct HasOkMember : std::false_type {};
template <typename T>
struct HasOkMember<T, std::enable_if_t<std::is_convertible_v<
                          decltype(std::declval<const T &>().ok()), bool>>>
    : std::true_type {};

/// Whether two integers of any types are the same number. The built-in `==`
/// first converts both to a common type, where a negative number becomes a
/// large unsigned one and a wide value may wrap around; this never does.
template <typename A, typename B>
constexpr bool sameInteger(A a, B b) noexcept {
  static_assert(std::is_integral_v<A> && std::is_integral_v<B>);
  if constexpr (std::is_signed_v<A> == std::is_signed_v<B>)
    return a == b; // converted to the wider of the two: nothing is lost
  else if constexpr (std::is_signed_v<A>)
    return a >= 0 && static_cast<std::make_unsigned_t<A>>(a) == b;
  else
    return b >= 0 && static_cast<std::make_unsigned_t<B>>(b) == a;
}

/// The library's own rules, which OutcomeTraits follows for a type that has
/// no specialisation of OutcomeTraits. They live apart from OutcomeTraits so
/// that a user's specialisation, explicit or partial, never competes with
/// them: two partial specialisations that both match, neither more specific
/// than the other, would make the traits ambiguous.
template <typename T, typename = void> struct BuiltinOutcomeTraits {
  static_assert(AlwaysFalse<T>,
                "no OutcomeTraits for this outcome type: specialise "
                "defer::metrics::OutcomeTraits<T> with a static "
                "bool succeeded(const T &)");
};

template <> struct BuiltinOutcomeTraits<std::error_code> {
  static bool succeeded(const std::error_code &ec) noexcept { return !ec; }
};

template <> struct BuiltinOutcomeTraits<std::error_condition> {
  static bool succeeded(const std::error_condition &ec) noexcept { return !ec; }
};

template <typename T, typename Base>
inline constexpr bool IsPublicSubclassOf =
    std::is_base_of_v<Base, T> &&
    std::is_convertible_v<const T *, const Base *>;

/// The one of std::error_code and std::error_condition that `T` derives
/// from publicly, or void when it derives from neither or from both (then
/// neither base is more fitting).
template <typename T>
using StandardErrorBase = std::conditional_t<
    IsPublicSubclassOf<T, std::error_code> ==
        IsPublicSubclassOf<T, std::error_condition>,
    void,
    std::conditional_t<IsPublicSubclassOf<T, std::error_code>, std::error_code,
                       std::error_condition>>;

/// A class derived from one of the two, such as a project's own error type,
/// is classified as its base is, unless it has an `ok()` member of its own:
/// by OutcomeTraits of the base as they stand where a `T` is observed, so
/// that a user's specialisation for the base, declared after this header,
/// applies.
template <typename T>
struct BuiltinOutcomeTraits<
    T, std::enable_if_t<!std::is_void_v<StandardErrorBase<T>> &&
                        !HasOkMember<T>::value>> {
  static bool succeeded(const T &error) noexcept {
    return OutcomeTraits<StandardErrorBase<T>>::succeeded(error);
  }
};

template <> struct BuiltinOutcomeTraits<std::exception_ptr> {
  static bool succeeded(const std::exception_ptr &failure) noexcept {
    return !failure;
  }
};

template <> struct BuiltinOutcomeTraits<bool> {
  static bool succeeded(bool ok) noexcept { return ok; }
};

template <typename T>
struct BuiltinOutcomeTraits<
    T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static bool succeeded(T code) noexcept { return code == 0; }
};

template <typename T>
struct BuiltinOutcomeTraits<T, std::enable_if_t<HasOkMember<T>::value>> {
  static bool succeeded(const T &status) noexcept { return status.ok(); }
};
} // namespace detail

/// Says whether an outcome of type `T` is a success. Specialise it for your
/// own types with a `static bool succeeded(const T &)` that does not throw:
/// explicitly for one type (`template <> struct
/// defer::metrics::OutcomeTraits<Reply>`), or partially for every instance of
/// a class template (`template <typename V> struct
/// defer::metrics::OutcomeTraits<Expected<V>>`). The second parameter, `void`
/// by default, is there for partial specialisations chosen with
/// `std::enable_if_t`. A specialisation always takes precedence over the
/// rules below, which apply only to types without one.
///
/// Provided: std::error_code and std::error_condition (success when empty)
/// and classes derived publicly from one of them,
/// std::exception_ptr (success when null), bool (success when true),
/// the other integer types, as return codes (success when zero; see
/// SuccessCode for another value), and any type with an `ok()` member that
/// can be called on a const object and returns something convertible to
/// bool, which covers absl::Status, absl::StatusOr and the Status types of
/// LevelDB and RocksDB.
template <typename T, typename>
struct OutcomeTraits : detail::BuiltinOutcomeTraits<T> {};

/// The default classifier of a scoped observation: an outcome is a success
/// when `OutcomeTraits<T>::succeeded(outcome)` says so.
template <typename T> struct ByOutcomeTraits {
  bool operator()(const T &outcome) const noexcept {
    return OutcomeTraits<T>::succeeded(outcome);
  }
};

/// A classifier for integer return codes whose success is one value other
/// than zero: `SuccessCode{200}` says success for an HTTP status of 200.
/// The outcome may be of any integer type, and is compared as the number it
/// is: a `long long` of 2^32 + 200 is not 200, and -1 is not the largest
/// unsigned value.
template <typename T> struct SuccessCode {
  static_assert(std::is_integral_v<T>, "SuccessCode takes an integer code");
  T code;

  template <typename Outcome>
  bool operator()(const Outcome &outcome) const noexcept {
    static_assert(std::is_integral_v<Outcome>,
                  "SuccessCode classifies integer outcomes");
    return detail::sameInteger(outcome, code);
  }
};
template <typename T> SuccessCode(T) -> SuccessCode<T>;

} // namespace defer::metrics

#endif // DEFER_METRICS_OUTCOME_H
