#include "options/daemonoptionsparser.h"

#include "options/bindaddress.h"
#include "support/goduration.h"
#include "support/goquote.h"

#include <QJsonObject>

#include <algorithm>
#include <functional>
#include <limits>

using namespace Qt::StringLiterals;

namespace locust::options {

namespace {

using logging::LogNote;
using logging::LoggingOptions;
using Level = LoggingOptions::Level;
using Format = LoggingOptions::Format;
using TimeEncoding = LoggingOptions::TimeEncoding;

// What the flags said so far. The logging settings are kept apart until the end because --zap-devel
// changes the defaults of the ones not given explicitly, wherever it stands on the command line.
struct ParseState
{
    DaemonOptions options;
    std::optional<Format> format; // the later of --log-format and --zap-encoder
    std::optional<Level> level;
    int verbosity = 0;
    std::optional<Level> stacktraceLevel;
};

// One flag: how it is shown in the usage and how its value is stored. `setValue` returns why a value
// was refused (the text after "invalid value ... for flag -name: "); boolean flags use `setBool`.
struct FlagDefinition
{
    QString name;
    QString typeName; // after the name in the usage ("string", "duration"); empty for boolean flags
    QString help;
    QString defaultText; // "(default ...)" in the usage; empty when the default is the zero value
    std::function<std::optional<QString>(ParseState &, const QString &)> setValue;
    std::function<void(ParseState &, bool)> setBool;

    bool isBool() const { return bool(setBool); }
};

template<typename T>
struct NamedValue
{
    QString name;
    T value;
};

// Level names as controller-runtime's --zap-log-level reads them (case-insensitive), and as the
// usage prints them.
const QList<NamedValue<Level>> &levelNames()
{
    static const QList<NamedValue<Level>> names = {
        {u"debug"_s, Level::Debug}, {u"info"_s, Level::Info},   {u"warn"_s, Level::Warning},
        {u"error"_s, Level::Error}, {u"panic"_s, Level::Panic},
    };
    return names;
}

const QList<NamedValue<TimeEncoding>> &timeEncodingNames()
{
    static const QList<NamedValue<TimeEncoding>> names = {
        {u"epoch"_s, TimeEncoding::Epoch},     {u"millis"_s, TimeEncoding::Millis},
        {u"nano"_s, TimeEncoding::Nano},       {u"nanos"_s, TimeEncoding::Nano}, // controller-runtime's alias
        {u"iso8601"_s, TimeEncoding::Iso8601}, {u"rfc3339"_s, TimeEncoding::Rfc3339},
        {u"rfc3339nano"_s, TimeEncoding::Rfc3339Nano},
    };
    return names;
}

template<typename T>
std::optional<T> lookUp(const QList<NamedValue<T>> &names, const QString &text)
{
    for (const NamedValue<T> &named : names) {
        if (named.name.compare(text, Qt::CaseInsensitive) == 0)
            return named.value;
    }
    return std::nullopt;
}

template<typename T>
QString nameOf(const QList<NamedValue<T>> &names, T value)
{
    for (const NamedValue<T> &named : names) {
        if (named.value == value)
            return named.name;
    }
    return QString();
}

// Go's strconv.ParseBool, which the flag package uses for boolean flags: exactly these spellings.
std::optional<bool> parseGoBool(const QString &text)
{
    static const QStringList trueSpellings = {u"1"_s, u"t"_s, u"T"_s, u"TRUE"_s, u"true"_s, u"True"_s};
    static const QStringList falseSpellings = {u"0"_s, u"f"_s, u"F"_s, u"FALSE"_s, u"false"_s, u"False"_s};
    if (trueSpellings.contains(text))
        return true;
    if (falseSpellings.contains(text))
        return false;
    return std::nullopt;
}

int digitValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'z')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'Z')
        return u - u'A' + 10;
    return 99;
}

// Go's underscoreOK: underscores only between digits, or between a base prefix and a digit.
bool underscoresWellPlaced(QStringView text)
{
    if (!text.isEmpty() && (text[0] == u'-' || text[0] == u'+'))
        text = text.sliced(1);
    QChar saw = u'^';
    qsizetype i = 0;
    bool hex = false;
    if (text.size() >= 2 && text[0] == u'0') {
        const QChar prefix = text[1].toLower();
        if (prefix == u'b' || prefix == u'o' || prefix == u'x') {
            i = 2;
            saw = u'0';
            hex = prefix == u'x';
        }
    }
    for (; i < text.size(); ++i) {
        const QChar c = text[i];
        const QChar lower = c.toLower();
        if ((c >= u'0' && c <= u'9') || (hex && lower >= u'a' && lower <= u'f')) {
            saw = u'0';
            continue;
        }
        if (c == u'_') {
            if (saw != u'0')
                return false;
            saw = u'_';
            continue;
        }
        if (saw == u'_')
            return false;
        saw = u'!';
    }
    return saw != u'_';
}

// Go's strconv.ParseInt(text, 0, 64), as the flag package reads int flags: an optional sign, then
// decimal, 0x hexadecimal, 0o or leading-0 octal, or 0b binary, with `_` between digits. nullopt for
// text that is not such a number or does not fit in 64 bits.
std::optional<qint64> parseGoInt(const QString &text)
{
    QStringView rest(text);
    bool negative = false;
    if (!rest.isEmpty() && (rest[0] == u'-' || rest[0] == u'+')) {
        negative = rest[0] == u'-';
        rest = rest.sliced(1);
    }
    int base = 10;
    if (rest.size() >= 2 && rest[0] == u'0') {
        const QChar prefix = rest[1].toLower();
        if (prefix == u'x' || prefix == u'o' || prefix == u'b') {
            base = prefix == u'x' ? 16 : prefix == u'o' ? 8 : 2;
            rest = rest.sliced(2);
        } else {
            base = 8; // "0755": the leading 0 stays, as a digit
        }
    }
    if (rest.isEmpty())
        return std::nullopt;

    constexpr quint64 magnitudeLimit = quint64(std::numeric_limits<qint64>::max()) + 1;
    quint64 magnitude = 0;
    bool underscores = false;
    for (const QChar c : rest) {
        if (c == u'_') {
            underscores = true;
            continue;
        }
        const int digit = digitValue(c);
        if (digit >= base)
            return std::nullopt;
        if (magnitude > (magnitudeLimit - quint64(digit)) / quint64(base))
            return std::nullopt;
        magnitude = magnitude * quint64(base) + quint64(digit);
    }
    if (underscores && !underscoresWellPlaced(text))
        return std::nullopt;
    if (negative)
        return magnitude == magnitudeLimit ? std::numeric_limits<qint64>::min() : -qint64(magnitude);
    if (magnitude == magnitudeLimit)
        return std::nullopt;
    return qint64(magnitude);
}

// Go's strconv.Atoi, which controller-runtime uses for numeric --zap-log-level values: decimal digits
// with an optional sign, nothing else (no spaces, no prefixes, no underscores).
std::optional<int> parseGoAtoi(const QString &text)
{
    QStringView digits(text);
    if (!digits.isEmpty() && (digits[0] == u'-' || digits[0] == u'+'))
        digits = digits.sliced(1);
    if (digits.isEmpty())
        return std::nullopt;
    for (const QChar c : digits) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    bool ok = false;
    const int value = text.toInt(&ok, 10);
    if (!ok)
        return std::nullopt;
    return value;
}

QString quotedDefault(const QString &value)
{
    return value.isEmpty() ? QString() : goQuote(value);
}

std::optional<QString> setBindAddress(QString &target, const QString &value)
{
    const Result<std::optional<BindAddress>> address = BindAddress::parse(value);
    if (!address)
        return address.errorMessage();
    target = value;
    return std::nullopt;
}

QString joinedNames(const QStringList &names)
{
    if (names.size() < 2)
        return names.join(QString());
    return names.mid(0, names.size() - 1).join(u", "_s) + u" or "_s + names.last();
}

QString levelChoices()
{
    QStringList names;
    for (const NamedValue<Level> &named : levelNames())
        names += named.name;
    return joinedNames(names);
}

QString timeEncodingChoices()
{
    QStringList names;
    for (const NamedValue<TimeEncoding> &named : timeEncodingNames()) {
        if (named.name != u"nanos")
            names += named.name;
    }
    return joinedNames(names);
}

// The daemon's flags: the reference operator's (kubebuilder's scaffold and controller-runtime's zap
// flags) and the ones this daemon adds. Defaults in the usage come from DaemonOptions itself.
const QList<FlagDefinition> &flagDefinitions()
{
    static const QList<FlagDefinition> flags = [] {
        const DaemonOptions defaults;
        const LoggingOptions loggingDefaults = defaults.logging;
        QList<FlagDefinition> list;

        auto addString = [&list](const QString &name, const QString &help, QString DaemonOptions::*member,
                                 const QString &defaultValue) {
            list.append({name, u"string"_s, help, quotedDefault(defaultValue),
                         [member](ParseState &state, const QString &value) -> std::optional<QString> {
                             state.options.*member = value;
                             return std::nullopt;
                         },
                         {}});
        };
        auto addBool = [&list](const QString &name, const QString &help, bool defaultValue,
                               std::function<void(ParseState &, bool)> set) {
            list.append({name, QString(), help, defaultValue ? u"true"_s : QString(), {}, std::move(set)});
        };

        list.append({u"metrics-bind-address"_s, u"string"_s,
                     u"The address the metrics endpoint binds to. Use :8443 for HTTPS or :8080 for HTTP, or "
                     "leave as 0 to disable the metrics service."_s,
                     quotedDefault(defaults.metricsBindAddress),
                     [](ParseState &state, const QString &value) {
                         return setBindAddress(state.options.metricsBindAddress, value);
                     },
                     {}});
        list.append({u"health-probe-bind-address"_s, u"string"_s,
                     u"The address the probe endpoint (/healthz, /readyz) binds to, or 0 to disable it."_s,
                     quotedDefault(defaults.healthProbeBindAddress),
                     [](ParseState &state, const QString &value) {
                         return setBindAddress(state.options.healthProbeBindAddress, value);
                     },
                     {}});
        addBool(u"leader-elect"_s,
                u"Enable leader election for the controller manager. Enabling this will ensure there is only "
                "one active controller manager."_s,
                defaults.leaderElect, [](ParseState &state, bool value) { state.options.leaderElect = value; });
        addString(u"leader-election-namespace"_s,
                  u"The namespace of the leader election Lease. Empty: the namespace the operator runs in."_s,
                  &DaemonOptions::leaderElectionNamespace, defaults.leaderElectionNamespace);
        addBool(u"metrics-secure"_s,
                u"If set, the metrics endpoint is served securely via HTTPS. Use --metrics-secure=false to use "
                "HTTP instead."_s,
                defaults.metricsSecure, [](ParseState &state, bool value) { state.options.metricsSecure = value; });
        addBool(u"enable-webhooks"_s,
                u"Serve the admission and conversion webhooks (needs --webhook-cert-path). Replaces the "
                "deprecated ENABLE_WEBHOOKS environment variable, which is ignored when this flag is given."_s,
                defaults.enableWebhooks, [](ParseState &state, bool value) {
                    state.options.enableWebhooks = value;
                    state.options.enableWebhooksGiven = true;
                });
        list.append({u"webhook-port"_s, u"int"_s, u"The port the webhook server listens on."_s,
                     defaults.webhookPort == 0 ? QString() : QString::number(defaults.webhookPort),
                     [](ParseState &state, const QString &value) -> std::optional<QString> {
                         const std::optional<qint64> port = parseGoInt(value);
                         if (!port || *port < 1 || *port > 65535)
                             return u"want a port number from 1 to 65535"_s;
                         state.options.webhookPort = int(*port);
                         return std::nullopt;
                     },
                     {}});
        addString(u"webhook-cert-path"_s,
                  u"The directory that contains the webhook certificate (required with --enable-webhooks)."_s,
                  &DaemonOptions::webhookCertPath, defaults.webhookCertPath);
        addString(u"webhook-cert-name"_s, u"The name of the webhook certificate file."_s,
                  &DaemonOptions::webhookCertName, defaults.webhookCertName);
        addString(u"webhook-cert-key"_s, u"The name of the webhook key file."_s, &DaemonOptions::webhookCertKey,
                  defaults.webhookCertKey);
        list.append({u"webhook-cert-wait-timeout"_s, u"duration"_s,
                     u"How long to wait at start-up for the webhook certificate files to appear; 0 waits "
                     "forever."_s,
                     formatGoDuration(defaults.webhookCertWaitTimeout),
                     [](ParseState &state, const QString &value) -> std::optional<QString> {
                         const Result<std::chrono::nanoseconds> duration = parseGoDuration(value);
                         if (!duration)
                             return duration.errorMessage();
                         if (duration->count() < 0)
                             return u"must not be negative (0 waits forever)"_s;
                         state.options.webhookCertWaitTimeout = millisecondsRoundingUp(*duration);
                         return std::nullopt;
                     },
                     {}});
        addString(u"metrics-cert-path"_s, u"The directory that contains the metrics server certificate."_s,
                  &DaemonOptions::metricsCertPath, defaults.metricsCertPath);
        addString(u"metrics-cert-name"_s, u"The name of the metrics server certificate file."_s,
                  &DaemonOptions::metricsCertName, defaults.metricsCertName);
        addString(u"metrics-cert-key"_s, u"The name of the metrics server key file."_s,
                  &DaemonOptions::metricsCertKey, defaults.metricsCertKey);
        addBool(u"enable-http2"_s,
                u"Accepted for compatibility with the reference operator, without effect: the webhook and "
                "metrics listeners serve HTTP/1.1 only."_s,
                defaults.enableHttp2, [](ParseState &state, bool value) { state.options.enableHttp2 = value; });
        addString(u"kubeconfig"_s,
                  u"Path to a kubeconfig file. Empty: $KUBECONFIG, then the in-cluster service account, then "
                  "~/.kube/config."_s,
                  &DaemonOptions::kubeconfig, defaults.kubeconfig);
        addString(u"watch-namespace"_s, u"Only watch LocustTests in this namespace. Empty: all namespaces."_s,
                  &DaemonOptions::watchNamespace, defaults.watchNamespace);
        list.append({u"graceful-shutdown-timeout"_s, u"duration"_s,
                     u"How long to wait after SIGTERM for running reconciles and requests to finish before "
                     "exiting; greater than 0."_s,
                     formatGoDuration(defaults.gracefulShutdownTimeout),
                     [](ParseState &state, const QString &value) -> std::optional<QString> {
                         const Result<std::chrono::nanoseconds> duration = parseGoDuration(value);
                         if (!duration)
                             return duration.errorMessage();
                         if (duration->count() <= 0)
                             return u"must be greater than 0"_s;
                         state.options.gracefulShutdownTimeout = millisecondsRoundingUp(*duration);
                         return std::nullopt;
                     },
                     {}});
        list.append({u"log-format"_s, u"string"_s,
                     u"Log line format: json or text. When both this and --zap-encoder are given, the later "
                     "one wins."_s,
                     goQuote(loggingDefaults.format == Format::Json ? u"json"_s : u"text"_s),
                     [](ParseState &state, const QString &value) -> std::optional<QString> {
                         if (value.compare(u"json", Qt::CaseInsensitive) == 0)
                             state.format = Format::Json;
                         else if (value.compare(u"text", Qt::CaseInsensitive) == 0)
                             state.format = Format::Text;
                         else
                             return u"want json or text"_s;
                         return std::nullopt;
                     },
                     {}});
        addBool(u"zap-devel"_s,
                u"Development mode defaults: text format, level debug, stack traces from warn. Production "
                "mode defaults: json, info, error. Flags given explicitly win in both modes."_s,
                loggingDefaults.development,
                [](ParseState &state, bool value) { state.options.logging.development = value; });
        list.append({u"zap-encoder"_s, u"value"_s,
                     u"Log encoding: json or console (console is --log-format text)."_s, QString(),
                     [](ParseState &state, const QString &value) -> std::optional<QString> {
                         if (value.compare(u"json", Qt::CaseInsensitive) == 0)
                             state.format = Format::Json;
                         else if (value.compare(u"console", Qt::CaseInsensitive) == 0)
                             state.format = Format::Text;
                         else
                             return u"want json or console"_s;
                         return std::nullopt;
                     },
                     {}});
        list.append({u"zap-log-level"_s, u"value"_s,
                     u"Level to log at: %1, or an integer N > 0 to log debug lines up to verbosity N."_s.arg(
                         levelChoices()),
                     nameOf(levelNames(), loggingDefaults.level),
                     [](ParseState &state, const QString &value) -> std::optional<QString> {
                         if (const std::optional<Level> level = lookUp(levelNames(), value)) {
                             state.level = *level;
                             state.verbosity = 0;
                             return std::nullopt;
                         }
                         const std::optional<int> verbosity = parseGoAtoi(value);
                         if (!verbosity || *verbosity <= 0)
                             return u"want %1, or an integer greater than 0"_s.arg(levelChoices());
                         state.level = Level::Debug;
                         state.verbosity = *verbosity;
                         return std::nullopt;
                     },
                     {}});
        list.append({u"zap-stacktrace-level"_s, u"value"_s,
                     u"Level at and above which lines carry a stack trace: %1."_s.arg(levelChoices()),
                     nameOf(levelNames(), loggingDefaults.stacktraceLevel),
                     [](ParseState &state, const QString &value) -> std::optional<QString> {
                         const std::optional<Level> level = lookUp(levelNames(), value);
                         if (!level)
                             return u"want %1"_s.arg(levelChoices());
                         state.stacktraceLevel = *level;
                         return std::nullopt;
                     },
                     {}});
        list.append({u"zap-time-encoding"_s, u"value"_s, u"Time encoding: %1."_s.arg(timeEncodingChoices()),
                     nameOf(timeEncodingNames(), loggingDefaults.timeEncoding),
                     [](ParseState &state, const QString &value) -> std::optional<QString> {
                         const std::optional<TimeEncoding> encoding = lookUp(timeEncodingNames(), value);
                         if (!encoding)
                             return u"want %1"_s.arg(timeEncodingChoices());
                         state.options.logging.timeEncoding = *encoding;
                         return std::nullopt;
                     },
                     {}});

        std::sort(list.begin(), list.end(),
                  [](const FlagDefinition &a, const FlagDefinition &b) { return a.name < b.name; });
        return list;
    }();
    return flags;
}

const FlagDefinition *findFlag(const QString &name)
{
    for (const FlagDefinition &flag : flagDefinitions()) {
        if (flag.name == name)
            return &flag;
    }
    return nullptr;
}

// --zap-devel's defaults for what was not given, then what was.
LoggingOptions resolveLogging(const ParseState &state)
{
    LoggingOptions logging = state.options.logging;
    if (logging.development) {
        logging.format = Format::Text;
        logging.level = Level::Debug;
        logging.stacktraceLevel = Level::Warning;
    }
    if (state.format)
        logging.format = *state.format;
    if (state.level) {
        logging.level = *state.level;
        logging.verbosity = state.verbosity;
    }
    if (state.stacktraceLevel)
        logging.stacktraceLevel = *state.stacktraceLevel;
    return logging;
}

// The deprecated ENABLE_WEBHOOKS variable, read only when --enable-webhooks was not given.
void applyEnableWebhooksVariable(const QHash<QString, QString> &environment, DaemonOptions &options,
                                 QList<LogNote> &notes)
{
    const QString value = environment.value(u"ENABLE_WEBHOOKS"_s);
    if (value.isEmpty())
        return;
    notes.append({Level::Warning, u"ENABLE_WEBHOOKS env var is deprecated, use --enable-webhooks=true|false"_s,
                  QJsonObject{{u"removalRelease"_s, u"v2.3.0"_s}}});
    if (options.enableWebhooksGiven)
        return;
    if (const std::optional<bool> enabled = parseGoBool(value))
        options.enableWebhooks = *enabled;
    else
        notes.append({Level::Warning, u"ignoring ENABLE_WEBHOOKS: not a valid boolean"_s,
                      QJsonObject{{u"value"_s, value}}});
}

// Text from the command line inside an error message: as given when it is printable, else quoted with
// Go's escapes, so that the message stays one line.
QString printable(const QString &text)
{
    const QString quoted = goQuote(text);
    return quoted.size() == text.size() + 2 ? text : quoted;
}

ParseOutcome usageError(const QString &message)
{
    ParseOutcome outcome;
    outcome.kind = ParseOutcome::Kind::UsageError;
    outcome.errorMessage = message;
    outcome.usage = DaemonOptionsParser::usage();
    return outcome;
}

// Why an argument left after the flags is refused, with a hint for the two usual causes.
QString unexpectedArgumentMessage(const QString &argument, const FlagDefinition *previousBoolFlag)
{
    QString message = u"unexpected argument %1: locust-operator takes no arguments besides flags"_s.arg(
        goQuote(argument));
    if (previousBoolFlag && parseGoBool(argument)) {
        message += u" (a boolean flag takes its value after '=', as in --%1=%2)"_s.arg(previousBoolFlag->name,
                                                                                     argument);
    } else if (argument == u"validate" || argument == u"convert" || argument == u"render") {
        message += u" (the offline command %1 must be the first argument)"_s.arg(argument);
    }
    return message;
}

} // namespace

ParseOutcome DaemonOptionsParser::parse(const QStringList &arguments, const QHash<QString, QString> &environment)
{
    ParseState state;
    const FlagDefinition *previousBoolFlagWithoutValue = nullptr;
    qsizetype index = 0;
    // Go's FlagSet.parseOne, one argument (or flag and value) at a time.
    while (index < arguments.size()) {
        const QString &argument = arguments.at(index);
        if (argument.size() < 2 || argument.at(0) != u'-')
            break; // the first non-flag argument ends the flags ("-" alone is not a flag)
        int dashes = 1;
        if (argument.at(1) == u'-') {
            dashes = 2;
            if (argument.size() == 2) {
                ++index; // "--" ends the flags and is consumed
                previousBoolFlagWithoutValue = nullptr;
                break;
            }
        }
        QString name = argument.mid(dashes);
        if (name.isEmpty() || name.at(0) == u'-' || name.at(0) == u'=')
            return usageError(u"bad flag syntax: %1"_s.arg(printable(argument)));
        ++index;

        std::optional<QString> value;
        const qsizetype equals = name.indexOf(u'=', 1);
        if (equals > 0) {
            value = name.mid(equals + 1);
            name.truncate(equals);
        }

        const FlagDefinition *flag = findFlag(name);
        if (!flag) {
            if (name == u"help" || name == u"h") {
                ParseOutcome outcome;
                outcome.kind = ParseOutcome::Kind::Help;
                outcome.usage = usage();
                return outcome;
            }
            return usageError(u"flag provided but not defined: -%1"_s.arg(printable(name)));
        }

        previousBoolFlagWithoutValue = nullptr;
        if (flag->isBool()) {
            if (!value) {
                flag->setBool(state, true);
                previousBoolFlagWithoutValue = flag;
                continue;
            }
            const std::optional<bool> parsed = parseGoBool(*value);
            if (!parsed)
                return usageError(u"invalid boolean value %1 for -%2: parse error"_s.arg(goQuote(*value), name));
            flag->setBool(state, *parsed);
            continue;
        }

        if (!value) {
            if (index >= arguments.size())
                return usageError(u"flag needs an argument: -%1"_s.arg(name));
            value = arguments.at(index++); // the next argument, whatever it looks like, as Go does
        }
        if (const std::optional<QString> reason = flag->setValue(state, *value))
            return usageError(u"invalid value %1 for flag -%2: %3"_s.arg(goQuote(*value), name, *reason));
    }
    if (index < arguments.size())
        return usageError(unexpectedArgumentMessage(arguments.at(index), previousBoolFlagWithoutValue));

    ParseOutcome outcome;
    outcome.options = state.options;
    outcome.options.logging = resolveLogging(state);
    applyEnableWebhooksVariable(environment, outcome.options, outcome.notes);
    if (outcome.options.enableHttp2) {
        outcome.notes.append({Level::Warning,
                              u"--enable-http2 has no effect: the webhook and metrics listeners serve HTTP/1.1 only"_s,
                              {}});
    }
    return outcome;
}

QString DaemonOptionsParser::usage()
{
    QString text = u"Usage: locust-operator [flags]\n"
                   "       locust-operator validate|convert|render ...   offline commands, see "
                   "\"locust-operator help\"\n"
                   "\n"
                   "Runs the Locust operator: the LocustTest controller, the admission and conversion webhooks,\n"
                   "the health probes and the metrics endpoint.\n"
                   "\n"
                   "Flags (-flag and --flag are the same; boolean flags take -flag or -flag=false):\n"_s;
    // Go's flag.PrintDefaults layout.
    for (const FlagDefinition &flag : flagDefinitions()) {
        text += u"  -"_s + flag.name;
        if (!flag.typeName.isEmpty())
            text += u' ' + flag.typeName;
        text += u"\n    \t"_s + flag.help;
        if (!flag.defaultText.isEmpty())
            text += u" (default %1)"_s.arg(flag.defaultText);
        text += u'\n';
    }
    text += u"\nEnvironment: ENABLE_WEBHOOKS (deprecated: use --enable-webhooks) and the operator configuration\n"
            "variables of docs/configuration.md.\n"_s;
    return text;
}

std::optional<QString> DaemonOptionsParser::startupError(const DaemonOptions &options)
{
    if (options.enableWebhooks && options.webhookCertPath.isEmpty()) {
        return u"--webhook-cert-path is required when --enable-webhooks=true (the chart default is "
               "/tmp/k8s-webhook-server/serving-certs); or set --enable-webhooks=false to run without admission "
               "webhooks"_s;
    }
    return std::nullopt;
}

} // namespace locust::options
