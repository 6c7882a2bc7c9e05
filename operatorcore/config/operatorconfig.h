#pragma once

#include "config/quantity.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace locust::config {

// Requests and limits of one container, keyed by resource name ("cpu", "memory",
// "ephemeral-storage"). A missing key means "no value": no request or no limit for that resource.
struct ContainerResources
{
    QMap<QString, Quantity> requests;
    QMap<QString, Quantity> limits;

    bool isEmpty() const { return requests.isEmpty() && limits.isEmpty(); }
    // {"requests": {...}, "limits": {...}} with canonical quantities; an empty map is omitted.
    QJsonObject toJson() const;
    bool operator==(const ContainerResources &other) const = default;
};

// Role-specific overrides (MASTER_POD_* / WORKER_POD_*), field by field. A key that is present
// overrides the unified value: with a Quantity it replaces it, with std::nullopt (the variable was
// set to the empty string) it removes it, so "" really means "no limit" (review item C2 gap). A key
// that is absent (the variable is unset) inherits the unified value.
struct ResourceOverrides
{
    QMap<QString, std::optional<Quantity>> requests;
    QMap<QString, std::optional<Quantity>> limits;

    bool operator==(const ResourceOverrides &other) const = default;
};

struct KafkaConfig
{
    QString bootstrapServers = QStringLiteral("localhost:9092");
    bool securityEnabled = false;
    QString securityProtocol = QStringLiteral("SASL_PLAINTEXT");
    QString saslMechanism = QStringLiteral("SCRAM-SHA-512");
    QString saslJaasConfig;
    QString username;
    QString password;

    bool operator==(const KafkaConfig &other) const = default;
};

// The operator's configuration, read once from the environment at start-up (see
// OperatorConfigLoader). The member defaults are the binary's defaults; where the reference binary
// and its Helm chart disagree on affinity and toleration injection, ours follow the chart, so an
// operator run outside Helm behaves like one installed with it.
struct OperatorConfig
{
    std::optional<qint32> jobTtlSecondsAfterFinished;      // JOB_TTL_SECONDS_AFTER_FINISHED

    ContainerResources podResources = defaultPodResources(); // POD_*
    ResourceOverrides masterResourceOverrides;              // MASTER_POD_*
    ResourceOverrides workerResourceOverrides;              // WORKER_POD_*

    QString metricsExporterImage = QStringLiteral("containersol/locust_exporter:v0.5.0");
    qint32 metricsExporterPort = 9646;
    QString metricsExporterImagePullPolicy = QStringLiteral("Always");
    ContainerResources metricsExporterResources = defaultPodResources(); // METRICS_EXPORTER_*

    KafkaConfig kafka;                                       // KAFKA_*

    bool affinityInjection = true;                           // ENABLE_AFFINITY_CR_INJECTION
    bool tolerationsInjection = true;                        // ENABLE_TAINT_TOLERATIONS_CR_INJECTION
    QString defaultRuntimeClassName;                         // DEFAULT_RUNTIME_CLASS_NAME, "" = none

    // Level 2 over level 3 of the resource precedence: the role's overrides applied field by field
    // to the unified values. (Level 1, the CR's own resources, is the builders' business.)
    ContainerResources masterPodResources() const;
    ContainerResources workerPodResources() const;

    // requests 250m / 128Mi / 30M, limits 1000m / 1024Mi / 50M.
    static ContainerResources defaultPodResources();

    bool operator==(const OperatorConfig &other) const = default;
};

// Applies role overrides to unified values (the pure function behind masterPodResources()).
ContainerResources applyOverrides(const ContainerResources &unified, const ResourceOverrides &overrides);

} // namespace locust::config
