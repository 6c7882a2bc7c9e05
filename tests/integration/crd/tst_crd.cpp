// The LocustTest CRD on the real 1.20 API server (installed by crd.install, fixture locust_crd):
// the server takes it as written, serves the shipped examples, defaults as LocustTestDefaults does,
// rejects what the schema forbids where LocustTestValidator does, serves the status subresource,
// warns about v1, shows the printer columns; and what v1 does without a conversion webhook.

#include "apitestsupport.h"
#include "awaittask.h"
#include "jsontestsupport.h"
#include "api/locusttestdefaults.h"
#include "api/locusttestv1.h"
#include "api/locusttestv2.h"
#include "api/locusttestvalidator.h"
#include "kube/kubeclient.h"
#include "kubetestcluster.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace locust;
using namespace locust::kube;
using testsupport::await;
using testsupport::merged;
using testsupport::parse;

namespace {

const QString crdName = u"locusttests.locust.io"_s;
const QString deprecationWarning = u"locust.io/v1 LocustTest is deprecated, migrate to locust.io/v2"_s;

ResourceType locustTests(const QString &version)
{
    return ResourceType{u"locust.io"_s, version, u"locusttests"_s, u"LocustTest"_s, true};
}

QString sourcePath(const QString &relative)
{
    return QString::fromUtf8(LOCUST_SOURCE_DIR) + u'/' + relative;
}

QJsonObject crdFile()
{
    return testsupport::readYamlFile(sourcePath(u"crds/locust.io_locusttests.yaml"_s)).value(0).toObject();
}

QJsonObject v2Object(const QString &namespaceName, const QString &name, const QByteArray &patch = "{}")
{
    const QJsonObject base = parse(R"({"apiVersion":"locust.io/v2","kind":"LocustTest",
        "spec":{"image":"locustio/locust:2.43.1","master":{"command":"--locustfile a.py"},
                "worker":{"command":"--locustfile a.py","replicas":3}}})");
    QJsonObject object = merged(base, parse(patch));
    object.insert(u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, namespaceName}});
    return object;
}

// The spec of an object as LocustTestDefaults completes it (fails the test if it does not decode).
QJsonObject defaultedSpec(const QJsonObject &object)
{
    const api::Decoded<api::LocustTestV2> decoded = api::LocustTestV2::fromJson(object);
    if (!decoded.errors.isEmpty())
        QTest::qFail(qPrintable(u"does not decode: "_s + decoded.errors.first().toString()), __FILE__, __LINE__);
    return api::LocustTestDefaults::applied(decoded.value).toJson().value(u"spec").toObject();
}

// A validator field path as the 1.20 API server writes it: list items without their index
// ("spec.volumeMounts.target"), map entries as fields ("spec.master.resources.limits.cpu").
QString serverFieldPath(QString path)
{
    static const QRegularExpression index(u"\\[\\d+\\]"_s);
    static const QRegularExpression key(u"\\[([^\\]]+)\\]"_s);
    return path.remove(index).replace(key, u".\\1"_s);
}

// Columns of kubectl's table output.
QList<QStringList> table(const QByteArray &output)
{
    QList<QStringList> rows;
    static const QRegularExpression gap(u"\\s{2,}"_s);
    for (const QString &line : QString::fromUtf8(output).split(u'\n', Qt::SkipEmptyParts))
        rows << line.trimmed().split(gap);
    return rows;
}

} // namespace

class CrdTest : public QObject
{
    Q_OBJECT

private:
    testsupport::KubeTestCluster m_cluster = testsupport::KubeTestCluster::connect();
    std::unique_ptr<KubeClient> m_client;
    QString m_namespace;

    ObjectKey key(const QString &name) const { return ObjectKey{m_namespace, name}; }

    // kubectl get <resource> in the test's namespace; retried while discovery has not caught up.
    QList<QStringList> kubectlTable(const QStringList &arguments)
    {
        testsupport::ProcessResult result;
        for (int attempt = 0; attempt < 20; ++attempt) {
            result = m_cluster.controlPlane().runKubectl(QStringList{u"get"_s} + arguments + QStringList{u"-n"_s, m_namespace});
            if (result.ok())
                return table(result.standardOutput);
            QThread::msleep(500);
        }
        QTest::qFail(qPrintable(result.describe()), __FILE__, __LINE__);
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_client = m_cluster.adminClient();
        m_namespace = m_cluster.createNamespace(*m_client, u"crd"_s);
    }

    void cleanupTestCase() { m_cluster.deleteNamespace(*m_client, m_namespace); }

    // The 1.20 API server accepts the CRD and keeps every part of it (no schema construct it does
    // not know is dropped); with no conversion block the strategy is None.
    void crdIsAcceptedAsWritten()
    {
        const auto crd = await(m_client->get(ResourceType::customResourceDefinitions(), ObjectKey{QString(), crdName}));
        QVERIFY2(crd, qPrintable(crd.errorMessage()));
        QStringList conditions;
        for (const QJsonValue &condition : crd->value(u"status").toObject().value(u"conditions").toArray())
            conditions << condition[u"type"].toString() + u'=' + condition[u"status"].toString();
        conditions.sort();
        QCOMPARE(conditions, (QStringList{u"Established=True"_s, u"NamesAccepted=True"_s}));

        QJsonObject served = crd->value(u"spec").toObject();
        LOCUST_COMPARE_JSON(served.take(u"conversion"_s), parse(R"({"strategy":"None"})"));
        served.remove(u"preserveUnknownFields"_s); // 1.20 reports the (false) default
        LOCUST_COMPARE_JSON(served, crdFile().value(u"spec").toObject());
    }

    void examplesCanBeCreated()
    {
        const QStringList files = QDir(sourcePath(u"docs/examples"_s)).entryList({u"*.yaml"_s}, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 2);
        int created = 0;
        for (const QString &file : files) {
            for (const QJsonValue &document : testsupport::readYamlFile(sourcePath(u"docs/examples/"_s + file))) {
                QJsonObject object = document.toObject();
                if (object.value(u"apiVersion").toString() == u"locust.io/v1")
                    continue; // see v1WithoutConversionWebhook
                QJsonObject metadata = object.value(u"metadata").toObject();
                metadata.insert(u"namespace"_s, m_namespace);
                object.insert(u"metadata"_s, metadata);
                const bool isTest = object.value(u"kind").toString() == u"LocustTest";
                const auto result = await(m_client->create(isTest ? locustTests(u"v2"_s) : ResourceType::configMaps(), object));
                QVERIFY2(result, qPrintable(file + u": "_s + result.errorMessage()));
                if (isTest) {
                    // What the server stored is what the codec and LocustTestDefaults make of it.
                    LOCUST_COMPARE_JSON(result->value(u"spec"), defaultedSpec(object));
                    ++created;
                }
            }
        }
        QCOMPARE(created, 2);
    }

    // The server's structural defaulting (on write, and on read from storage) equals
    // LocustTestDefaults, for minimal and partial objects.
    void defaultingMatchesLocustTestDefaults_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::newRow("minimal") << QByteArray("{}");
        QTest::newRow("nulls are defaulted") << QByteArray(R"({"spec":{"imagePullPolicy":null,
            "master":{"autostart":null,"autoquit":{"enabled":null,"timeout":null}}}})");
        QTest::newRow("empty parents") << QByteArray(R"({"spec":{"master":{"autoquit":{}},"testFiles":{},
            "observability":{"openTelemetry":{}},"imagePullSecrets":[{}]}})");
        QTest::newRow("parents without defaulted children") << QByteArray(R"({"spec":{"observability":{},"env":{},"scheduling":{}}})");
        QTest::newRow("partial") << QByteArray(R"({"spec":{"master":{"autoquit":{"timeout":0}},
            "testFiles":{"configMapRef":"scripts","srcMountPath":""},
            "observability":{"openTelemetry":{"enabled":true,"endpoint":"http:\/\/otel:4317"}}}})");
        QTest::newRow("lists") << QByteArray(R"({"spec":{
            "env":{"secretMounts":[{"name":"a","mountPath":"/a"},{"name":"b","mountPath":"/b","readOnly":false}],
                   "variables":[{"name":"A","valueFrom":{"configMapKeyRef":{"key":"k"}}},
                                {"name":"B","valueFrom":{"secretKeyRef":{"key":"k","optional":true}}},
                                {"name":"C","valueFrom":{"fileKeyRef":{"key":"k","path":"p","volumeName":"v"}}},
                                {"name":"D","value":"d"}]},
            "volumes":[{"name":"v","emptyDir":{}}],
            "volumeMounts":[{"name":"v","mountPath":"/v"},{"name":"v","mountPath":"/w","target":"master"}]}})");
        QTest::newRow("explicit values kept") << QByteArray(R"({"spec":{"imagePullPolicy":"Never",
            "master":{"autostart":false,"autoquit":{"enabled":false,"timeout":5}},
            "testFiles":{"srcMountPath":"/src","libMountPath":"/lib"},
            "observability":{"openTelemetry":{"enabled":false,"protocol":"http/protobuf","insecure":true}}}})");
    }

    void defaultingMatchesLocustTestDefaults()
    {
        QFETCH(QByteArray, patch);
        const QString name = testsupport::uniqueName(u"defaults"_s);
        const QJsonObject object = v2Object(m_namespace, name, patch);
        const auto created = await(m_client->create(locustTests(u"v2"_s), object));
        QVERIFY2(created, qPrintable(created.errorMessage()));
        LOCUST_COMPARE_JSON(created->value(u"spec"), defaultedSpec(object));
        const auto read = await(m_client->get(locustTests(u"v2"_s), key(name)));
        QVERIFY2(read, qPrintable(read.errorMessage()));
        LOCUST_COMPARE_JSON(read->value(u"spec"), defaultedSpec(object));
    }

    // What the schema forbids, the server rejects (422 Invalid) and LocustTestValidator reports,
    // on the same field (the server leaves out list indices).
    void schemaRejections_data()
    {
        QTest::addColumn<QByteArray>("patch");
        QTest::addColumn<QString>("field");
        QTest::newRow("enum imagePullPolicy") << QByteArray(R"({"spec":{"imagePullPolicy":"Sometimes"}})") << u"spec.imagePullPolicy"_s;
        QTest::newRow("enum target") << QByteArray(R"({"spec":{"volumes":[{"name":"v"}],
            "volumeMounts":[{"name":"v","mountPath":"/v","target":"all"}]}})") << u"spec.volumeMounts.target"_s;
        QTest::newRow("enum protocol") << QByteArray(R"({"spec":{"observability":{"openTelemetry":{"enabled":true,
            "endpoint":"http:\/\/otel:4317","protocol":"http"}}}})") << u"spec.observability.openTelemetry.protocol"_s;
        QTest::newRow("range replicas 0") << QByteArray(R"({"spec":{"worker":{"replicas":0}}})") << u"spec.worker.replicas"_s;
        QTest::newRow("range replicas 501") << QByteArray(R"({"spec":{"worker":{"replicas":501}}})") << u"spec.worker.replicas"_s;
        QTest::newRow("range timeout") << QByteArray(R"({"spec":{"master":{"autoquit":{"timeout":-1}}}})")
                                       << u"spec.master.autoquit.timeout"_s;
        QTest::newRow("required image") << QByteArray(R"({"spec":{"image":null}})") << u"spec.image"_s;
        QTest::newRow("required master") << QByteArray(R"({"spec":{"master":null}})") << u"spec.master"_s;
        QTest::newRow("required replicas") << QByteArray(R"({"spec":{"worker":{"replicas":null}}})") << u"spec.worker.replicas"_s;
        QTest::newRow("required master command") << QByteArray(R"({"spec":{"master":{"command":null}}})")
                                                 << u"spec.master.command"_s;
        QTest::newRow("required secretMount path") << QByteArray(R"({"spec":{"env":{"secretMounts":[{"name":"s"}]}}})")
                                                   << u"spec.env.secretMounts.mountPath"_s;
        QTest::newRow("required configMapRef name") << QByteArray(R"({"spec":{"env":{"configMapRefs":[{"prefix":"P_"}]}}})")
                                                    << u"spec.env.configMapRefs.name"_s;
        QTest::newRow("required volume name") << QByteArray(R"({"spec":{"volumes":[{"emptyDir":{}}]}})") << u"spec.volumes.name"_s;
        QTest::newRow("pattern runtimeClassName") << QByteArray(R"({"spec":{"scheduling":{"runtimeClassName":"gVisor_Sandbox"}}})")
                                                  << u"spec.scheduling.runtimeClassName"_s;
        QTest::newRow("maxLength runtimeClassName")
            << (QByteArray(R"({"spec":{"scheduling":{"runtimeClassName":")") + QByteArray(254, 'a') + QByteArray(R"("}}})"))
            << u"spec.scheduling.runtimeClassName"_s;
        QTest::newRow("quantity pattern") << QByteArray(R"({"spec":{"master":{"resources":{"limits":{"cpu":"lots"}}}}})")
                                          << u"spec.master.resources.limits.cpu"_s;
    }

    void schemaRejections()
    {
        QFETCH(QByteArray, patch);
        QFETCH(QString, field);
        const QJsonObject object = v2Object(m_namespace, testsupport::uniqueName(u"invalid"_s), patch);

        const auto created = await(m_client->create(locustTests(u"v2"_s), object));
        QVERIFY2(!created, "the API server accepted it");
        QVERIFY2(created.error().isInvalid(), qPrintable(created.errorMessage()));
        QStringList serverFields;
        for (const StatusCause &cause : created.error().causes())
            serverFields << cause.field;
        QVERIFY2(serverFields.contains(field), qPrintable(created.errorMessage()));

        const api::Decoded<api::LocustTestV2> decoded = api::LocustTestV2::fromJson(object);
        const api::ValidationResult result = api::LocustTestValidator().validate(api::LocustTestDefaults::applied(decoded.value));
        QStringList validatorFields;
        for (const FieldError &error : decoded.errors + result.errors)
            validatorFields << serverFieldPath(error.field());
        QVERIFY2(validatorFields.contains(field), qPrintable(testsupport::lines(result.errors).join(u"; "_s)));
    }

    // Status is written through /status only, validated by its schema, and does not bump the
    // generation; the main resource ignores status.
    void statusSubresource()
    {
        const QString name = u"status-demo"_s;
        QJsonObject object = v2Object(m_namespace, name);
        object.insert(u"status"_s, parse(R"({"phase":"Running"})"));
        const auto created = await(m_client->create(locustTests(u"v2"_s), object));
        QVERIFY2(created, qPrintable(created.errorMessage()));
        QVERIFY(!created->contains(u"status"_s));
        const qint64 generation = created->value(u"metadata")[u"generation"].toInteger();

        const QJsonObject status = parse(R"({"phase":"Running","observedGeneration":1,"expectedWorkers":3,"connectedWorkers":2,
            "startTime":"2026-08-01T10:00:05Z","conditions":[
              {"type":"Ready","status":"True","reason":"ResourcesCreated","message":"All resources created",
               "lastTransitionTime":"2026-08-01T10:00:05Z","observedGeneration":1}]})");
        QJsonObject withStatus = *created;
        withStatus.insert(u"status"_s, status);
        QJsonObject spec = withStatus.value(u"spec").toObject();
        spec.insert(u"image"_s, u"changed-through-status"_s); // ignored by /status
        withStatus.insert(u"spec"_s, spec);
        const auto updated = await(m_client->updateStatus(locustTests(u"v2"_s), withStatus));
        QVERIFY2(updated, qPrintable(updated.errorMessage()));
        LOCUST_COMPARE_JSON(updated->value(u"status"), status);
        QCOMPARE(updated->value(u"spec")[u"image"].toString(), u"locustio/locust:2.43.1"_s);
        QCOMPARE(updated->value(u"metadata")[u"generation"].toInteger(), generation);
        // The status codec reads what the server stored.
        FieldErrorList errors;
        (void)api::LocustTestV2::statusFromJson(updated->value(u"status").toObject(), u"status"_s, &errors);
        QCOMPARE(testsupport::lines(errors), QStringList());

        // A status the schema forbids.
        for (const QByteArray &bad : {QByteArray(R"({"status":{"phase":"Bogus"}})"),
                                      QByteArray(R"({"status":{"conditions":[{"type":"Ready","status":"Maybe","reason":"R",
                                          "message":"","lastTransitionTime":"2026-08-01T10:00:05Z"}]}})"),
                                      QByteArray(R"({"status":{"conditions":[{"type":"Ready","status":"True",
                                          "message":"","lastTransitionTime":"2026-08-01T10:00:05Z"}]}})")}) {
            const auto rejected = await(m_client->patch(locustTests(u"v2"_s), key(name), PatchType::Merge, bad, {}, u"status"_s));
            QVERIFY2(!rejected && rejected.error().isInvalid(), qPrintable(QString::fromUtf8(bad) + rejected.errorMessage()));
        }

        // Writing the main resource leaves the status alone.
        QJsonObject current = *updated;
        current.insert(u"status"_s, parse(R"({"phase":"Failed"})"));
        const auto main = await(m_client->update(locustTests(u"v2"_s), current));
        QVERIFY2(main, qPrintable(main.errorMessage()));
        QCOMPARE(main->value(u"status")[u"phase"].toString(), u"Running"_s);
    }

    // Every request through v1 carries the deprecation warning; v2 requests none.
    void v1DeprecationWarning()
    {
        QVERIFY(await(m_client->create(locustTests(u"v2"_s), v2Object(m_namespace, u"warned"_s))));
        QSignalSpy warnings(m_client.get(), &KubeClient::warningReceived);
        QVERIFY(await(m_client->get(locustTests(u"v2"_s), key(u"warned"_s))));
        QVERIFY(await(m_client->list(locustTests(u"v2"_s), m_namespace)));
        QCOMPARE(warnings.count(), 0);
        QVERIFY(await(m_client->get(locustTests(u"v1"_s), key(u"warned"_s))));
        QVERIFY(await(m_client->list(locustTests(u"v1"_s), m_namespace)));
        QCOMPARE(warnings.count(), 2);
        QCOMPARE(warnings.at(0).at(0).toString(), deprecationWarning);
        QCOMPARE(warnings.at(1).at(0).toString(), deprecationWarning);
    }

    // Without the conversion webhook (the CRD as shipped, strategy None) the API server only
    // rewrites apiVersion between v1 and v2, so v1 does not work: a v1 object is accepted (it is
    // valid v1), then pruned to what the v2 schema knows, so everything v1-specific is lost; and a
    // v2 object read through v1 is pruned to v1's fields, not converted. The operator must be
    // installed with its conversion webhook for v1 to work (docs/crd.md).
    void v1WithoutConversionWebhook()
    {
        QJsonObject v1 = testsupport::readYamlFile(sourcePath(u"docs/examples/locusttest-v1.yaml"_s)).value(0).toObject();
        QCOMPARE(v1.value(u"apiVersion").toString(), u"locust.io/v1"_s);
        QJsonObject metadata = v1.value(u"metadata").toObject();
        metadata.insert(u"namespace"_s, m_namespace);
        v1.insert(u"metadata"_s, metadata);

        QSignalSpy warnings(m_client.get(), &KubeClient::warningReceived);
        const auto created = await(m_client->create(locustTests(u"v1"_s), v1));
        QVERIFY2(created, qPrintable(created.errorMessage()));
        QCOMPARE(warnings.count(), 1);
        QCOMPARE(created->value(u"apiVersion").toString(), u"locust.io/v1"_s);
        const QJsonObject pruned = parse(R"({"image":"locustio/locust:2.43.1","imagePullPolicy":"IfNotPresent"})");
        LOCUST_COMPARE_JSON(created->value(u"spec"), pruned);
        const auto asV2 = await(m_client->get(locustTests(u"v2"_s), key(metadata.value(u"name").toString())));
        QVERIFY2(asV2, qPrintable(asV2.errorMessage()));
        QCOMPARE(asV2->value(u"apiVersion").toString(), u"locust.io/v2"_s);
        LOCUST_COMPARE_JSON(asV2->value(u"spec"), pruned);

        // A v2 object through v1: apiVersion rewritten, fields pruned to the v1 schema (the pull
        // secret objects lose their fields, v1's items being strings, but are not removed).
        QVERIFY(await(m_client->create(locustTests(u"v2"_s), v2Object(m_namespace, u"seen-as-v1"_s,
                                                                         R"({"spec":{"imagePullSecrets":[{"name":"reg"}]}})"))));
        const auto asV1 = await(m_client->get(locustTests(u"v1"_s), key(u"seen-as-v1"_s)));
        QVERIFY2(asV1, qPrintable(asV1.errorMessage()));
        QCOMPARE(asV1->value(u"apiVersion").toString(), u"locust.io/v1"_s);
        LOCUST_COMPARE_JSON(asV1->value(u"spec"), parse(R"({"image":"locustio/locust:2.43.1","imagePullPolicy":"IfNotPresent",
            "imagePullSecrets":[{}]})"));
    }

    void printerColumns()
    {
        const QString name = u"columns"_s;
        const auto created = await(m_client->create(locustTests(u"v2"_s), v2Object(m_namespace, name)));
        QVERIFY2(created, qPrintable(created.errorMessage()));
        QJsonObject withStatus = *created;
        withStatus.insert(u"status"_s, parse(R"({"phase":"Running","connectedWorkers":2})"));
        QVERIFY(await(m_client->updateStatus(locustTests(u"v2"_s), withStatus)));

        QList<QStringList> rows = kubectlTable({u"lotest"_s, name});
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0), (QStringList{u"NAME"_s, u"PHASE"_s, u"WORKERS"_s, u"CONNECTED"_s, u"AGE"_s}));
        QCOMPARE(rows.at(1).mid(0, 4), (QStringList{name, u"Running"_s, u"3"_s, u"2"_s}));

        rows = kubectlTable({u"lotest"_s, name, u"-o"_s, u"wide"_s});
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0), (QStringList{u"NAME"_s, u"PHASE"_s, u"WORKERS"_s, u"CONNECTED"_s, u"IMAGE"_s, u"AGE"_s}));
        QCOMPARE(rows.at(1).mid(0, 5), (QStringList{name, u"Running"_s, u"3"_s, u"2"_s, u"locustio/locust:2.43.1"_s}));

        // v1's columns; its command and replica columns are empty for a v2 object without conversion.
        rows = kubectlTable({u"locusttests.v1.locust.io"_s, name});
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0), (QStringList{u"NAME"_s, u"MASTER_CMD"_s, u"WORKER_REPLICA_COUNT"_s, u"IMAGE"_s, u"AGE"_s}));
        QCOMPARE(rows.at(1).mid(0, 2), (QStringList{name, u"locustio/locust:2.43.1"_s}));
    }
};

QTEST_GUILESS_MAIN(CrdTest)
#include "tst_crd.moc"
