#pragma once

#include "support/result.h"

#include <QString>
#include <QStringView>

#include <chrono>

namespace locust {

// Durations written the way Go's time.ParseDuration reads them, because the daemon's flags are the
// reference operator's and users copy values between the two: "30s", "1h30m", "1.5h", "-2m", "90ms",
// "500us"/"500µs", "0". Units ns us µs μs ms s m h; every number needs a unit except a lone "0"; an
// optional sign; no spaces. Error texts are Go's ("time: invalid duration \"x\""). The range is Go's
// too: a signed 64-bit count of nanoseconds.
Result<std::chrono::nanoseconds> parseGoDuration(QStringView text);

// parseGoDuration() in milliseconds, the daemon's timer resolution, converted by
// millisecondsRoundingUp().
Result<std::chrono::milliseconds> parseGoDurationMilliseconds(QStringView text);

// Nanoseconds to milliseconds, rounded up (towards +infinity) so that a positive duration never becomes
// 0, which some flags read as "no limit"; and kept within what converts back to nanoseconds without
// overflow (so the largest Go duration gives 9223372036854 ms, not ...855).
std::chrono::milliseconds millisecondsRoundingUp(std::chrono::nanoseconds duration);

// A duration as Go's time.Duration.String() prints it: "0s", "90ms", "1.5µs", "2m0s", "1h30m0s",
// "-1.5s". The daemon's usage text and log lines show flag values this way.
QString formatGoDuration(std::chrono::nanoseconds duration);

} // namespace locust
