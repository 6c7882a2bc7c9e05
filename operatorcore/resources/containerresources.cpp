#include "resources/containerresources.h"

#include "config/quantity.h"

using namespace Qt::StringLiterals;

namespace locust::resources::containerresources {

namespace {

QJsonObject canonicalQuantities(const QJsonObject &map)
{
    QJsonObject result;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        const Result<config::Quantity> quantity = config::Quantity::fromJson(*it);
        result.insert(it.key(), quantity ? quantity->toJson() : *it);
    }
    return result;
}

} // namespace

QJsonObject canonicalized(const QJsonObject &resources)
{
    QJsonObject result = resources;
    for (const QString &key : {u"requests"_s, u"limits"_s}) {
        if (resources.value(key).isObject())
            result.insert(key, canonicalQuantities(resources.value(key).toObject()));
    }
    return result;
}

QJsonObject locust(const api::LocustTestSpecV2 &spec, const config::OperatorConfig &config, api::naming::Role role)
{
    const bool master = role == api::naming::Role::Master;
    const std::optional<QJsonObject> crResources = master ? (spec.master ? spec.master->resources : std::nullopt)
                                                          : (spec.worker ? spec.worker->resources : std::nullopt);
    if (api::specifiesResources(crResources))
        return canonicalized(*crResources);
    return (master ? config.masterPodResources() : config.workerPodResources()).toJson();
}

} // namespace locust::resources::containerresources
