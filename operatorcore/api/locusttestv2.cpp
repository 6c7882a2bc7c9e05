#include "api/locusttestv2.h"

#include "api/jsonfieldwriter.h"
#include "api/naming.h"
#include "api/objectmetadata.h"

using namespace Qt::StringLiterals;

namespace locust::api {

namespace {

using jsonfields::insert;

// ---- decoding ------------------------------------------------------------------------------

AutoquitConfig decodeAutoquit(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    AutoquitConfig autoquit;
    autoquit.enabled = reader.boolean(u"enabled"_s);
    autoquit.timeout = reader.int32(u"timeout"_s);
    reader.finish();
    return autoquit;
}

MasterSpec decodeMaster(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    MasterSpec master;
    master.command = reader.string(u"command"_s);
    master.resources = reader.object(u"resources"_s);
    master.labels = reader.stringMap(u"labels"_s);
    master.annotations = reader.stringMap(u"annotations"_s);
    master.autostart = reader.boolean(u"autostart"_s);
    master.autoquit = reader.nested<AutoquitConfig>(u"autoquit"_s, decodeAutoquit);
    master.extraArgs = reader.stringList(u"extraArgs"_s);
    reader.finish();
    return master;
}

WorkerSpec decodeWorker(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    WorkerSpec worker;
    worker.command = reader.string(u"command"_s);
    worker.replicas = reader.int32(u"replicas"_s);
    worker.resources = reader.object(u"resources"_s);
    worker.labels = reader.stringMap(u"labels"_s);
    worker.annotations = reader.stringMap(u"annotations"_s);
    worker.extraArgs = reader.stringList(u"extraArgs"_s);
    reader.finish();
    return worker;
}

TestFilesConfig decodeTestFiles(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    TestFilesConfig testFiles;
    testFiles.configMapRef = reader.string(u"configMapRef"_s);
    testFiles.libConfigMapRef = reader.string(u"libConfigMapRef"_s);
    testFiles.srcMountPath = reader.string(u"srcMountPath"_s);
    testFiles.libMountPath = reader.string(u"libMountPath"_s);
    reader.finish();
    return testFiles;
}

SchedulingConfig decodeScheduling(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    SchedulingConfig scheduling;
    scheduling.affinity = reader.object(u"affinity"_s);
    scheduling.tolerations = reader.arrayOfObjects(u"tolerations"_s);
    scheduling.nodeSelector = reader.stringMap(u"nodeSelector"_s);
    scheduling.runtimeClassName = reader.string(u"runtimeClassName"_s);
    reader.finish();
    return scheduling;
}

EnvSourceRef decodeEnvSourceRef(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    EnvSourceRef ref;
    ref.name = reader.string(u"name"_s);
    ref.prefix = reader.string(u"prefix"_s);
    reader.finish();
    return ref;
}

SecretMount decodeSecretMount(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    SecretMount mount;
    mount.name = reader.string(u"name"_s);
    mount.mountPath = reader.string(u"mountPath"_s);
    mount.readOnly = reader.boolean(u"readOnly"_s);
    reader.finish();
    return mount;
}

EnvConfig decodeEnv(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    EnvConfig env;
    env.configMapRefs = reader.list<EnvSourceRef>(u"configMapRefs"_s, decodeEnvSourceRef);
    env.secretRefs = reader.list<EnvSourceRef>(u"secretRefs"_s, decodeEnvSourceRef);
    env.variables = reader.arrayOfObjects(u"variables"_s);
    env.secretMounts = reader.list<SecretMount>(u"secretMounts"_s, decodeSecretMount);
    reader.finish();
    return env;
}

TargetedVolumeMount decodeVolumeMount(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    // The VolumeMount fields are type-checked one by one so that the mount is copied into pods
    // exactly as written, minus the operator's own `target`.
    JsonFieldReader reader(json, path, errors);
    TargetedVolumeMount mount;
    for (const QString &key : {u"name"_s, u"mountPath"_s, u"subPath"_s, u"subPathExpr"_s,
                               u"mountPropagation"_s, u"recursiveReadOnly"_s}) {
        if (const std::optional<QString> value = reader.string(key))
            mount.mount.insert(key, *value);
    }
    if (const std::optional<bool> readOnly = reader.boolean(u"readOnly"_s))
        mount.mount.insert(u"readOnly"_s, *readOnly);
    mount.target = reader.string(u"target"_s);
    reader.finish();
    return mount;
}

SecurityConfig decodeSecurity(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    SecurityConfig security;
    security.podSecurityContext = reader.object(u"podSecurityContext"_s);
    security.containerSecurityContext = reader.object(u"containerSecurityContext"_s);
    reader.finish();
    return security;
}

OpenTelemetryConfig decodeOpenTelemetry(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    OpenTelemetryConfig otel;
    otel.enabled = reader.boolean(u"enabled"_s);
    otel.endpoint = reader.string(u"endpoint"_s);
    otel.protocol = reader.string(u"protocol"_s);
    otel.insecure = reader.boolean(u"insecure"_s);
    otel.extraEnvVars = reader.stringMap(u"extraEnvVars"_s);
    reader.finish();
    return otel;
}

ObservabilityConfig decodeObservability(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    ObservabilityConfig observability;
    observability.openTelemetry = reader.nested<OpenTelemetryConfig>(u"openTelemetry"_s, decodeOpenTelemetry);
    reader.finish();
    return observability;
}

Condition decodeCondition(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    Condition condition;
    condition.type = reader.string(u"type"_s).value_or(QString());
    condition.status = reader.string(u"status"_s).value_or(QString());
    condition.reason = reader.string(u"reason"_s).value_or(QString());
    condition.message = reader.string(u"message"_s).value_or(QString());
    condition.lastTransitionTime = reader.string(u"lastTransitionTime"_s).value_or(QString());
    condition.observedGeneration = reader.int64(u"observedGeneration"_s);
    reader.finish();
    return condition;
}

// ---- encoding ------------------------------------------------------------------------------

QJsonObject encodeAutoquit(const AutoquitConfig &autoquit)
{
    QJsonObject json;
    insert(json, u"enabled"_s, autoquit.enabled);
    insert(json, u"timeout"_s, autoquit.timeout);
    return json;
}

QJsonObject encodeMaster(const MasterSpec &master)
{
    QJsonObject json;
    insert(json, u"command"_s, master.command);
    insert(json, u"resources"_s, master.resources);
    insert(json, u"labels"_s, master.labels);
    insert(json, u"annotations"_s, master.annotations);
    insert(json, u"autostart"_s, master.autostart);
    insert(json, u"autoquit"_s, master.autoquit, encodeAutoquit);
    insert(json, u"extraArgs"_s, master.extraArgs);
    return json;
}

QJsonObject encodeWorker(const WorkerSpec &worker)
{
    QJsonObject json;
    insert(json, u"command"_s, worker.command);
    insert(json, u"replicas"_s, worker.replicas);
    insert(json, u"resources"_s, worker.resources);
    insert(json, u"labels"_s, worker.labels);
    insert(json, u"annotations"_s, worker.annotations);
    insert(json, u"extraArgs"_s, worker.extraArgs);
    return json;
}

QJsonObject encodeTestFiles(const TestFilesConfig &testFiles)
{
    QJsonObject json;
    insert(json, u"configMapRef"_s, testFiles.configMapRef);
    insert(json, u"libConfigMapRef"_s, testFiles.libConfigMapRef);
    insert(json, u"srcMountPath"_s, testFiles.srcMountPath);
    insert(json, u"libMountPath"_s, testFiles.libMountPath);
    return json;
}

QJsonObject encodeScheduling(const SchedulingConfig &scheduling)
{
    QJsonObject json;
    insert(json, u"affinity"_s, scheduling.affinity);
    insert(json, u"tolerations"_s, scheduling.tolerations);
    insert(json, u"nodeSelector"_s, scheduling.nodeSelector);
    insert(json, u"runtimeClassName"_s, scheduling.runtimeClassName);
    return json;
}

QJsonObject encodeEnvSourceRef(const EnvSourceRef &ref)
{
    QJsonObject json;
    insert(json, u"name"_s, ref.name);
    insert(json, u"prefix"_s, ref.prefix);
    return json;
}

QJsonObject encodeSecretMount(const SecretMount &mount)
{
    QJsonObject json;
    insert(json, u"name"_s, mount.name);
    insert(json, u"mountPath"_s, mount.mountPath);
    insert(json, u"readOnly"_s, mount.readOnly);
    return json;
}

QJsonObject encodeEnv(const EnvConfig &env)
{
    QJsonObject json;
    insert(json, u"configMapRefs"_s, env.configMapRefs, encodeEnvSourceRef);
    insert(json, u"secretRefs"_s, env.secretRefs, encodeEnvSourceRef);
    insert(json, u"variables"_s, env.variables);
    insert(json, u"secretMounts"_s, env.secretMounts, encodeSecretMount);
    return json;
}

QJsonObject encodeVolumeMount(const TargetedVolumeMount &mount)
{
    QJsonObject json = mount.mount;
    insert(json, u"target"_s, mount.target);
    return json;
}

QJsonObject encodeSecurity(const SecurityConfig &security)
{
    QJsonObject json;
    insert(json, u"podSecurityContext"_s, security.podSecurityContext);
    insert(json, u"containerSecurityContext"_s, security.containerSecurityContext);
    return json;
}

QJsonObject encodeOpenTelemetry(const OpenTelemetryConfig &otel)
{
    QJsonObject json;
    insert(json, u"enabled"_s, otel.enabled);
    insert(json, u"endpoint"_s, otel.endpoint);
    insert(json, u"protocol"_s, otel.protocol);
    insert(json, u"insecure"_s, otel.insecure);
    insert(json, u"extraEnvVars"_s, otel.extraEnvVars);
    return json;
}

QJsonObject encodeObservability(const ObservabilityConfig &observability)
{
    QJsonObject json;
    insert(json, u"openTelemetry"_s, observability.openTelemetry, encodeOpenTelemetry);
    return json;
}

QJsonObject encodeCondition(const Condition &condition)
{
    QJsonObject json{
        {u"type"_s, condition.type},
        {u"status"_s, condition.status},
        {u"reason"_s, condition.reason},
        {u"message"_s, condition.message},
        {u"lastTransitionTime"_s, condition.lastTransitionTime},
    };
    insert(json, u"observedGeneration"_s, condition.observedGeneration);
    return json;
}

} // namespace

bool TargetedVolumeMount::appliesTo(naming::Role role) const
{
    const QString value = target.value_or(QString());
    if (value.isEmpty() || value == u"both")
        return true;
    return value == naming::roleName(role);
}

bool specifiesResources(const std::optional<QJsonObject> &resources)
{
    return resources
        && (!resources->value(u"requests").toObject().isEmpty() || !resources->value(u"limits").toObject().isEmpty());
}

bool LocustTestSpecV2::openTelemetryEnabled() const
{
    return observability && observability->openTelemetry && observability->openTelemetry->enabled.value_or(false);
}

QString LocustTestV2::name() const
{
    return objectmetadata::name(metadata);
}

QString LocustTestV2::namespaceName() const
{
    return objectmetadata::namespaceName(metadata);
}

LocustTestSpecV2 LocustTestV2::specFromJson(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    LocustTestSpecV2 spec;
    spec.image = reader.string(u"image"_s);
    spec.imagePullPolicy = reader.string(u"imagePullPolicy"_s);
    spec.imagePullSecrets = reader.arrayOfObjects(u"imagePullSecrets"_s);
    spec.master = reader.nested<MasterSpec>(u"master"_s, decodeMaster);
    spec.worker = reader.nested<WorkerSpec>(u"worker"_s, decodeWorker);
    spec.testFiles = reader.nested<TestFilesConfig>(u"testFiles"_s, decodeTestFiles);
    spec.scheduling = reader.nested<SchedulingConfig>(u"scheduling"_s, decodeScheduling);
    spec.env = reader.nested<EnvConfig>(u"env"_s, decodeEnv);
    spec.volumes = reader.arrayOfObjects(u"volumes"_s);
    spec.volumeMounts = reader.list<TargetedVolumeMount>(u"volumeMounts"_s, decodeVolumeMount);
    spec.security = reader.nested<SecurityConfig>(u"security"_s, decodeSecurity);
    spec.observability = reader.nested<ObservabilityConfig>(u"observability"_s, decodeObservability);
    reader.finish();
    return spec;
}

QJsonObject LocustTestV2::specToJson(const LocustTestSpecV2 &spec)
{
    QJsonObject json;
    insert(json, u"image"_s, spec.image);
    insert(json, u"imagePullPolicy"_s, spec.imagePullPolicy);
    insert(json, u"imagePullSecrets"_s, spec.imagePullSecrets);
    insert(json, u"master"_s, spec.master, encodeMaster);
    insert(json, u"worker"_s, spec.worker, encodeWorker);
    insert(json, u"testFiles"_s, spec.testFiles, encodeTestFiles);
    insert(json, u"scheduling"_s, spec.scheduling, encodeScheduling);
    insert(json, u"env"_s, spec.env, encodeEnv);
    insert(json, u"volumes"_s, spec.volumes);
    insert(json, u"volumeMounts"_s, spec.volumeMounts, encodeVolumeMount);
    insert(json, u"security"_s, spec.security, encodeSecurity);
    insert(json, u"observability"_s, spec.observability, encodeObservability);
    return json;
}

LocustTestStatus LocustTestV2::statusFromJson(const QJsonObject &json, const QString &path,
                                              FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    LocustTestStatus status;
    status.phase = reader.string(u"phase"_s);
    status.observedGeneration = reader.int64(u"observedGeneration"_s);
    status.expectedWorkers = reader.int32(u"expectedWorkers"_s);
    status.connectedWorkers = reader.int32(u"connectedWorkers"_s);
    status.startTime = reader.string(u"startTime"_s);
    status.completionTime = reader.string(u"completionTime"_s);
    status.conditions = reader.list<Condition>(u"conditions"_s, decodeCondition);
    reader.finish();
    return status;
}

QJsonObject LocustTestV2::statusToJson(const LocustTestStatus &status)
{
    QJsonObject json;
    insert(json, u"phase"_s, status.phase);
    insert(json, u"observedGeneration"_s, status.observedGeneration);
    insert(json, u"expectedWorkers"_s, status.expectedWorkers);
    insert(json, u"connectedWorkers"_s, status.connectedWorkers);
    insert(json, u"startTime"_s, status.startTime);
    insert(json, u"completionTime"_s, status.completionTime);
    insert(json, u"conditions"_s, status.conditions, encodeCondition);
    return json;
}

Decoded<LocustTestV2> LocustTestV2::fromJson(const QJsonObject &json)
{
    Decoded<LocustTestV2> decoded;
    FieldErrorList *errors = &decoded.errors;
    JsonFieldReader reader(json, QString(), errors);

    const std::optional<QString> apiVersion = reader.string(u"apiVersion"_s);
    if (apiVersion != naming::apiVersionV2)
        errors->append(FieldError::notSupported(u"apiVersion"_s, apiVersion.value_or(QString()),
                                                {naming::apiVersionV2.toString()}));
    const std::optional<QString> kind = reader.string(u"kind"_s);
    if (kind != naming::kind)
        errors->append(FieldError::notSupported(u"kind"_s, kind.value_or(QString()), {naming::kind.toString()}));

    LocustTestV2 &test = decoded.value;
    if (const std::optional<QJsonObject> metadata = reader.object(u"metadata"_s)) {
        test.metadata = *metadata;
        objectmetadata::checkTypes(test.metadata, errors);
    }
    test.spec = reader.nested<LocustTestSpecV2>(u"spec"_s, specFromJson);
    test.status = reader.nested<LocustTestStatus>(u"status"_s, statusFromJson);
    reader.finish();
    return decoded;
}

QJsonObject LocustTestV2::toJson() const
{
    QJsonObject json{
        {u"apiVersion"_s, naming::apiVersionV2.toString()},
        {u"kind"_s, naming::kind.toString()},
        {u"metadata"_s, metadata},
    };
    insert(json, u"spec"_s, spec, specToJson);
    insert(json, u"status"_s, status, statusToJson);
    return json;
}

} // namespace locust::api
