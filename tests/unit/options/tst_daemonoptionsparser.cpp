#include "options/daemonoptionsparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using locust::logging::LoggingOptions;
using locust::logging::LogNote;
using locust::options::DaemonOptions;
using locust::options::DaemonOptionsParser;
using locust::options::ParseOutcome;
using Environment = QHash<QString, QString>;

namespace {

QString levelText(LoggingOptions::Level level)
{
    switch (level) {
    case LoggingOptions::Level::Debug:
        return u"debug"_s;
    case LoggingOptions::Level::Info:
        return u"info"_s;
    case LoggingOptions::Level::Warning:
        return u"warn"_s;
    case LoggingOptions::Level::Error:
        return u"error"_s;
    case LoggingOptions::Level::Panic:
        return u"panic"_s;
    }
    return u"?"_s;
}

QString timeEncodingText(LoggingOptions::TimeEncoding encoding)
{
    switch (encoding) {
    case LoggingOptions::TimeEncoding::Iso8601:
        return u"iso8601"_s;
    case LoggingOptions::TimeEncoding::Rfc3339:
        return u"rfc3339"_s;
    case LoggingOptions::TimeEncoding::Rfc3339Nano:
        return u"rfc3339nano"_s;
    case LoggingOptions::TimeEncoding::Epoch:
        return u"epoch"_s;
    case LoggingOptions::TimeEncoding::Millis:
        return u"millis"_s;
    case LoggingOptions::TimeEncoding::Nano:
        return u"nano"_s;
    }
    return u"?"_s;
}

// Every field of DaemonOptions, so that one comparison checks that a flag changed what it should and
// nothing else.
QJsonObject describe(const DaemonOptions &options)
{
    return QJsonObject{
        {u"metricsBindAddress"_s, options.metricsBindAddress},
        {u"healthProbeBindAddress"_s, options.healthProbeBindAddress},
        {u"leaderElect"_s, options.leaderElect},
        {u"leaderElectionNamespace"_s, options.leaderElectionNamespace},
        {u"metricsSecure"_s, options.metricsSecure},
        {u"enableWebhooks"_s, options.enableWebhooks},
        {u"enableWebhooksGiven"_s, options.enableWebhooksGiven},
        {u"webhookPort"_s, options.webhookPort},
        {u"webhookCertPath"_s, options.webhookCertPath},
        {u"webhookCertName"_s, options.webhookCertName},
        {u"webhookCertKey"_s, options.webhookCertKey},
        {u"webhookCertWaitTimeoutMs"_s, qint64(options.webhookCertWaitTimeout.count())},
        {u"metricsCertPath"_s, options.metricsCertPath},
        {u"metricsCertName"_s, options.metricsCertName},
        {u"metricsCertKey"_s, options.metricsCertKey},
        {u"enableHttp2"_s, options.enableHttp2},
        {u"kubeconfig"_s, options.kubeconfig},
        {u"watchNamespace"_s, options.watchNamespace},
        {u"gracefulShutdownTimeoutMs"_s, qint64(options.gracefulShutdownTimeout.count())},
        {u"log.format"_s, options.logging.format == LoggingOptions::Format::Json ? u"json"_s : u"text"_s},
        {u"log.level"_s, levelText(options.logging.level)},
        {u"log.verbosity"_s, options.logging.verbosity},
        {u"log.stacktraceLevel"_s, levelText(options.logging.stacktraceLevel)},
        {u"log.timeEncoding"_s, timeEncodingText(options.logging.timeEncoding)},
        {u"log.development"_s, options.logging.development},
    };
}

QJsonArray describe(const QList<LogNote> &notes)
{
    QJsonArray array;
    for (const LogNote &note : notes)
        array.append(QJsonObject{{u"level"_s, levelText(note.level)}, {u"message"_s, note.message},
                                 {u"fields"_s, note.fields}});
    return array;
}

QString asText(const QJsonValue &value)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
}

// The keys whose values differ, one line each ("" when equal).
QString differences(const QJsonObject &actual, const QJsonObject &expected)
{
    QStringList lines;
    QStringList keys = actual.keys() + expected.keys();
    keys.removeDuplicates();
    for (const QString &key : keys) {
        if (actual.value(key) != expected.value(key)) {
            lines += u"%1: actual %2, expected %3"_s.arg(key, asText(actual.value(key)),
                                                         asText(expected.value(key)));
        }
    }
    return lines.join(u'\n');
}

QJsonObject defaultsWith(const QJsonObject &changes)
{
    QJsonObject expected = describe(DaemonOptions{});
    for (auto change = changes.begin(); change != changes.end(); ++change) {
        if (!expected.contains(change.key()))
            qFatal("test error: no option named %s", qPrintable(change.key()));
        expected.insert(change.key(), change.value());
    }
    return expected;
}

QJsonObject deprecationNote()
{
    return {{u"level"_s, u"warn"_s},
            {u"message"_s, u"ENABLE_WEBHOOKS env var is deprecated, use --enable-webhooks=true|false"_s},
            {u"fields"_s, QJsonObject{{u"removalRelease"_s, u"v2.3.0"_s}}}};
}

QJsonObject invalidVariableNote(const QString &value)
{
    return {{u"level"_s, u"warn"_s},
            {u"message"_s, u"ignoring ENABLE_WEBHOOKS: not a valid boolean"_s},
            {u"fields"_s, QJsonObject{{u"value"_s, value}}}};
}

QJsonObject http2Note()
{
    return {{u"level"_s, u"warn"_s},
            {u"message"_s, u"--enable-http2 has no effect: the webhook and metrics listeners serve HTTP/1.1 only"_s},
            {u"fields"_s, QJsonObject()}};
}

const QStringList allFlagNames = {
    u"enable-http2"_s,           u"enable-webhooks"_s,      u"graceful-shutdown-timeout"_s,
    u"health-probe-bind-address"_s, u"kubeconfig"_s,        u"leader-elect"_s,
    u"leader-election-namespace"_s, u"log-format"_s,        u"metrics-bind-address"_s,
    u"metrics-cert-key"_s,       u"metrics-cert-name"_s,    u"metrics-cert-path"_s,
    u"metrics-secure"_s,         u"watch-namespace"_s,      u"webhook-cert-key"_s,
    u"webhook-cert-name"_s,      u"webhook-cert-path"_s,    u"webhook-cert-wait-timeout"_s,
    u"webhook-port"_s,           u"zap-devel"_s,            u"zap-encoder"_s,
    u"zap-log-level"_s,          u"zap-stacktrace-level"_s, u"zap-time-encoding"_s,
};

} // namespace

class DaemonOptionsParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults()
    {
        const ParseOutcome outcome = DaemonOptionsParser::parse({}, {});
        QCOMPARE(outcome.kind, ParseOutcome::Kind::Options);
        QCOMPARE(outcome.exitCode(), 0);
        QVERIFY(outcome.notes.isEmpty());
        QVERIFY(outcome.errorMessage.isEmpty());
        // The reference operator's defaults (and the header's), spelled out.
        const QJsonObject expected{
            {u"metricsBindAddress"_s, u"0"_s},
            {u"healthProbeBindAddress"_s, u":8081"_s},
            {u"leaderElect"_s, false},
            {u"leaderElectionNamespace"_s, u""_s},
            {u"metricsSecure"_s, true},
            {u"enableWebhooks"_s, false},
            {u"enableWebhooksGiven"_s, false},
            {u"webhookPort"_s, 9443},
            {u"webhookCertPath"_s, u""_s},
            {u"webhookCertName"_s, u"tls.crt"_s},
            {u"webhookCertKey"_s, u"tls.key"_s},
            {u"webhookCertWaitTimeoutMs"_s, 120000},
            {u"metricsCertPath"_s, u""_s},
            {u"metricsCertName"_s, u"tls.crt"_s},
            {u"metricsCertKey"_s, u"tls.key"_s},
            {u"enableHttp2"_s, false},
            {u"kubeconfig"_s, u""_s},
            {u"watchNamespace"_s, u""_s},
            {u"gracefulShutdownTimeoutMs"_s, 30000},
            {u"log.format"_s, u"json"_s},
            {u"log.level"_s, u"info"_s},
            {u"log.verbosity"_s, 0},
            {u"log.stacktraceLevel"_s, u"error"_s},
            {u"log.timeEncoding"_s, u"iso8601"_s},
            {u"log.development"_s, false},
        };
        const QString difference = differences(describe(outcome.options), expected);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    void setsOptions_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QJsonObject>("changes");

        // Every flag, in both of Go's spellings.
        QTest::newRow("metrics-bind-address=") << QStringList{u"--metrics-bind-address=:8443"_s}
                                               << QJsonObject{{u"metricsBindAddress"_s, u":8443"_s}};
        QTest::newRow("-metrics-bind-address value") << QStringList{u"-metrics-bind-address"_s, u"127.0.0.1:8080"_s}
                                                     << QJsonObject{{u"metricsBindAddress"_s, u"127.0.0.1:8080"_s}};
        QTest::newRow("health-probe-bind-address 0") << QStringList{u"--health-probe-bind-address"_s, u"0"_s}
                                                     << QJsonObject{{u"healthProbeBindAddress"_s, u"0"_s}};
        QTest::newRow("health-probe-bind-address IPv6") << QStringList{u"-health-probe-bind-address=[::]:9000"_s}
                                                        << QJsonObject{{u"healthProbeBindAddress"_s, u"[::]:9000"_s}};
        QTest::newRow("leader-elect") << QStringList{u"--leader-elect"_s} << QJsonObject{{u"leaderElect"_s, true}};
        QTest::newRow("-leader-elect") << QStringList{u"-leader-elect"_s} << QJsonObject{{u"leaderElect"_s, true}};
        for (const QString &spelling : {u"1"_s, u"t"_s, u"T"_s, u"TRUE"_s, u"true"_s, u"True"_s}) {
            QTest::addRow("leader-elect=%s", qPrintable(spelling))
                << QStringList{u"--leader-elect="_s + spelling} << QJsonObject{{u"leaderElect"_s, true}};
        }
        for (const QString &spelling : {u"0"_s, u"f"_s, u"F"_s, u"FALSE"_s, u"false"_s, u"False"_s}) {
            QTest::addRow("metrics-secure=%s", qPrintable(spelling))
                << QStringList{u"--metrics-secure="_s + spelling} << QJsonObject{{u"metricsSecure"_s, false}};
        }
        QTest::newRow("leader-elect then =false") << QStringList{u"--leader-elect"_s, u"--leader-elect=false"_s}
                                                  << QJsonObject{};
        QTest::newRow("leader-election-namespace") << QStringList{u"--leader-election-namespace"_s, u"ops"_s}
                                                   << QJsonObject{{u"leaderElectionNamespace"_s, u"ops"_s}};
        QTest::newRow("metrics-secure plain keeps true") << QStringList{u"-metrics-secure"_s}
                                                         << QJsonObject{{u"metricsSecure"_s, true}};
        QTest::newRow("enable-webhooks") << QStringList{u"--enable-webhooks"_s}
                                         << QJsonObject{{u"enableWebhooks"_s, true}, {u"enableWebhooksGiven"_s, true}};
        QTest::newRow("enable-webhooks=false is given too")
            << QStringList{u"--enable-webhooks=false"_s}
            << QJsonObject{{u"enableWebhooks"_s, false}, {u"enableWebhooksGiven"_s, true}};
        QTest::newRow("webhook-port") << QStringList{u"--webhook-port"_s, u"8443"_s}
                                      << QJsonObject{{u"webhookPort"_s, 8443}};
        QTest::newRow("webhook-port lowest") << QStringList{u"--webhook-port=1"_s} << QJsonObject{{u"webhookPort"_s, 1}};
        QTest::newRow("webhook-port highest") << QStringList{u"--webhook-port=65535"_s}
                                              << QJsonObject{{u"webhookPort"_s, 65535}};
        QTest::newRow("webhook-port plus sign") << QStringList{u"--webhook-port=+443"_s}
                                                << QJsonObject{{u"webhookPort"_s, 443}};
        // Go's int flags read numbers as Go source does (strconv.ParseInt base 0).
        QTest::newRow("webhook-port hexadecimal") << QStringList{u"--webhook-port=0x24E3"_s}
                                                  << QJsonObject{{u"webhookPort"_s, 9443}};
        QTest::newRow("webhook-port octal prefix") << QStringList{u"--webhook-port=0o22343"_s}
                                                   << QJsonObject{{u"webhookPort"_s, 9443}};
        QTest::newRow("webhook-port leading zero is octal") << QStringList{u"--webhook-port=011"_s}
                                                            << QJsonObject{{u"webhookPort"_s, 9}};
        QTest::newRow("webhook-port binary") << QStringList{u"--webhook-port=0b1010"_s}
                                             << QJsonObject{{u"webhookPort"_s, 10}};
        QTest::newRow("webhook-port underscore") << QStringList{u"--webhook-port=9_443"_s}
                                                 << QJsonObject{{u"webhookPort"_s, 9443}};
        QTest::newRow("webhook-port underscore after prefix") << QStringList{u"--webhook-port=0x_24e3"_s}
                                                              << QJsonObject{{u"webhookPort"_s, 9443}};
        QTest::newRow("webhook-cert-path") << QStringList{u"--webhook-cert-path=/tmp/certs"_s}
                                           << QJsonObject{{u"webhookCertPath"_s, u"/tmp/certs"_s}};
        QTest::newRow("webhook-cert-name") << QStringList{u"--webhook-cert-name"_s, u"cert.pem"_s}
                                           << QJsonObject{{u"webhookCertName"_s, u"cert.pem"_s}};
        QTest::newRow("webhook-cert-key") << QStringList{u"-webhook-cert-key=key.pem"_s}
                                          << QJsonObject{{u"webhookCertKey"_s, u"key.pem"_s}};
        QTest::newRow("webhook-cert-wait-timeout") << QStringList{u"--webhook-cert-wait-timeout=5m"_s}
                                                   << QJsonObject{{u"webhookCertWaitTimeoutMs"_s, 300000}};
        QTest::newRow("webhook-cert-wait-timeout 0 forever") << QStringList{u"--webhook-cert-wait-timeout"_s, u"0"_s}
                                                             << QJsonObject{{u"webhookCertWaitTimeoutMs"_s, 0}};
        QTest::newRow("webhook-cert-wait-timeout decimal") << QStringList{u"--webhook-cert-wait-timeout=1.5s"_s}
                                                           << QJsonObject{{u"webhookCertWaitTimeoutMs"_s, 1500}};
        QTest::newRow("webhook-cert-wait-timeout 1ns is not forever")
            << QStringList{u"--webhook-cert-wait-timeout=1ns"_s} << QJsonObject{{u"webhookCertWaitTimeoutMs"_s, 1}};
        QTest::newRow("metrics-cert-path") << QStringList{u"--metrics-cert-path"_s, u"/certs/metrics"_s}
                                           << QJsonObject{{u"metricsCertPath"_s, u"/certs/metrics"_s}};
        QTest::newRow("metrics-cert-name") << QStringList{u"--metrics-cert-name=m.crt"_s}
                                           << QJsonObject{{u"metricsCertName"_s, u"m.crt"_s}};
        QTest::newRow("metrics-cert-key") << QStringList{u"--metrics-cert-key=m.key"_s}
                                          << QJsonObject{{u"metricsCertKey"_s, u"m.key"_s}};
        QTest::newRow("enable-http2") << QStringList{u"--enable-http2"_s} << QJsonObject{{u"enableHttp2"_s, true}};
        QTest::newRow("kubeconfig") << QStringList{u"--kubeconfig"_s, u"/home/me/.kube/dev"_s}
                                    << QJsonObject{{u"kubeconfig"_s, u"/home/me/.kube/dev"_s}};
        QTest::newRow("watch-namespace") << QStringList{u"--watch-namespace=load-tests"_s}
                                         << QJsonObject{{u"watchNamespace"_s, u"load-tests"_s}};
        QTest::newRow("graceful-shutdown-timeout") << QStringList{u"--graceful-shutdown-timeout=45s"_s}
                                                   << QJsonObject{{u"gracefulShutdownTimeoutMs"_s, 45000}};
        QTest::newRow("graceful-shutdown-timeout sequence") << QStringList{u"--graceful-shutdown-timeout"_s, u"1m30s"_s}
                                                            << QJsonObject{{u"gracefulShutdownTimeoutMs"_s, 90000}};
        QTest::newRow("graceful-shutdown-timeout largest")
            << QStringList{u"--graceful-shutdown-timeout=2562047h47m16.854775807s"_s}
            << QJsonObject{{u"gracefulShutdownTimeoutMs"_s, qint64(9'223'372'036'854)}};
        QTest::newRow("graceful-shutdown-timeout 1ns rounds up") << QStringList{u"--graceful-shutdown-timeout=1ns"_s}
                                                                 << QJsonObject{{u"gracefulShutdownTimeoutMs"_s, 1}};

        // Logging.
        QTest::newRow("log-format text") << QStringList{u"--log-format=text"_s} << QJsonObject{{u"log.format"_s, u"text"_s}};
        QTest::newRow("log-format json") << QStringList{u"--log-format"_s, u"json"_s}
                                         << QJsonObject{{u"log.format"_s, u"json"_s}};
        QTest::newRow("log-format any case") << QStringList{u"--log-format=TEXT"_s}
                                             << QJsonObject{{u"log.format"_s, u"text"_s}};
        QTest::newRow("zap-encoder console") << QStringList{u"--zap-encoder=console"_s}
                                             << QJsonObject{{u"log.format"_s, u"text"_s}};
        QTest::newRow("zap-encoder json") << QStringList{u"--zap-encoder"_s, u"json"_s}
                                          << QJsonObject{{u"log.format"_s, u"json"_s}};
        QTest::newRow("log-format then zap-encoder") << QStringList{u"--log-format=text"_s, u"--zap-encoder=json"_s}
                                                     << QJsonObject{{u"log.format"_s, u"json"_s}};
        QTest::newRow("zap-encoder then log-format") << QStringList{u"--zap-encoder=json"_s, u"--log-format=text"_s}
                                                     << QJsonObject{{u"log.format"_s, u"text"_s}};
        QTest::newRow("zap-encoder console then log-format json")
            << QStringList{u"--zap-encoder=console"_s, u"--log-format=json"_s} << QJsonObject{{u"log.format"_s, u"json"_s}};
        QTest::newRow("log-format json then zap-encoder console")
            << QStringList{u"--log-format=json"_s, u"--zap-encoder=console"_s} << QJsonObject{{u"log.format"_s, u"text"_s}};

        const QJsonObject development{{u"log.development"_s, true},
                                      {u"log.format"_s, u"text"_s},
                                      {u"log.level"_s, u"debug"_s},
                                      {u"log.stacktraceLevel"_s, u"warn"_s}};
        auto developmentWith = [&development](const QJsonObject &changes) {
            QJsonObject object = development;
            for (auto change = changes.begin(); change != changes.end(); ++change)
                object.insert(change.key(), change.value());
            return object;
        };
        QTest::newRow("zap-devel") << QStringList{u"--zap-devel"_s} << development;
        QTest::newRow("zap-devel=true") << QStringList{u"--zap-devel=true"_s} << development;
        QTest::newRow("zap-devel=false") << QStringList{u"--zap-devel=false"_s} << QJsonObject{};
        QTest::newRow("zap-devel then =false") << QStringList{u"--zap-devel"_s, u"--zap-devel=false"_s} << QJsonObject{};
        QTest::newRow("zap-devel keeps explicit level after")
            << QStringList{u"--zap-devel"_s, u"--zap-log-level=info"_s}
            << developmentWith({{u"log.level"_s, u"info"_s}});
        QTest::newRow("zap-devel keeps explicit level before")
            << QStringList{u"--zap-log-level=error"_s, u"--zap-devel"_s}
            << developmentWith({{u"log.level"_s, u"error"_s}});
        QTest::newRow("zap-devel keeps explicit stack trace level")
            << QStringList{u"--zap-stacktrace-level=panic"_s, u"--zap-devel"_s}
            << developmentWith({{u"log.stacktraceLevel"_s, u"panic"_s}});
        QTest::newRow("zap-devel keeps explicit log-format")
            << QStringList{u"--zap-devel"_s, u"--log-format=json"_s} << developmentWith({{u"log.format"_s, u"json"_s}});
        QTest::newRow("zap-devel keeps explicit zap-encoder")
            << QStringList{u"--zap-encoder=json"_s, u"--zap-devel"_s} << developmentWith({{u"log.format"_s, u"json"_s}});
        QTest::newRow("zap-devel keeps verbosity")
            << QStringList{u"--zap-log-level=3"_s, u"--zap-devel"_s} << developmentWith({{u"log.verbosity"_s, 3}});
        QTest::newRow("zap-devel time encoding untouched")
            << QStringList{u"--zap-devel"_s, u"--zap-time-encoding=epoch"_s}
            << developmentWith({{u"log.timeEncoding"_s, u"epoch"_s}});

        const QList<std::pair<QString, QString>> levels = {{u"debug"_s, u"debug"_s}, {u"DEBUG"_s, u"debug"_s},
                                                           {u"info"_s, u"info"_s},   {u"warn"_s, u"warn"_s},
                                                           {u"Error"_s, u"error"_s}, {u"panic"_s, u"panic"_s}};
        for (const auto &[text, level] : levels) {
            QTest::addRow("zap-log-level=%s", qPrintable(text))
                << QStringList{u"--zap-log-level="_s + text} << QJsonObject{{u"log.level"_s, level}};
            QTest::addRow("zap-stacktrace-level=%s", qPrintable(text))
                << QStringList{u"--zap-stacktrace-level"_s, text} << QJsonObject{{u"log.stacktraceLevel"_s, level}};
        }
        QTest::newRow("zap-log-level=1") << QStringList{u"--zap-log-level=1"_s}
                                         << QJsonObject{{u"log.level"_s, u"debug"_s}, {u"log.verbosity"_s, 1}};
        QTest::newRow("zap-log-level=5") << QStringList{u"--zap-log-level"_s, u"5"_s}
                                         << QJsonObject{{u"log.level"_s, u"debug"_s}, {u"log.verbosity"_s, 5}};
        QTest::newRow("zap-log-level=+2") << QStringList{u"--zap-log-level=+2"_s}
                                          << QJsonObject{{u"log.level"_s, u"debug"_s}, {u"log.verbosity"_s, 2}};
        QTest::newRow("zap-log-level=007") << QStringList{u"--zap-log-level=007"_s}
                                           << QJsonObject{{u"log.level"_s, u"debug"_s}, {u"log.verbosity"_s, 7}};
        QTest::newRow("zap-log-level number then name") << QStringList{u"--zap-log-level=4"_s, u"--zap-log-level=warn"_s}
                                                        << QJsonObject{{u"log.level"_s, u"warn"_s}};
        const QList<std::pair<QString, QString>> encodings = {
            {u"epoch"_s, u"epoch"_s},     {u"millis"_s, u"millis"_s},   {u"nano"_s, u"nano"_s},
            {u"nanos"_s, u"nano"_s},      {u"iso8601"_s, u"iso8601"_s}, {u"ISO8601"_s, u"iso8601"_s},
            {u"rfc3339"_s, u"rfc3339"_s}, {u"RFC3339Nano"_s, u"rfc3339nano"_s}, {u"rfc3339nano"_s, u"rfc3339nano"_s}};
        for (const auto &[text, encoding] : encodings) {
            QTest::addRow("zap-time-encoding=%s", qPrintable(text))
                << QStringList{u"--zap-time-encoding="_s + text} << QJsonObject{{u"log.timeEncoding"_s, encoding}};
        }

        // Go flag quirks.
        QTest::newRow("last value wins") << QStringList{u"--kubeconfig=a"_s, u"-kubeconfig"_s, u"b"_s}
                                         << QJsonObject{{u"kubeconfig"_s, u"b"_s}};
        QTest::newRow("value that looks like a flag") << QStringList{u"--kubeconfig"_s, u"--leader-elect"_s}
                                                      << QJsonObject{{u"kubeconfig"_s, u"--leader-elect"_s}};
        QTest::newRow("value -h is a value") << QStringList{u"--watch-namespace"_s, u"-h"_s}
                                             << QJsonObject{{u"watchNamespace"_s, u"-h"_s}};
        QTest::newRow("value -- is a value") << QStringList{u"--watch-namespace"_s, u"--"_s, u"--leader-elect"_s}
                                             << QJsonObject{{u"watchNamespace"_s, u"--"_s}, {u"leaderElect"_s, true}};
        QTest::newRow("empty value after =") << QStringList{u"--leader-election-namespace="_s}
                                             << QJsonObject{{u"leaderElectionNamespace"_s, u""_s}};
        QTest::newRow("empty next argument") << QStringList{u"--webhook-cert-name"_s, u""_s}
                                             << QJsonObject{{u"webhookCertName"_s, u""_s}};
        QTest::newRow("= inside the value") << QStringList{u"--kubeconfig=a=b"_s}
                                            << QJsonObject{{u"kubeconfig"_s, u"a=b"_s}};
        QTest::newRow("double dash ends flags") << QStringList{u"--leader-elect"_s, u"--"_s}
                                                << QJsonObject{{u"leaderElect"_s, true}};
        QTest::newRow("unicode value") << QStringList{u"--watch-namespace=\u00e9t\u00e9"_s}
                                       << QJsonObject{{u"watchNamespace"_s, u"\u00e9t\u00e9"_s}};
        QTest::newRow("the chart's arguments")
            << QStringList{u"--leader-elect"_s,
                           u"--health-probe-bind-address=:8081"_s,
                           u"--metrics-bind-address=:8443"_s,
                           u"--enable-webhooks=true"_s,
                           u"--webhook-cert-path=/tmp/k8s-webhook-server/serving-certs"_s,
                           u"--zap-log-level=info"_s,
                           u"--zap-encoder=json"_s}
            << QJsonObject{{u"leaderElect"_s, true},
                           {u"metricsBindAddress"_s, u":8443"_s},
                           {u"enableWebhooks"_s, true},
                           {u"enableWebhooksGiven"_s, true},
                           {u"webhookCertPath"_s, u"/tmp/k8s-webhook-server/serving-certs"_s}};
    }

    void setsOptions()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QJsonObject, changes);
        const ParseOutcome outcome = DaemonOptionsParser::parse(arguments, {});
        QVERIFY2(outcome.kind == ParseOutcome::Kind::Options, qPrintable(outcome.errorMessage));
        QCOMPARE(outcome.exitCode(), 0);
        const QString difference = differences(describe(outcome.options), defaultsWith(changes));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        const QJsonArray expectedNotes = outcome.options.enableHttp2 ? QJsonArray{http2Note()} : QJsonArray{};
        QCOMPARE(describe(outcome.notes), expectedNotes);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");

        QTest::newRow("unknown flag") << QStringList{u"--nope"_s} << u"flag provided but not defined: -nope"_s;
        QTest::newRow("unknown flag with value") << QStringList{u"-nope=1"_s} << u"flag provided but not defined: -nope"_s;
        QTest::newRow("unknown after known") << QStringList{u"--leader-elect"_s, u"--verbose"_s}
                                             << u"flag provided but not defined: -verbose"_s;
        QTest::newRow("names are case-sensitive") << QStringList{u"--Leader-Elect"_s}
                                                  << u"flag provided but not defined: -Leader-Elect"_s;
        QTest::newRow("first error wins") << QStringList{u"--nope"_s, u"--help"_s}
                                          << u"flag provided but not defined: -nope"_s;
        QTest::newRow("unknown flag with a line break") << QStringList{u"--no\npe"_s}
                                                        << u"flag provided but not defined: -\"no\\npe\""_s;
        QTest::newRow("missing value") << QStringList{u"--kubeconfig"_s} << u"flag needs an argument: -kubeconfig"_s;
        QTest::newRow("missing value after others") << QStringList{u"--leader-elect"_s, u"-metrics-bind-address"_s}
                                                    << u"flag needs an argument: -metrics-bind-address"_s;
        QTest::newRow("missing duration") << QStringList{u"--graceful-shutdown-timeout"_s}
                                          << u"flag needs an argument: -graceful-shutdown-timeout"_s;
        QTest::newRow("bad boolean") << QStringList{u"--leader-elect=yes"_s}
                                     << u"invalid boolean value \"yes\" for -leader-elect: parse error"_s;
        QTest::newRow("empty boolean") << QStringList{u"--metrics-secure="_s}
                                       << u"invalid boolean value \"\" for -metrics-secure: parse error"_s;
        QTest::newRow("mixed-case boolean") << QStringList{u"--enable-webhooks=tRUE"_s}
                                            << u"invalid boolean value \"tRUE\" for -enable-webhooks: parse error"_s;
        QTest::newRow("boolean with space") << QStringList{u"--zap-devel= true"_s}
                                            << u"invalid boolean value \" true\" for -zap-devel: parse error"_s;
        QTest::newRow("boolean value as next argument")
            << QStringList{u"--leader-elect"_s, u"false"_s}
            << u"unexpected argument \"false\": locust-operator takes no arguments besides flags (a boolean flag takes "
               "its value after '=', as in --leader-elect=false)"_s;
        QTest::newRow("boolean value 1 as next argument")
            << QStringList{u"-enable-webhooks"_s, u"1"_s}
            << u"unexpected argument \"1\": locust-operator takes no arguments besides flags (a boolean flag takes "
               "its value after '=', as in --enable-webhooks=1)"_s;
        QTest::newRow("positional argument") << QStringList{u"run"_s}
                                             << u"unexpected argument \"run\": locust-operator takes no arguments "
                                                "besides flags"_s;
        QTest::newRow("positional stops the flags") << QStringList{u"run"_s, u"--nope"_s}
                                                    << u"unexpected argument \"run\": locust-operator takes no "
                                                       "arguments besides flags"_s;
        QTest::newRow("flags after double dash") << QStringList{u"--"_s, u"--leader-elect"_s}
                                                 << u"unexpected argument \"--leader-elect\": locust-operator takes no "
                                                    "arguments besides flags"_s;
        QTest::newRow("single dash") << QStringList{u"-"_s}
                                     << u"unexpected argument \"-\": locust-operator takes no arguments besides flags"_s;
        QTest::newRow("empty argument") << QStringList{u""_s}
                                        << u"unexpected argument \"\": locust-operator takes no arguments besides flags"_s;
        QTest::newRow("offline command not first")
            << QStringList{u"--leader-elect"_s, u"validate"_s}
            << u"unexpected argument \"validate\": locust-operator takes no arguments besides flags (the offline "
               "command validate must be the first argument)"_s;
        QTest::newRow("three dashes") << QStringList{u"---leader-elect"_s} << u"bad flag syntax: ---leader-elect"_s;
        QTest::newRow("equals first") << QStringList{u"-=x"_s} << u"bad flag syntax: -=x"_s;
        QTest::newRow("double dash equals") << QStringList{u"--=x"_s} << u"bad flag syntax: --=x"_s;

        QTest::newRow("bind address without port")
            << QStringList{u"--metrics-bind-address=8080"_s}
            << u"invalid value \"8080\" for flag -metrics-bind-address: invalid bind address \"8080\": missing port; "
               "expected [host]:port such as :8081, 0.0.0.0:8081, [::1]:8081 or localhost:8081, or 0 to disable"_s;
        QTest::newRow("bind address port 0")
            << QStringList{u"--health-probe-bind-address"_s, u":0"_s}
            << u"invalid value \":0\" for flag -health-probe-bind-address: invalid bind address \":0\": port 0 (any "
               "free port) is not allowed; use 0 alone to disable the listener"_s;
        QTest::newRow("bind address host name")
            << QStringList{u"--health-probe-bind-address=probe.local:8081"_s}
            << u"invalid value \"probe.local:8081\" for flag -health-probe-bind-address: invalid bind address "
               "\"probe.local:8081\": host \"probe.local\" is not an IP address or localhost (host names are not "
               "resolved)"_s;
        for (const QString &port : {u"0"_s, u"65536"_s, u"-1"_s, u"abc"_s, u"09443"_s, u"1__0"_s, u"_1"_s, u"1_"_s,
                                    u""_s, u"0x"_s, u" 443"_s, u"443 "_s, u"4.4"_s, u"99999999999999999999"_s}) {
            QTest::addRow("webhook-port %s", qPrintable(port))
                << QStringList{u"--webhook-port="_s + port}
                << u"invalid value \"%1\" for flag -webhook-port: want a port number from 1 to 65535"_s.arg(port);
        }
        QTest::newRow("wait timeout negative")
            << QStringList{u"--webhook-cert-wait-timeout=-1s"_s}
            << u"invalid value \"-1s\" for flag -webhook-cert-wait-timeout: must not be negative (0 waits forever)"_s;
        QTest::newRow("wait timeout without unit")
            << QStringList{u"--webhook-cert-wait-timeout"_s, u"10"_s}
            << u"invalid value \"10\" for flag -webhook-cert-wait-timeout: time: missing unit in duration \"10\""_s;
        QTest::newRow("wait timeout days")
            << QStringList{u"--webhook-cert-wait-timeout=1d"_s}
            << u"invalid value \"1d\" for flag -webhook-cert-wait-timeout: time: unknown unit \"d\" in duration \"1d\""_s;
        QTest::newRow("shutdown timeout zero")
            << QStringList{u"--graceful-shutdown-timeout=0"_s}
            << u"invalid value \"0\" for flag -graceful-shutdown-timeout: must be greater than 0"_s;
        QTest::newRow("shutdown timeout 0s")
            << QStringList{u"--graceful-shutdown-timeout=0s"_s}
            << u"invalid value \"0s\" for flag -graceful-shutdown-timeout: must be greater than 0"_s;
        QTest::newRow("shutdown timeout negative")
            << QStringList{u"--graceful-shutdown-timeout=-5s"_s}
            << u"invalid value \"-5s\" for flag -graceful-shutdown-timeout: must be greater than 0"_s;
        QTest::newRow("shutdown timeout garbage")
            << QStringList{u"--graceful-shutdown-timeout=soon"_s}
            << u"invalid value \"soon\" for flag -graceful-shutdown-timeout: time: invalid duration \"soon\""_s;
        QTest::newRow("log-format xml") << QStringList{u"--log-format=xml"_s}
                                        << u"invalid value \"xml\" for flag -log-format: want json or text"_s;
        QTest::newRow("log-format console") << QStringList{u"--log-format=console"_s}
                                            << u"invalid value \"console\" for flag -log-format: want json or text"_s;
        QTest::newRow("zap-encoder text") << QStringList{u"--zap-encoder=text"_s}
                                          << u"invalid value \"text\" for flag -zap-encoder: want json or console"_s;
        const QString levelChoices = u"want debug, info, warn, error or panic"_s;
        for (const QString &level : {u"0"_s, u"-1"_s, u"verbose"_s, u""_s, u" 1"_s, u"1.5"_s, u"warning"_s,
                                     u"0x2"_s, u"99999999999"_s}) {
            QTest::addRow("zap-log-level %s", qPrintable(level))
                << QStringList{u"--zap-log-level="_s + level}
                << u"invalid value \"%1\" for flag -zap-log-level: %2, or an integer greater than 0"_s.arg(level,
                                                                                                        levelChoices);
        }
        for (const QString &level : {u"fatal"_s, u"1"_s, u""_s}) {
            QTest::addRow("zap-stacktrace-level %s", qPrintable(level))
                << QStringList{u"--zap-stacktrace-level="_s + level}
                << u"invalid value \"%1\" for flag -zap-stacktrace-level: %2"_s.arg(level, levelChoices);
        }
        QTest::newRow("zap-time-encoding unix")
            << QStringList{u"--zap-time-encoding=unix"_s}
            << u"invalid value \"unix\" for flag -zap-time-encoding: want epoch, millis, nano, iso8601, rfc3339 or "
               "rfc3339nano"_s;
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const ParseOutcome outcome = DaemonOptionsParser::parse(arguments, {{u"ENABLE_WEBHOOKS"_s, u"true"_s}});
        QCOMPARE(outcome.kind, ParseOutcome::Kind::UsageError);
        QCOMPARE(outcome.exitCode(), 2);
        QCOMPARE(outcome.errorMessage, message);
        QCOMPARE(outcome.usage, DaemonOptionsParser::usage());
        QVERIFY(outcome.notes.isEmpty()); // nothing is logged for a command line that is refused
    }

    void help_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("-h") << QStringList{u"-h"_s};
        QTest::newRow("-help") << QStringList{u"-help"_s};
        QTest::newRow("--help") << QStringList{u"--help"_s};
        QTest::newRow("--h") << QStringList{u"--h"_s};
        QTest::newRow("-help with a value") << QStringList{u"-help=false"_s};
        QTest::newRow("after flags") << QStringList{u"--leader-elect"_s, u"--zap-devel"_s, u"-h"_s};
        QTest::newRow("before errors") << QStringList{u"--help"_s, u"--nope"_s, u"stray"_s};
    }

    void help()
    {
        QFETCH(QStringList, arguments);
        const ParseOutcome outcome = DaemonOptionsParser::parse(arguments, {});
        QCOMPARE(outcome.kind, ParseOutcome::Kind::Help);
        QCOMPARE(outcome.exitCode(), 0);
        QCOMPARE(outcome.usage, DaemonOptionsParser::usage());
        QVERIFY(outcome.errorMessage.isEmpty());
        QVERIFY(outcome.notes.isEmpty());
    }

    void enableWebhooksVariable_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<Environment>("environment");
        QTest::addColumn<bool>("enableWebhooks");
        QTest::addColumn<QJsonArray>("notes");

        const auto variable = [](const QString &value) { return Environment{{u"ENABLE_WEBHOOKS"_s, value}}; };
        QTest::newRow("unset") << QStringList{} << Environment{{u"PATH"_s, u"/bin"_s}} << false << QJsonArray{};
        QTest::newRow("empty is unset") << QStringList{} << variable(u""_s) << false << QJsonArray{};
        QTest::newRow("true") << QStringList{} << variable(u"true"_s) << true << QJsonArray{deprecationNote()};
        QTest::newRow("false") << QStringList{} << variable(u"false"_s) << false << QJsonArray{deprecationNote()};
        for (const QString &spelling : {u"1"_s, u"t"_s, u"T"_s, u"TRUE"_s, u"True"_s}) {
            QTest::addRow("true spelled %s", qPrintable(spelling))
                << QStringList{} << variable(spelling) << true << QJsonArray{deprecationNote()};
        }
        for (const QString &spelling : {u"0"_s, u"f"_s, u"F"_s, u"FALSE"_s, u"False"_s}) {
            // The default is false too: these rows check the notes, the true rows that the value is read.
            QTest::addRow("false spelled %s", qPrintable(spelling))
                << QStringList{} << variable(spelling) << false << QJsonArray{deprecationNote()};
        }
        QTest::newRow("invalid") << QStringList{} << variable(u"yes"_s) << false
                                 << QJsonArray{deprecationNote(), invalidVariableNote(u"yes"_s)};
        QTest::newRow("invalid with spaces") << QStringList{} << variable(u" true"_s) << false
                                             << QJsonArray{deprecationNote(), invalidVariableNote(u" true"_s)};
        QTest::newRow("invalid control characters") << QStringList{} << variable(u"tr\nue"_s) << false
                                                    << QJsonArray{deprecationNote(), invalidVariableNote(u"tr\nue"_s)};
        QTest::newRow("flag false wins over variable true")
            << QStringList{u"--enable-webhooks=false"_s} << variable(u"true"_s) << false << QJsonArray{deprecationNote()};
        QTest::newRow("flag true wins over variable false")
            << QStringList{u"--enable-webhooks"_s} << variable(u"false"_s) << true << QJsonArray{deprecationNote()};
        QTest::newRow("flag given: invalid variable not read")
            << QStringList{u"--enable-webhooks=false"_s} << variable(u"garbage"_s) << false
            << QJsonArray{deprecationNote()};
        QTest::newRow("with enable-http2, in order")
            << QStringList{u"--enable-http2"_s} << variable(u"true"_s) << true
            << QJsonArray{deprecationNote(), http2Note()};
    }

    void enableWebhooksVariable()
    {
        QFETCH(QStringList, arguments);
        QFETCH(Environment, environment);
        QFETCH(bool, enableWebhooks);
        QFETCH(QJsonArray, notes);
        const ParseOutcome outcome = DaemonOptionsParser::parse(arguments, environment);
        QVERIFY2(outcome.kind == ParseOutcome::Kind::Options, qPrintable(outcome.errorMessage));
        QCOMPARE(outcome.options.enableWebhooks, enableWebhooks);
        QCOMPARE(describe(outcome.notes), notes);
    }

    void enableHttp2Note()
    {
        const ParseOutcome on = DaemonOptionsParser::parse({u"--enable-http2=true"_s}, {});
        QCOMPARE(describe(on.notes), QJsonArray{http2Note()});
        QCOMPARE(on.notes.first().level, LoggingOptions::Level::Warning);
        const ParseOutcome off = DaemonOptionsParser::parse({u"--enable-http2"_s, u"--enable-http2=false"_s}, {});
        QVERIFY(off.notes.isEmpty());
    }

    void startupError_data()
    {
        QTest::addColumn<bool>("enableWebhooks");
        QTest::addColumn<QString>("certificatePath");
        QTest::addColumn<QString>("error");
        const QString required = u"--webhook-cert-path is required when --enable-webhooks=true (the chart default is "
                                 "/tmp/k8s-webhook-server/serving-certs); or set --enable-webhooks=false to run "
                                 "without admission webhooks"_s;
        QTest::newRow("webhooks without certificate") << true << QString() << required;
        QTest::newRow("webhooks with certificate") << true << u"/tmp/certs"_s << QString();
        QTest::newRow("no webhooks") << false << QString() << QString();
        QTest::newRow("no webhooks with certificate") << false << u"/tmp/certs"_s << QString();
    }

    void startupError()
    {
        QFETCH(bool, enableWebhooks);
        QFETCH(QString, certificatePath);
        QFETCH(QString, error);
        DaemonOptions options;
        options.enableWebhooks = enableWebhooks;
        options.webhookCertPath = certificatePath;
        const std::optional<QString> actual = DaemonOptionsParser::startupError(options);
        QCOMPARE(actual.has_value(), !error.isEmpty());
        QCOMPARE(actual.value_or(QString()), error);
    }

    void startupErrorFromTheCommandLine()
    {
        // The deprecated variable enabling webhooks leads to the same check.
        const ParseOutcome outcome = DaemonOptionsParser::parse({}, {{u"ENABLE_WEBHOOKS"_s, u"1"_s}});
        QVERIFY(DaemonOptionsParser::startupError(outcome.options).has_value());
    }

    void usageListsEveryFlag()
    {
        const QString usage = DaemonOptionsParser::usage();
        QVERIFY(usage.startsWith(u"Usage: locust-operator [flags]\n"_s));
        QVERIFY(usage.contains(u"validate|convert|render"_s));
        QVERIFY(usage.endsWith(u'\n'));
        qsizetype previous = -1;
        for (const QString &name : allFlagNames) {
            const qsizetype at = usage.indexOf(u"\n  -"_s + name + u'\n') >= 0 ? usage.indexOf(u"\n  -"_s + name + u'\n')
                                                                                : usage.indexOf(u"\n  -"_s + name + u' ');
            QVERIFY2(at >= 0, qPrintable(name));
            QVERIFY2(at > previous, qPrintable(u"not in name order: "_s + name));
            previous = at;
            // Every flag the usage shows is one the parser takes (help would otherwise be wrong).
            const ParseOutcome unknown = DaemonOptionsParser::parse({u"--"_s + name + u"=x"_s}, {});
            QVERIFY2(!unknown.errorMessage.startsWith(u"flag provided but not defined"_s), qPrintable(name));
        }
        QCOMPARE(usage.count(u"\n  -"_s), allFlagNames.size());
    }

    void usageEntries_data()
    {
        QTest::addColumn<QString>("entry");
        // Go's flag.PrintDefaults layout: name and type, then the help indented by four spaces and a tab.
        QTest::newRow("bool, default false") << u"  -leader-elect\n    \tEnable leader election for the controller "
                                                "manager. Enabling this will ensure there is only one active controller "
                                                "manager.\n"_s;
        QTest::newRow("bool, default true") << u"  -metrics-secure\n    \tIf set, the metrics endpoint is served "
                                               "securely via HTTPS. Use --metrics-secure=false to use HTTP instead. "
                                               "(default true)\n"_s;
        QTest::newRow("string default") << u"  -health-probe-bind-address string\n    \tThe address the probe endpoint "
                                           "(/healthz, /readyz) binds to, or 0 to disable it. (default \":8081\")\n"_s;
        QTest::newRow("string without default") << u"  -watch-namespace string\n    \tOnly watch LocustTests in this "
                                                   "namespace. Empty: all namespaces.\n"_s;
        QTest::newRow("int") << u"  -webhook-port int\n    \tThe port the webhook server listens on. (default 9443)\n"_s;
        QTest::newRow("duration") << u"  -webhook-cert-wait-timeout duration\n    \tHow long to wait at start-up for "
                                     "the webhook certificate files to appear; 0 waits forever. (default 2m0s)\n"_s;
        QTest::newRow("shutdown duration") << u"  -graceful-shutdown-timeout duration\n    \tHow long to wait after "
                                              "SIGTERM for running reconciles and requests to finish before exiting; "
                                              "greater than 0. (default 30s)\n"_s;
        QTest::newRow("log level") << u"  -zap-log-level value\n    \tLevel to log at: debug, info, warn, error or "
                                      "panic, or an integer N > 0 to log debug lines up to verbosity N. (default "
                                      "info)\n"_s;
        QTest::newRow("time encoding") << u"  -zap-time-encoding value\n    \tTime encoding: epoch, millis, nano, "
                                          "iso8601, rfc3339 or rfc3339nano. (default iso8601)\n"_s;
        QTest::newRow("http2") << u"  -enable-http2\n    \tAccepted for compatibility with the reference operator, "
                                  "without effect: the webhook and metrics listeners serve HTTP/1.1 only.\n"_s;
    }

    void usageEntries()
    {
        QFETCH(QString, entry);
        QVERIFY2(DaemonOptionsParser::usage().contains(entry), qPrintable(DaemonOptionsParser::usage()));
    }

    // Arbitrary arguments (fragments of real ones, control characters, lone surrogates) never crash
    // the parser and always end in one of the three outcomes, with a one-line message on error.
    void arbitraryArgumentsNeverCrash()
    {
        const QStringList fragments = {u"-"_s, u"--"_s, u"="_s, u"leader-elect"_s, u"kubeconfig"_s, u"webhook-port"_s,
                                       u"zap-log-level"_s, u"metrics-bind-address"_s, u"graceful-shutdown-timeout"_s,
                                       u"true"_s, u"0"_s, u":8081"_s, u"[::1]"_s, u"1h"_s, u"\n"_s, u"\t"_s,
                                       QString(QChar(0)), QString(QChar(0xd800)), u"\u00b5s"_s, u"-h"_s, u"help"_s, u"x"_s};
        QRandomGenerator random(20261124);
        int outcomes[3] = {0, 0, 0};
        for (int run = 0; run < 3000; ++run) {
            QStringList arguments;
            const int count = random.bounded(5);
            for (int i = 0; i < count; ++i) {
                QString argument;
                const int parts = random.bounded(5);
                for (int p = 0; p < parts; ++p)
                    argument += fragments.at(random.bounded(fragments.size()));
                arguments += argument;
            }
            const ParseOutcome outcome = DaemonOptionsParser::parse(arguments, {{u"ENABLE_WEBHOOKS"_s, arguments.value(0)}});
            ++outcomes[int(outcome.kind)];
            if (outcome.kind == ParseOutcome::Kind::UsageError) {
                QVERIFY2(!outcome.errorMessage.isEmpty(), qPrintable(arguments.join(u' ')));
                QVERIFY2(!outcome.errorMessage.contains(u'\n'), qPrintable(outcome.errorMessage));
            } else {
                QVERIFY(outcome.errorMessage.isEmpty());
            }
        }
        // The generator reaches all three outcomes, so the loop tests something.
        QVERIFY2(outcomes[0] > 0 && outcomes[1] > 0 && outcomes[2] > 0,
                 qPrintable(u"options %1, help %2, errors %3"_s.arg(outcomes[0]).arg(outcomes[1]).arg(outcomes[2])));
    }
};

QTEST_GUILESS_MAIN(DaemonOptionsParserTest)
#include "tst_daemonoptionsparser.moc"
