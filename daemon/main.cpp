// locust-operator: the Locust operator's executable. For now it provides the offline sub-commands
// (validate, convert, render); the in-cluster daemon (reconciler and webhooks) comes next.

#include "daemon/offline/convertcommand.h"
#include "daemon/offline/rendercommand.h"
#include "daemon/offline/validatecommand.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace locust::offline;

namespace {

QString usage()
{
    return u"locust-operator: run Locust load tests on Kubernetes\n"
           "\n"
           "Usage:\n"
           "  locust-operator validate -f FILE...                  check LocustTests as the cluster would\n"
           "  locust-operator convert --to v1|v2 -f FILE... [-o F] convert LocustTests between API versions\n"
           "  locust-operator render -f FILE... [-o yaml|json]     print the objects the operator creates\n"
           "  locust-operator help COMMAND                         help for one command\n"
           "  locust-operator --version\n"
           "\n"
           "FILE is a YAML or JSON file, a directory, or - for standard input.\n"_s;
}

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

CommandOutput dispatch(const QString &command, const CommandInput &input)
{
    if (command == u"validate")
        return ValidateCommand::run(input);
    if (command == u"convert")
        return ConvertCommand::run(input);
    if (command == u"render")
        return RenderCommand::run(input);

    CommandOutput output;
    if (command == u"--version" || command == u"version") {
        output.standardOutput = u"locust-operator %1\n"_s.arg(QCoreApplication::applicationVersion()).toUtf8();
    } else if (command == u"help" || command == u"--help" || command == u"-h") {
        const QString topic = input.arguments.value(0);
        output.standardOutput = (topic == u"validate" ? ValidateCommand::usage()
                                 : topic == u"convert" ? ConvertCommand::usage()
                                 : topic == u"render"  ? RenderCommand::usage()
                                                       : usage())
                                    .toUtf8();
    } else {
        output.standardError = (command.isEmpty()
                                    ? u"error: no command given; the in-cluster daemon is not part of this build "
                                      "yet\n\n"_s
                                    : u"error: unknown command \"%1\"\n\n"_s.arg(command))
                                   .toUtf8()
            + usage().toUtf8();
        output.exitCode = exitUsage;
    }
    return output;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"locust-operator"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LOCUST_OPERATOR_VERSION));

    QStringList arguments = QCoreApplication::arguments().mid(1);
    const QString command = arguments.isEmpty() ? QString() : arguments.takeFirst();
    const CommandInput input{arguments, QProcessEnvironment::systemEnvironment(), readStandardInput};
    const CommandOutput output = dispatch(command, input);
    write(stdout, output.standardOutput);
    write(stderr, output.standardError);
    return output.exitCode;
}
