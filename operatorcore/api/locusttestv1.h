#pragma once

#include "api/jsonfieldreader.h"
#include "api/locusttestv2.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The deprecated LocustTest API, version locust.io/v1. It is served for existing users and
// converted to and from v2 (see LocustTestConverter). Its JSON keys are a frozen wire contract.
namespace locust::api {

// spec.labels and spec.annotations: one map per role.
struct PodMapsV1
{
    std::optional<StringMap> master;
    std::optional<StringMap> worker;

    bool operator==(const PodMapsV1 &) const = default;
};

struct NodeAffinityV1
{
    std::optional<StringMap> requiredDuringSchedulingIgnoredDuringExecution;

    bool operator==(const NodeAffinityV1 &) const = default;
};

struct AffinityV1
{
    std::optional<NodeAffinityV1> nodeAffinity;

    bool operator==(const AffinityV1 &) const = default;
};

struct TolerationV1
{
    std::optional<QString> key;
    std::optional<QString> operator_; // JSON "operator"
    std::optional<QString> value;
    std::optional<QString> effect;

    bool operator==(const TolerationV1 &) const = default;
};

struct LocustTestSpecV1
{
    std::optional<QString> masterCommandSeed;
    std::optional<QString> workerCommandSeed;
    std::optional<qint32> workerReplicas;
    std::optional<QString> image;
    std::optional<QString> imagePullPolicy;
    std::optional<QStringList> imagePullSecrets;
    std::optional<QString> configMap;
    std::optional<QString> libConfigMap;
    std::optional<PodMapsV1> labels;
    std::optional<PodMapsV1> annotations;
    std::optional<AffinityV1> affinity;
    std::optional<QList<TolerationV1>> tolerations;

    bool operator==(const LocustTestSpecV1 &) const = default;
};

class LocustTestV1
{
public:
    QJsonObject metadata; // ObjectMeta, verbatim
    std::optional<LocustTestSpecV1> spec;
    // v1 declares a status subresource with no fields; anything in it would be pruned.
    std::optional<QJsonObject> status;

    QString name() const;

    // Decodes a whole object. apiVersion must be locust.io/v1 and kind LocustTest.
    static Decoded<LocustTestV1> fromJson(const QJsonObject &json);
    QJsonObject toJson() const;

    static LocustTestSpecV1 specFromJson(const QJsonObject &json, const QString &path, FieldErrorList *errors);
    static QJsonObject specToJson(const LocustTestSpecV1 &spec);

    bool operator==(const LocustTestV1 &) const = default;
};

} // namespace locust::api
