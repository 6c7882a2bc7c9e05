#include "apitestsupport.h"
#include "jsontestsupport.h"
#include "api/locusttestdefaults.h"
#include "api/locusttestv1.h"
#include "api/locusttestv2.h"
#include "api/locusttestvalidator.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::api;
using namespace locust::testsupport;

// The CRD (crds/locust.io_locusttests.yaml, read with the project's YAML reader, as kubectl would)
// against the code that implements the API: its identity and printer columns as specified, and in
// both directions the schema and the codecs, the schema defaults and LocustTestDefaults, the schema
// validations and LocustTestValidator.

namespace {

QString sourcePath(const QString &relative)
{
    return QString::fromUtf8(LOCUST_TEST_DATA_DIR) + u'/' + relative;
}

QJsonObject readCrd()
{
    const QList<QJsonValue> documents = readYamlFile(sourcePath(u"crds/locust.io_locusttests.yaml"_s));
    if (documents.size() != 1 || !documents.first().isObject())
        qFatal("the CRD file must hold exactly one object");
    return documents.first().toObject();
}

const QJsonObject &crd()
{
    static const QJsonObject object = readCrd();
    return object;
}

QJsonObject version(const QString &name)
{
    for (const QJsonValue &value : crd().value(u"spec").toObject().value(u"versions").toArray()) {
        if (value.toObject().value(u"name").toString() == name)
            return value.toObject();
    }
    return {};
}

QJsonObject rootSchema(const QString &versionName)
{
    return version(versionName).value(u"schema").toObject().value(u"openAPIV3Schema").toObject();
}

QString apiVersionOf(const QString &versionName)
{
    return u"locust.io/"_s + versionName;
}

// ---- walking the schema ---------------------------------------------------------------------

QString childPath(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

bool isIntOrString(const QJsonObject &schema)
{
    return schema.value(u"x-kubernetes-int-or-string").toBool();
}

// A value for every property the schema declares: one entry in every list and map, the first
// enum value, the minimum where there is one, strings that match their pattern.
QJsonValue maximal(const QJsonObject &schema, const QString &path, QStringList *problems)
{
    if (isIntOrString(schema))
        return u"1"_s;
    const QString type = schema.value(u"type").toString();
    if (type == u"object") {
        QJsonObject object;
        const QJsonObject properties = schema.value(u"properties").toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            object.insert(it.key(), maximal(it.value().toObject(), childPath(path, it.key()), problems));
        if (schema.value(u"additionalProperties").isObject())
            object.insert(u"key"_s, maximal(schema.value(u"additionalProperties").toObject(), path + u"[key]"_s, problems));
        return object;
    }
    if (type == u"array")
        return QJsonArray{maximal(schema.value(u"items").toObject(), path + u"[0]"_s, problems)};
    if (type == u"boolean")
        return true;
    if (type == u"integer") {
        const double minimum = schema.value(u"minimum").toDouble(1);
        return schema.contains(u"maximum") ? std::min(minimum, schema.value(u"maximum").toDouble()) : minimum;
    }
    if (type == u"string") {
        if (schema.contains(u"enum"))
            return schema.value(u"enum").toArray().first();
        const QString value = schema.value(u"format").toString() == u"date-time" ? u"2026-08-01T10:00:00Z"_s : u"x"_s;
        if (schema.contains(u"pattern")
            && !QRegularExpression(schema.value(u"pattern").toString()).match(value).hasMatch())
            *problems << path + u": the generator has no value for the pattern "_s + schema.value(u"pattern").toString();
        return value;
    }
    *problems << path + u": no type"_s;
    return QJsonValue::Null;
}

QJsonObject maximalObject(const QString &versionName)
{
    QStringList problems;
    QJsonObject object = maximal(rootSchema(versionName), QString(), &problems).toObject();
    if (!problems.isEmpty())
        qFatal("%s", qPrintable(problems.join(u'\n')));
    object.insert(u"apiVersion"_s, apiVersionOf(versionName));
    object.insert(u"kind"_s, u"LocustTest"_s);
    object.insert(u"metadata"_s, QJsonObject{{u"name"_s, u"maximal"_s}, {u"namespace"_s, u"load"_s}});
    return object;
}

bool isInteger(const QJsonValue &value)
{
    return value.isDouble() && std::floor(value.toDouble()) == value.toDouble();
}

// Where a value has a field, or a value of a type, that the schema does not declare.
void checkAgainstSchema(const QJsonValue &value, const QJsonObject &schema, const QString &path, QStringList *problems)
{
    if (isIntOrString(schema)) {
        if (!value.isString() && !isInteger(value))
            *problems << path + u": not an integer or a string"_s;
        return;
    }
    const QString type = schema.value(u"type").toString();
    if (type == u"object") {
        if (!value.isObject()) {
            *problems << path + u": not an object"_s;
            return;
        }
        const QJsonObject properties = schema.value(u"properties").toObject();
        const QJsonValue additional = schema.value(u"additionalProperties");
        if (properties.isEmpty() && !additional.isObject())
            return; // free-form (metadata)
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (properties.contains(it.key()))
                checkAgainstSchema(it.value(), properties.value(it.key()).toObject(), childPath(path, it.key()), problems);
            else if (additional.isObject())
                checkAgainstSchema(it.value(), additional.toObject(), path + u'[' + it.key() + u']', problems);
            else
                *problems << childPath(path, it.key()) + u": not in the schema"_s;
        }
    } else if (type == u"array") {
        if (!value.isArray()) {
            *problems << path + u": not a list"_s;
            return;
        }
        const QJsonArray items = value.toArray();
        for (qsizetype i = 0; i < items.size(); ++i)
            checkAgainstSchema(items.at(i), schema.value(u"items").toObject(), path + u"[%1]"_s.arg(i), problems);
    } else if ((type == u"string" && !value.isString()) || (type == u"boolean" && !value.isBool())
               || (type == u"integer" && !isInteger(value))) {
        *problems << path + u": not of type "_s + type;
    }
}

// The schema's defaults applied the way the API server applies them (structural defaulting): a
// missing or null property gets its default, then the walk continues into every present value;
// nulls without a default are pruned.
QJsonValue withSchemaDefaults(const QJsonValue &value, const QJsonObject &schema)
{
    if (value.isObject() && schema.value(u"type").toString() == u"object") {
        QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(u"properties").toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            const QJsonObject property = it.value().toObject();
            if ((!object.contains(it.key()) || object.value(it.key()).isNull()) && property.contains(u"default"))
                object.insert(it.key(), property.value(u"default"));
        }
        for (const QString &key : object.keys()) {
            if (object.value(key).isNull()) {
                object.remove(key);
                continue;
            }
            if (properties.contains(key))
                object.insert(key, withSchemaDefaults(object.value(key), properties.value(key).toObject()));
            else if (schema.value(u"additionalProperties").isObject())
                object.insert(key, withSchemaDefaults(object.value(key), schema.value(u"additionalProperties").toObject()));
        }
        return object;
    }
    if (value.isArray() && schema.value(u"type").toString() == u"array") {
        QJsonArray items = value.toArray();
        for (qsizetype i = 0; i < items.size(); ++i)
            items.replace(i, withSchemaDefaults(items.at(i), schema.value(u"items").toObject()));
        return items;
    }
    return value;
}

// "path=value" of every default in the schema.
void collectDefaults(const QJsonObject &schema, const QString &path, QStringList *defaults)
{
    if (schema.contains(u"default"))
        *defaults << path + u'=' + compact(schema.value(u"default"));
    const QJsonObject properties = schema.value(u"properties").toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it)
        collectDefaults(it.value().toObject(), childPath(path, it.key()), defaults);
    if (schema.value(u"items").isObject())
        collectDefaults(schema.value(u"items").toObject(), path + u"[]"_s, defaults);
    if (schema.value(u"additionalProperties").isObject())
        collectDefaults(schema.value(u"additionalProperties").toObject(), path + u"[*]"_s, defaults);
}

// Removes every property that has a default from a value (so that defaulting has work everywhere).
QJsonValue withoutDefaultedFields(const QJsonValue &value, const QJsonObject &schema)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(u"properties").toObject();
        for (const QString &key : object.keys()) {
            const QJsonObject property = properties.value(key).toObject();
            if (property.contains(u"default"))
                object.remove(key);
            else if (!property.isEmpty())
                object.insert(key, withoutDefaultedFields(object.value(key), property));
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray items = value.toArray();
        for (qsizetype i = 0; i < items.size(); ++i)
            items.replace(i, withoutDefaultedFields(items.at(i), schema.value(u"items").toObject()));
        return items;
    }
    return value;
}

// Every key anywhere in the document (to find markers that must not be there).
void collectKeys(const QJsonValue &value, QSet<QString> *keys)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            keys->insert(it.key());
            collectKeys(it.value(), keys);
        }
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectKeys(item, keys);
    }
}

// ---- paths into objects ---------------------------------------------------------------------

// "spec.env.secretMounts[0].name" -> {"spec", "env", "secretMounts", 0, "name"}
QList<QVariant> segments(const QString &path)
{
    QList<QVariant> result;
    static const QRegularExpression segment(u"([^.\\[\\]]+)|\\[(\\d+)\\]"_s);
    auto it = segment.globalMatch(path);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedLength(2) > 0)
            result << match.captured(2).toInt();
        else
            result << match.captured(1);
    }
    return result;
}

// The value with the node at `path` set (or removed when replacement is undefined).
QJsonValue replacedAt(const QJsonValue &value, QList<QVariant> path, const QJsonValue &replacement)
{
    if (path.isEmpty())
        return replacement;
    const QVariant head = path.takeFirst();
    if (head.typeId() == QMetaType::Int) {
        QJsonArray array = value.toArray();
        array.replace(head.toInt(), replacedAt(array.at(head.toInt()), path, replacement));
        return array;
    }
    QJsonObject object = value.toObject();
    const QJsonValue child = replacedAt(object.value(head.toString()), path, replacement);
    if (child.isUndefined())
        object.remove(head.toString());
    else
        object.insert(head.toString(), child);
    return object;
}

QJsonValue valueAt(const QJsonValue &value, const QList<QVariant> &path)
{
    QJsonValue current = value;
    for (const QVariant &segment : path)
        current = segment.typeId() == QMetaType::Int ? current.toArray().at(segment.toInt()) : current.toObject().value(segment.toString());
    return current;
}

// ---- the objects the tests use --------------------------------------------------------------

QJsonObject v2Minimal()
{
    return parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest","metadata":{"name":"t","namespace":"load"},
        "spec":{"image":"locustio/locust:2.43.1","master":{"command":"--locustfile a.py"},
                "worker":{"command":"--locustfile a.py","replicas":1}}})");
}

QJsonObject v1Minimal()
{
    return parse(R"({"apiVersion":"locust.io/v1","kind":"LocustTest","metadata":{"name":"t","namespace":"load"},
        "spec":{"image":"locustio/locust:2.43.1","masterCommandSeed":"--locustfile a.py",
                "workerCommandSeed":"--locustfile a.py","workerReplicas":1}})");
}

// The object decoded, defaulted by LocustTestDefaults and encoded; fails the test when it does not
// decode cleanly.
QJsonObject codecDefaulted(const QJsonObject &json)
{
    FieldErrorList errors;
    QJsonObject result;
    if (json.value(u"apiVersion").toString() == u"locust.io/v1") {
        const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(json);
        errors = decoded.errors;
        result = LocustTestDefaults::applied(decoded.value).toJson();
    } else {
        const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(json);
        errors = decoded.errors;
        result = LocustTestDefaults::applied(decoded.value).toJson();
    }
    if (!errors.isEmpty())
        QTest::qFail(qPrintable(u"test object does not decode: "_s + lines(errors).join(u"; "_s)), __FILE__, __LINE__);
    return result;
}

// Every LocustTest the project's tests and documentation write out in full.
QList<QPair<QString, QJsonObject>> populatedFixtures()
{
    QList<QPair<QString, QJsonObject>> fixtures;
    auto addFile = [&](const QString &relative) {
        for (const QJsonValue &document : readYamlFile(sourcePath(relative))) {
            const QJsonObject object = document.toObject();
            if (object.value(u"kind").toString() == u"LocustTest")
                fixtures.append({relative + u' ' + object.value(u"metadata").toObject().value(u"name").toString(), object});
        }
    };
    addFile(u"tests/unit/api/data/locusttest-v2-maximal.json"_s);
    addFile(u"tests/unit/api/data/locusttest-v1-maximal.json"_s);
    for (const QString &dir : {u"tests/unit/resources/golden"_s, u"docs/examples"_s}) {
        const QStringList files = QDir(sourcePath(dir)).entryList({u"*.yaml"_s}, QDir::Files, QDir::Name);
        for (const QString &file : files) {
            if (!file.endsWith(u"-expected.yaml"))
                addFile(dir + u'/' + file);
        }
    }
    return fixtures;
}

// The paths of our own types in a spec schema (the embedded core types are Kubernetes' business,
// and LocustTestValidator checks them by Kubernetes' own rules, not by their OpenAPI schema).
const QStringList coreTypePaths{
    u"spec.imagePullSecrets"_s, u"spec.master.resources"_s, u"spec.worker.resources"_s,
    u"spec.scheduling.affinity"_s, u"spec.scheduling.tolerations"_s, u"spec.env.variables"_s,
    u"spec.volumes"_s, u"spec.security.podSecurityContext"_s, u"spec.security.containerSecurityContext"_s,
    u"spec.volumeMounts[0].mountPropagation"_s, u"spec.volumeMounts[0].recursiveReadOnly"_s,
};

struct Constraint
{
    QString path;      // where, with [0] for list items
    QJsonValue value;  // a value that violates it; undefined: remove the field
    QString what;
};

// The schema's own validations: enums, ranges, lengths, patterns, and required fields without
// defaults (the API server defaults before it validates, so those are optional in practice).
void collectConstraints(const QJsonObject &schema, const QString &path, QList<Constraint> *constraints)
{
    if (coreTypePaths.contains(path))
        return;
    if (schema.contains(u"enum"))
        constraints->append({path, u"Unlisted"_s, u"enum"_s});
    if (schema.contains(u"minimum"))
        constraints->append({path, schema.value(u"minimum").toDouble() - 1, u"minimum"_s});
    if (schema.contains(u"maximum"))
        constraints->append({path, schema.value(u"maximum").toDouble() + 1, u"maximum"_s});
    if (schema.contains(u"maxLength"))
        constraints->append({path, QString(schema.value(u"maxLength").toInt() + 1, u'a'), u"maxLength"_s});
    if (schema.contains(u"pattern"))
        constraints->append({path, u"Not_A_Name!"_s, u"pattern"_s});
    const QJsonObject properties = schema.value(u"properties").toObject();
    for (const QJsonValue &required : schema.value(u"required").toArray()) {
        if (!properties.value(required.toString()).toObject().contains(u"default"))
            constraints->append({childPath(path, required.toString()), QJsonValue::Undefined, u"required"_s});
    }
    for (auto it = properties.begin(); it != properties.end(); ++it)
        collectConstraints(it.value().toObject(), childPath(path, it.key()), constraints);
    if (schema.value(u"items").isObject())
        collectConstraints(schema.value(u"items").toObject(), path + u"[0]"_s, constraints);
}

} // namespace

class TestCrdSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---- (a) identity and printer columns (spec/api.md §1) ------------------------------------

    void identity()
    {
        QCOMPARE(crd().value(u"apiVersion").toString(), u"apiextensions.k8s.io/v1"_s);
        QCOMPARE(crd().value(u"kind").toString(), u"CustomResourceDefinition"_s);
        LOCUST_COMPARE_JSON(crd().value(u"metadata"), parse(R"({"name":"locusttests.locust.io",
            "annotations":{"controller-gen.kubebuilder.io/version":"v0.18.0"}})"));
        const QJsonObject spec = crd().value(u"spec").toObject();
        QCOMPARE(spec.value(u"group").toString(), u"locust.io"_s);
        LOCUST_COMPARE_JSON(spec.value(u"names"), parse(R"({"kind":"LocustTest","listKind":"LocustTestList",
            "plural":"locusttests","singular":"locusttest","shortNames":["lotest"]})"));
        QCOMPARE(spec.value(u"scope").toString(), u"Namespaced"_s);
        // No conversion block: whoever installs the CRD with the webhooks adds it (docs/crd.md).
        QCOMPARE(spec.keys(), (QStringList{u"group"_s, u"names"_s, u"scope"_s, u"versions"_s}));
    }

    void versions()
    {
        const QJsonArray versions = crd().value(u"spec").toObject().value(u"versions").toArray();
        QCOMPARE(versions.size(), 2);
        QCOMPARE(versions.at(0).toObject().value(u"name").toString(), u"v1"_s);
        QCOMPARE(versions.at(1).toObject().value(u"name").toString(), u"v2"_s);

        const QJsonObject v1 = version(u"v1"_s);
        QCOMPARE(v1.value(u"served"), QJsonValue(true));
        QCOMPARE(v1.value(u"storage"), QJsonValue(false));
        QCOMPARE(v1.value(u"deprecated"), QJsonValue(true));
        QCOMPARE(v1.value(u"deprecationWarning").toString(), u"locust.io/v1 LocustTest is deprecated, migrate to locust.io/v2"_s);
        LOCUST_COMPARE_JSON(v1.value(u"subresources"), parse(R"({"status":{}})"));

        const QJsonObject v2 = version(u"v2"_s);
        QCOMPARE(v2.value(u"served"), QJsonValue(true));
        QCOMPARE(v2.value(u"storage"), QJsonValue(true));
        QVERIFY(!v2.contains(u"deprecated"));
        QVERIFY(!v2.contains(u"deprecationWarning"));
        LOCUST_COMPARE_JSON(v2.value(u"subresources"), parse(R"({"status":{}})"));
    }

    void printerColumns()
    {
        LOCUST_COMPARE_JSON(version(u"v1"_s).value(u"additionalPrinterColumns"), QJsonValue(QJsonDocument::fromJson(R"([
            {"name":"master_cmd","type":"string","jsonPath":".spec.masterCommandSeed","description":"Master pod command seed"},
            {"name":"worker_replica_count","type":"integer","jsonPath":".spec.workerReplicas","description":"Number of requested worker pods"},
            {"name":"Image","type":"string","jsonPath":".spec.image","description":"Locust image"},
            {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}])").array()));
        LOCUST_COMPARE_JSON(version(u"v2"_s).value(u"additionalPrinterColumns"), QJsonValue(QJsonDocument::fromJson(R"([
            {"name":"Phase","type":"string","jsonPath":".status.phase","description":"Current test phase"},
            {"name":"Workers","type":"integer","jsonPath":".spec.worker.replicas","description":"Requested worker count"},
            {"name":"Connected","type":"integer","jsonPath":".status.connectedWorkers","description":"Connected workers"},
            {"name":"Image","type":"string","jsonPath":".spec.image","priority":1},
            {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}])").array()));
    }

    // Structural, pruned everywhere, no CEL (1.20 would drop it), spec not required at the root.
    void schemaShape()
    {
        QSet<QString> keys;
        collectKeys(crd(), &keys);
        QVERIFY(!keys.contains(u"x-kubernetes-preserve-unknown-fields"_s));
        QVERIFY(!keys.contains(u"x-kubernetes-validations"_s));
        QVERIFY(!keys.contains(u"x-kubernetes-embedded-resource"_s));
        QVERIFY(!keys.contains(u"nullable"_s));
        for (const QString &name : {u"v1"_s, u"v2"_s}) {
            const QJsonObject root = rootSchema(name);
            QCOMPARE(root.value(u"type").toString(), u"object"_s);
            QVERIFY(!root.contains(u"required"));
            QCOMPARE(root.value(u"properties").toObject().keys(),
                     (QStringList{u"apiVersion"_s, u"kind"_s, u"metadata"_s, u"spec"_s, u"status"_s}));
            LOCUST_COMPARE_JSON(root.value(u"properties").toObject().value(u"metadata"), parse(R"({"type":"object"})"));
        }
        // v1 declares a status with no fields.
        QCOMPARE(rootSchema(u"v1"_s).value(u"properties").toObject().value(u"status").toObject().value(u"properties"),
                 QJsonValue(QJsonValue::Undefined));
    }

    // The schema-level validations of spec/api.md §6.1 and the status schema of §3, by path.
    void validations_data()
    {
        QTest::addColumn<QString>("versionName");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonObject>("expected"); // these keys of the schema node, exactly
        auto row = [](const char *name, const QString &versionName, const QString &path, const QByteArray &expected) {
            QTest::newRow(name) << versionName << path << parse(expected);
        };
        const QString pullPolicyEnum = uR"({"enum":["Always","IfNotPresent","Never"]})"_s;
        row("v2 spec required", u"v2"_s, u"spec"_s, R"({"required":["image","master","worker"]})");
        row("v2 master required", u"v2"_s, u"spec.master"_s, R"({"required":["command"]})");
        row("v2 worker required", u"v2"_s, u"spec.worker"_s, R"({"required":["command","replicas"]})");
        row("v2 replicas", u"v2"_s, u"spec.worker.replicas"_s, R"({"type":"integer","format":"int32","minimum":1,"maximum":500})");
        row("v2 imagePullPolicy", u"v2"_s, u"spec.imagePullPolicy"_s,
            R"({"type":"string","enum":["Always","IfNotPresent","Never"],"default":"IfNotPresent"})");
        row("v2 autoquit", u"v2"_s, u"spec.master.autoquit"_s, R"({"required":["enabled"]})");
        row("v2 autoquit timeout", u"v2"_s, u"spec.master.autoquit.timeout"_s,
            R"({"type":"integer","format":"int32","minimum":0,"default":60})");
        row("v2 runtimeClassName", u"v2"_s, u"spec.scheduling.runtimeClassName"_s,
            R"({"type":"string","maxLength":253,"pattern":"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"})");
        row("v2 configMapRefs", u"v2"_s, u"spec.env.configMapRefs.items"_s, R"({"required":["name"]})");
        row("v2 secretRefs", u"v2"_s, u"spec.env.secretRefs.items"_s, R"({"required":["name"]})");
        row("v2 secretMounts", u"v2"_s, u"spec.env.secretMounts.items"_s, R"({"required":["mountPath","name"]})");
        row("v2 variables", u"v2"_s, u"spec.env.variables.items"_s, R"({"required":["name"]})");
        row("v2 volumes", u"v2"_s, u"spec.volumes.items"_s, R"({"required":["name"]})");
        row("v2 volumeMounts", u"v2"_s, u"spec.volumeMounts.items"_s, R"({"required":["mountPath","name"]})");
        row("v2 target", u"v2"_s, u"spec.volumeMounts.items.target"_s,
            R"({"type":"string","enum":["master","worker","both"],"default":"both"})");
        row("v2 openTelemetry", u"v2"_s, u"spec.observability.openTelemetry"_s, R"({"required":["enabled"]})");
        row("v2 protocol", u"v2"_s, u"spec.observability.openTelemetry.protocol"_s,
            R"({"type":"string","enum":["grpc","http/protobuf"],"default":"grpc"})");
        row("v2 quantity", u"v2"_s, u"spec.master.resources.limits.additionalProperties"_s,
            R"({"anyOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true,
                "pattern":"^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"})");
        row("v2 claims", u"v2"_s, u"spec.worker.resources.claims"_s,
            R"({"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"]})");
        row("v2 tolerations have no enums", u"v2"_s, u"spec.scheduling.tolerations.items"_s,
            R"({"type":"object","properties":{"effect":{"type":"string"},"key":{"type":"string"},"operator":{"type":"string"},
                "tolerationSeconds":{"type":"integer","format":"int64"},"value":{"type":"string"}}})");
        row("v2 pull secret", u"v2"_s, u"spec.imagePullSecrets.items"_s,
            R"({"type":"object","properties":{"name":{"type":"string","default":""}},"x-kubernetes-map-type":"atomic"})");
        row("v2 phase", u"v2"_s, u"status.phase"_s, R"({"type":"string","enum":["Pending","Running","Succeeded","Failed"]})");
        row("v2 conditions", u"v2"_s, u"status.conditions"_s,
            R"({"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["type"]})");
        row("v2 condition", u"v2"_s, u"status.conditions.items"_s,
            R"({"type":"object","required":["lastTransitionTime","message","reason","status","type"]})");
        row("v2 condition type", u"v2"_s, u"status.conditions.items.type"_s,
            R"({"type":"string","maxLength":316,"pattern":"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$"})");
        row("v2 condition status", u"v2"_s, u"status.conditions.items.status"_s, R"({"type":"string","enum":["True","False","Unknown"]})");
        row("v2 condition reason", u"v2"_s, u"status.conditions.items.reason"_s,
            R"({"type":"string","minLength":1,"maxLength":1024,"pattern":"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$"})");
        row("v2 condition message", u"v2"_s, u"status.conditions.items.message"_s, R"({"type":"string","maxLength":32768})");
        row("v2 condition generation", u"v2"_s, u"status.conditions.items.observedGeneration"_s,
            R"({"type":"integer","format":"int64","minimum":0})");
        row("v2 condition time", u"v2"_s, u"status.conditions.items.lastTransitionTime"_s, R"({"type":"string","format":"date-time"})");
        row("v2 startTime", u"v2"_s, u"status.startTime"_s, R"({"type":"string","format":"date-time"})");
        row("v1 spec required", u"v1"_s, u"spec"_s,
            R"({"required":["image","masterCommandSeed","workerCommandSeed","workerReplicas"]})");
        row("v1 replicas", u"v1"_s, u"spec.workerReplicas"_s,
            R"({"type":"integer","format":"int32","minimum":1,"maximum":500,"default":1})");
        row("v1 imagePullPolicy", u"v1"_s, u"spec.imagePullPolicy"_s, pullPolicyEnum.toUtf8());
        row("v1 toleration", u"v1"_s, u"spec.tolerations.items"_s, R"({"required":["effect","key","operator"]})");
        row("v1 toleration operator", u"v1"_s, u"spec.tolerations.items.operator"_s, R"({"type":"string","enum":["Exists","Equal"]})");
        row("v1 toleration effect", u"v1"_s, u"spec.tolerations.items.effect"_s,
            R"({"type":"string","enum":["NoSchedule","PreferNoSchedule","NoExecute"]})");
        row("v1 pull secrets are names", u"v1"_s, u"spec.imagePullSecrets"_s,
            R"({"type":"array","items":{"type":"string"}})");
    }

    void validations()
    {
        QFETCH(QString, versionName);
        QFETCH(QString, path);
        QFETCH(QJsonObject, expected);
        QJsonObject node = rootSchema(versionName);
        for (const QString &segment : path.split(u'.')) {
            node = segment == u"items" || segment == u"additionalProperties"
                ? node.value(segment).toObject()
                : node.value(u"properties").toObject().value(segment).toObject();
        }
        QVERIFY2(!node.isEmpty(), qPrintable(path));
        QJsonObject actual;
        for (const QString &key : expected.keys())
            actual.insert(key, node.value(key));
        LOCUST_COMPARE_JSON(actual, expected);
    }

    // ---- (b) schema -> codec: everything the schema admits decodes and encodes unchanged ------

    void maximalObjectRoundTrips_data()
    {
        QTest::addColumn<QString>("versionName");
        QTest::newRow("v2") << u"v2"_s;
        QTest::newRow("v1") << u"v1"_s;
    }

    void maximalObjectRoundTrips()
    {
        QFETCH(QString, versionName);
        const QJsonObject object = maximalObject(versionName);
        if (versionName == u"v2") {
            // Sanity: the generator reached deep into the embedded core types.
            QCOMPARE(object.value(u"spec").toObject().value(u"volumes").toArray().at(0).toObject()
                         .value(u"projected").toObject().value(u"sources").toArray().at(0).toObject()
                         .value(u"serviceAccountToken").toObject().value(u"path"), QJsonValue(u"x"_s));
            const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(object);
            QVERIFY2(decoded.errors.isEmpty(), qPrintable(lines(decoded.errors).join(u'\n')));
            LOCUST_COMPARE_JSON(decoded.value.toJson(), object);
        } else {
            const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(object);
            QVERIFY2(decoded.errors.isEmpty(), qPrintable(lines(decoded.errors).join(u'\n')));
            LOCUST_COMPARE_JSON(decoded.value.toJson(), object);
        }
    }

    // ---- (c) codec -> schema: every field the populated fixtures use is declared -------------

    void fixturesUseOnlySchemaFields_data()
    {
        QTest::addColumn<QJsonObject>("object");
        const auto fixtures = populatedFixtures();
        QVERIFY(fixtures.size() >= 7);
        for (const auto &fixture : fixtures)
            QTest::newRow(qPrintable(fixture.first)) << fixture.second;
    }

    void fixturesUseOnlySchemaFields()
    {
        QFETCH(QJsonObject, object);
        const QString apiVersion = object.value(u"apiVersion").toString();
        QVERIFY(apiVersion == u"locust.io/v1" || apiVersion == u"locust.io/v2");
        QStringList problems;
        checkAgainstSchema(object, rootSchema(apiVersion.mid(10)), QString(), &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // ---- (d) schema defaults == LocustTestDefaults --------------------------------------------

    // The complete list, so a default added to either side is noticed.
    void schemaDefaults()
    {
        QStringList v2;
        collectDefaults(rootSchema(u"v2"_s), QString(), &v2);
        v2.sort();
        // Compared as text, so a failure shows both lists.
        QCOMPARE(v2.join(u'\n'), (QStringList{
            u"spec.env.secretMounts[].readOnly=true"_s,
            u"spec.env.variables[].valueFrom.configMapKeyRef.name=\"\""_s,
            u"spec.env.variables[].valueFrom.fileKeyRef.optional=false"_s,
            u"spec.env.variables[].valueFrom.secretKeyRef.name=\"\""_s,
            u"spec.imagePullPolicy=\"IfNotPresent\""_s,
            u"spec.imagePullSecrets[].name=\"\""_s,
            u"spec.master.autoquit.enabled=true"_s,
            u"spec.master.autoquit.timeout=60"_s,
            u"spec.master.autostart=true"_s,
            u"spec.observability.openTelemetry.enabled=false"_s,
            u"spec.observability.openTelemetry.insecure=false"_s,
            u"spec.observability.openTelemetry.protocol=\"grpc\""_s,
            u"spec.testFiles.libMountPath=\"/opt/locust/lib\""_s,
            u"spec.testFiles.srcMountPath=\"/lotest/src\""_s,
            u"spec.volumeMounts[].target=\"both\""_s,
        }).join(u'\n'));
        QStringList v1;
        collectDefaults(rootSchema(u"v1"_s), QString(), &v1);
        QCOMPARE(v1, QStringList{u"spec.workerReplicas=1"_s});
    }

    void defaultsAgree_data()
    {
        QTest::addColumn<QJsonObject>("object");
        auto v2 = [](const QByteArray &patch) { return merged(v2Minimal(), parse(patch)); };
        QTest::newRow("v2 minimal") << v2Minimal();
        QTest::newRow("v2 no spec") << v2(R"({"spec":null})");
        QTest::newRow("v2 empty spec") << merged(v2Minimal(), QJsonObject{{u"spec"_s, QJsonObject()}});
        QTest::newRow("v2 parents present") << v2(R"({"spec":{"master":{"autoquit":{}},"testFiles":{},
            "imagePullSecrets":[{}],"observability":{"openTelemetry":{}},
            "env":{"secretMounts":[{"name":"s","mountPath":"/s"}],"variables":[
                {"name":"A","valueFrom":{"configMapKeyRef":{"key":"k"}}},
                {"name":"B","valueFrom":{"secretKeyRef":{"key":"k"}}},
                {"name":"C","valueFrom":{"fileKeyRef":{"key":"k","path":"p","volumeName":"v"}}},
                {"name":"D","value":"d"}]},
            "volumes":[{"name":"v","emptyDir":{}}],"volumeMounts":[{"name":"v","mountPath":"/v"}]}})");
        QTest::newRow("v2 parents absent") << v2(R"({"spec":{"observability":{},"env":{},"scheduling":{}}})");
        QTest::newRow("v2 explicit values kept") << v2(R"({"spec":{"imagePullPolicy":"Never",
            "master":{"autostart":false,"autoquit":{"enabled":false,"timeout":0}},
            "testFiles":{"srcMountPath":"","libMountPath":"/lib"},
            "env":{"secretMounts":[{"name":"s","mountPath":"/s","readOnly":false}]},
            "volumes":[{"name":"v"}],"volumeMounts":[{"name":"v","mountPath":"/v","target":"worker"}],
            "observability":{"openTelemetry":{"enabled":true,"endpoint":"e","protocol":"http/protobuf","insecure":true}}}})");
        QTest::newRow("v2 nulls") << v2(R"({"spec":{"master":{"autostart":null,"autoquit":{"enabled":null,"timeout":null}}}})");
        QTest::newRow("v2 every default site")
            << withoutDefaultedFields(maximalObject(u"v2"_s), rootSchema(u"v2"_s)).toObject();
        QTest::newRow("v1 minimal") << v1Minimal();
        QTest::newRow("v1 no replicas") << merged(v1Minimal(), parse(R"({"spec":{"workerReplicas":null}})"));
        QTest::newRow("v1 no spec") << merged(v1Minimal(), parse(R"({"spec":null})"));
        QTest::newRow("v1 every default site")
            << withoutDefaultedFields(maximalObject(u"v1"_s), rootSchema(u"v1"_s)).toObject();
    }

    void defaultsAgree()
    {
        QFETCH(QJsonObject, object);
        const QString versionName = object.value(u"apiVersion").toString().mid(10);
        const QJsonObject defaulted = codecDefaulted(object);
        if (QTest::currentTestFailed())
            return;
        LOCUST_COMPARE_JSON(defaulted, withSchemaDefaults(object, rootSchema(versionName)));
    }

    // ---- (e) schema validations == LocustTestValidator ----------------------------------------

    // Every validation the schema declares on the operator's own fields is also an error of the
    // validator, at the same path (so `locust-operator validate` and the webhook reject what the
    // API server would, where the user wrote it). The base objects are the fully populated
    // fixtures, which the validator accepts.
    void validatorEnforcesTheSchema_data()
    {
        QTest::addColumn<QString>("versionName");
        QTest::addColumn<QJsonObject>("base");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        for (const QString &versionName : {u"v2"_s, u"v1"_s}) {
            const QJsonObject base = readYamlFile(sourcePath(u"tests/unit/api/data/locusttest-"_s + versionName
                                                             + u"-maximal.json"_s)).value(0).toObject();
            QList<Constraint> constraints;
            collectConstraints(rootSchema(versionName).value(u"properties").toObject().value(u"spec").toObject(),
                               u"spec"_s, &constraints);
            for (const Constraint &constraint : constraints) {
                const QString name = versionName + u' ' + constraint.path + u' ' + constraint.what;
                QTest::newRow(qPrintable(name)) << versionName << base << constraint.path << constraint.value;
            }
        }
    }

    void validatorEnforcesTheSchema()
    {
        QFETCH(QString, versionName);
        QFETCH(QJsonObject, base);
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        const QList<QVariant> where = segments(path);
        // The fixture must reach the path (its parent exists), or the row tests nothing.
        QVERIFY2(!valueAt(base, where.mid(0, where.size() - 1)).isUndefined(), qPrintable(path));
        const QJsonObject object = replacedAt(base, where, value).toObject();
        FieldErrorList errors;
        if (versionName == u"v2") {
            const Decoded<LocustTestV2> decoded = LocustTestV2::fromJson(object);
            errors = decoded.errors + LocustTestValidator().validate(LocustTestDefaults::applied(decoded.value)).errors;
            QVERIFY(LocustTestValidator().validate(LocustTestDefaults::applied(LocustTestV2::fromJson(base).value)).ok());
        } else {
            const Decoded<LocustTestV1> decoded = LocustTestV1::fromJson(object);
            errors = decoded.errors + LocustTestValidator().validate(LocustTestDefaults::applied(decoded.value)).errors;
            QVERIFY(LocustTestValidator().validate(LocustTestDefaults::applied(LocustTestV1::fromJson(base).value)).ok());
        }
        bool found = false;
        for (const FieldError &error : errors)
            found = found || error.field() == path;
        QVERIFY2(found, qPrintable(u"no error at "_s + path + u"; errors: "_s + lines(errors).join(u"; "_s)));
    }
};

QTEST_GUILESS_MAIN(TestCrdSchema)
#include "tst_crdschema.moc"
