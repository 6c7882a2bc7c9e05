#include "api/corevalidation.h"

#include "config/quantity.h"
#include "support/goquote.h"
#include "support/kubernetesnames.h"

#include <QHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace locust::api::corevalidation {

namespace {

namespace names = kubernetesnames;

// The API server's total size limit for the annotations of one object.
constexpr qsizetype totalAnnotationSizeLimit = 256 * 1024;

void appendNameErrors(FieldErrorList &errors, const QString &path, const QString &value, const QStringList &problems)
{
    for (const QString &problem : problems)
        errors << FieldError::invalid(path, value, problem);
}

bool isStandardResourceName(const QString &name)
{
    return name == u"cpu" || name == u"memory" || name == u"ephemeral-storage" || name.startsWith(u"hugepages-");
}

// Quantities of one resource map; returns the parsed ones for the request/limit comparison.
QMap<QString, config::Quantity> quantities(const QJsonObject &map, const QString &path, FieldErrorList &errors)
{
    QMap<QString, config::Quantity> parsed;
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        const QString entryPath = JsonFieldReader::keyPath(path, it.key());
        if (!isStandardResourceName(it.key())) {
            const QStringList problems = names::qualifiedName(it.key());
            if (!problems.isEmpty() || !it.key().contains(u'/')) {
                errors << FieldError::invalid(entryPath, it.key(), u"must be a standard resource type or fully qualified"_s);
                continue;
            }
        }
        if (!it->isString() && !it->isDouble()) {
            errors << typeMismatch(entryPath, *it, u"string or integer"_s);
            continue;
        }
        const Result<config::Quantity> quantity = config::Quantity::fromJson(*it);
        if (!quantity) {
            errors << FieldError::invalid(entryPath, *it, quantity.errorMessage());
            continue;
        }
        if (quantity->isNegative()) {
            errors << FieldError::invalid(entryPath, *it, u"must be greater than or equal to 0"_s);
            continue;
        }
        parsed.insert(it.key(), *quantity);
    }
    return parsed;
}

const QStringList volumeSources = {
    u"awsElasticBlockStore"_s, u"azureDisk"_s, u"azureFile"_s, u"cephfs"_s, u"cinder"_s, u"configMap"_s,
    u"csi"_s, u"downwardAPI"_s, u"emptyDir"_s, u"ephemeral"_s, u"fc"_s, u"flexVolume"_s, u"flocker"_s,
    u"gcePersistentDisk"_s, u"gitRepo"_s, u"glusterfs"_s, u"hostPath"_s, u"image"_s, u"iscsi"_s, u"nfs"_s,
    u"persistentVolumeClaim"_s, u"photonPersistentDisk"_s, u"portworxVolume"_s, u"projected"_s,
    u"quobyte"_s, u"rbd"_s, u"scaleIO"_s, u"secret"_s, u"storageos"_s, u"vsphereVolume"_s,
};

const QStringList valueFromSources = {
    u"configMapKeyRef"_s, u"fieldRef"_s, u"fileKeyRef"_s, u"resourceFieldRef"_s, u"secretKeyRef"_s,
};

// The fields of each valueFrom source (core/v1 EnvVarSource).
const QHash<QString, QStringList> valueFromSourceFields = {
    {u"configMapKeyRef"_s, {u"name"_s, u"key"_s, u"optional"_s}},
    {u"secretKeyRef"_s, {u"name"_s, u"key"_s, u"optional"_s}},
    {u"fieldRef"_s, {u"apiVersion"_s, u"fieldPath"_s}},
    {u"fileKeyRef"_s, {u"key"_s, u"path"_s, u"volumeName"_s, u"optional"_s}},
    {u"resourceFieldRef"_s, {u"containerName"_s, u"divisor"_s, u"resource"_s}},
};

const QStringList podSecurityContextFields = {
    u"appArmorProfile"_s, u"fsGroup"_s, u"fsGroupChangePolicy"_s, u"runAsGroup"_s, u"runAsNonRoot"_s,
    u"runAsUser"_s, u"seLinuxChangePolicy"_s, u"seLinuxOptions"_s, u"seccompProfile"_s, u"supplementalGroups"_s,
    u"supplementalGroupsPolicy"_s, u"sysctls"_s, u"windowsOptions"_s,
};

const QStringList containerSecurityContextFields = {
    u"allowPrivilegeEscalation"_s, u"appArmorProfile"_s, u"capabilities"_s, u"privileged"_s, u"procMount"_s,
    u"readOnlyRootFilesystem"_s, u"runAsGroup"_s, u"runAsNonRoot"_s, u"runAsUser"_s, u"seLinuxOptions"_s,
    u"seccompProfile"_s, u"windowsOptions"_s,
};

const QStringList schedulingTermFields = {
    u"requiredDuringSchedulingIgnoredDuringExecution"_s, u"preferredDuringSchedulingIgnoredDuringExecution"_s,
};

// An error for each key of `object` that is not in `known`.
FieldErrorList unknownKeys(const QJsonObject &object, const QStringList &known, const QString &path)
{
    FieldErrorList errors;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            errors << FieldError::unknownField(path + u'.' + it.key());
    }
    return errors;
}

} // namespace

FieldErrorList labels(const StringMap &labels, const QString &path)
{
    FieldErrorList errors;
    for (auto it = labels.constBegin(); it != labels.constEnd(); ++it) {
        appendNameErrors(errors, path, it.key(), names::qualifiedName(it.key()));
        appendNameErrors(errors, path, it.value(), names::labelValue(it.value()));
    }
    return errors;
}

FieldErrorList annotations(const StringMap &annotations, const QString &path)
{
    FieldErrorList errors;
    qsizetype totalSize = 0;
    for (auto it = annotations.constBegin(); it != annotations.constEnd(); ++it) {
        // Kubernetes checks the lower-cased key but reports the key as written.
        appendNameErrors(errors, path, it.key(), names::qualifiedName(it.key().toLower()));
        totalSize += it.key().toUtf8().size() + it.value().toUtf8().size();
    }
    if (totalSize > totalAnnotationSizeLimit) {
        errors << FieldError::tooLong(path, QJsonValue::Undefined, static_cast<int>(totalAnnotationSizeLimit));
    }
    return errors;
}

FieldErrorList resourceRequirements(const QJsonObject &resources, const QString &path)
{
    FieldErrorList errors;
    JsonFieldReader reader(resources, path, &errors);
    const std::optional<QJsonObject> limits = reader.object(u"limits"_s);
    const std::optional<QJsonObject> requests = reader.object(u"requests"_s);
    if (const std::optional<QJsonArray> claims = reader.arrayOfObjects(u"claims"_s)) {
        for (qsizetype i = 0; i < claims->size(); ++i) {
            const QString claimPath = JsonFieldReader::indexPath(reader.childPath(u"claims"_s), i);
            JsonFieldReader claim(claims->at(i).toObject(), claimPath, &errors);
            const std::optional<QString> name = claim.string(u"name"_s);
            (void)claim.string(u"request"_s);
            claim.finish();
            if (!name || name->isEmpty())
                errors << FieldError::required(claimPath + u".name"_s);
        }
    }
    reader.finish();

    const auto parsedLimits = quantities(limits.value_or(QJsonObject()), reader.childPath(u"limits"_s), errors);
    const auto parsedRequests =
        quantities(requests.value_or(QJsonObject()), reader.childPath(u"requests"_s), errors);
    for (auto it = parsedRequests.constBegin(); it != parsedRequests.constEnd(); ++it) {
        const auto limit = parsedLimits.constFind(it.key());
        if (limit != parsedLimits.constEnd() && limit->compare(*it) < 0) {
            errors << FieldError::invalid(JsonFieldReader::keyPath(reader.childPath(u"requests"_s), it.key()),
                                          it->toString(),
                                          u"must be less than or equal to %1 limit of %2"_s.arg(it.key(),
                                                                                             limit->toString()));
        }
    }
    return errors;
}

FieldErrorList tolerations(const QJsonArray &tolerations, const QString &path)
{
    FieldErrorList errors;
    for (qsizetype i = 0; i < tolerations.size(); ++i) {
        const QString itemPath = JsonFieldReader::indexPath(path, i);
        JsonFieldReader reader(tolerations.at(i).toObject(), itemPath, &errors);
        const QString key = reader.string(u"key"_s).value_or(QString());
        const QString op = reader.string(u"operator"_s).value_or(QString());
        const QString value = reader.string(u"value"_s).value_or(QString());
        const QString effect = reader.string(u"effect"_s).value_or(QString());
        const std::optional<qint64> seconds = reader.int64(u"tolerationSeconds"_s);
        reader.finish();

        if (!key.isEmpty())
            appendNameErrors(errors, itemPath + u".key"_s, key, names::qualifiedName(key));
        if (key.isEmpty() && op != u"Exists") {
            errors << FieldError::invalid(itemPath + u".operator"_s, op,
                                          u"operator must be Exists when `key` is empty, which means \"match all "
                                          "values and all keys\""_s);
        }
        if (seconds && effect != u"NoExecute") {
            errors << FieldError::invalid(itemPath + u".effect"_s, effect,
                                          u"effect must be 'NoExecute' when `tolerationSeconds` is set"_s);
        }
        if (op.isEmpty() || op == u"Equal") {
            const QStringList problems = names::labelValue(value);
            if (!problems.isEmpty())
                errors << FieldError::invalid(itemPath + u".operator"_s, value, problems.join(u';'));
        } else if (op == u"Exists") {
            if (!value.isEmpty()) {
                errors << FieldError::invalid(itemPath + u".operator"_s, value,
                                              u"value must be empty when `operator` is 'Exists'"_s);
            }
        } else {
            errors << FieldError::notSupported(itemPath + u".operator"_s, op, {u"Equal"_s, u"Exists"_s});
        }
        if (!effect.isEmpty() && effect != u"NoSchedule" && effect != u"PreferNoSchedule" && effect != u"NoExecute") {
            errors << FieldError::notSupported(itemPath + u".effect"_s, effect,
                                               {u"NoSchedule"_s, u"PreferNoSchedule"_s, u"NoExecute"_s});
        }
    }
    return errors;
}

FieldErrorList volume(const QJsonObject &volume, const QString &path)
{
    FieldErrorList errors;
    const QJsonValue name = volume.value(u"name");
    if (!name.isString() && !name.isUndefined() && !name.isNull()) {
        errors << typeMismatch(path + u".name"_s, name, u"string"_s);
    } else if (name.toString().isEmpty()) {
        errors << FieldError::required(path + u".name"_s);
    } else {
        appendNameErrors(errors, path + u".name"_s, name.toString(), names::dns1123Label(name.toString()));
    }
    errors << unknownKeys(volume, QStringList{u"name"_s} + volumeSources, path);
    QStringList sources;
    for (const QString &source : volumeSources) {
        if (volume.contains(source) && !volume.value(source).isNull())
            sources << source;
    }
    if (sources.size() > 1)
        errors << FieldError::forbidden(path + u'.' + sources[1], u"may not specify more than 1 volume type"_s);
    return errors;
}

Findings envVarName(const QString &name, const QString &path)
{
    // Kubernetes 1.34 accepts any printable ASCII except '='; older API servers accept only
    // C-identifier-like names. The first rule is an error, the second a warning.
    static const QRegularExpression portable(QRegularExpression::anchoredPattern(u"[-._a-zA-Z][-._a-zA-Z0-9]*"_s));
    Findings findings;
    bool printable = true;
    for (const QChar c : name) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e || c == u'=')
            printable = false;
    }
    if (!printable) {
        findings.errors << FieldError::invalid(path, name,
                                               u"a valid environment variable name must consist only of printable "
                                               "ASCII characters other than '='"_s);
    } else if (!portable.match(name).hasMatch()) {
        findings.warnings << FieldWarning{path,
                                          goQuote(name) + u" is rejected by API servers older than Kubernetes 1.34: "
                                          "a portable environment variable name consists of alphabetic characters, "
                                          "digits, '_', '-', or '.', and must not start with a digit"_s};
    }
    return findings;
}

Findings envVar(const QJsonObject &variable, const QString &path)
{
    Findings findings;
    const QJsonValue name = variable.value(u"name");
    if (!name.isString() && !name.isUndefined() && !name.isNull()) {
        findings.errors << typeMismatch(path + u".name"_s, name, u"string"_s);
    } else if (name.toString().isEmpty()) {
        findings.errors << FieldError::required(path + u".name"_s);
    } else {
        const Findings nameFindings = envVarName(name.toString(), path + u".name"_s);
        findings.errors << nameFindings.errors;
        findings.warnings << nameFindings.warnings;
    }
    findings.errors << unknownKeys(variable, {u"name"_s, u"value"_s, u"valueFrom"_s}, path);
    const QJsonValue value = variable.value(u"value");
    if (!value.isUndefined() && !value.isNull() && !value.isString())
        findings.errors << typeMismatch(path + u".value"_s, value, u"string"_s);
    const QJsonValue valueFrom = variable.value(u"valueFrom");
    if (valueFrom.isUndefined() || valueFrom.isNull())
        return findings;
    if (!valueFrom.isObject()) {
        findings.errors << typeMismatch(path + u".valueFrom"_s, valueFrom, u"object"_s);
        return findings;
    }
    if (!value.toString().isEmpty()) {
        findings.errors << FieldError::invalid(path + u".valueFrom"_s, QJsonValue::Undefined,
                                               u"may not be specified when `value` is not empty"_s);
    }
    findings.errors << unknownKeys(valueFrom.toObject(), valueFromSources, path + u".valueFrom"_s);
    int sources = 0;
    for (const QString &source : valueFromSources) {
        const QJsonValue sourceValue = valueFrom.toObject().value(source);
        if (sourceValue.isUndefined() || sourceValue.isNull())
            continue;
        ++sources;
        findings.errors << unknownKeys(sourceValue.toObject(), valueFromSourceFields.value(source),
                                       path + u".valueFrom."_s + source);
    }
    if (sources == 0) {
        findings.errors << FieldError::invalid(path + u".valueFrom"_s, QJsonValue::Undefined,
                                               u"must specify one of: `configMapKeyRef`, `fieldRef`, `fileKeyRef`, "
                                               "`resourceFieldRef` or `secretKeyRef`"_s);
    } else if (sources > 1) {
        findings.errors << FieldError::invalid(path + u".valueFrom"_s, QJsonValue::Undefined,
                                               u"may not have more than one field specified at a time"_s);
    }
    return findings;
}

FieldErrorList podSecurityContext(const QJsonObject &context, const QString &path)
{
    return unknownKeys(context, podSecurityContextFields, path);
}

FieldErrorList containerSecurityContext(const QJsonObject &context, const QString &path)
{
    return unknownKeys(context, containerSecurityContextFields, path);
}

FieldErrorList affinity(const QJsonObject &affinity, const QString &path)
{
    FieldErrorList errors = unknownKeys(affinity, {u"nodeAffinity"_s, u"podAffinity"_s, u"podAntiAffinity"_s}, path);
    for (const QString &kind : {u"nodeAffinity"_s, u"podAffinity"_s, u"podAntiAffinity"_s})
        errors << unknownKeys(affinity.value(kind).toObject(), schedulingTermFields, path + u'.' + kind);
    return errors;
}

FieldErrorList objectName(const QString &name, const QString &path)
{
    FieldErrorList errors;
    appendNameErrors(errors, path, name, names::dns1123Subdomain(name));
    return errors;
}

} // namespace locust::api::corevalidation
