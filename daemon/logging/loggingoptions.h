#pragma once

#include <QtGlobal>

namespace locust::logging {

// How the daemon writes its log: what --log-format and the --zap-* flags select.
struct LoggingOptions
{
    enum class Format { Json, Text };
    // Severity of a line; Debug with a verbosity > 1 is logr's V(n).
    enum class Level { Debug, Info, Warning, Error, Panic };
    enum class TimeEncoding { Iso8601, Rfc3339, Rfc3339Nano, Epoch, Millis, Nano };

    Format format = Format::Json;
    Level level = Level::Info;     // lines below this level are not written
    int verbosity = 0;             // --zap-log-level=N (N>0): debug lines up to V(N) are written
    Level stacktraceLevel = Level::Error; // lines at or above this level carry a stack trace
    TimeEncoding timeEncoding = TimeEncoding::Iso8601;
    bool development = false;     // --zap-devel: debug level and stack traces from warnings unless set
};

} // namespace locust::logging
