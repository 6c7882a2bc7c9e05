#include "resources/jobbuilder.h"

#include "resources/commandargs.h"
#include "resources/containerenv.h"
#include "resources/containerresources.h"
#include "resources/metricsexporter.h"
#include "resources/ownedobjectmetadata.h"
#include "resources/podmetadata.h"
#include "resources/podvolumes.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace locust::resources {

namespace naming = api::naming;
using naming::Role;

namespace {

QJsonArray containerPorts(Role role)
{
    if (role == Role::Worker)
        return QJsonArray{QJsonObject{{u"containerPort"_s, naming::workerPort}}};
    return QJsonArray{QJsonObject{{u"containerPort"_s, naming::masterPort}},
                      QJsonObject{{u"containerPort"_s, naming::masterBindPort}},
                      QJsonObject{{u"containerPort"_s, naming::webUiPort}}};
}

QJsonObject locustContainer(const api::LocustTestSpecV2 &spec, const QString &crName,
                            const config::OperatorConfig &config, Role role, const QJsonArray &mounts)
{
    const QString pullPolicy = spec.imagePullPolicy.value_or(QString());
    const QStringList args = role == Role::Master ? commandargs::master(spec) : commandargs::worker(spec, crName);
    QJsonObject container{
        {u"name"_s, naming::generatedNodeName(crName, role)},
        {u"image"_s, spec.image.value_or(QString())},
        {u"imagePullPolicy"_s, pullPolicy.isEmpty() ? u"IfNotPresent"_s : pullPolicy},
        {u"args"_s, QJsonArray::fromStringList(args)},
        {u"ports"_s, containerPorts(role)},
        {u"env"_s, containerenv::env(spec, config)},
    };
    const QJsonObject resources = containerresources::locust(spec, config, role);
    if (!resources.isEmpty())
        container.insert(u"resources"_s, resources);
    const QJsonArray envFrom = containerenv::envFrom(spec);
    if (!envFrom.isEmpty())
        container.insert(u"envFrom"_s, envFrom);
    if (!mounts.isEmpty())
        container.insert(u"volumeMounts"_s, mounts);
    if (spec.security && spec.security->containerSecurityContext)
        container.insert(u"securityContext"_s, *spec.security->containerSecurityContext);
    return container;
}

void addScheduling(QJsonObject &podSpec, const api::LocustTestSpecV2 &spec, const config::OperatorConfig &config)
{
    const api::SchedulingConfig scheduling = spec.scheduling.value_or(api::SchedulingConfig{});
    if (config.affinityInjection && scheduling.affinity)
        podSpec.insert(u"affinity"_s, *scheduling.affinity);
    if (config.tolerationsInjection && scheduling.tolerations)
        podSpec.insert(u"tolerations"_s, *scheduling.tolerations);
    if (scheduling.nodeSelector && !scheduling.nodeSelector->isEmpty()) {
        QJsonObject nodeSelector;
        for (auto it = scheduling.nodeSelector->constBegin(); it != scheduling.nodeSelector->constEnd(); ++it)
            nodeSelector.insert(it.key(), it.value());
        podSpec.insert(u"nodeSelector"_s, nodeSelector);
    }
    // Absent: the operator default. "": an explicit opt-out of that default. Anything else: as given.
    if (scheduling.runtimeClassName) {
        if (!scheduling.runtimeClassName->isEmpty())
            podSpec.insert(u"runtimeClassName"_s, *scheduling.runtimeClassName);
    } else if (!config.defaultRuntimeClassName.isEmpty()) {
        podSpec.insert(u"runtimeClassName"_s, config.defaultRuntimeClassName);
    }
}

} // namespace

QJsonObject JobBuilder::build(const api::LocustTestV2 &test, const config::OperatorConfig &config, Role role)
{
    const api::LocustTestSpecV2 spec = test.spec.value_or(api::LocustTestSpecV2{});
    const PodVolumes volumes = PodVolumes::build(spec, test.name(), role);
    QJsonObject podSpec{
        {u"restartPolicy"_s, u"Never"_s},
        {u"containers"_s, QJsonArray{locustContainer(spec, test.name(), config, role, volumes.mounts)}},
    };
    if (spec.imagePullSecrets)
        podSpec.insert(u"imagePullSecrets"_s, *spec.imagePullSecrets);
    if (role == Role::Master && !spec.openTelemetryEnabled())
        podSpec.insert(u"initContainers"_s, QJsonArray{metricsexporter::container(config)});
    if (!volumes.volumes.isEmpty())
        podSpec.insert(u"volumes"_s, volumes.volumes);
    addScheduling(podSpec, spec, config);
    // A CR-level pod security context replaces the default completely (no seccomp added).
    podSpec.insert(u"securityContext"_s,
                   spec.security && spec.security->podSecurityContext
                       ? *spec.security->podSecurityContext
                       : QJsonObject{{u"seccompProfile"_s, QJsonObject{{u"type"_s, u"RuntimeDefault"_s}}}});

    QJsonObject templateMetadata{{u"labels"_s, podmetadata::labels(spec, test.name(), role)}};
    const QJsonObject annotations = podmetadata::annotations(spec, config, role);
    if (!annotations.isEmpty())
        templateMetadata.insert(u"annotations"_s, annotations);

    const qint32 parallelism = role == Role::Master ? 1 : (spec.worker ? spec.worker->replicas.value_or(1) : 1);
    QJsonObject jobSpec{
        {u"parallelism"_s, parallelism},
        {u"backoffLimit"_s, 0},
        {u"template"_s, QJsonObject{{u"metadata"_s, templateMetadata}, {u"spec"_s, podSpec}}},
    };
    if (config.jobTtlSecondsAfterFinished)
        jobSpec.insert(u"ttlSecondsAfterFinished"_s, *config.jobTtlSecondsAfterFinished);

    return QJsonObject{
        {u"apiVersion"_s, u"batch/v1"_s},
        {u"kind"_s, u"Job"_s},
        {u"metadata"_s, ownedObjectMetadata(test, naming::generatedNodeName(test.name(), role))},
        {u"spec"_s, jobSpec},
    };
}

} // namespace locust::resources
