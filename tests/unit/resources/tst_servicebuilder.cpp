#include "jsontestsupport.h"
#include "locusttestfixtures.h"
#include "resources/servicebuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;
using resources::ServiceBuilder;
using testsupport::storedTest;

class ServiceBuilderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void portsAndSelector()
    {
        config::OperatorConfig config;
        config.metricsExporterPort = 9700;
        const QJsonObject service = ServiceBuilder::build(storedTest("spec: {image: i}", u"a.b"_s), config);
        const QJsonObject spec = service.value(u"spec").toObject();
        QCOMPARE(service.value(u"metadata").toObject().value(u"name").toString(), u"a-b-master"_s);
        LOCUST_COMPARE_JSON(spec.value(u"selector"), (QJsonObject{{u"performance-test-pod-name"_s, u"a-b-master"_s}}));
        LOCUST_COMPARE_JSON(spec.value(u"ports"),
                            (QJsonArray{
                                QJsonObject{{u"name"_s, u"port5557"_s}, {u"protocol"_s, u"TCP"_s}, {u"port"_s, 5557}},
                                QJsonObject{{u"name"_s, u"port5558"_s}, {u"protocol"_s, u"TCP"_s}, {u"port"_s, 5558}},
                                QJsonObject{{u"name"_s, u"prometheus-metrics"_s}, {u"protocol"_s, u"TCP"_s}, {u"port"_s, 9700}},
                            }));
        // ClusterIP by default: no type, no targetPort, and never the web UI port.
        QVERIFY(!spec.contains(u"type"_s));
        QVERIFY(!QJsonDocument(spec).toJson().contains("8089"));
    }

    void noMetricsPortWithOtel()
    {
        const QJsonObject service = ServiceBuilder::build(
            storedTest("spec: {image: i, observability: {openTelemetry: {enabled: true, endpoint: e}}}"),
            config::OperatorConfig{});
        QCOMPARE(service.value(u"spec").toObject().value(u"ports").toArray().size(), 2);
    }

    void metricsPortWithoutSpec()
    {
        // A test without a spec has no OpenTelemetry switched on: the metrics port stays.
        api::LocustTestV2 test;
        test.metadata = QJsonObject{{u"name"_s, u"demo"_s}};
        const QJsonArray ports =
            ServiceBuilder::build(test, config::OperatorConfig{}).value(u"spec").toObject().value(u"ports").toArray();
        QCOMPARE(ports.size(), 3);
        QCOMPARE(ports.at(2).toObject().value(u"name").toString(), u"prometheus-metrics"_s);
    }

    void ownerReferenceOnlyWithUid()
    {
        const QJsonObject owned = ServiceBuilder::build(storedTest("spec: {image: i}"), config::OperatorConfig{});
        LOCUST_COMPARE_JSON(owned.value(u"metadata").toObject().value(u"ownerReferences"),
                            (QJsonArray{QJsonObject{{u"apiVersion"_s, u"locust.io/v2"_s},
                                                    {u"kind"_s, u"LocustTest"_s},
                                                    {u"name"_s, u"demo"_s},
                                                    {u"uid"_s, u"uid-1"_s},
                                                    {u"controller"_s, true},
                                                    {u"blockOwnerDeletion"_s, true}}}));
        // The object's own labels are only the ones the operator selects by; no annotations.
        QCOMPARE(owned.value(u"metadata").toObject().keys(),
                 (QStringList{u"labels"_s, u"name"_s, u"namespace"_s, u"ownerReferences"_s}));
        QCOMPARE(owned[u"metadata"_s][u"labels"_s].toObject(),
                 (QJsonObject{{u"managed-by"_s, u"locust-k8s-operator"_s}, {u"performance-test-name"_s, u"demo"_s}}));

        const QJsonObject fromFile = ServiceBuilder::build(
            storedTest("metadata: {name: demo}\nspec: {image: i}"), config::OperatorConfig{});
        LOCUST_COMPARE_JSON(fromFile.value(u"metadata"),
                            (QJsonObject{{u"name"_s, u"demo-master"_s},
                                         {u"labels"_s, QJsonObject{{u"managed-by"_s, u"locust-k8s-operator"_s},
                                                                   {u"performance-test-name"_s, u"demo"_s}}}}));
    }
};

QTEST_GUILESS_MAIN(ServiceBuilderTest)
#include "tst_servicebuilder.moc"
