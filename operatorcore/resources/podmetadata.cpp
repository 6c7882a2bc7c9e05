#include "resources/podmetadata.h"

using namespace Qt::StringLiterals;

namespace locust::resources::podmetadata {

namespace naming = api::naming;
using naming::Role;

namespace {

api::StringMap userLabels(const api::LocustTestSpecV2 &spec, Role role)
{
    if (role == Role::Master)
        return spec.master ? spec.master->labels.value_or(api::StringMap()) : api::StringMap();
    return spec.worker ? spec.worker->labels.value_or(api::StringMap()) : api::StringMap();
}

api::StringMap userAnnotations(const api::LocustTestSpecV2 &spec, Role role)
{
    if (role == Role::Master)
        return spec.master ? spec.master->annotations.value_or(api::StringMap()) : api::StringMap();
    return spec.worker ? spec.worker->annotations.value_or(api::StringMap()) : api::StringMap();
}

void insertAll(QJsonObject &object, const api::StringMap &map)
{
    for (auto it = map.constBegin(); it != map.constEnd(); ++it)
        object.insert(it.key(), it.value());
}

} // namespace

QJsonObject labels(const api::LocustTestSpecV2 &spec, const QString &crName, Role role)
{
    QJsonObject labels{{naming::appLabel.toString(), crName}};
    insertAll(labels, userLabels(spec, role));
    labels.insert(naming::testNameLabel.toString(), crName);
    labels.insert(naming::podNameLabel.toString(), naming::generatedNodeName(crName, role));
    labels.insert(naming::managedByLabel.toString(), naming::managedByValue.toString());
    return labels;
}

QJsonObject annotations(const api::LocustTestSpecV2 &spec, const config::OperatorConfig &config, Role role)
{
    QJsonObject annotations;
    if (role == Role::Master && !spec.openTelemetryEnabled()) {
        annotations.insert(naming::prometheusScrapeAnnotation.toString(), u"true"_s);
        annotations.insert(naming::prometheusPathAnnotation.toString(), u"/metrics"_s);
        annotations.insert(naming::prometheusPortAnnotation.toString(), QString::number(config.metricsExporterPort));
    }
    insertAll(annotations, userAnnotations(spec, role));
    return annotations;
}

} // namespace locust::resources::podmetadata
