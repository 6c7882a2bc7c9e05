#pragma once

#include "api/jsonfieldreader.h"
#include "api/naming.h"
#include "support/fielderror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The LocustTest API, version locust.io/v2 (the storage version and conversion hub).
//
// Every field is optional in the C++ types, exactly as in JSON: "absent" and "present but empty"
// are different states (runtimeClassName "" opts out of the operator default; autoquit.timeout 0
// is honoured), so toJson(fromJson(x)) == x for every object the schema admits. Defaults are not
// applied by decoding; LocustTestDefaults applies them the way the API server does. Embedded
// Kubernetes core types (ResourceRequirements, Affinity, Toleration, EnvVar, Volume, security
// contexts) are kept as verbatim JSON: the operator copies them into pods unchanged.
namespace locust::api {

struct AutoquitConfig
{
    std::optional<bool> enabled;
    std::optional<qint32> timeout;

    bool operator==(const AutoquitConfig &) const = default;
};

struct MasterSpec
{
    std::optional<QString> command;
    std::optional<QJsonObject> resources;
    std::optional<StringMap> labels;
    std::optional<StringMap> annotations;
    std::optional<bool> autostart;
    std::optional<AutoquitConfig> autoquit;
    std::optional<QStringList> extraArgs;

    bool operator==(const MasterSpec &) const = default;
};

// Whether a CR's resources block counts as set: any request or limit. A block with only `claims`
// does not (the reference's rule), so the operator's defaults apply to it.
bool specifiesResources(const std::optional<QJsonObject> &resources);

struct WorkerSpec
{
    std::optional<QString> command;
    std::optional<qint32> replicas;
    std::optional<QJsonObject> resources;
    std::optional<StringMap> labels;
    std::optional<StringMap> annotations;
    std::optional<QStringList> extraArgs;

    bool operator==(const WorkerSpec &) const = default;
};

struct TestFilesConfig
{
    std::optional<QString> configMapRef;
    std::optional<QString> libConfigMapRef;
    std::optional<QString> srcMountPath;
    std::optional<QString> libMountPath;

    bool operator==(const TestFilesConfig &) const = default;
};

struct SchedulingConfig
{
    std::optional<QJsonObject> affinity;
    std::optional<QJsonArray> tolerations;
    std::optional<StringMap> nodeSelector;
    std::optional<QString> runtimeClassName;

    bool operator==(const SchedulingConfig &) const = default;
};

// spec.env.configMapRefs[] and spec.env.secretRefs[].
struct EnvSourceRef
{
    std::optional<QString> name;
    std::optional<QString> prefix;

    bool operator==(const EnvSourceRef &) const = default;
};

struct SecretMount
{
    std::optional<QString> name;
    std::optional<QString> mountPath;
    std::optional<bool> readOnly;

    bool operator==(const SecretMount &) const = default;
};

struct EnvConfig
{
    std::optional<QList<EnvSourceRef>> configMapRefs;
    std::optional<QList<EnvSourceRef>> secretRefs;
    std::optional<QJsonArray> variables; // core EnvVar objects
    std::optional<QList<SecretMount>> secretMounts;

    bool operator==(const EnvConfig &) const = default;
};

// A core VolumeMount plus the operator's `target` (master, worker or both).
struct TargetedVolumeMount
{
    QJsonObject mount; // the VolumeMount fields, without target
    std::optional<QString> target;

    QString name() const { return mount.value(u"name").toString(); }
    QString mountPath() const { return mount.value(u"mountPath").toString(); }
    // "" and "both" mean every pod; any other value than master or worker means none (the schema
    // forbids it).
    bool appliesTo(naming::Role role) const;

    bool operator==(const TargetedVolumeMount &) const = default;
};

struct SecurityConfig
{
    std::optional<QJsonObject> podSecurityContext;
    std::optional<QJsonObject> containerSecurityContext;

    bool operator==(const SecurityConfig &) const = default;
};

struct OpenTelemetryConfig
{
    std::optional<bool> enabled;
    std::optional<QString> endpoint;
    std::optional<QString> protocol;
    std::optional<bool> insecure;
    std::optional<StringMap> extraEnvVars;

    bool operator==(const OpenTelemetryConfig &) const = default;
};

struct ObservabilityConfig
{
    std::optional<OpenTelemetryConfig> openTelemetry;

    bool operator==(const ObservabilityConfig &) const = default;
};

struct LocustTestSpecV2
{
    std::optional<QString> image;
    std::optional<QString> imagePullPolicy;
    std::optional<QJsonArray> imagePullSecrets; // core LocalObjectReference objects
    std::optional<MasterSpec> master;
    std::optional<WorkerSpec> worker;
    std::optional<TestFilesConfig> testFiles;
    std::optional<SchedulingConfig> scheduling;
    std::optional<EnvConfig> env;
    std::optional<QJsonArray> volumes; // core Volume objects
    std::optional<QList<TargetedVolumeMount>> volumeMounts;
    std::optional<SecurityConfig> security;
    std::optional<ObservabilityConfig> observability;

    // True when OpenTelemetry is switched on (absent anywhere on the way means off).
    bool openTelemetryEnabled() const;

    bool operator==(const LocustTestSpecV2 &) const = default;
};

// A standard metav1.Condition.
struct Condition
{
    QString type;
    QString status;
    QString reason;
    QString message;
    QString lastTransitionTime;
    std::optional<qint64> observedGeneration;

    bool operator==(const Condition &) const = default;
};

struct LocustTestStatus
{
    std::optional<QString> phase;
    std::optional<qint64> observedGeneration;
    std::optional<qint32> expectedWorkers;
    std::optional<qint32> connectedWorkers;
    std::optional<QString> startTime;
    std::optional<QString> completionTime;
    std::optional<QList<Condition>> conditions;

    bool isEmpty() const { return *this == LocustTestStatus{}; }
    bool operator==(const LocustTestStatus &) const = default;
};

template<typename T>
struct Decoded
{
    T value;
    FieldErrorList errors; // type mismatches and unknown fields; empty when the JSON was well-typed
};

class LocustTestV2
{
public:
    QJsonObject metadata; // ObjectMeta, verbatim
    std::optional<LocustTestSpecV2> spec;
    std::optional<LocustTestStatus> status;

    QString name() const;
    QString namespaceName() const;

    // Decodes a whole object. apiVersion must be locust.io/v2 and kind LocustTest.
    static Decoded<LocustTestV2> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    // The parts on their own (the status codec is also used by the reconciler's status writes).
    static LocustTestSpecV2 specFromJson(const QJsonObject &json, const QString &path, FieldErrorList *errors);
    static QJsonObject specToJson(const LocustTestSpecV2 &spec);
    static LocustTestStatus statusFromJson(const QJsonObject &json, const QString &path,
                                           FieldErrorList *errors);
    static QJsonObject statusToJson(const LocustTestStatus &status);

    bool operator==(const LocustTestV2 &) const = default;
};

} // namespace locust::api
