// Golden tests: whole generated objects compared with hand-written expectations.

#include "api/locusttestv2.h"
#include "config/operatorconfigloader.h"
#include "jsontestsupport.h"
#include "resources/testresources.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust;

class TestResourcesTest : public QObject
{
    Q_OBJECT

private:
    static api::LocustTestV2 readTest(const QString &file)
    {
        const QList<QJsonValue> documents = testsupport::readYamlFile(QStringLiteral(LOCUST_TEST_DATA_DIR) + u'/' + file);
        if (documents.size() != 1)
            return {};
        const api::Decoded<api::LocustTestV2> decoded = api::LocustTestV2::fromJson(documents.first().toObject());
        if (!decoded.errors.isEmpty())
            qWarning() << decoded.errors.first().toString();
        return decoded.errors.isEmpty() ? decoded.value : api::LocustTestV2{};
    }

    static void compareWithGolden(const resources::TestResources &actual, const QString &expectedFile)
    {
        const QList<QJsonValue> expected =
            testsupport::readYamlFile(QStringLiteral(LOCUST_TEST_DATA_DIR) + u'/' + expectedFile);
        QCOMPARE(expected.size(), 3);
        LOCUST_COMPARE_JSON(actual.service, expected[0]);
        LOCUST_COMPARE_JSON(actual.masterJob, expected[1]);
        LOCUST_COMPARE_JSON(actual.workerJob, expected[2]);
    }

private Q_SLOTS:
    // spec/controller.md §4.12: the reference's golden example, with the binary's defaults.
    void referenceExampleWithDefaults()
    {
        const api::LocustTestV2 test = readTest(u"demo-input.yaml"_s);
        QCOMPARE(test.name(), u"demo"_s);
        compareWithGolden(resources::TestResources::build(test, config::OperatorConfig{}), u"demo-expected.yaml"_s);
    }

    // Every v2 field, OpenTelemetry on, a non-default operator configuration.
    void everyFieldWired()
    {
        const api::LocustTestV2 test = readTest(u"full-input.yaml"_s);
        QCOMPARE(test.name(), u"shop.checkout"_s);
        QProcessEnvironment environment;
        environment.insert(u"JOB_TTL_SECONDS_AFTER_FINISHED"_s, u"3600"_s);
        environment.insert(u"DEFAULT_RUNTIME_CLASS_NAME"_s, u"gvisor"_s);
        environment.insert(u"WORKER_POD_CPU_LIMIT"_s, QString());
        environment.insert(u"WORKER_POD_MEM_LIMIT"_s, u"2Gi"_s);
        environment.insert(u"MASTER_POD_CPU_REQUEST"_s, u"100m"_s); // hidden by the CR's own resources
        environment.insert(u"KAFKA_BOOTSTRAP_SERVERS"_s, u"kafka:9092"_s);
        environment.insert(u"KAFKA_SECURITY_ENABLED"_s, u"true"_s);
        environment.insert(u"KAFKA_USERNAME"_s, u"locust"_s);
        const config::OperatorConfigLoad load = config::OperatorConfigLoader::load(environment);
        QVERIFY2(load.ok(), qPrintable(load.errors.join(u'\n')));
        compareWithGolden(resources::TestResources::build(test, load.config), u"full-expected.yaml"_s);
    }

    void creationOrderIsServiceMasterWorker()
    {
        const resources::TestResources resources =
            resources::TestResources::build(readTest(u"demo-input.yaml"_s), config::OperatorConfig{});
        const QList<QJsonObject> ordered = resources.inCreationOrder();
        QCOMPARE(ordered.size(), 3);
        QCOMPARE(ordered[0].value(u"kind").toString(), u"Service"_s);
        QCOMPARE(ordered[1].value(u"metadata").toObject().value(u"name").toString(), u"demo-master"_s);
        QCOMPARE(ordered[2].value(u"metadata").toObject().value(u"name").toString(), u"demo-worker"_s);
    }
};

QTEST_GUILESS_MAIN(TestResourcesTest)
#include "tst_testresources.moc"
