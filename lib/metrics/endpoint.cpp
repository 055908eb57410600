// Serves registries with prometheus-cpp's Exposer and owns them while they
// are served; checks the bind address before CivetWeb reads it, since
// CivetWeb wraps some malformed addresses into valid ones and reports every
// failure with the same message.
#include "defer/metrics/endpoint.h"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace defer::metrics {

namespace {

constexpr const char *AddressForms = "expected PORT, HOST:PORT or [IPV6]:PORT";

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isDecimal(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), isDigit);
}

// The value of a string of decimal digits, or `limit + 1` if it is above
// `limit`; CivetWeb's sscanf would instead wrap it around.
unsigned long decimalValue(std::string_view digits, unsigned long limit) {
  unsigned long value = 0;
  for (char digit : digits) {
    value = value * 10 + static_cast<unsigned long>(digit - '0');
    if (value > limit)
      return limit + 1;
  }
  return value;
}

// Whether `digits` has a leading zero that changes its value when read as
// octal, as strtoul with base 0 and inet_aton (and so curl) read it.
bool octalLooking(std::string_view digits) {
  return digits.size() > 1 && digits.front() == '0' &&
         digits.find_first_not_of('0') != std::string_view::npos;
}

// What is wrong with the port of one listener, or "" if nothing is.
std::string portProblem(std::string_view port) {
  if (port.empty())
    return "no port";
  if (!isDecimal(port))
    return "port '" + std::string(port) + "' is not a decimal number";
  if (decimalValue(port, 65535) > 65535)
    return "port " + std::string(port) + " is not in 0..65535";
  return "";
}

// What is wrong with a host that does not start with a letter, which must
// be a dotted IPv4 address of four decimal numbers, or "" if nothing is.
// CivetWeb first tries to read four numbers with sscanf, which takes a sign,
// so "+999.1.1.1" and "127.0.0.+1" are addresses to it, and packs them into
// 32 bits without checking them, so 999.1.1.1 would listen on 231.1.1.1;
// failing that, a listener that starts with a digit is mostly read as a bare
// port, so "127.1:0" or "1e100.net:0" cannot be listened on.
std::string ipv4Problem(std::string_view host) {
  const std::string notAnAddress =
      "the host '" + std::string(host) +
      "' is neither an IPv4 address of four numbers, such as 127.0.0.1, nor "
      "a name that starts with a letter";
  if (std::count(host.begin(), host.end(), '.') != 3)
    return notAnAddress;
  for (std::size_t start = 0; start <= host.size();) {
    const std::size_t end = std::min(host.find('.', start), host.size());
    const std::string_view part = host.substr(start, end - start);
    if (part.empty())
      return "the IPv4 address '" + std::string(host) + "' has an empty part";
    if (!isDecimal(part))
      return notAnAddress;
    if (decimalValue(part, 255) > 255)
      return "the IPv4 address '" + std::string(host) + "' has a part " +
             std::string(part) + ", above 255";
    // CivetWeb reads 010 as 10, but a client that is given the same
    // address, through inet_aton, connects to 8.
    if (octalLooking(part))
      return "the IPv4 address '" + std::string(host) + "' has a part " +
             std::string(part) +
             " with a leading zero, which other programs read as octal";
    start = end + 1;
  }
  return "";
}

bool isBlank(char c) { return c == ' ' || c == '\t'; }

bool isControl(char c) {
  return static_cast<unsigned char>(c) < 0x20 || c == '\x7f';
}

// Whether the text between brackets can be an IPv6 address: hexadecimal
// groups and colons, an IPv4 tail, and an optional zone ("fe80::1%eth0").
// An IPv4 address or a name in brackets can never be listened on.
bool isIpv6Literal(std::string_view text) {
  const std::string_view address = text.substr(0, text.find('%'));
  return address.find(':') != std::string_view::npos &&
         std::all_of(address.begin(), address.end(), [](char c) {
           return isDigit(c) || (c >= 'a' && c <= 'f') ||
                  (c >= 'A' && c <= 'F') || c == ':' || c == '.';
         });
}

// `listener` without the spaces and tabs around it, which CivetWeb ignores.
std::string_view trimmed(std::string_view listener) {
  while (!listener.empty() && isBlank(listener.front()))
    listener.remove_prefix(1);
  while (!listener.empty() && isBlank(listener.back()))
    listener.remove_suffix(1);
  return listener;
}

// What is wrong with one listener of a bind address, with nothing around it,
// or "" if nothing is. Host names are left to CivetWeb, which resolves them.
std::string listenerProblem(std::string_view listener) {
  // CivetWeb reads numbers with sscanf, which skips spaces and takes a sign.
  if (std::any_of(listener.begin(), listener.end(), isBlank))
    return "spaces are allowed only around a listener";
  if (listener.front() == '[') {
    const std::size_t close = listener.find(']');
    if (close == std::string_view::npos)
      return "no ']' after the IPv6 address";
    if (close == 1)
      return "empty IPv6 address";
    if (!isIpv6Literal(listener.substr(1, close - 1)))
      return "'" + std::string(listener.substr(0, close + 1)) +
             "' does not hold an IPv6 address";
    if (close + 1 == listener.size() || listener[close + 1] != ':')
      return std::string("no port; ") + AddressForms;
    return portProblem(listener.substr(close + 2));
  }

  const std::size_t colon = listener.rfind(':');
  if (colon == std::string_view::npos) {
    // A port alone, or after '+' to listen on IPv6 as well as IPv4.
    if (listener.front() == '+')
      return portProblem(listener.substr(1));
    // What has a dot or starts with a letter is a host without its port.
    const char first = listener.front();
    if (listener.find('.') != std::string_view::npos ||
        !(isDigit(first) || first == '-'))
      return std::string("no port; ") + AddressForms;
    // CivetWeb reads a bare port with strtoul's base 0: 0700 is port 448.
    if (isDecimal(listener) && octalLooking(listener))
      return "port '" + std::string(listener) +
             "' has a leading zero, which would be read as octal";
    return portProblem(listener);
  }

  const std::string_view host = listener.substr(0, colon);
  if (host.empty())
    return "no host before ':'; use 0.0.0.0:PORT or PORT for every address";
  if (host.find(':') != std::string_view::npos)
    return "the host may not contain ':' (an IPv6 address goes in brackets, "
           "as in [::1]:9464)";
  // Only a name that starts with a letter is resolved as a name.
  if (!isLetter(host.front())) {
    if (std::string problem = ipv4Problem(host); !problem.empty())
      return problem;
  }
  return portProblem(listener.substr(colon + 1));
}

// `text` with its control characters escaped, for a message: what() is a C
// string and would end at a NUL, and a carriage return would hide the
// start of the line.
std::string printable(std::string_view text) {
  static constexpr char Hex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    if (c == '\0') {
      out += "\\0";
    } else if (c == '\t') {
      out += "\\t";
    } else if (isControl(c)) {
      const auto byte = static_cast<unsigned char>(c);
      out += "\\x";
      out += Hex[byte >> 4];
      out += Hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// An Exposer listening on `bindAddress`, which is checked first. CivetWeb
// reports every failure to listen with the same message, which names
// neither the address nor the cause, so both are added to it.
prometheus::Exposer listenOn(const std::string &bindAddress) {
  checkBindAddress(bindAddress);
  try {
    return prometheus::Exposer(bindAddress);
  } catch (const std::runtime_error &error) {
    std::string causes = "the port may be in use, or the host not an address "
                         "of this machine";
    if (bindAddress.find('[') != std::string::npos)
      causes += ", or CivetWeb built without IPv6";
    throw std::runtime_error("cannot listen on '" + bindAddress + "' (" +
                             error.what() + "); " + causes);
  }
}

} // namespace

// Rejects `address` if one of its comma-separated listeners is malformed or
// would be read by CivetWeb as something other than what it says.
void checkBindAddress(const std::string &address) {
  auto fail = [&](std::string_view listener, const std::string &problem) {
    std::string message = "invalid bind address '" + printable(address) + "'";
    if (listener != address)
      message += " (in '" + printable(listener) + "')";
    throw std::invalid_argument(message + ": " + problem);
  };

  // CivetWeb reads the address as a C string: it would listen on what comes
  // before a NUL, which is not what was checked.
  if (address.find('\0') != std::string::npos)
    fail(address, "contains a NUL character");
  // Tabs are blanks, allowed around a listener; other control characters,
  // such as the carriage return of a line read from a file, are mistakes.
  if (std::any_of(address.begin(), address.end(),
                  [](char c) { return c != '\t' && isControl(c); }))
    fail(address, "contains a control character");
  // CivetWeb skips empty entries of the list, but needs one that is not.
  if (address.find_first_not_of(", \t") == std::string::npos)
    fail(address, std::string("empty; ") + AddressForms);
  const std::string_view all = address;
  for (std::size_t start = 0; start < all.size();) {
    const std::size_t end = std::min(all.find(',', start), all.size());
    const std::string_view listener = trimmed(all.substr(start, end - start));
    if (!listener.empty()) {
      if (std::string problem = listenerProblem(listener); !problem.empty())
        fail(listener, problem);
    }
    start = end + 1;
  }
}

MetricsEndpoint::MetricsEndpoint(const std::string &bindAddress,
                                 std::shared_ptr<prometheus::Registry> registry,
                                 const std::string &path)
    : exposer_(listenOn(bindAddress)) {
  serve(std::move(registry), path);
}

MetricsEndpoint::~MetricsEndpoint() = default;

void MetricsEndpoint::serve(std::shared_ptr<prometheus::Registry> registry,
                            const std::string &path) {
  if (!registry)
    throw std::invalid_argument("cannot serve a null registry on '" + path +
                                "'");
  // CivetWeb answers a request whose path does not start with '/' with
  // 400, so such a path would be served to nobody.
  if (path.empty() || path.front() != '/')
    throw std::invalid_argument("metrics path '" + path +
                                "' does not start with '/'");
  // The Exposer would collect the registry twice for the path and print
  // each of its series twice.
  const bool alreadyServed =
      std::any_of(served_.begin(), served_.end(), [&](const Served &served) {
        return served.registry == registry && served.path == path;
      });
  if (alreadyServed)
    throw std::invalid_argument("the registry is already served on '" + path +
                                "'");

  served_.push_back({registry, path});
  try {
    exposer_.RegisterCollectable(registry, path);
  } catch (...) {
    served_.pop_back();
    throw;
  }
}

int MetricsEndpoint::port() const {
  const std::vector<int> ports = exposer_.GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

} // namespace defer::metrics
