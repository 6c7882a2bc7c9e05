#pragma once

#include "logging/lognote.h"
#include "options/daemonoptions.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace locust::options {

// What reading the command line came to: options to run with, a request for help, or a usage error.
struct ParseOutcome
{
    enum class Kind {
        Options,    // run with `options`; log `notes` once logging is set up
        Help,       // print `usage` on standard output, exit 0
        UsageError, // print `errorMessage` and then `usage` on standard error, exit 2
    };

    Kind kind = Kind::Options;
    DaemonOptions options;
    QList<logging::LogNote> notes; // warnings about the flags and environment, in order
    QString errorMessage;          // one line, without a trailing newline
    QString usage;                 // ends with a newline

    // The exit status for Help and UsageError (Go's flag package: 0 and 2); 0 for Options.
    int exitCode() const { return kind == Kind::UsageError ? 2 : 0; }
};

// The daemon's command line, read with the semantics of Go's `flag` package that the reference operator
// uses (so its Deployment arguments work unchanged here):
//
//   - `-flag` and `--flag` are the same; a value is `-flag=value` or `-flag value`;
//   - boolean flags take `-flag` (true) or `-flag=value` only, with strconv.ParseBool's values
//     (1 t T TRUE true True 0 f F FALSE false False): in `--leader-elect false` the `false` is not the
//     flag's value but an argument;
//   - the flags end at the first argument that is not a flag, or after `--`; the daemon takes no
//     arguments, so anything left is a usage error;
//   - `-h`, `-help`, `--help` ask for help; a flag given twice takes its last value.
//
// Pure: the caller passes the arguments (without the program name) and the environment, and does
// the printing, logging and exiting.
class DaemonOptionsParser
{
public:
    static ParseOutcome parse(const QStringList &arguments, const QHash<QString, QString> &environment);

    // The flags and their defaults, in Go's flag.PrintDefaults layout, with the offline commands.
    static QString usage();

    // A combination of options the daemon cannot start with (it logs the text and exits 1), found after
    // parsing because the flags are valid one by one. nullopt when the options are usable.
    static std::optional<QString> startupError(const DaemonOptions &options);
};

} // namespace locust::options
