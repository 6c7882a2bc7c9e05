#include "api/locusttestv1.h"

#include "api/jsonfieldwriter.h"
#include "api/naming.h"
#include "api/objectmetadata.h"

using namespace Qt::StringLiterals;

namespace locust::api {

namespace {

using jsonfields::insert;

PodMapsV1 decodePodMaps(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    PodMapsV1 maps;
    maps.master = reader.stringMap(u"master"_s);
    maps.worker = reader.stringMap(u"worker"_s);
    reader.finish();
    return maps;
}

NodeAffinityV1 decodeNodeAffinity(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    NodeAffinityV1 nodeAffinity;
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution =
        reader.stringMap(u"requiredDuringSchedulingIgnoredDuringExecution"_s);
    reader.finish();
    return nodeAffinity;
}

AffinityV1 decodeAffinity(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    AffinityV1 affinity;
    affinity.nodeAffinity = reader.nested<NodeAffinityV1>(u"nodeAffinity"_s, decodeNodeAffinity);
    reader.finish();
    return affinity;
}

TolerationV1 decodeToleration(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    TolerationV1 toleration;
    toleration.key = reader.string(u"key"_s);
    toleration.operator_ = reader.string(u"operator"_s);
    toleration.value = reader.string(u"value"_s);
    toleration.effect = reader.string(u"effect"_s);
    reader.finish();
    return toleration;
}

QJsonObject encodePodMaps(const PodMapsV1 &maps)
{
    QJsonObject json;
    insert(json, u"master"_s, maps.master);
    insert(json, u"worker"_s, maps.worker);
    return json;
}

QJsonObject encodeNodeAffinity(const NodeAffinityV1 &nodeAffinity)
{
    QJsonObject json;
    insert(json, u"requiredDuringSchedulingIgnoredDuringExecution"_s,
           nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution);
    return json;
}

QJsonObject encodeAffinity(const AffinityV1 &affinity)
{
    QJsonObject json;
    insert(json, u"nodeAffinity"_s, affinity.nodeAffinity, encodeNodeAffinity);
    return json;
}

QJsonObject encodeToleration(const TolerationV1 &toleration)
{
    QJsonObject json;
    insert(json, u"key"_s, toleration.key);
    insert(json, u"operator"_s, toleration.operator_);
    insert(json, u"value"_s, toleration.value);
    insert(json, u"effect"_s, toleration.effect);
    return json;
}

} // namespace

QString LocustTestV1::name() const
{
    return objectmetadata::name(metadata);
}

LocustTestSpecV1 LocustTestV1::specFromJson(const QJsonObject &json, const QString &path, FieldErrorList *errors)
{
    JsonFieldReader reader(json, path, errors);
    LocustTestSpecV1 spec;
    spec.masterCommandSeed = reader.string(u"masterCommandSeed"_s);
    spec.workerCommandSeed = reader.string(u"workerCommandSeed"_s);
    spec.workerReplicas = reader.int32(u"workerReplicas"_s);
    spec.image = reader.string(u"image"_s);
    spec.imagePullPolicy = reader.string(u"imagePullPolicy"_s);
    spec.imagePullSecrets = reader.stringList(u"imagePullSecrets"_s);
    spec.configMap = reader.string(u"configMap"_s);
    spec.libConfigMap = reader.string(u"libConfigMap"_s);
    spec.labels = reader.nested<PodMapsV1>(u"labels"_s, decodePodMaps);
    spec.annotations = reader.nested<PodMapsV1>(u"annotations"_s, decodePodMaps);
    spec.affinity = reader.nested<AffinityV1>(u"affinity"_s, decodeAffinity);
    spec.tolerations = reader.list<TolerationV1>(u"tolerations"_s, decodeToleration);
    reader.finish();
    return spec;
}

QJsonObject LocustTestV1::specToJson(const LocustTestSpecV1 &spec)
{
    QJsonObject json;
    insert(json, u"masterCommandSeed"_s, spec.masterCommandSeed);
    insert(json, u"workerCommandSeed"_s, spec.workerCommandSeed);
    insert(json, u"workerReplicas"_s, spec.workerReplicas);
    insert(json, u"image"_s, spec.image);
    insert(json, u"imagePullPolicy"_s, spec.imagePullPolicy);
    insert(json, u"imagePullSecrets"_s, spec.imagePullSecrets);
    insert(json, u"configMap"_s, spec.configMap);
    insert(json, u"libConfigMap"_s, spec.libConfigMap);
    insert(json, u"labels"_s, spec.labels, encodePodMaps);
    insert(json, u"annotations"_s, spec.annotations, encodePodMaps);
    insert(json, u"affinity"_s, spec.affinity, encodeAffinity);
    insert(json, u"tolerations"_s, spec.tolerations, encodeToleration);
    return json;
}

Decoded<LocustTestV1> LocustTestV1::fromJson(const QJsonObject &json)
{
    Decoded<LocustTestV1> decoded;
    FieldErrorList *errors = &decoded.errors;
    JsonFieldReader reader(json, QString(), errors);

    const std::optional<QString> apiVersion = reader.string(u"apiVersion"_s);
    if (apiVersion != naming::apiVersionV1)
        errors->append(FieldError::notSupported(u"apiVersion"_s, apiVersion.value_or(QString()),
                                                {naming::apiVersionV1.toString()}));
    const std::optional<QString> kind = reader.string(u"kind"_s);
    if (kind != naming::kind)
        errors->append(FieldError::notSupported(u"kind"_s, kind.value_or(QString()), {naming::kind.toString()}));

    LocustTestV1 &test = decoded.value;
    if (const std::optional<QJsonObject> metadata = reader.object(u"metadata"_s)) {
        test.metadata = *metadata;
        objectmetadata::checkTypes(test.metadata, errors);
    }
    test.spec = reader.nested<LocustTestSpecV1>(u"spec"_s, specFromJson);
    if (const std::optional<QJsonObject> status = reader.object(u"status"_s)) {
        test.status = *status;
        JsonFieldReader(*status, u"status"_s, errors).finish(); // every key is unknown in v1
    }
    reader.finish();
    return decoded;
}

QJsonObject LocustTestV1::toJson() const
{
    QJsonObject json{
        {u"apiVersion"_s, naming::apiVersionV1.toString()},
        {u"kind"_s, naming::kind.toString()},
        {u"metadata"_s, metadata},
    };
    insert(json, u"spec"_s, spec, specToJson);
    insert(json, u"status"_s, status);
    return json;
}

} // namespace locust::api
