#include "api/locusttestvalidator.h"

#include "api/corevalidation.h"
#include "api/locustflags.h"
#include "api/locusttestconverter.h"
#include "api/locusttestdefaults.h"
#include "api/mountpaths.h"
#include "api/naming.h"
#include "api/objectmetadata.h"
#include "api/operatorvariables.h"
#include "support/goquote.h"
#include "support/kubernetesnames.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace locust::api {

namespace {

using naming::Role;

const QStringList pullPolicies = {u"Always"_s, u"IfNotPresent"_s, u"Never"_s};
const QStringList volumeMountTargets = {u"master"_s, u"worker"_s, u"both"_s};
const QStringList otelProtocols = {u"grpc"_s, u"http/protobuf"_s};
const QStringList mountPropagationModes = {u"None"_s, u"HostToContainer"_s, u"Bidirectional"_s};
const QStringList recursiveReadOnlyModes = {u"Disabled"_s, u"IfPossible"_s, u"Enabled"_s};
constexpr qint32 minWorkerReplicas = 1;
constexpr qint32 maxWorkerReplicas = 500;
const QString runtimeClassNamePattern =
    u"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"_s;
constexpr int runtimeClassNameMaxLength = 253;
// Characters generateName gains when the API server generates the final name.
constexpr int generatedNameSuffixLength = 5;


QString rangeDetail(const QString &path, const QString &bound, qint64 limit)
{
    return path + u" in body should be "_s + bound + u" "_s + QString::number(limit);
}

// One run of the v2 rules over one object.
class V2Validation
{
public:
    V2Validation(const LocustTestV2 &test, const ValidationOptions &options)
        : m_test(test)
        , m_options(options)
        , m_name(objectmetadata::name(test.metadata))
        , m_generateName(objectmetadata::generateName(test.metadata))
    {
    }

    ValidationResult run()
    {
        checkMetadata();
        if (!m_test.spec) {
            error(FieldError::required(u"spec"_s));
            return m_result;
        }
        checkSchema(*m_test.spec);
        checkReferenceAdmissionRules(*m_test.spec);
        checkGeneratedNames();
        checkVolumeAndMountCollisions(*m_test.spec);
        checkOperatorManagedSettings(*m_test.spec);
        checkIgnoredSettings(*m_test.spec);
        return m_result;
    }

private:
    void error(const FieldError &error) { m_result.errors << error; }
    void errors(const FieldErrorList &errors) { m_result.errors << errors; }
    void warn(const QString &field, const QString &message) { m_result.warnings << FieldWarning{field, message}; }
    void findings(const corevalidation::Findings &findings)
    {
        m_result.errors << findings.errors;
        m_result.warnings << findings.warnings;
    }

    // ---- 1. schema and core types ---------------------------------------------------------

    void checkMetadata()
    {
        if (m_name.isEmpty()) {
            if (m_generateName.isEmpty())
                error(FieldError::required(u"metadata.name"_s, u"name or generateName is required"_s));
            return;
        }
        for (const QString &problem : kubernetesnames::dns1123Subdomain(m_name))
            error(FieldError::invalid(u"metadata.name"_s, m_name, problem));
    }

    void checkSchema(const LocustTestSpecV2 &spec)
    {
        if (spec.image.value_or(QString()).isEmpty())
            error(FieldError::required(u"spec.image"_s));
        if (spec.imagePullPolicy && !pullPolicies.contains(*spec.imagePullPolicy))
            error(FieldError::notSupported(u"spec.imagePullPolicy"_s, *spec.imagePullPolicy, pullPolicies));
        if (spec.imagePullSecrets)
            checkPullSecrets(*spec.imagePullSecrets);

        if (!spec.master) {
            error(FieldError::required(u"spec.master"_s));
        } else {
            const MasterSpec &master = *spec.master;
            if (!master.command)
                error(FieldError::required(u"spec.master.command"_s));
            checkRole(u"spec.master"_s, master.resources, master.labels, master.annotations);
            if (master.autoquit && master.autoquit->timeout && *master.autoquit->timeout < 0) {
                const QString path = u"spec.master.autoquit.timeout"_s;
                error(FieldError::invalid(path, *master.autoquit->timeout,
                                          rangeDetail(path, u"greater than or equal to"_s, 0)));
            }
        }

        if (!spec.worker) {
            error(FieldError::required(u"spec.worker"_s));
        } else {
            const WorkerSpec &worker = *spec.worker;
            if (!worker.command)
                error(FieldError::required(u"spec.worker.command"_s));
            checkReplicas(u"spec.worker.replicas"_s, worker.replicas);
            checkRole(u"spec.worker"_s, worker.resources, worker.labels, worker.annotations);
        }

        if (spec.testFiles) {
            const QString configMap = spec.testFiles->configMapRef.value_or(QString());
            const QString libConfigMap = spec.testFiles->libConfigMapRef.value_or(QString());
            if (!configMap.isEmpty())
                errors(corevalidation::objectName(configMap, u"spec.testFiles.configMapRef"_s));
            if (!libConfigMap.isEmpty())
                errors(corevalidation::objectName(libConfigMap, u"spec.testFiles.libConfigMapRef"_s));
        }
        if (spec.scheduling)
            checkScheduling(*spec.scheduling);
        if (spec.env)
            checkEnv(*spec.env);
        if (spec.volumes) {
            for (qsizetype i = 0; i < spec.volumes->size(); ++i)
                errors(corevalidation::volume(spec.volumes->at(i).toObject(), u"spec.volumes[%1]"_s.arg(i)));
        }
        if (spec.volumeMounts) {
            for (qsizetype i = 0; i < spec.volumeMounts->size(); ++i)
                checkVolumeMount(spec.volumeMounts->at(i), u"spec.volumeMounts[%1]"_s.arg(i));
        }
        if (spec.security && spec.security->podSecurityContext) {
            errors(corevalidation::podSecurityContext(*spec.security->podSecurityContext,
                                                      u"spec.security.podSecurityContext"_s));
        }
        if (spec.security && spec.security->containerSecurityContext) {
            errors(corevalidation::containerSecurityContext(*spec.security->containerSecurityContext,
                                                            u"spec.security.containerSecurityContext"_s));
        }
        if (spec.observability && spec.observability->openTelemetry) {
            const std::optional<QString> &protocol = spec.observability->openTelemetry->protocol;
            if (protocol && !otelProtocols.contains(*protocol)) {
                error(FieldError::notSupported(u"spec.observability.openTelemetry.protocol"_s, *protocol,
                                               otelProtocols));
            }
        }
    }

    void checkPullSecrets(const QJsonArray &secrets)
    {
        for (qsizetype i = 0; i < secrets.size(); ++i) {
            const QString path = u"spec.imagePullSecrets[%1]"_s.arg(i);
            JsonFieldReader reader(secrets.at(i).toObject(), path, &m_result.errors);
            const std::optional<QString> name = reader.string(u"name"_s);
            reader.finish();
            if (name && name->isEmpty())
                warn(path + u".name"_s, u"an empty name refers to no Secret, so it pulls nothing"_s);
        }
    }

    void checkReplicas(const QString &path, const std::optional<qint32> &replicas)
    {
        if (!replicas) {
            error(FieldError::required(path));
        } else if (*replicas < minWorkerReplicas) {
            error(FieldError::invalid(path, *replicas, rangeDetail(path, u"greater than or equal to"_s, minWorkerReplicas)));
        } else if (*replicas > maxWorkerReplicas) {
            error(FieldError::invalid(path, *replicas, rangeDetail(path, u"less than or equal to"_s, maxWorkerReplicas)));
        }
    }

    void checkRole(const QString &path, const std::optional<QJsonObject> &resources,
                   const std::optional<StringMap> &labels, const std::optional<StringMap> &annotations)
    {
        if (resources) {
            errors(corevalidation::resourceRequirements(*resources, path + u".resources"_s));
            if (!specifiesResources(resources) && !resources->value(u"claims").toArray().isEmpty()) {
                warn(path + u".resources"_s,
                     u"only claims are set, which does not count as specifying resources: the operator's default "
                     "requests and limits apply and the claims are dropped; add requests or limits to use them"_s);
            }
        }
        if (labels)
            errors(corevalidation::labels(*labels, path + u".labels"_s));
        if (annotations)
            errors(corevalidation::annotations(*annotations, path + u".annotations"_s));
    }

    void checkScheduling(const SchedulingConfig &scheduling)
    {
        if (scheduling.runtimeClassName) {
            const QString path = u"spec.scheduling.runtimeClassName"_s;
            const QString &name = *scheduling.runtimeClassName;
            static const QRegularExpression pattern(runtimeClassNamePattern);
            if (name.size() > runtimeClassNameMaxLength)
                error(FieldError::tooLong(path, name, runtimeClassNameMaxLength));
            else if (!pattern.match(name).hasMatch())
                error(FieldError::invalid(path, name, path + u" in body should match '"_s + runtimeClassNamePattern + u"'"_s));
        }
        if (scheduling.affinity)
            errors(corevalidation::affinity(*scheduling.affinity, u"spec.scheduling.affinity"_s));
        if (scheduling.nodeSelector)
            errors(corevalidation::labels(*scheduling.nodeSelector, u"spec.scheduling.nodeSelector"_s));
        if (scheduling.tolerations)
            errors(corevalidation::tolerations(*scheduling.tolerations, u"spec.scheduling.tolerations"_s));
    }

    void checkEnvSources(const std::optional<QList<EnvSourceRef>> &sources, const QString &path)
    {
        if (!sources)
            return;
        for (qsizetype i = 0; i < sources->size(); ++i) {
            const EnvSourceRef &source = sources->at(i);
            const QString itemPath = u"%1[%2]"_s.arg(path, QString::number(i));
            if (source.name.value_or(QString()).isEmpty())
                error(FieldError::required(itemPath + u".name"_s));
            else
                errors(corevalidation::objectName(*source.name, itemPath + u".name"_s));
            if (!source.prefix.value_or(QString()).isEmpty())
                findings(corevalidation::envVarName(*source.prefix, itemPath + u".prefix"_s));
        }
    }

    void checkEnv(const EnvConfig &env)
    {
        checkEnvSources(env.configMapRefs, u"spec.env.configMapRefs"_s);
        checkEnvSources(env.secretRefs, u"spec.env.secretRefs"_s);
        if (env.variables) {
            for (qsizetype i = 0; i < env.variables->size(); ++i)
                findings(corevalidation::envVar(env.variables->at(i).toObject(), u"spec.env.variables[%1]"_s.arg(i)));
        }
        if (env.secretMounts) {
            for (qsizetype i = 0; i < env.secretMounts->size(); ++i) {
                const SecretMount &mount = env.secretMounts->at(i);
                const QString path = u"spec.env.secretMounts[%1]"_s.arg(i);
                if (mount.name.value_or(QString()).isEmpty())
                    error(FieldError::required(path + u".name"_s));
                else
                    errors(corevalidation::objectName(*mount.name, path + u".name"_s));
                if (mount.mountPath.value_or(QString()).isEmpty())
                    error(FieldError::required(path + u".mountPath"_s));
            }
        }
    }

    void checkVolumeMount(const TargetedVolumeMount &mount, const QString &path)
    {
        if (mount.name().isEmpty())
            error(FieldError::required(path + u".name"_s));
        if (mount.mountPath().isEmpty())
            error(FieldError::required(path + u".mountPath"_s));
        if (mount.target && !volumeMountTargets.contains(*mount.target))
            error(FieldError::notSupported(path + u".target"_s, *mount.target, volumeMountTargets));
        const QString propagation = mount.mount.value(u"mountPropagation").toString();
        if (mount.mount.contains(u"mountPropagation") && !mountPropagationModes.contains(propagation))
            error(FieldError::notSupported(path + u".mountPropagation"_s, propagation, mountPropagationModes));
        const QString recursiveReadOnly = mount.mount.value(u"recursiveReadOnly").toString();
        if (mount.mount.contains(u"recursiveReadOnly") && !recursiveReadOnlyModes.contains(recursiveReadOnly)) {
            error(FieldError::notSupported(path + u".recursiveReadOnly"_s, recursiveReadOnly,
                                           recursiveReadOnlyModes));
        }
        const QString subPath = mount.mount.value(u"subPath").toString();
        if (!subPath.isEmpty()) {
            if (subPath.startsWith(u'/'))
                error(FieldError::invalid(path + u".subPath"_s, subPath, u"must be a relative path"_s));
            if (subPath.split(u'/').contains(u".."_s))
                error(FieldError::invalid(path + u".subPath"_s, subPath, u"must not contain '..'"_s));
            if (!mount.mount.value(u"subPathExpr").toString().isEmpty()) {
                error(FieldError::invalid(path + u".subPathExpr"_s, mount.mount.value(u"subPathExpr"),
                                          u"subPathExpr and subPath are mutually exclusive"_s));
            }
        }
    }

    // ---- 2. the reference's admission rules, in its order and words ---------------------------

    void checkReferenceAdmissionRules(const LocustTestSpecV2 &spec)
    {
        // W1: generated names must fit 63 characters.
        if (m_name.size() > naming::crNameMaxLength) {
            error(FieldError::invalid(u"metadata.name"_s, m_name,
                                      u"name %1 is too long: generated Job names would exceed 63 characters "
                                      "(max CR name length is %2)"_s.arg(goQuote(m_name),
                                                                             QString::number(naming::crNameMaxLength))));
        } else if (m_name.isEmpty()
                   && m_generateName.size() + generatedNameSuffixLength > naming::crNameMaxLength) {
            error(FieldError::invalid(u"metadata.generateName"_s, m_generateName,
                                      u"generateName %1 is too long: the generated name gets %2 more characters "
                                      "and generated Job names would exceed 63 characters (max CR name length "
                                      "is %3)"_s.arg(goQuote(m_generateName), QString::number(generatedNameSuffixLength),
                                                       QString::number(naming::crNameMaxLength))));
        }

        const QStringList reserved = mountpaths::reservedPaths(spec);

        // W2: secret mounts stay clear of the test-file paths.
        if (spec.env && spec.env->secretMounts) {
            for (qsizetype i = 0; i < spec.env->secretMounts->size(); ++i) {
                const QString mountPath = spec.env->secretMounts->at(i).mountPath.value_or(QString());
                if (const QString conflict = firstConflict(mountPath, reserved); !conflict.isNull()) {
                    error(FieldError::invalid(u"spec.env.secretMounts[%1].mountPath"_s.arg(i), mountPath,
                                              u"secretMount path %1 conflicts with reserved path %2; operator uses "
                                              "this path for test files"_s.arg(goQuote(mountPath), goQuote(conflict))));
                }
            }
        }

        // W3: user volume names stay clear of the operator's volume names.
        if (spec.volumes) {
            for (qsizetype i = 0; i < spec.volumes->size(); ++i) {
                const QString name = spec.volumes->at(i).toObject().value(u"name").toString();
                const QString path = u"spec.volumes[%1].name"_s.arg(i);
                if (name.startsWith(naming::secretVolumePrefix)) {
                    error(FieldError::invalid(path, name,
                                              u"volume name %1 uses reserved prefix %2"_s.arg(
                                                  goQuote(name), goQuote(naming::secretVolumePrefix.toString()))));
                } else if (name == naming::libVolumeName) {
                    error(FieldError::invalid(path, name, u"volume name %1 is reserved by the operator"_s.arg(goQuote(name))));
                } else if (!m_name.isEmpty()
                           && (name == naming::generatedNodeName(m_name, Role::Master)
                               || name == naming::generatedNodeName(m_name, Role::Worker))) {
                    error(FieldError::invalid(path, name,
                                              u"volume name %1 conflicts with operator-generated name"_s.arg(goQuote(name))));
                }
            }
        }

        // W4: user volume mounts stay clear of the test-file paths.
        if (spec.volumeMounts) {
            for (qsizetype i = 0; i < spec.volumeMounts->size(); ++i) {
                const QString mountPath = spec.volumeMounts->at(i).mountPath();
                if (const QString conflict = firstConflict(mountPath, reserved); !conflict.isNull()) {
                    error(FieldError::invalid(u"spec.volumeMounts[%1].mountPath"_s.arg(i), mountPath,
                                              u"volumeMount path %1 conflicts with reserved path %2"_s.arg(
                                                  goQuote(mountPath), goQuote(conflict))));
                }
            }
        }

        // W5: every mount names a defined volume.
        if (spec.volumeMounts) {
            QSet<QString> volumeNames;
            for (const QJsonValue &volume : spec.volumes.value_or(QJsonArray()))
                volumeNames.insert(volume.toObject().value(u"name").toString());
            for (qsizetype i = 0; i < spec.volumeMounts->size(); ++i) {
                const QString name = spec.volumeMounts->at(i).name();
                if (!volumeNames.contains(name)) {
                    error(FieldError::invalid(u"spec.volumeMounts[%1].name"_s.arg(i), name,
                                              u"volumeMount %1 references undefined volume"_s.arg(goQuote(name))));
                }
            }
        }

        // W6: OpenTelemetry needs an endpoint.
        if (spec.openTelemetryEnabled() && spec.observability->openTelemetry->endpoint.value_or(QString()).isEmpty()) {
            error(FieldError::required(u"spec.observability.openTelemetry.endpoint"_s,
                                       u"observability.openTelemetry.endpoint is required when OpenTelemetry is "
                                       "enabled"_s));
        }
    }

    static QString firstConflict(const QString &path, const QStringList &reserved)
    {
        for (const QString &candidate : reserved) {
            if (mountpaths::conflict(path, candidate))
                return candidate;
        }
        return {};
    }

    // ---- 3. gaps the reference left open ----------------------------------------------------

    // The master Service is named after the CR and must be a DNS-1035 label (a CR name may start
    // with a digit; a Service name may not).
    void checkGeneratedNames()
    {
        // With generateName the API server appends lowercase alphanumerics; "abcde" stands in for them.
        const bool usesName = !m_name.isEmpty();
        const QString name = usesName || m_generateName.isEmpty() ? m_name : m_generateName + u"abcde"_s;
        if (name.isEmpty() || name.size() > naming::crNameMaxLength)
            return; // W1 already reports names that are too long
        const QString serviceName = naming::generatedNodeName(name, Role::Master);
        const QStringList problems = kubernetesnames::dns1035Label(serviceName);
        if (problems.isEmpty())
            return;
        error(FieldError::invalid(usesName ? u"metadata.name"_s : u"metadata.generateName"_s,
                                  usesName ? m_name : m_generateName,
                                  u"the generated Service name %1 is not valid: %2"_s.arg(goQuote(serviceName),
                                                                                       problems.join(u"; "_s))));
    }

    void checkVolumeAndMountCollisions(const LocustTestSpecV2 &spec)
    {
        // Duplicate user volume names.
        QHash<QString, qsizetype> volumeIndex;
        for (qsizetype i = 0; i < spec.volumes.value_or(QJsonArray()).size(); ++i) {
            const QString name = spec.volumes->at(i).toObject().value(u"name").toString();
            if (name.isEmpty())
                continue;
            if (volumeIndex.contains(name)) {
                error(FieldError::duplicate(u"spec.volumes[%1].name"_s.arg(i), name,
                                            u"spec.volumes[%1] has the same name"_s.arg(volumeIndex.value(name))));
            } else {
                volumeIndex.insert(name, i);
            }
        }

        // Secret volumes: one pod volume per secretMount, named secret-<secret>.
        QHash<QString, qsizetype> secretVolumeIndex;
        const QList<SecretMount> secretMounts = spec.env ? spec.env->secretMounts.value_or(QList<SecretMount>())
                                                         : QList<SecretMount>();
        for (qsizetype i = 0; i < secretMounts.size(); ++i) {
            const QString secret = secretMounts[i].name.value_or(QString());
            if (secret.isEmpty())
                continue;
            const QString path = u"spec.env.secretMounts[%1].name"_s.arg(i);
            const QString volumeName = naming::secretVolumeName(secret);
            const QStringList problems = kubernetesnames::dns1123Label(volumeName);
            if (!problems.isEmpty()) {
                error(FieldError::invalid(path, secret,
                                          u"the generated volume name %1 is not valid: %2"_s.arg(goQuote(volumeName),
                                                                                              problems.join(u"; "_s))));
            }
            if (secretVolumeIndex.contains(volumeName)) {
                error(FieldError::duplicate(path, secret,
                                            u"spec.env.secretMounts[%1] already mounts a Secret as volume %2; mount "
                                            "each Secret once"_s.arg(QString::number(secretVolumeIndex.value(volumeName)),
                                                                     goQuote(volumeName))));
            } else {
                secretVolumeIndex.insert(volumeName, i);
            }
        }

        // Test files and library inside each other.
        if (mountpaths::usesTestFilesConfigMap(spec) && mountpaths::usesLibConfigMap(spec)) {
            const QString src = mountpaths::srcMountPath(spec);
            const QString lib = mountpaths::libMountPath(spec);
            if (mountpaths::conflict(src, lib)) {
                error(FieldError::invalid(u"spec.testFiles.libMountPath"_s, lib,
                                          u"conflicts with srcMountPath %1: the test files and the library cannot be "
                                          "mounted at or inside each other"_s.arg(goQuote(src))));
            }
        }

        // The same path mounted twice in one container.
        struct Mount
        {
            QString path;
            QString field;
        };
        QSet<QString> reported;
        for (const Role role : {Role::Master, Role::Worker}) {
            QList<Mount> mounts;
            for (qsizetype i = 0; i < secretMounts.size(); ++i) {
                if (!secretMounts[i].mountPath.value_or(QString()).isEmpty())
                    mounts << Mount{*secretMounts[i].mountPath, u"spec.env.secretMounts[%1].mountPath"_s.arg(i)};
            }
            const QList<TargetedVolumeMount> volumeMounts = spec.volumeMounts.value_or(QList<TargetedVolumeMount>());
            for (qsizetype i = 0; i < volumeMounts.size(); ++i) {
                if (!volumeMounts[i].mountPath().isEmpty() && volumeMounts[i].appliesTo(role))
                    mounts << Mount{volumeMounts[i].mountPath(), u"spec.volumeMounts[%1].mountPath"_s.arg(i)};
            }
            QHash<QString, QString> seen; // normalized path -> field of its first mount
            for (const Mount &mount : mounts) {
                const QString key = mountpaths::normalized(mount.path);
                const auto first = seen.constFind(key);
                if (first == seen.constEnd()) {
                    seen.insert(key, mount.field);
                    continue;
                }
                if (reported.contains(mount.field))
                    continue;
                reported.insert(mount.field);
                error(FieldError::invalid(mount.field, mount.path,
                                          u"must be unique: %1 mounts the same path in the %2 container"_s.arg(
                                              *first, naming::roleName(role))));
            }
        }
    }

    void checkOperatorManagedSettings(const LocustTestSpecV2 &spec)
    {
        if (spec.master) {
            checkLabels(u"spec.master.labels"_s, spec.master->labels, Role::Master);
            checkExtraArgs(u"spec.master.extraArgs"_s, spec.master->extraArgs);
        }
        if (spec.worker) {
            checkLabels(u"spec.worker.labels"_s, spec.worker->labels, Role::Worker);
            checkExtraArgs(u"spec.worker.extraArgs"_s, spec.worker->extraArgs);
        }
        checkEnvOverrides(spec);
    }

    // The operator finds the test's pods by performance-test-name, routes the Service by
    // performance-test-pod-name and marks its pods with managed-by: a user value would break that.
    // `app` is informational, so overriding it is allowed, with a warning.
    void checkLabels(const QString &path, const std::optional<StringMap> &labels, Role role)
    {
        if (!labels || (m_name.isEmpty() && m_generateName.isEmpty()))
            return;
        // With only generateName the final name is not known yet, and no user value can equal it.
        const QString name = m_name.isEmpty() ? m_generateName + u"?????"_s : m_name;
        const QList<std::pair<QString, QString>> managed = {
            {naming::testNameLabel.toString(), name},
            {naming::podNameLabel.toString(), naming::generatedNodeName(name, role)},
            {naming::managedByLabel.toString(), naming::managedByValue.toString()},
        };
        for (const auto &[key, value] : managed) {
            const auto it = labels->constFind(key);
            if (it != labels->constEnd() && *it != value) {
                error(FieldError::invalid(path, key,
                                          u"label %1 is managed by the operator (its value is %2) and cannot be "
                                          "overridden"_s.arg(goQuote(key), goQuote(value))));
            }
        }
        const auto app = labels->constFind(naming::appLabel.toString());
        if (app != labels->constEnd() && *app != name) {
            warn(path, u"label %1 overrides the operator's value %2"_s.arg(goQuote(naming::appLabel.toString()),
                                                                        goQuote(name)));
        }
    }

    void checkExtraArgs(const QString &path, const std::optional<QStringList> &extraArgs)
    {
        if (!extraArgs)
            return;
        for (qsizetype i = 0; i < extraArgs->size(); ++i) {
            const QString flag = locustflags::managedFlagOf(extraArgs->at(i));
            if (flag.isEmpty())
                continue;
            warn(u"%1[%2]"_s.arg(path, QString::number(i)),
                 u"%1 repeats the operator-managed flag %2; Locust uses the last occurrence, so this value "
                 "overrides the operator's"_s.arg(goQuote(extraArgs->at(i)), flag));
        }
    }

    void checkEnvOverrides(const LocustTestSpecV2 &spec)
    {
        const bool otel = spec.openTelemetryEnabled();
        QStringList managed = operatorvariables::kafka();
        if (otel)
            managed << operatorvariables::openTelemetry();
        if (otel && spec.observability->openTelemetry->extraEnvVars) {
            for (const QString &key : spec.observability->openTelemetry->extraEnvVars->keys()) {
                const Findings nameFindings = corevalidation::envVarName(key, u"spec.observability.openTelemetry.extraEnvVars"_s);
                findings(nameFindings);
                if (operatorvariables::openTelemetry().contains(key)) {
                    warn(u"spec.observability.openTelemetry.extraEnvVars"_s,
                         u"%1 overrides the value the operator sets from the openTelemetry settings"_s.arg(goQuote(key)));
                }
            }
        }
        if (!spec.env || !spec.env->variables)
            return;
        QHash<QString, qsizetype> seen;
        for (qsizetype i = 0; i < spec.env->variables->size(); ++i) {
            const QString name = spec.env->variables->at(i).toObject().value(u"name").toString();
            const QString path = u"spec.env.variables[%1].name"_s.arg(i);
            if (managed.contains(name)) {
                warn(path, u"%1 overrides the operator-managed variable of the same name (the later entry wins)"_s.arg(
                               goQuote(name)));
            }
            if (seen.contains(name)) {
                warn(path, u"%1 is also set by spec.env.variables[%2]; the later entry wins"_s.arg(
                               goQuote(name), QString::number(seen.value(name))));
            } else if (!name.isEmpty()) {
                seen.insert(name, i);
            }
        }
    }

    using Findings = corevalidation::Findings;

    // Settings that are accepted but would have no effect: say so instead of ignoring them silently.
    void checkIgnoredSettings(const LocustTestSpecV2 &spec)
    {
        if (spec.scheduling) {
            if (spec.scheduling->affinity && !m_options.affinityInjection) {
                warn(u"spec.scheduling.affinity"_s,
                     u"ignored: this operator does not inject affinity into test pods "
                     "(ENABLE_AFFINITY_CR_INJECTION is false)"_s);
            }
            if (spec.scheduling->tolerations && !m_options.tolerationsInjection) {
                warn(u"spec.scheduling.tolerations"_s,
                     u"ignored: this operator does not inject tolerations into test pods "
                     "(ENABLE_TAINT_TOLERATIONS_CR_INJECTION is false)"_s);
            }
        }
        if (spec.observability && spec.observability->openTelemetry) {
            const OpenTelemetryConfig &otel = *spec.observability->openTelemetry;
            const QString endpoint = otel.endpoint.value_or(QString());
            if (!otel.enabled.value_or(false)) {
                const bool configured = !endpoint.isEmpty() || otel.insecure.value_or(false)
                    || otel.protocol.value_or(u"grpc"_s) != u"grpc"
                    || !otel.extraEnvVars.value_or(StringMap()).isEmpty();
                if (configured) {
                    warn(u"spec.observability.openTelemetry"_s,
                         u"ignored: OpenTelemetry settings take effect only with enabled: true"_s);
                }
            } else if (!endpoint.isEmpty()) {
                const QUrl url(endpoint, QUrl::StrictMode);
                if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()) {
                    warn(u"spec.observability.openTelemetry.endpoint"_s,
                         u"%1 is not an http:// or https:// URL; OpenTelemetry exporters expect one, e.g. "
                         "\"http://otel-collector:4317\""_s.arg(goQuote(endpoint)));
                }
            }
        }
        if (spec.volumes) {
            QSet<QString> mounted;
            for (const TargetedVolumeMount &mount : spec.volumeMounts.value_or(QList<TargetedVolumeMount>())) {
                if (mount.appliesTo(Role::Master) || mount.appliesTo(Role::Worker))
                    mounted.insert(mount.name());
            }
            for (qsizetype i = 0; i < spec.volumes->size(); ++i) {
                const QString name = spec.volumes->at(i).toObject().value(u"name").toString();
                if (!name.isEmpty() && !mounted.contains(name)) {
                    warn(u"spec.volumes[%1]"_s.arg(i),
                         u"volume %1 is not mounted by any volumeMount, so no pod gets it"_s.arg(goQuote(name)));
                }
            }
        }
    }

    const LocustTestV2 &m_test;
    const ValidationOptions &m_options;
    const QString m_name;
    const QString m_generateName;
    ValidationResult m_result;
};

// The v1 schema, which the API server checks before conversion.
FieldErrorList v1SchemaErrors(const LocustTestV1 &test)
{
    FieldErrorList errors;
    if (!test.spec)
        return errors; // reported by the v2 rules, with the same path
    const LocustTestSpecV1 &spec = *test.spec;
    if (!spec.masterCommandSeed)
        errors << FieldError::required(u"spec.masterCommandSeed"_s);
    if (!spec.workerCommandSeed)
        errors << FieldError::required(u"spec.workerCommandSeed"_s);
    if (spec.imagePullPolicy && !pullPolicies.contains(*spec.imagePullPolicy))
        errors << FieldError::notSupported(u"spec.imagePullPolicy"_s, *spec.imagePullPolicy, pullPolicies);
    const QList<TolerationV1> tolerations = spec.tolerations.value_or(QList<TolerationV1>());
    for (qsizetype i = 0; i < tolerations.size(); ++i) {
        const TolerationV1 &toleration = tolerations[i];
        const QString path = u"spec.tolerations[%1]"_s.arg(i);
        if (!toleration.key)
            errors << FieldError::required(path + u".key"_s);
        if (!toleration.operator_)
            errors << FieldError::required(path + u".operator"_s);
        else if (*toleration.operator_ != u"Exists" && *toleration.operator_ != u"Equal")
            errors << FieldError::notSupported(path + u".operator"_s, *toleration.operator_, {u"Exists"_s, u"Equal"_s});
        const QStringList effects = {u"NoSchedule"_s, u"PreferNoSchedule"_s, u"NoExecute"_s};
        if (!toleration.effect)
            errors << FieldError::required(path + u".effect"_s);
        else if (!effects.contains(*toleration.effect))
            errors << FieldError::notSupported(path + u".effect"_s, *toleration.effect, effects);
    }
    return errors;
}

} // namespace

LocustTestValidator::LocustTestValidator(ValidationOptions options)
    : m_options(options)
{
}

ValidationResult LocustTestValidator::validate(const LocustTestV2 &test) const
{
    return V2Validation(test, m_options).run();
}

ValidationResult LocustTestValidator::validate(const LocustTestV1 &test) const
{
    ValidationResult result;
    result.errors = v1SchemaErrors(test);

    const LocustTestV2 converted = LocustTestDefaults::applied(LocustTestConverter::toV2(test));
    const ValidationResult v2 = V2Validation(converted, m_options).run();
    // A field the v1 schema already rejected is not reported again by the v2 rules, even when they
    // word the same problem differently (the enums of v1 tolerations, for example).
    const auto key = [](const FieldError &error) { return error.field() + u'\n' + error.reason(); };
    QSet<QString> v1Schema;
    for (const FieldError &error : std::as_const(result.errors))
        v1Schema.insert(key(error));
    for (const FieldError &error : v2.errors) {
        const FieldError mapped = error.withField(LocustTestConverter::v1FieldPath(error.field()));
        if (!v1Schema.contains(key(mapped)))
            result.errors << mapped;
    }
    for (const FieldWarning &warning : v2.warnings)
        result.warnings << FieldWarning{LocustTestConverter::v1FieldPath(warning.field), warning.message};
    return result;
}

} // namespace locust::api
