#include "api/locustflags.h"

namespace locust::api::locustflags {

QStringList operatorManagedFlags()
{
    QStringList flags;
    for (const QStringView flag : {master, worker, masterPort, masterHost, expectWorkers, autostart, autoquit,
                                   otel, enableRebalancing, onlySummary})
        flags << flag.toString();
    return flags;
}

QString managedFlagOf(const QString &argument)
{
    for (const QString &flag : operatorManagedFlags()) {
        if (argument == flag || argument.startsWith(flag + u'='))
            return flag;
    }
    return {};
}

} // namespace locust::api::locustflags
