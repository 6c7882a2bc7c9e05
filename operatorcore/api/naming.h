#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

// Every name the operator generates or reserves, in one place (review items C4, M2 and upstream
// #341): the builders create objects with these names, the reconciler looks objects up with them,
// and the validator reserves them. Nothing else spells these strings.
namespace locust::api::naming {

enum class Role { Master, Worker };

QString roleName(Role role); // "master" / "worker"

// Dots become dashes; nothing else changes (no lowercasing, no truncation).
QString sanitizeResourceName(const QString &name);

// "<cr>-master" / "<cr>-worker", sanitized: the master Service, the Jobs, the Locust containers,
// the test-files ConfigMap volumes and the performance-test-pod-name label values.
QString generatedNodeName(const QString &crName, Role role);

// The longest suffix generatedNodeName() adds ("-worker", 7 characters) and the resulting limit on
// CR names, since generated names must fit the 63-character limit of labels and DNS labels.
inline constexpr int generatedSuffixMaxLength = 7;
inline constexpr int crNameMaxLength = 63 - generatedSuffixMaxLength; // 56

// Pod volumes the operator adds.
inline constexpr QStringView libVolumeName = u"locust-lib";
inline constexpr QStringView secretVolumePrefix = u"secret-";
// "secret-<secret name>", sanitized like node names so that a Secret with dots in its name still
// yields a valid volume name.
QString secretVolumeName(const QString &secretName);

// Default mount paths, without trailing slash (review item M2).
inline constexpr QStringView defaultSrcMountPath = u"/lotest/src";
inline constexpr QStringView defaultLibMountPath = u"/opt/locust/lib";

// Pod template labels (managed-by and performance-test-name also label the Service and the Jobs).
inline constexpr QStringView appLabel = u"app";
inline constexpr QStringView testNameLabel = u"performance-test-name";
inline constexpr QStringView podNameLabel = u"performance-test-pod-name";
inline constexpr QStringView managedByLabel = u"managed-by";
inline constexpr QStringView managedByValue = u"locust-k8s-operator";
// The label selector of everything the operator creates (its watches of Jobs, Services and Pods).
inline constexpr QStringView managedObjectsSelector = u"managed-by=locust-k8s-operator";

// Master pod Prometheus annotations (only while OpenTelemetry is off, review item M25).
inline constexpr QStringView prometheusScrapeAnnotation = u"prometheus.io/scrape";
inline constexpr QStringView prometheusPathAnnotation = u"prometheus.io/path";
inline constexpr QStringView prometheusPortAnnotation = u"prometheus.io/port";

// The metrics exporter native sidecar of the master pod.
inline constexpr QStringView metricsExporterContainerName = u"locust-metrics-exporter";

// Ports.
inline constexpr int masterPort = 5557;
inline constexpr int masterBindPort = 5558;
inline constexpr int webUiPort = 8089;
inline constexpr int workerPort = 8080;
inline constexpr QStringView masterPortName = u"port5557";
inline constexpr QStringView masterBindPortName = u"port5558";
inline constexpr QStringView metricsPortName = u"prometheus-metrics";

// The finalizer the reconciler adds to every LocustTest.
inline constexpr QStringView finalizer = u"locust.io/cleanup";

// The annotation in which a v1 object carries the v2 fields that v1 cannot represent, so that a
// v2 object written back through v1 loses nothing (see LocustTestConverter).
inline constexpr QStringView conversionDataAnnotation = u"conversion.locust.io/v2-data";

// API identity.
inline constexpr QStringView group = u"locust.io";
inline constexpr QStringView kind = u"LocustTest";
inline constexpr QStringView apiVersionV1 = u"locust.io/v1";
inline constexpr QStringView apiVersionV2 = u"locust.io/v2";

} // namespace locust::api::naming
