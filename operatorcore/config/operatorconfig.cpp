#include "config/operatorconfig.h"

using namespace Qt::StringLiterals;

namespace locust::config {

namespace {

QJsonObject quantitiesToJson(const QMap<QString, Quantity> &quantities)
{
    QJsonObject object;
    for (auto it = quantities.cbegin(); it != quantities.cend(); ++it)
        object.insert(it.key(), it.value().toJson());
    return object;
}

// The defaults are compile-time constants, so parsing them cannot fail; a typo here is caught by the
// unit tests, and even then the result is "no value", never a crash.
Quantity builtIn(const QString &text)
{
    const Result<Quantity> quantity = Quantity::parse(text);
    return quantity ? *quantity : Quantity();
}

void applyFieldOverrides(QMap<QString, Quantity> &values,
                         const QMap<QString, std::optional<Quantity>> &overrides)
{
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
        if (it.value())
            values.insert(it.key(), *it.value());
        else
            values.remove(it.key());
    }
}

} // namespace

QJsonObject ContainerResources::toJson() const
{
    QJsonObject object;
    if (!requests.isEmpty())
        object.insert(u"requests"_s, quantitiesToJson(requests));
    if (!limits.isEmpty())
        object.insert(u"limits"_s, quantitiesToJson(limits));
    return object;
}

ContainerResources OperatorConfig::defaultPodResources()
{
    ContainerResources resources;
    resources.requests.insert(u"cpu"_s, builtIn(u"250m"_s));
    resources.requests.insert(u"memory"_s, builtIn(u"128Mi"_s));
    resources.requests.insert(u"ephemeral-storage"_s, builtIn(u"30M"_s));
    resources.limits.insert(u"cpu"_s, builtIn(u"1000m"_s));
    resources.limits.insert(u"memory"_s, builtIn(u"1024Mi"_s));
    resources.limits.insert(u"ephemeral-storage"_s, builtIn(u"50M"_s));
    return resources;
}

ContainerResources OperatorConfig::masterPodResources() const
{
    return applyOverrides(podResources, masterResourceOverrides);
}

ContainerResources OperatorConfig::workerPodResources() const
{
    return applyOverrides(podResources, workerResourceOverrides);
}

ContainerResources applyOverrides(const ContainerResources &unified, const ResourceOverrides &overrides)
{
    ContainerResources resources = unified;
    applyFieldOverrides(resources.requests, overrides.requests);
    applyFieldOverrides(resources.limits, overrides.limits);
    return resources;
}

} // namespace locust::config
