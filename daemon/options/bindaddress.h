#pragma once

#include "support/result.h"

#include <QHostAddress>
#include <QString>

#include <optional>

namespace locust::options {

// Where a listener of the daemon binds (--metrics-bind-address, --health-probe-bind-address): the
// host:port forms controller-runtime takes, checked when the flags are read rather than when the
// listener starts, so a typo fails at once with exit status 2 instead of minutes later.
struct BindAddress
{
    QHostAddress host; // QHostAddress::Any (IPv4 and IPv6) for ":port"
    quint16 port = 0;

    // "0" disables the listener (nullopt). Accepted: ":8081", "0.0.0.0:8081", "127.0.0.1:8081",
    // "[::1]:8081", "[::]:8443", "localhost:8081" (127.0.0.1; no DNS lookup, so start-up never waits
    // on a resolver). IPv6 addresses need brackets; the port is 1 to 65535 (0, "any free port", is
    // refused: a probe or metrics port must be known to be scraped).
    static Result<std::optional<BindAddress>> parse(const QString &text);

    // "127.0.0.1:8081", "[::1]:8081", ":8081" for Any: for log lines.
    QString toString() const;

    bool operator==(const BindAddress &) const = default;
};

} // namespace locust::options
