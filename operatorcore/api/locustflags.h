#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

// The Locust command-line flags the operator sets itself. The command builders emit them; the
// validator warns when a user's extraArgs repeat one (the user's value wins, because Locust takes
// the last occurrence and extraArgs come last, but the user should know).
namespace locust::api::locustflags {

inline constexpr QStringView master = u"--master";
inline constexpr QStringView worker = u"--worker";
inline constexpr QStringView masterPort = u"--master-port";
inline constexpr QStringView masterHost = u"--master-host";
inline constexpr QStringView expectWorkers = u"--expect-workers";
inline constexpr QStringView autostart = u"--autostart";
inline constexpr QStringView autoquit = u"--autoquit";
inline constexpr QStringView otel = u"--otel";
inline constexpr QStringView enableRebalancing = u"--enable-rebalancing";
inline constexpr QStringView onlySummary = u"--only-summary";

QStringList operatorManagedFlags();

// The operator-managed flag an argument sets, or an empty string: an argument sets a flag when it
// equals it or starts with "<flag>=" (exact, so "--master-port" is not taken for "--master").
QString managedFlagOf(const QString &argument);

} // namespace locust::api::locustflags
