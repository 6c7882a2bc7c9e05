// locust-operator: the Locust operator's executable. With flags (or none) it is the in-cluster
// daemon (docs/daemon.md); the first argument validate, convert or render selects an offline
// sub-command instead (docs/cli.md).

#include "daemon/offline/convertcommand.h"
#include "daemon/offline/rendercommand.h"
#include "daemon/offline/validatecommand.h"
#include "logging/logsink.h"
#include "manager/operatordaemon.h"
#include "manager/signalwatcher.h"
#include "options/daemonoptionsparser.h"
#include "support/logfields.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>

#include <csignal>
#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::offline;
using locust::logging::LogSink;
using locust::manager::OperatorDaemon;
using locust::manager::SignalWatcher;
using locust::options::DaemonOptionsParser;
using locust::options::ParseOutcome;

namespace {

Q_LOGGING_CATEGORY(lcMain, "locust.main")

QByteArray readStandardInput()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    return in.readAll();
}

void write(std::FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    std::fflush(stream);
}

bool isOfflineCommand(const QString &command)
{
    return command == u"validate" || command == u"convert" || command == u"render" || command == u"help"
        || command == u"version" || command == u"--version";
}

CommandOutput dispatchOffline(const QString &command, const CommandInput &input)
{
    if (command == u"validate")
        return ValidateCommand::run(input);
    if (command == u"convert")
        return ConvertCommand::run(input);
    if (command == u"render")
        return RenderCommand::run(input);

    CommandOutput output;
    if (command == u"help") {
        const QString topic = input.arguments.value(0);
        output.standardOutput = (topic == u"validate" ? ValidateCommand::usage()
                                 : topic == u"convert" ? ConvertCommand::usage()
                                 : topic == u"render"  ? RenderCommand::usage()
                                                       : DaemonOptionsParser::usage())
                                    .toUtf8();
    } else {
        output.standardOutput = u"locust-operator %1\n"_s.arg(QCoreApplication::applicationVersion()).toUtf8();
    }
    return output;
}

QCoro::Task<void> runDaemon(OperatorDaemon *daemon)
{
    const int exitCode = co_await daemon->run();
    // Queued: run() may finish before the event loop has started (an early start-up error), and
    // exit() does nothing then.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [exitCode] { QCoreApplication::exit(exitCode); }, Qt::QueuedConnection);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"locust-operator"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LOCUST_OPERATOR_VERSION));

    const QStringList arguments = QCoreApplication::arguments().mid(1);
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!arguments.isEmpty() && isOfflineCommand(arguments.first())) {
        const CommandInput input{arguments.mid(1), environment, readStandardInput};
        const CommandOutput output = dispatchOffline(arguments.first(), input);
        write(stdout, output.standardOutput);
        write(stderr, output.standardError);
        return output.exitCode;
    }

    // Anything else is the daemon's command line (Go flag syntax, as the reference's /manager).
    QHash<QString, QString> variables;
    for (const QString &name : environment.keys())
        variables.insert(name, environment.value(name));
    const ParseOutcome parsed = DaemonOptionsParser::parse(arguments, variables);
    if (parsed.kind == ParseOutcome::Kind::Help) {
        write(stdout, parsed.usage.toUtf8());
        return 0;
    }
    if (parsed.kind == ParseOutcome::Kind::UsageError) {
        write(stderr, (parsed.errorMessage + u"\n"_s + parsed.usage).toUtf8());
        return exitUsage;
    }

    LogSink logSink(parsed.options.logging);
    logSink.install();
    logSink.logNotes(parsed.notes);

    OperatorDaemon daemon(parsed.options, environment);
    SignalWatcher signalWatcher;
    if (!signalWatcher.isActive())
        qCWarning(lcMain).noquote() << withLogFields(u"Termination signals are not handled"_s,
                                                     {{u"error"_s, signalWatcher.error()}});
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &daemon, [&daemon](int signalNumber, int count) {
        const QString name = signalNumber == SIGTERM ? u"SIGTERM"_s : u"SIGINT"_s;
        if (count > 1) {
            // A second signal means "now": no waiting for anything (controller-runtime exits 1 too).
            qCCritical(lcMain).noquote() << withLogFields(u"Received a second termination signal, exiting at once"_s,
                                                          {{u"signal"_s, name}});
            std::fflush(stderr);
            std::_Exit(1);
        }
        qCInfo(lcMain).noquote() << withLogFields(u"Received a termination signal, stopping"_s, {{u"signal"_s, name}});
        daemon.requestStop();
    });
    runDaemon(&daemon);
    return QCoreApplication::exec();
}
