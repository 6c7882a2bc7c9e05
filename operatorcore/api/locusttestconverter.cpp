#include "api/locusttestconverter.h"

#include "api/jsonfieldwriter.h"
#include "api/locusttestdefaults.h"
#include "api/naming.h"
#include "api/objectmetadata.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace locust::api {

namespace {

std::optional<StringMap> nonEmpty(const std::optional<StringMap> &map)
{
    if (!map || map->isEmpty())
        return std::nullopt;
    return map;
}

std::optional<QString> nonEmpty(const std::optional<QString> &text)
{
    if (!text || text->isEmpty())
        return std::nullopt;
    return text;
}

// ---- affinity: v1 is a map of node label -> required value ----------------------------------

StringMap v1AffinityMap(const std::optional<AffinityV1> &affinity)
{
    if (!affinity || !affinity->nodeAffinity)
        return {};
    return affinity->nodeAffinity->requiredDuringSchedulingIgnoredDuringExecution.value_or(StringMap());
}

// One nodeSelectorTerm with one `In` expression per entry, sorted by key (QMap order) so the
// result is deterministic (the reference iterated a Go map).
std::optional<QJsonObject> affinityToV2(const std::optional<AffinityV1> &affinity)
{
    const StringMap required = v1AffinityMap(affinity);
    if (required.isEmpty())
        return std::nullopt;
    QJsonArray expressions;
    for (auto it = required.constBegin(); it != required.constEnd(); ++it) {
        expressions.append(QJsonObject{{u"key"_s, it.key()},
                                       {u"operator"_s, u"In"_s},
                                       {u"values"_s, QJsonArray{it.value()}}});
    }
    const QJsonObject term{{u"matchExpressions"_s, expressions}};
    const QJsonObject nodeAffinity{
        {u"requiredDuringSchedulingIgnoredDuringExecution"_s, QJsonObject{{u"nodeSelectorTerms"_s, QJsonArray{term}}}}};
    return QJsonObject{{u"nodeAffinity"_s, nodeAffinity}};
}

// Every `In` expression with a value, across all terms, contributes key -> first value; later keys
// win. Anything else cannot be expressed in v1. No surviving entry gives no affinity (never an
// empty map, which would read as "no constraint" but look like one).
std::optional<AffinityV1> affinityToV1(const std::optional<QJsonObject> &affinity)
{
    if (!affinity)
        return std::nullopt;
    const QJsonArray terms = affinity->value(u"nodeAffinity")
                                 .toObject()
                                 .value(u"requiredDuringSchedulingIgnoredDuringExecution")
                                 .toObject()
                                 .value(u"nodeSelectorTerms")
                                 .toArray();
    StringMap required;
    for (const QJsonValue &term : terms) {
        for (const QJsonValue &expression : term.toObject().value(u"matchExpressions").toArray()) {
            const QJsonObject object = expression.toObject();
            const QJsonArray values = object.value(u"values").toArray();
            if (object.value(u"operator").toString() == u"In" && !values.isEmpty())
                required.insert(object.value(u"key").toString(), values.first().toString());
        }
    }
    if (required.isEmpty())
        return std::nullopt;
    return AffinityV1{NodeAffinityV1{required}};
}

// ---- tolerations -----------------------------------------------------------------------------

QJsonArray tolerationsToV2(const QList<TolerationV1> &tolerations)
{
    QJsonArray result;
    for (const TolerationV1 &toleration : tolerations) {
        QJsonObject object;
        jsonfields::insert(object, u"key"_s, nonEmpty(toleration.key));
        jsonfields::insert(object, u"operator"_s, nonEmpty(toleration.operator_));
        jsonfields::insert(object, u"value"_s, nonEmpty(toleration.value));
        jsonfields::insert(object, u"effect"_s, nonEmpty(toleration.effect));
        result.append(object);
    }
    return result;
}

QList<TolerationV1> tolerationsToV1(const QJsonArray &tolerations)
{
    QList<TolerationV1> result;
    for (const QJsonValue &item : tolerations) {
        const QJsonObject object = item.toObject();
        TolerationV1 toleration;
        // key, operator and effect are required in v1 and always written; value only when set.
        toleration.key = object.value(u"key").toString();
        toleration.operator_ = object.value(u"operator").toString();
        toleration.effect = object.value(u"effect").toString();
        toleration.value = nonEmpty(std::optional<QString>(object.value(u"value").toString()));
        result.append(toleration);
    }
    return result;
}

// The stored v2 affinity with the v1 map's edits applied to its `In` expressions only: an entry
// removed from the map removes its expressions, a changed value replaces theirs, a new entry adds
// an expression to every term. podAffinity, podAntiAffinity, preferred terms, matchFields and other
// operators are kept as they were.
std::optional<QJsonObject> mergeAffinityEdits(const std::optional<QJsonObject> &stored, const StringMap &before,
                                              const StringMap &after)
{
    if (!stored)
        return affinityToV2(AffinityV1{NodeAffinityV1{after}});
    QJsonObject affinity = *stored;
    QJsonObject nodeAffinity = affinity.value(u"nodeAffinity").toObject();
    QJsonObject required = nodeAffinity.value(u"requiredDuringSchedulingIgnoredDuringExecution").toObject();
    QJsonArray terms = required.value(u"nodeSelectorTerms").toArray();

    QJsonArray editedTerms;
    for (const QJsonValue &termValue : std::as_const(terms)) {
        QJsonObject term = termValue.toObject();
        QJsonArray expressions;
        for (const QJsonValue &expressionValue : term.value(u"matchExpressions").toArray()) {
            QJsonObject expression = expressionValue.toObject();
            const QString key = expression.value(u"key").toString();
            if (expression.value(u"operator").toString() == u"In" && before.contains(key)) {
                if (!after.contains(key))
                    continue;
                if (after.value(key) != before.value(key))
                    expression.insert(u"values"_s, QJsonArray{after.value(key)});
            }
            expressions.append(expression);
        }
        for (auto it = after.constBegin(); it != after.constEnd(); ++it) {
            if (!before.contains(it.key())) {
                expressions.append(QJsonObject{{u"key"_s, it.key()}, {u"operator"_s, u"In"_s},
                                               {u"values"_s, QJsonArray{it.value()}}});
            }
        }
        if (expressions.isEmpty())
            term.remove(u"matchExpressions"_s);
        else
            term.insert(u"matchExpressions"_s, expressions);
        if (!term.isEmpty())
            editedTerms.append(term);
    }
    if (terms.isEmpty() && !after.isEmpty()) // there was no term to carry the new entries
        editedTerms.append(affinityToV2(AffinityV1{NodeAffinityV1{after}})
                               ->value(u"nodeAffinity")[u"requiredDuringSchedulingIgnoredDuringExecution"]
                                   [u"nodeSelectorTerms"][0]);

    if (editedTerms.isEmpty())
        required.remove(u"nodeSelectorTerms"_s);
    else
        required.insert(u"nodeSelectorTerms"_s, editedTerms);
    if (required.isEmpty())
        nodeAffinity.remove(u"requiredDuringSchedulingIgnoredDuringExecution"_s);
    else
        nodeAffinity.insert(u"requiredDuringSchedulingIgnoredDuringExecution"_s, required);
    if (nodeAffinity.isEmpty())
        affinity.remove(u"nodeAffinity"_s);
    else
        affinity.insert(u"nodeAffinity"_s, nodeAffinity);
    if (affinity.isEmpty())
        return std::nullopt;
    return affinity;
}

// The edited v1 tolerations as v2, reusing each stored toleration the edited list still contains
// (matched on what v1 shows of it), so that its tolerationSeconds survives.
QJsonArray mergeTolerationEdits(const QJsonArray &stored, const QList<TolerationV1> &edited)
{
    QList<TolerationV1> storedAsV1 = tolerationsToV1(stored);
    QList<bool> used(storedAsV1.size(), false);
    QJsonArray result;
    for (const TolerationV1 &toleration : edited) {
        qsizetype match = -1;
        for (qsizetype i = 0; i < storedAsV1.size() && match < 0; ++i) {
            if (!used[i] && storedAsV1[i] == toleration)
                match = i;
        }
        if (match >= 0) {
            used[match] = true;
            result.append(stored.at(match));
        } else {
            result.append(tolerationsToV2({toleration}).at(0));
        }
    }
    return result;
}

// ---- v1 pieces as v2 ---------------------------------------------------------------------------

std::optional<QJsonArray> pullSecretsToV2(const std::optional<QStringList> &secrets)
{
    if (!secrets || secrets->isEmpty())
        return std::nullopt;
    QJsonArray result;
    for (const QString &secret : *secrets)
        result.append(QJsonObject{{u"name"_s, secret}});
    return result;
}

std::optional<QStringList> pullSecretsToV1(const std::optional<QJsonArray> &secrets)
{
    if (!secrets || secrets->isEmpty())
        return std::nullopt;
    QStringList result;
    for (const QJsonValue &secret : *secrets)
        result << secret.toObject().value(u"name").toString();
    return result;
}

std::optional<StringMap> masterMap(const std::optional<PodMapsV1> &maps)
{
    return maps ? nonEmpty(maps->master) : std::nullopt;
}

std::optional<StringMap> workerMap(const std::optional<PodMapsV1> &maps)
{
    return maps ? nonEmpty(maps->worker) : std::nullopt;
}

std::optional<PodMapsV1> podMapsToV1(const std::optional<StringMap> &master, const std::optional<StringMap> &worker)
{
    PodMapsV1 maps{nonEmpty(master), nonEmpty(worker)};
    if (!maps.master && !maps.worker)
        return std::nullopt;
    return maps;
}

// ---- preservation ------------------------------------------------------------------------------

struct PreservedData
{
    std::optional<LocustTestSpecV2> spec;
    std::optional<LocustTestStatus> status;
};

std::optional<PreservedData> readPreservedData(const QJsonObject &metadata)
{
    const StringMap annotations = objectmetadata::annotations(metadata);
    const auto it = annotations.constFind(naming::conversionDataAnnotation.toString());
    if (it == annotations.constEnd())
        return std::nullopt;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(it->toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    // Only data that decodes cleanly is trusted; anything else is ignored rather than guessed at.
    FieldErrorList errors;
    PreservedData data;
    const QJsonObject object = document.object();
    if (object.value(u"spec").isObject())
        data.spec = LocustTestV2::specFromJson(object.value(u"spec").toObject(), u"spec"_s, &errors);
    if (object.value(u"status").isObject())
        data.status = LocustTestV2::statusFromJson(object.value(u"status").toObject(), u"status"_s, &errors);
    if (!errors.isEmpty())
        return std::nullopt;
    return data;
}

QString writePreservedData(const std::optional<LocustTestSpecV2> &spec, const std::optional<LocustTestStatus> &status)
{
    QJsonObject object;
    if (spec)
        object.insert(u"spec"_s, LocustTestV2::specToJson(*spec));
    if (status)
        object.insert(u"status"_s, LocustTestV2::statusToJson(*status));
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// The empty map and the absent map mean the same in v1 (no labels, no constraint).
bool sameMap(const std::optional<StringMap> &a, const std::optional<StringMap> &b)
{
    return a.value_or(StringMap()) == b.value_or(StringMap());
}

// The stored v2 spec, with every group of v1 fields the user changed since toV1() applied on top.
LocustTestSpecV2 mergeV1Edits(LocustTestSpecV2 stored, const LocustTestSpecV1 &edited)
{
    const LocustTestSpecV1 original = LocustTestConverter::specToV1(stored);
    const LocustTestSpecV2 editedV2 = LocustTestConverter::specToV2(edited);
    auto master = [&stored]() -> MasterSpec & {
        if (!stored.master)
            stored.master = MasterSpec{};
        return *stored.master;
    };
    auto worker = [&stored]() -> WorkerSpec & {
        if (!stored.worker)
            stored.worker = WorkerSpec{};
        return *stored.worker;
    };
    auto testFiles = [&stored]() -> TestFilesConfig & {
        if (!stored.testFiles)
            stored.testFiles = TestFilesConfig{};
        return *stored.testFiles;
    };
    auto scheduling = [&stored]() -> SchedulingConfig & {
        if (!stored.scheduling)
            stored.scheduling = SchedulingConfig{};
        return *stored.scheduling;
    };

    if (original.image != edited.image)
        stored.image = edited.image;
    if (nonEmpty(original.imagePullPolicy) != nonEmpty(edited.imagePullPolicy))
        stored.imagePullPolicy = nonEmpty(edited.imagePullPolicy);
    if (original.imagePullSecrets.value_or(QStringList()) != edited.imagePullSecrets.value_or(QStringList()))
        stored.imagePullSecrets = editedV2.imagePullSecrets;
    if (original.masterCommandSeed != edited.masterCommandSeed)
        master().command = edited.masterCommandSeed;
    if (original.workerCommandSeed != edited.workerCommandSeed)
        worker().command = edited.workerCommandSeed;
    if (original.workerReplicas != edited.workerReplicas)
        worker().replicas = edited.workerReplicas;
    if (!sameMap(masterMap(original.labels), masterMap(edited.labels)))
        master().labels = masterMap(edited.labels);
    if (!sameMap(workerMap(original.labels), workerMap(edited.labels)))
        worker().labels = workerMap(edited.labels);
    if (!sameMap(masterMap(original.annotations), masterMap(edited.annotations)))
        master().annotations = masterMap(edited.annotations);
    if (!sameMap(workerMap(original.annotations), workerMap(edited.annotations)))
        worker().annotations = workerMap(edited.annotations);
    if (nonEmpty(original.configMap) != nonEmpty(edited.configMap))
        testFiles().configMapRef = nonEmpty(edited.configMap);
    if (nonEmpty(original.libConfigMap) != nonEmpty(edited.libConfigMap))
        testFiles().libConfigMapRef = nonEmpty(edited.libConfigMap);
    if (v1AffinityMap(original.affinity) != v1AffinityMap(edited.affinity)) {
        const std::optional<QJsonObject> storedAffinity =
            stored.scheduling ? stored.scheduling->affinity : std::nullopt;
        scheduling().affinity =
            mergeAffinityEdits(storedAffinity, v1AffinityMap(original.affinity), v1AffinityMap(edited.affinity));
    }
    if (original.tolerations.value_or(QList<TolerationV1>()) != edited.tolerations.value_or(QList<TolerationV1>())) {
        const QJsonArray storedTolerations =
            stored.scheduling ? stored.scheduling->tolerations.value_or(QJsonArray()) : QJsonArray();
        const QJsonArray tolerations =
            mergeTolerationEdits(storedTolerations, edited.tolerations.value_or(QList<TolerationV1>()));
        scheduling().tolerations = tolerations.isEmpty() ? std::nullopt : std::optional<QJsonArray>(tolerations);
    }
    return stored;
}

} // namespace

LocustTestSpecV2 LocustTestConverter::specToV2(const LocustTestSpecV1 &spec)
{
    LocustTestSpecV2 result;
    result.image = spec.image;
    result.imagePullPolicy = nonEmpty(spec.imagePullPolicy);
    result.imagePullSecrets = pullSecretsToV2(spec.imagePullSecrets);

    MasterSpec master;
    master.command = spec.masterCommandSeed;
    master.autostart = LocustTestDefaults::autostart;
    master.autoquit = AutoquitConfig{LocustTestDefaults::autoquitEnabled, LocustTestDefaults::autoquitTimeout};
    master.labels = masterMap(spec.labels);
    master.annotations = masterMap(spec.annotations);
    result.master = master;

    WorkerSpec worker;
    worker.command = spec.workerCommandSeed;
    worker.replicas = spec.workerReplicas;
    worker.labels = workerMap(spec.labels);
    worker.annotations = workerMap(spec.annotations);
    result.worker = worker;

    if (nonEmpty(spec.configMap) || nonEmpty(spec.libConfigMap))
        result.testFiles = TestFilesConfig{nonEmpty(spec.configMap), nonEmpty(spec.libConfigMap), {}, {}};

    const bool hasTolerations = spec.tolerations && !spec.tolerations->isEmpty();
    if (spec.affinity || hasTolerations) {
        SchedulingConfig scheduling;
        scheduling.affinity = affinityToV2(spec.affinity);
        if (hasTolerations)
            scheduling.tolerations = tolerationsToV2(*spec.tolerations);
        result.scheduling = scheduling;
    }
    return result;
}

LocustTestSpecV1 LocustTestConverter::specToV1(const LocustTestSpecV2 &spec)
{
    // image, the two command seeds and workerReplicas are required in v1 and always written.
    LocustTestSpecV1 result;
    result.image = spec.image.value_or(QString());
    result.imagePullPolicy = nonEmpty(spec.imagePullPolicy);
    result.imagePullSecrets = pullSecretsToV1(spec.imagePullSecrets);
    result.masterCommandSeed = spec.master ? spec.master->command.value_or(QString()) : QString();
    result.workerCommandSeed = spec.worker ? spec.worker->command.value_or(QString()) : QString();
    result.workerReplicas = spec.worker ? spec.worker->replicas.value_or(0) : 0;
    result.labels = podMapsToV1(spec.master ? spec.master->labels : std::nullopt,
                                spec.worker ? spec.worker->labels : std::nullopt);
    result.annotations = podMapsToV1(spec.master ? spec.master->annotations : std::nullopt,
                                     spec.worker ? spec.worker->annotations : std::nullopt);
    if (spec.testFiles) {
        result.configMap = nonEmpty(spec.testFiles->configMapRef);
        result.libConfigMap = nonEmpty(spec.testFiles->libConfigMapRef);
    }
    if (spec.scheduling) {
        result.affinity = affinityToV1(spec.scheduling->affinity);
        if (spec.scheduling->tolerations && !spec.scheduling->tolerations->isEmpty())
            result.tolerations = tolerationsToV1(*spec.scheduling->tolerations);
    }
    return result;
}

LocustTestV1 LocustTestConverter::toV1(const LocustTestV2 &test)
{
    LocustTestV1 result;
    result.metadata = objectmetadata::withAnnotation(test.metadata, naming::conversionDataAnnotation.toString(),
                                                     std::nullopt);
    if (test.spec)
        result.spec = specToV1(*test.spec);
    if (test.status)
        result.status = QJsonObject(); // v1 has a status subresource but no status fields

    // Preserve what v1 cannot carry: the spec when converting it back would change it, and any status.
    const std::optional<LocustTestSpecV2> roundTrip = result.spec ? std::optional(specToV2(*result.spec))
                                                                  : std::nullopt;
    const bool specLossy = roundTrip != test.spec;
    const bool hasStatus = test.status && !test.status->isEmpty();
    if (specLossy || hasStatus) {
        result.metadata = objectmetadata::withAnnotation(
            result.metadata, naming::conversionDataAnnotation.toString(),
            writePreservedData(specLossy ? test.spec : std::nullopt, hasStatus ? test.status : std::nullopt));
    }
    return result;
}

LocustTestV2 LocustTestConverter::toV2(const LocustTestV1 &test)
{
    LocustTestV2 result;
    result.metadata = objectmetadata::withAnnotation(test.metadata, naming::conversionDataAnnotation.toString(),
                                                     std::nullopt);
    const std::optional<PreservedData> preserved = readPreservedData(test.metadata);
    if (test.spec) {
        result.spec = preserved && preserved->spec ? mergeV1Edits(*preserved->spec, *test.spec)
                                                   : specToV2(*test.spec);
    }
    if (preserved && preserved->status)
        result.status = preserved->status;
    return result;
}

QString LocustTestConverter::v1FieldPath(const QString &v2Path)
{
    // Longest prefixes first, so "spec.master.labels" is not taken for "spec.master".
    static const QList<std::pair<QString, QString>> prefixes = {
        {u"spec.testFiles.libConfigMapRef"_s, u"spec.libConfigMap"_s},
        {u"spec.testFiles.configMapRef"_s, u"spec.configMap"_s},
        {u"spec.scheduling.tolerations"_s, u"spec.tolerations"_s},
        {u"spec.scheduling.affinity"_s, u"spec.affinity"_s},
        {u"spec.master.annotations"_s, u"spec.annotations.master"_s},
        {u"spec.worker.annotations"_s, u"spec.annotations.worker"_s},
        {u"spec.master.labels"_s, u"spec.labels.master"_s},
        {u"spec.worker.labels"_s, u"spec.labels.worker"_s},
        {u"spec.master.command"_s, u"spec.masterCommandSeed"_s},
        {u"spec.worker.command"_s, u"spec.workerCommandSeed"_s},
        {u"spec.worker.replicas"_s, u"spec.workerReplicas"_s},
    };
    for (const auto &[from, to] : prefixes) {
        if (v2Path == from || v2Path.startsWith(from + u'.') || v2Path.startsWith(from + u'['))
            return to + v2Path.mid(from.size());
    }
    // spec.imagePullSecrets[i].name -> spec.imagePullSecrets[i]
    if (v2Path.startsWith(u"spec.imagePullSecrets[") && v2Path.endsWith(u"].name"))
        return v2Path.chopped(5);
    return v2Path;
}

} // namespace locust::api
