#include "api/locusttestdefaults.h"

#include "api/naming.h"

using namespace Qt::StringLiterals;

namespace locust::api {

namespace {

template<typename T>
void defaultTo(std::optional<T> &field, const T &value)
{
    if (!field)
        field = value;
}

void defaultObjectField(QJsonObject &object, const QString &key, const QJsonValue &value)
{
    if (!object.contains(key) || object.value(key).isNull())
        object.insert(key, value);
}

// LocalObjectReference.name defaults to "" in the core schema.
QJsonArray withPullSecretDefaults(QJsonArray secrets)
{
    for (qsizetype i = 0; i < secrets.size(); ++i) {
        QJsonObject secret = secrets.at(i).toObject();
        defaultObjectField(secret, u"name"_s, QString());
        secrets.replace(i, secret);
    }
    return secrets;
}

// EnvVar.valueFrom: configMapKeyRef.name and secretKeyRef.name default to "", fileKeyRef.optional
// to false.
QJsonArray withEnvVarDefaults(QJsonArray variables)
{
    for (qsizetype i = 0; i < variables.size(); ++i) {
        QJsonObject variable = variables.at(i).toObject();
        if (!variable.value(u"valueFrom").isObject())
            continue;
        QJsonObject valueFrom = variable.value(u"valueFrom").toObject();
        for (const QString &ref : {u"configMapKeyRef"_s, u"secretKeyRef"_s}) {
            if (valueFrom.value(ref).isObject()) {
                QJsonObject object = valueFrom.value(ref).toObject();
                defaultObjectField(object, u"name"_s, QString());
                valueFrom.insert(ref, object);
            }
        }
        if (valueFrom.value(u"fileKeyRef").isObject()) {
            QJsonObject object = valueFrom.value(u"fileKeyRef").toObject();
            defaultObjectField(object, u"optional"_s, false);
            valueFrom.insert(u"fileKeyRef"_s, object);
        }
        variable.insert(u"valueFrom"_s, valueFrom);
        variables.replace(i, variable);
    }
    return variables;
}

} // namespace

LocustTestSpecV2 LocustTestDefaults::applied(LocustTestSpecV2 spec)
{
    defaultTo(spec.imagePullPolicy, u"IfNotPresent"_s);
    if (spec.imagePullSecrets)
        spec.imagePullSecrets = withPullSecretDefaults(*spec.imagePullSecrets);
    if (spec.master) {
        defaultTo(spec.master->autostart, autostart);
        if (spec.master->autoquit) {
            defaultTo(spec.master->autoquit->enabled, autoquitEnabled);
            defaultTo(spec.master->autoquit->timeout, autoquitTimeout);
        }
    }
    if (spec.testFiles) {
        defaultTo(spec.testFiles->srcMountPath, naming::defaultSrcMountPath.toString());
        defaultTo(spec.testFiles->libMountPath, naming::defaultLibMountPath.toString());
    }
    if (spec.env) {
        if (spec.env->secretMounts) {
            for (SecretMount &mount : *spec.env->secretMounts)
                defaultTo(mount.readOnly, true);
        }
        if (spec.env->variables)
            spec.env->variables = withEnvVarDefaults(*spec.env->variables);
    }
    if (spec.volumeMounts) {
        for (TargetedVolumeMount &mount : *spec.volumeMounts)
            defaultTo(mount.target, u"both"_s);
    }
    if (spec.observability && spec.observability->openTelemetry) {
        OpenTelemetryConfig &otel = *spec.observability->openTelemetry;
        defaultTo(otel.enabled, false);
        defaultTo(otel.protocol, u"grpc"_s);
        defaultTo(otel.insecure, false);
    }
    return spec;
}

LocustTestV2 LocustTestDefaults::applied(LocustTestV2 test)
{
    if (test.spec)
        test.spec = applied(std::move(*test.spec));
    return test;
}

LocustTestV1 LocustTestDefaults::applied(LocustTestV1 test)
{
    if (test.spec)
        defaultTo(test.spec->workerReplicas, v1WorkerReplicas);
    return test;
}

} // namespace locust::api
