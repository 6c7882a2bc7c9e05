#include "resources/commandargs.h"

#include "api/locustflags.h"
#include "api/locusttestdefaults.h"
#include "api/naming.h"

using namespace Qt::StringLiterals;

namespace locust::resources::commandargs {

namespace flags = api::locustflags;

QStringList splitCommand(const QString &command)
{
    QStringList tokens;
    QString current;
    for (const QChar c : command) {
        if (c.isSpace()) {
            if (!current.isEmpty())
                tokens << std::exchange(current, QString());
        } else {
            current += c;
        }
    }
    if (!current.isEmpty())
        tokens << current;
    return tokens;
}

QStringList master(const api::LocustTestSpecV2 &spec)
{
    const api::MasterSpec master = spec.master.value_or(api::MasterSpec{});
    const qint32 replicas = spec.worker ? spec.worker->replicas.value_or(0) : 0;

    QStringList args = splitCommand(master.command.value_or(QString()));
    if (spec.openTelemetryEnabled())
        args << flags::otel.toString();
    args << flags::master.toString() << flags::masterPort.toString() + u'=' + QString::number(api::naming::masterPort)
         << flags::expectWorkers.toString() + u'=' + QString::number(replicas);
    if (master.autostart.value_or(api::LocustTestDefaults::autostart))
        args << flags::autostart.toString();
    // No autoquit block means the default: on, 60 s. An explicit timeout of 0 is honoured.
    const api::AutoquitConfig autoquit = master.autoquit.value_or(
        api::AutoquitConfig{api::LocustTestDefaults::autoquitEnabled, api::LocustTestDefaults::autoquitTimeout});
    if (autoquit.enabled.value_or(api::LocustTestDefaults::autoquitEnabled)) {
        const qint32 timeout = autoquit.timeout.value_or(api::LocustTestDefaults::autoquitTimeout);
        args << flags::autoquit.toString()
             << QString::number(timeout >= 0 ? timeout : api::LocustTestDefaults::autoquitTimeout);
    }
    args << flags::enableRebalancing.toString() << flags::onlySummary.toString();
    args << master.extraArgs.value_or(QStringList());
    return args;
}

QStringList worker(const api::LocustTestSpecV2 &spec, const QString &crName)
{
    const api::WorkerSpec worker = spec.worker.value_or(api::WorkerSpec{});
    QStringList args = splitCommand(worker.command.value_or(QString()));
    if (spec.openTelemetryEnabled())
        args << flags::otel.toString();
    args << flags::worker.toString() << flags::masterPort.toString() + u'=' + QString::number(api::naming::masterPort)
         << flags::masterHost.toString() + u'=' + api::naming::generatedNodeName(crName, api::naming::Role::Master);
    args << worker.extraArgs.value_or(QStringList());
    return args;
}

} // namespace locust::resources::commandargs
